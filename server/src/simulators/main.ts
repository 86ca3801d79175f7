// `tsx server/src/simulators/main.ts zalo|vnpay|onestop|ioc [--persist <file.json>]` — one
// simulator on its own port (SIM_*_PORT). --persist keeps the one-stop/IOC records in a
// JSON file across the simulator's restarts; without it they live in memory only.
import { loadConfigOrExit } from "../config.js";
import { createLogger } from "../platform/logger.js";
import { startIocSimulator } from "./ioc/ioc-simulator.js";
import { startOnestopSimulator } from "./onestop/onestop-simulator.js";
import type { RunningSim } from "./sim-kit.js";
import { startVnpaySimulator } from "./vnpay/vnpay-simulator.js";
import { startZaloSimulator } from "./zalo/zalo-simulator.js";

const config = loadConfigOrExit();
const name = process.argv[2];
const persistAt = process.argv.indexOf("--persist");
const persistPath = persistAt > 0 ? process.argv[persistAt + 1] : undefined;
const logger = createLogger(config.LOG_LEVEL, `sim-${name}`);
const api = `http://127.0.0.1:${config.PORT}`;

let sim: RunningSim;
switch (name) {
  case "zalo":
    sim = await startZaloSimulator(
      {
        appId: config.ZALO_APP_ID,
        appSecret: config.ZALO_APP_SECRET,
        oaSecretKey: config.ZALO_OA_SECRET_KEY,
        oaId: config.ZALO_OA_ID,
        ratePerMinute: config.ZALO_RATE_LIMIT_PER_MINUTE,
      },
      config.SIM_ZALO_PORT,
    );
    break;
  case "vnpay":
    sim = await startVnpaySimulator(
      {
        tmnCode: config.VNPAY_TMN_CODE,
        hashSecret: config.VNPAY_HASH_SECRET,
        ipnUrl: `${api}/payments/vnpay/ipn`,
      },
      config.SIM_VNPAY_PORT,
    );
    break;
  case "onestop":
    sim = await startOnestopSimulator(
      {
        apiKey: config.ONESTOP_API_KEY,
        webhookSecret: config.ONESTOP_WEBHOOK_SECRET,
        callbackUrl: `${api}/webhooks/onestop`,
        ...(persistPath ? { persistPath } : {}),
      },
      config.SIM_ONESTOP_PORT,
    );
    break;
  case "ioc":
    sim = await startIocSimulator(
      {
        apiKey: config.IOC_API_KEY,
        webhookSecret: config.IOC_WEBHOOK_SECRET,
        callbackUrl: `${api}/webhooks/ioc`,
        ...(persistPath ? { persistPath } : {}),
      },
      config.SIM_IOC_PORT,
    );
    break;
  default:
    logger.fatal(`unknown simulator "${name}" (zalo|vnpay|onestop|ioc)`);
    process.exit(64);
}
logger.info(`simulator ${name} listening on ${sim.url}`);
let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  logger.info(`simulator ${name} stopping (${signal})`);
  await sim.close();
  process.exit(0);
};
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));

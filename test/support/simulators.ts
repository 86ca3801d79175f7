// The simulators of every external system, started in-process on free ports for one test
// file, with the settings that point the app at them.
import { startIocSimulator } from "../../server/src/simulators/ioc/ioc-simulator.js";
import { startOnestopSimulator } from "../../server/src/simulators/onestop/onestop-simulator.js";
import type { RunningSim } from "../../server/src/simulators/sim-kit.js";
import { startVnpaySimulator } from "../../server/src/simulators/vnpay/vnpay-simulator.js";
import {
  startZaloSimulator,
  type SimMessage,
  type ZaloSimState,
} from "../../server/src/simulators/zalo/zalo-simulator.js";

export const TEST_SECRETS = {
  ZALO_APP_ID: "test-app",
  ZALO_APP_SECRET: "test-app-secret",
  ZALO_OA_SECRET_KEY: "test-oa-secret-key",
  VNPAY_TMN_CODE: "LAOCAI01",
  VNPAY_HASH_SECRET: "test-vnpay-secret",
  ONESTOP_API_KEY: "test-onestop-key",
  ONESTOP_WEBHOOK_SECRET: "test-onestop-webhook",
  IOC_API_KEY: "test-ioc-key",
  IOC_WEBHOOK_SECRET: "test-ioc-webhook",
};

export interface RunningSimulators {
  env: Record<string, string>;
  zalo: RunningSim & {
    state: ZaloSimState;
    interact(userId: string): Promise<void>;
    messagesTo(userId: string): Promise<SimMessage[]>;
    /** A Zalo user with a valid user access token (for the Graph API). */
    createUser(name: string, id?: string): Promise<{ id: string; accessToken: string }>;
  };
  vnpay: RunningSim;
  onestop: RunningSim;
  ioc: RunningSim;
  /** Points the simulators' callbacks (IPN, webhooks) at the app once it listens. */
  setAppUrl(url: string): Promise<void>;
  close(): Promise<void>;
}

export async function startSimulators(): Promise<RunningSimulators> {
  const zalo = await startZaloSimulator({
    appId: TEST_SECRETS.ZALO_APP_ID,
    appSecret: TEST_SECRETS.ZALO_APP_SECRET,
    oaSecretKey: TEST_SECRETS.ZALO_OA_SECRET_KEY,
  });
  const appUrl = { value: "http://127.0.0.1:9" };
  const vnpay = await startVnpaySimulator({
    tmnCode: TEST_SECRETS.VNPAY_TMN_CODE,
    hashSecret: TEST_SECRETS.VNPAY_HASH_SECRET,
    get ipnUrl() {
      return `${appUrl.value}/payments/vnpay/ipn`;
    },
    ipnRetryDelayMs: 200, // VNPay's 5 minutes, compressed
  });
  const onestop = await startOnestopSimulator({
    apiKey: TEST_SECRETS.ONESTOP_API_KEY,
    webhookSecret: TEST_SECRETS.ONESTOP_WEBHOOK_SECRET,
  });
  const ioc = await startIocSimulator({
    apiKey: TEST_SECRETS.IOC_API_KEY,
    webhookSecret: TEST_SECRETS.IOC_WEBHOOK_SECRET,
  });
  const post = (url: string, body: unknown) =>
    fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  return {
    env: {
      ...TEST_SECRETS,
      ZALO_OA_API_URL: zalo.url,
      ZALO_OAUTH_URL: zalo.url,
      ZALO_GRAPH_URL: zalo.url,
      ZALO_BUSINESS_API_URL: zalo.url,
      VNPAY_PAY_URL: `${vnpay.url.replace("127.0.0.1", "localhost")}/paymentv2/vpcpay.html`,
      VNPAY_API_URL: `${vnpay.url}/merchant_webapi/api/transaction`,
      ONESTOP_API_URL: onestop.url,
      IOC_API_URL: ioc.url,
    },
    zalo: {
      ...zalo,
      async interact(userId) {
        await post(`${zalo.url}/__sim/users/${userId}/interact`, {});
      },
      async messagesTo(userId) {
        return (await (await fetch(`${zalo.url}/__sim/messages?user_id=${userId}`)).json()) as SimMessage[];
      },
      async createUser(name, id) {
        return (await (await post(`${zalo.url}/__sim/users`, { name, ...(id ? { id } : {}) })).json()) as {
          id: string;
          accessToken: string;
        };
      },
    },
    vnpay,
    onestop,
    ioc,
    async setAppUrl(url) {
      appUrl.value = url;
      await post(`${onestop.url}/__sim/callback`, { url: `${url}/webhooks/onestop` });
      await post(`${ioc.url}/__sim/callback`, { url: `${url}/webhooks/ioc` });
    },
    async close() {
      await Promise.all([zalo.close(), vnpay.close(), onestop.close(), ioc.close()]);
    },
  };
}

#!/usr/bin/env node
// `npm start`: set everything up on a fresh clone, then run the whole portal locally.
import { spawn } from "node:child_process";
import {
  ROOT,
  buildFrontends,
  ensureDependencies,
  ensurePostgres,
  ensurePrismaClient,
  ensureRedis,
  log,
  migrate,
  seedDatabase,
} from "./lib/bootstrap.mjs";

ensureDependencies();
ensurePrismaClient();
await ensurePostgres();
await ensureRedis();
migrate();
seedDatabase();
buildFrontends();

const port = Number(process.env.PORT ?? 3000);
const env = {
  ...process.env,
  PORT: String(port),
  NODE_ENV: process.env.NODE_ENV ?? "development",
  // Local runs accept the zmp-sdk localhost stand-in user; production refuses it.
  ZALO_DEV_LOGIN: process.env.ZALO_DEV_LOGIN ?? (process.env.NODE_ENV === "production" ? "false" : "true"),
  CORS_ORIGINS: process.env.CORS_ORIGINS ?? `http://localhost:${port},http://localhost:5173`,
};

const processes = [
  ["sim-zalo", ["server/src/simulators/main.ts", "zalo"]],
  ["sim-vnpay", ["server/src/simulators/main.ts", "vnpay"]],
  ["sim-onestop", ["server/src/simulators/main.ts", "onestop"]],
  ["sim-ioc", ["server/src/simulators/main.ts", "ioc"]],
  // The notifications sender runs apart from the other queues' worker, so a fan-out being
  // planned never holds up the sends (WORKER_QUEUES, server/src/config.ts).
  ["worker", ["server/src/worker.ts"], { WORKER_QUEUES: "-notifications" }],
  ["sender", ["server/src/worker.ts"], { WORKER_QUEUES: "notifications" }],
  ["api", ["server/src/main.ts"]],
];
const colors = [35, 33, 32, 34, 36, 31, 37];
const children = [];
let stopping = false;

for (const [i, [name, args, own = {}]] of processes.entries()) {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], {
    cwd: ROOT,
    env: { ...env, ...own },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const prefix = `\x1b[${colors[i]}m${name.padEnd(11)}\x1b[0m│ `;
  const pipe = (stream, out) => {
    let buf = "";
    stream.on("data", (d) => {
      buf += d;
      const lines = buf.split("\n");
      buf = lines.pop();
      for (const l of lines) out.write(prefix + l + "\n");
    });
  };
  pipe(child.stdout, process.stdout);
  pipe(child.stderr, process.stderr);
  child.on("exit", (code, signal) => {
    if (!stopping) {
      log(`${name} exited (${signal ?? code}); stopping everything`);
      stop(1);
    }
  });
  children.push(child);
}

function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill("SIGTERM");
  const deadline = setTimeout(() => {
    for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
    process.exit(code);
  }, 20_000);
  Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.on("exit", r))))).then(
    () => {
      clearTimeout(deadline);
      process.exit(code);
    },
  );
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));

// Print the addresses once the API answers.
const base = `http://localhost:${port}`;
for (let i = 0; i < 120 && !stopping; i++) {
  try {
    const r = await fetch(`${base}/readyz`);
    if (r.ok) break;
  } catch {
    /* not up yet */
  }
  await new Promise((r) => setTimeout(r, 500));
}
if (!stopping) {
  const sim = (name, p) => `  ${name.padEnd(28)} http://127.0.0.1:${p}`;
  process.stdout.write(
    [
      "",
      "\x1b[1mCổng hành chính công Lào Cai is running\x1b[0m",
      `  Mini app (open in Chromium)   ${base}/miniapp/`,
      `  Staff console                 ${base}/console/`,
      `  API docs                      ${base}/api/docs`,
      `  Queue dashboard (admin)       ${base}/admin/queues`,
      `  Open311 GeoReport v2          ${base}/open311/v2/services.json (demo api_key laocai-demo-open311)`,
      `  CAP 1.2 alert feed            ${base}/alerts/cap`,
      sim("Zalo OA/Graph simulator", process.env.SIM_ZALO_PORT ?? 4101),
      sim("VNPay simulator", process.env.SIM_VNPAY_PORT ?? 4102),
      sim("One-stop simulator", process.env.SIM_ONESTOP_PORT ?? 4103),
      sim("IOC simulator", process.env.SIM_IOC_PORT ?? 4104),
      "",
      "  Demo staff logins (password LaoCai@2026):",
      "    admin          Quản trị viên",
      "    clerk.sapa     Cán bộ một cửa, UBND phường Sa Pa",
      "    clerk.laocai   Cán bộ một cửa, UBND phường Lào Cai",
      "    clerk.tuphap   Cán bộ Sở Tư pháp",
      "    ioc.operator   Điều hành IOC",
      "",
      "  Ctrl-C stops everything.",
      "",
    ].join("\n") + "\n",
  );
}

// api-overhead: what our middleware stack, PostgreSQL and Redis checks cost per request,
// against a bare Express hello-world started in the same run on the same machine.
import { createTestDatabase, ensureTemplate } from "../test/support/template-db.js";
import { spawn } from "node:child_process";
import { ROOT, freePort, load, report, startNode, stop, waitFor } from "./lib/bench-kit.js";

await ensureTemplate();
const db = await createTestDatabase();
const apiPort = await freePort();
const barePort = await freePort();
const api = startNode("server/src/main.ts", {
  PORT: String(apiPort),
  DATABASE_URL: db.url,
  LOG_LEVEL: "silent",
  NODE_ENV: "test",
  QUEUE_PREFIX: "bench",
});
const bare = spawn(process.execPath, ["--import", "tsx", "bench/lib/bare-server.ts", String(barePort)], {
  cwd: ROOT,
  stdio: "ignore",
});
try {
  await waitFor(`http://127.0.0.1:${apiPort}/readyz`);
  await waitFor(`http://127.0.0.1:${barePort}/`);
  // Warm-up so JIT and connection pools are in their steady state.
  await load(`http://127.0.0.1:${apiPort}/api/v1/procedures/1.001193`, { seconds: 2 });
  await load(`http://127.0.0.1:${barePort}/`, { seconds: 2 });

  const bareR = await load(`http://127.0.0.1:${barePort}/`);
  const readyR = await load(`http://127.0.0.1:${apiPort}/readyz`);
  const readR = await load(`http://127.0.0.1:${apiPort}/api/v1/procedures/1.001193`);
  if (readR.non2xx || readyR.non2xx)
    throw new Error(`errors under load: read ${readR.non2xx}, ready ${readyR.non2xx}`);
  report(
    "api-overhead",
    {
      bare_rps: bareR.rps,
      ready_rps: readyR.rps,
      read_rps: readR.rps,
      read_p99_ms: readR.p99_ms,
      ready_p99_ms: readyR.p99_ms,
      ratio: Number((readR.rps / bareR.rps).toFixed(3)),
    },
    {
      baseline: "bare Express hello-world, same run",
      connections: 20,
      seconds: 6,
      detail: { bareR, readyR, readR },
    },
  );
} finally {
  bare.kill("SIGTERM");
  await stop(api);
  await db.drop();
}

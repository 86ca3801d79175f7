// webhook-intake: signed Zalo events per second and p99 at our webhook (verify signature,
// replay window, dedupe, persist with its job), against a bare Express endpoint in the same
// run; then a count check that every accepted event was queued exactly once.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import autocannon from "autocannon";
import pg from "pg";
import { createTestDatabase, ensureTemplate } from "../test/support/template-db.js";
import { ROOT, freePort, report, startNode, stop, waitFor } from "./lib/bench-kit.js";

const APP_ID = "bench-app";
const SECRET = "bench-oa-secret-key";
const SECONDS = 8;

function signedEvent(i: number) {
  const ts = String(Date.now());
  const body = JSON.stringify({
    event_name: "user_send_text",
    app_id: APP_ID,
    sender: { id: `84${String(1e12 + (i % 5000))}` },
    recipient: { id: "oa" },
    message: { text: `tra cứu hồ sơ ${i}`, msg_id: `bench-${process.pid}-${i}` },
    timestamp: ts,
  });
  const mac = createHash("sha256")
    .update(APP_ID + body + ts + SECRET)
    .digest("hex");
  return { body, headers: { "content-type": "application/json", "x-zevent-signature": `mac=${mac}` } };
}

async function hammer(url: string) {
  let i = 0;
  let accepted = 0;
  const r = await autocannon({
    url,
    method: "POST",
    connections: 20,
    duration: SECONDS,
    requests: [
      {
        setupRequest: (req) => {
          const e = signedEvent(i++);
          return { ...req, method: "POST", body: e.body, headers: e.headers };
        },
        onResponse: (status, body) => {
          if (status === 200 && body.includes('"queued"')) accepted++;
        },
      },
    ],
  });
  return { rps: Math.round(r.requests.average), p99: r.latency.p99, non2xx: r.non2xx, sent: i, accepted };
}

await ensureTemplate();
const db = await createTestDatabase();
const apiPort = await freePort();
const barePort = await freePort();
const api = startNode("server/src/main.ts", {
  PORT: String(apiPort),
  DATABASE_URL: db.url,
  LOG_LEVEL: "silent",
  NODE_ENV: "test",
  QUEUE_PREFIX: "benchwh",
  ZALO_APP_ID: APP_ID,
  ZALO_OA_SECRET_KEY: SECRET,
});
const bare = spawn(
  process.execPath,
  ["--import", "tsx", "bench/lib/bare-webhook-server.ts", String(barePort)],
  {
    cwd: ROOT,
    stdio: "ignore",
  },
);
try {
  await waitFor(`http://127.0.0.1:${apiPort}/readyz`);
  await new Promise((r) => setTimeout(r, 500));
  const bareR = await hammer(`http://127.0.0.1:${barePort}/webhooks/zalo`);
  const ours = await hammer(`http://127.0.0.1:${apiPort}/webhooks/zalo`);
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  const queued = Number(
    (await c.query(`SELECT count(*) FROM "OutboxEvent" WHERE queue = 'bot'`)).rows[0].count,
  );
  const dupJobs = Number(
    (
      await c.query(
        `SELECT count(*) FROM (SELECT "jobId" FROM "OutboxEvent" GROUP BY 1 HAVING count(*) > 1) d`,
      )
    ).rows[0].count,
  );
  await c.end();
  report(
    "webhook-intake",
    {
      rps: ours.rps,
      bare_rps: bareR.rps,
      ratio: Number((ours.rps / bareR.rps).toFixed(3)),
      p99_ms: ours.p99,
      lost: Math.max(0, ours.accepted - queued),
      duplicated: dupJobs,
    },
    {
      baseline: "bare Express JSON endpoint, same run",
      connections: 20,
      seconds: SECONDS,
      detail: { bareR, ours, queued },
    },
  );
} finally {
  bare.kill("SIGTERM");
  await stop(api);
  await db.drop();
}

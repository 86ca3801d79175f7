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

// One counter for the whole run: every event sent is a new event (its own msg_id).
let seq = 0;
async function hammer(url: string, seconds: number) {
  let sent = 0;
  let accepted = 0;
  const r = await autocannon({
    url,
    method: "POST",
    connections: 20,
    duration: seconds,
    requests: [
      {
        setupRequest: (req) => {
          const e = signedEvent(seq++);
          sent++;
          return { ...req, method: "POST", body: e.body, headers: e.headers };
        },
        onResponse: (status, body) => {
          if (status === 200 && body.includes('"queued"')) accepted++;
        },
      },
    ],
  });
  return { rps: Math.round(r.requests.average), p99: r.latency.p99, non2xx: r.non2xx, sent, accepted };
}

type Phase = Awaited<ReturnType<typeof hammer>>;
/**
 * The machine is shared (other engineers' tests load its 2 cores and PostgreSQL), so the two
 * endpoints are measured in alternating halves rather than one after the other: a burst of
 * outside load then hits both sides instead of deciding the ratio on its own.
 */
async function alternate(bareUrl: string, oursUrl: string) {
  const bare: Phase[] = [];
  const ours: Phase[] = [];
  for (let round = 0; round < 2; round++) {
    bare.push(await hammer(bareUrl, SECONDS / 2));
    ours.push(await hammer(oursUrl, SECONDS / 2));
  }
  const sum = (xs: Phase[]): Phase => ({
    rps: Math.round(xs.reduce((a, x) => a + x.rps, 0) / xs.length),
    p99: Math.max(...xs.map((x) => x.p99)), // the worse half
    non2xx: xs.reduce((a, x) => a + x.non2xx, 0),
    sent: xs.reduce((a, x) => a + x.sent, 0),
    accepted: xs.reduce((a, x) => a + x.accepted, 0),
  });
  return { bareR: sum(bare), ours: sum(ours), halves: { bare, ours } };
}

await ensureTemplate();
const db = await createTestDatabase();
const apiPort = await freePort();
const barePort = await freePort();
// BENCH_PROFILE=1: the API runs under the V8 profiler and leaves a .cpuprofile in .data/.
const api = startNode(process.env.BENCH_PROFILE ? "bench/lib/profiled-main.ts" : "server/src/main.ts", {
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
  const { bareR, ours, halves } = await alternate(
    `http://127.0.0.1:${barePort}/webhooks/zalo`,
    `http://127.0.0.1:${apiPort}/webhooks/zalo`,
  );
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
      detail: { bareR, ours, queued, halves },
    },
  );
} finally {
  bare.kill("SIGTERM");
  await stop(api);
  await db.drop();
}

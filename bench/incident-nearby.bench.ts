// incident-nearby: the duplicate check before reporting ("open reports of this category
// within 500 m"), with 100,000 reports stored. Our query (a box on the (category, status,
// lat, lon) index, exact distance only inside it) against a naive full scan of the table
// (the same distance filter computed for every row, index scans disabled) in the same run.
// Target: p95 ≤ 10 ms.
import { createPool } from "../server/src/platform/db.js";
import { findNearbyIncidents } from "../server/src/incidents/find-nearby-incidents.js";
import { CATEGORY_KEYS } from "../server/src/incidents/categories.js";
import { OPEN_STATUSES } from "../server/src/incidents/incident-status.js";
import { createTestDatabase, ensureTemplate } from "../test/support/template-db.js";
import { report } from "./lib/bench-kit.js";

const ROWS = 100_000;
const QUERIES = Number(process.env.BENCH_QUERIES ?? 400);
const BASELINE_QUERIES = 40;

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

await ensureTemplate();
const db = await createTestDatabase();
const pool = createPool(db.url, 4);
try {
  // 100,000 reports over the province (lat 21.3–22.9, lon 103.5–105.0), ten categories,
  // about a third still open. Deterministic, so runs compare.
  await pool.query(
    `INSERT INTO "Incident" (id, "publicId", category, description, "descriptionPublic", lat, lon, status, "createdAt", "updatedAt")
     SELECT 'bench-' || i, 'B' || lpad(i::text, 7, '0'), ($2::text[])[1 + (i * 7) % 10], 'Phản ánh thử', 'Phản ánh thử',
            21.3 + ((i * 7919) % 100000) / 100000.0 * 1.6, 103.5 + ((i * 104729) % 100000) / 100000.0 * 1.5,
            (CASE WHEN i % 3 = 0 THEN 'confirmed' WHEN i % 3 = 1 THEN 'fixed' ELSE 'closed_no_further_action' END)::"IncidentStatus",
            now() - (i || ' minutes')::interval, now()
     FROM generate_series(1::bigint, $1::bigint) AS i`,
    [ROWS, CATEGORY_KEYS],
  );
  await pool.query(`ANALYZE "Incident"`);
  // Half the checks near an existing open report (a likely duplicate), half anywhere.
  const { rows: seeds } = await pool.query<{ category: string; lat: number; lon: number }>(
    `SELECT category, lat, lon FROM "Incident" WHERE status = 'confirmed' ORDER BY id LIMIT $1`,
    [QUERIES],
  );
  const points = Array.from({ length: QUERIES }, (_, k) => {
    const seed = seeds[k % seeds.length]!;
    return k % 2 === 0
      ? { category: seed.category, lat: seed.lat + 0.002, lon: seed.lon - 0.001, radiusM: 500 }
      : {
          category: CATEGORY_KEYS[k % CATEGORY_KEYS.length]!,
          lat: 21.35 + ((k * 37) % 150) / 100,
          lon: 103.55 + ((k * 53) % 140) / 100,
          radiusM: 500,
        };
  });
  // Warm-up.
  for (const p of points.slice(0, 20)) await findNearbyIncidents(pool, p);
  const ours: number[] = [];
  let found = 0;
  for (const p of points) {
    const t0 = performance.now();
    found += (await findNearbyIncidents(pool, p)).length;
    ours.push(performance.now() - t0);
  }

  // Baseline: the naive query, every row's distance computed (sequential scan).
  const client = await pool.connect();
  const naive: number[] = [];
  const naiveAnswers: string[] = [];
  try {
    await client.query("BEGIN");
    // Only inside this transaction: the connection goes back to the pool afterwards.
    await client.query(
      "SET LOCAL enable_indexscan = off; SET LOCAL enable_bitmapscan = off; SET LOCAL enable_indexonlyscan = off",
    );
    for (const p of points.slice(0, BASELINE_QUERIES)) {
      const t0 = performance.now();
      const { rows } = await client.query<{ publicId: string }>(
        `SELECT "publicId", (2 * 6371000 * asin(sqrt(power(sin(radians(lat - $2) / 2), 2)
           + cos(radians($2)) * cos(radians(lat)) * power(sin(radians(lon - $3) / 2), 2)))) AS d
         FROM "Incident"
         WHERE category = $1 AND status = ANY($4::"IncidentStatus"[])
           AND (2 * 6371000 * asin(sqrt(power(sin(radians(lat - $2) / 2), 2)
           + cos(radians($2)) * cos(radians(lat)) * power(sin(radians(lon - $3) / 2), 2)))) <= $5
         ORDER BY d LIMIT 10`,
        [p.category, p.lat, p.lon, OPEN_STATUSES, p.radiusM],
      );
      naive.push(performance.now() - t0);
      naiveAnswers.push(rows.map((r) => r.publicId).join(","));
    }
    await client.query("COMMIT");
  } finally {
    client.release();
  }
  // Same answers on the shared points: the fast path may not miss what the scan finds.
  let sameAnswers = true;
  for (const [k, p] of points.slice(0, BASELINE_QUERIES).entries()) {
    const mine = (await findNearbyIncidents(pool, p)).map((r) => r.publicId).join(",");
    if (mine !== naiveAnswers[k]) sameAnswers = false;
  }
  const plan = await pool.query(
    `EXPLAIN SELECT id FROM "Incident" WHERE category = 'waste' AND status = ANY($1::"IncidentStatus"[])
       AND lat BETWEEN 22 AND 22.01 AND lon BETWEEN 104 AND 104.01`,
    [OPEN_STATUSES],
  );
  report(
    "incident-nearby",
    {
      p95_ms: Number(percentile(ours, 95).toFixed(2)),
      p50_ms: Number(percentile(ours, 50).toFixed(2)),
      baseline_p95_ms: Number(percentile(naive, 95).toFixed(2)),
      speedup: Number((percentile(naive, 95) / Math.max(0.01, percentile(ours, 95))).toFixed(1)),
    },
    {
      rows: ROWS,
      queries: QUERIES,
      baseline_queries: BASELINE_QUERIES,
      results_found: found,
      same_results_as_baseline: sameAnswers,
      plan: plan.rows.map((r: { "QUERY PLAN": string }) => r["QUERY PLAN"]),
      baseline: "naive: distance computed for every row (index scans disabled), same points, same run",
      target_p95_ms: 10,
      note: "2-core machine shared with other work: absolute figures are noisy",
    },
  );
} finally {
  await pool.end();
  await db.drop();
}

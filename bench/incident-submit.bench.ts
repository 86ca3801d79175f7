// incident-submit: reports/s and p95 of a whole citizen submission — three phone photos of
// about 1.5 MB each uploaded (type check, EXIF stripped, re-encoded), then the report itself
// (routing, photos claimed, event, IOC outbox row, acknowledgement, in one transaction).
// Concurrency 4: on two cores the photos' re-encoding is the cost. Each simulated citizen
// sends at most 4 reports, under the per-citizen limit of 5 an hour.
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { acceptUpload } from "../server/src/files/accept-upload.js";
import { createDb } from "../server/src/platform/db.js";
import { createTestDatabase, ensureTemplate } from "../test/support/template-db.js";
import { SA_PA_GPS_EXIF } from "../test/support/images.js";
import { freePort, report, startNode, stop, waitFor } from "./lib/bench-kit.js";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CONCURRENCY = 4;
const CITIZENS = 400;

/** A phone-like photo: smooth shapes plus sensor noise, ≈ 1.5 MB as JPEG q88, with EXIF GPS. */
async function phonePhoto(seed: number): Promise<Buffer> {
  const w = 2400;
  const h = 1800;
  const small = Buffer.alloc((w / 8) * (h / 8) * 3);
  for (let i = 0; i < small.length; i++) small[i] = (i * 31 + seed * 97 + ((i * seed) % 251)) % 256;
  const base = await sharp(small, { raw: { width: w / 8, height: h / 8, channels: 3 } })
    .resize(w, h, { kernel: "cubic" })
    .raw()
    .toBuffer();
  for (let i = 0; i < base.length; i++)
    base[i] = Math.max(0, Math.min(255, base[i]! + ((i * 7919 + seed) % 25) - 12));
  return sharp(base, { raw: { width: w, height: h, channels: 3 } })
    .jpeg({ quality: 88 })
    .withExif(SA_PA_GPS_EXIF)
    .toBuffer();
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

await ensureTemplate();
const db = await createTestDatabase();
const uploads = mkdtempSync(path.join(tmpdir(), "incident-bench-"));
const port = await freePort();
const api = startNode("server/src/main.ts", {
  PORT: String(port),
  DATABASE_URL: db.url,
  LOG_LEVEL: "silent",
  NODE_ENV: "test",
  UPLOAD_DIR: uploads,
  QUEUE_PREFIX: `benchinc${randomBytes(2).toString("hex")}`,
});
const prisma = createDb(db.url);
try {
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/readyz`);
  const photos = await Promise.all([1, 2, 3].map(phonePhoto));
  const sizes = photos.map((p) => p.length);

  // Citizens with sessions, made directly (a sign-in per citizen is not what is measured).
  const tokens: string[] = [];
  for (let i = 0; i < CITIZENS; i++) {
    const token = randomBytes(32).toString("base64url");
    const c = await prisma.citizen.create({
      data: { zaloUserId: `bench-${randomBytes(6).toString("hex")}` },
    });
    await prisma.citizenSession.create({
      data: {
        citizenId: c.id,
        tokenHash: createHash("sha256").update(token).digest("hex"),
        expiresAt: new Date(Date.now() + 3600_000),
      },
    });
    tokens.push(token);
  }

  async function submitOne(token: string, k: number): Promise<number> {
    const t0 = performance.now();
    const ids: string[] = [];
    for (const p of photos) {
      const form = new FormData();
      form.append("file", new Blob([new Uint8Array(p)]), "IMG_0001.jpg");
      const r = await fetch(`${base}/api/v1/incidents/photos`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}` },
        body: form,
      });
      if (r.status !== 201) throw new Error(`upload ${r.status} ${await r.text()}`);
      ids.push(((await r.json()) as { id: string }).id);
    }
    const r = await fetch(`${base}/api/v1/incidents`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({
        category: "waste",
        description: `Bãi rác tự phát số ${k}`,
        location: { lat: 21.9 + (k % 50) * 0.0004, lon: 103.974 },
        fileIds: ids,
      }),
    });
    if (r.status !== 201) throw new Error(`report ${r.status} ${await r.text()}`);
    return performance.now() - t0;
  }

  // Warm-up (JIT, sharp's thread pool, connections), not measured.
  await submitOne(tokens[CITIZENS - 1]!, -1);

  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline) {
        const k = next++;
        try {
          latencies.push(await submitOne(tokens[k % (CITIZENS - 1)]!, k));
        } catch (e) {
          errors++;
          if (errors < 3) console.error(String(e));
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  // Where the time goes: the shared upload check re-encodes each photo to JPEG (libjpeg-turbo
  // settings, accept-upload.ts), measured here alone, in-process, on the same photo.
  const t0 = performance.now();
  await acceptUpload(photos[0]!);
  const reencodeMs = Math.round(performance.now() - t0);
  const stored = await prisma.incidentMedia.count();
  report(
    "incident-submit",
    {
      rps: Number((latencies.length / elapsed).toFixed(2)),
      p95_ms: Math.round(percentile(latencies, 95)),
      p50_ms: Math.round(percentile(latencies, 50)),
      errors,
    },
    {
      unit: "one report = 3 photo uploads + the report, end to end",
      photo_bytes: sizes,
      reports: latencies.length,
      photos_stored: stored,
      reencode_ms_one_photo: reencodeMs,
      concurrency: CONCURRENCY,
      seconds: SECONDS,
      note: "2-core machine shared with other work: absolute figures are noisy",
    },
  );
} finally {
  await prisma.$disconnect();
  await stop(api);
  await db.drop();
  rmSync(uploads, { recursive: true, force: true });
}

import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Where test databases live: the server of DATABASE_URL, or local PostgreSQL. */
export function adminUrl(): string {
  const base = new URL(process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres");
  base.pathname = "/postgres";
  return base.toString();
}

export function urlFor(db: string): string {
  const u = new URL(adminUrl());
  u.pathname = `/${db}`;
  return u.toString();
}

function hashTree(p: string, h: ReturnType<typeof createHash>) {
  const st = statSync(p);
  if (st.isDirectory()) for (const e of readdirSync(p).sort()) hashTree(path.join(p, e), h);
  else h.update(readFileSync(p));
}

/** The template's name changes whenever migrations or seed data change. */
export function templateName(): string {
  const h = createHash("sha256");
  for (const p of ["prisma/migrations", "prisma/seed.ts", "prisma/seed-procedures.ts", "prisma/data"])
    hashTree(path.join(ROOT, p), h);
  return `laocai_tpl_${h.digest("hex").slice(0, 12)}`;
}

async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: adminUrl() });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Creates, migrates and seeds the template database once per content hash. */
export async function ensureTemplate(): Promise<string> {
  const name = templateName();
  const exists = await withAdmin(
    async (c) => (await c.query("SELECT 1 FROM pg_database WHERE datname=$1", [name])).rowCount,
  );
  if (exists) return name;
  const building = `${name}_build_${randomBytes(3).toString("hex")}`;
  await withAdmin((c) => c.query(`CREATE DATABASE "${building}"`));
  const env = { ...process.env, DATABASE_URL: urlFor(building) };
  execFileSync("npx", ["prisma", "migrate", "deploy"], { cwd: ROOT, env, stdio: "pipe" });
  execFileSync("npx", ["tsx", "prisma/seed-cli.ts"], { cwd: ROOT, env, stdio: "pipe" });
  await withAdmin(async (c) => {
    // Rename into place so a concurrent run never clones a half-built template.
    try {
      await c.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
    } catch {
      await c.query(`DROP DATABASE IF EXISTS "${building}"`);
    }
  });
  // Templates of earlier schema versions are marked superseded, and dropped an hour later:
  // a test run that started just before the change (a parallel run, another checkout)
  // still clones the template it computed at its start.
  await withAdmin(async (c) => {
    const old = await c.query(
      `SELECT datname, substring(s.description from 'superseded ([0-9]+)')::bigint AS at
       FROM pg_database d
       LEFT JOIN pg_shdescription s ON s.objoid = d.oid AND s.classoid = 'pg_database'::regclass
       WHERE datname LIKE 'laocai_tpl_%' AND datname NOT LIKE '%_build_%' AND datname <> $1`,
      [name],
    );
    for (const r of old.rows as { datname: string; at: string | null }[]) {
      if (r.at === null) await c.query(`COMMENT ON DATABASE "${r.datname}" IS 'superseded ${Date.now()}'`);
      else if (Number(r.at) < Date.now() - 3600_000)
        await c.query(`DROP DATABASE IF EXISTS "${r.datname}"`).catch(() => {});
    }
  });
  return name;
}

/** A fresh database for one test file, cloned from the template. */
export async function createTestDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  // The template the run's global setup built (migrations may change while a run goes on).
  const tpl = process.env.LAOCAI_TEMPLATE_DB ?? templateName();
  const name = `laocai_t_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${tpl}"`));
  return {
    name,
    url: urlFor(name),
    drop: () => withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}),
  };
}

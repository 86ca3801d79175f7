// Prisma CLI configuration (generate, migrate). Loaded by the CLI process only; the
// application builds its own client in server/src/platform/db.ts.
//
// Prisma 7 downloads a native schema engine on every command, which these machines cannot
// do, so we run Prisma 6.19 with the WebAssembly schema engine through the pg driver
// adapter. Two upstream defects are worked around here (../shared/docs/platform-notes.md).
import { createRequire } from "node:module";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

const require = createRequire(import.meta.url);

// prisma/orm#27403: the JS schema engine cannot decode catalog columns whose type is not
// in the adapter's table (name, "char", regproc, ...). Present them as text / text[].
const TEXT_OIDS = new Set([18, 19, 22, 24, 30, 194]);
const TEXT_ARRAY_OIDS = new Set([1002, 1003]);
type Field = { dataTypeID: number };
const Result = require("pg/lib/result.js") as { prototype: { addFields(f: Field[]): void } };
const originalAddFields = Result.prototype.addFields;
Result.prototype.addFields = function addFields(fields: Field[]) {
  for (const f of fields) {
    if (TEXT_OIDS.has(f.dataTypeID)) f.dataTypeID = 25;
    else if (TEXT_ARRAY_OIDS.has(f.dataTypeID)) f.dataTypeID = 1009;
  }
  return originalAddFields.call(this, fields);
};

function discreteConfig(url: string): pg.PoolConfig {
  const u = new URL(url);
  return {
    host: u.hostname || "127.0.0.1",
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username || "postgres"),
    password: decodeURIComponent(u.password || ""),
    database: decodeURIComponent(u.pathname.replace(/^\//, "")) || "postgres",
  };
}

// PrismaPg.connectToShadowDb spreads a connectionString config (so the shadow work would
// run on the main database) and drops the shadow database while its pool is still open.
class ShadowSafePrismaPg extends PrismaPg {
  constructor(private readonly poolConfig: pg.PoolConfig) {
    super(poolConfig);
  }
  override async connectToShadowDb() {
    const admin = new pg.Pool({ ...this.poolConfig, max: 1 });
    const database = `prisma_migrate_shadow_db_${globalThis.crypto.randomUUID().replace(/-/g, "")}`;
    await admin.query(`CREATE DATABASE "${database}"`);
    const shadow = new PrismaPg({ ...this.poolConfig, database });
    const adapter = await shadow.connect();
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await admin.query(`DROP DATABASE IF EXISTS "${database}"`);
      await admin.end();
    };
    return adapter;
  }
}

const databaseUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/laocai_portal";
// The schema keeps `url = env("DATABASE_URL")` (without a url, `prisma generate` downloads a
// query engine, which these machines cannot): the variable must exist even for generate.
process.env.DATABASE_URL = databaseUrl;

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => new ShadowSafePrismaPg(discreteConfig(databaseUrl)),
});

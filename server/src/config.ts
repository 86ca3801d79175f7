// Configuration is read and validated once, here; nothing else reads process.env.
// A bad or missing value stops the process naming the variable and the problem.
import { z } from "zod";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

const url = z.string().url();

export const configSchema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    PUBLIC_BASE_URL: url.optional(),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL")
      .default("postgresql://postgres@127.0.0.1:5432/laocai_portal"),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, "must be a redis:// URL")
      .default("redis://127.0.0.1:6379"),
    QUEUE_PREFIX: z.string().min(1).default("laocai"),
    // The queues a worker process serves (comma-separated; "-a,b" for all but a and b), all when
    // unset. `npm start` runs the
    // notifications sender as a process of its own, so planning a 60,000-recipient fan-out
    // never holds up the sends (bench alert-fanout).
    WORKER_QUEUES: z
      .string()
      .regex(/^-?[a-z]+(,[a-z]+)*$/, "a comma-separated list of queue names, or -list for all but those")
      .optional(),
    // A worker holds a job's lock this long (renewed at half of it); a job whose worker died is
    // taken up again once the lock lapses, found by a stalled check run as often.
    JOB_LOCK_MS: z.coerce.number().int().min(1000).default(30_000),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    // Accept the zmp-sdk localhost stand-in (empty access token). Refused in production.
    ZALO_DEV_LOGIN: bool.default(false),
    ZALO_APP_ID: z.string().min(1).default("laocai-dev-app"),
    ZALO_APP_SECRET: z.string().min(8).default("dev-app-secret-change-me"),
    // Reported sources disagree on which secret signs webhooks: a setting of its own.
    ZALO_OA_SECRET_KEY: z.string().min(8).default("dev-oa-secret-change-me"),
    ZALO_OA_ID: z.string().min(1).default("laocai-oa"),
    // Events older (or newer) than this are refused as replays. Zalo re-sends an event it got
    // no 200 for "for hours" with its original timestamp (integrations.md §1, no exact
    // horizon): a day, so an outage of our own does not turn every re-send into a 401. Replays
    // inside the window are stopped by the dedupe rows, kept twice as long.
    ZALO_WEBHOOK_MAX_AGE_SECONDS: z.coerce.number().int().positive().default(86_400),
    ZALO_OA_API_URL: url.default("http://127.0.0.1:4101"),
    ZALO_OAUTH_URL: url.default("http://127.0.0.1:4101"),
    ZALO_GRAPH_URL: url.default("http://127.0.0.1:4101"),
    ZALO_BUSINESS_API_URL: url.default("http://127.0.0.1:4101"),
    // Outside the 48-hour window, try an approved template message by user id before ZNS
    // (reported, not confirmed: integrations.md §1). Off: straight to ZNS by phone.
    ZALO_OA_TEMPLATE_FALLBACK: bool.default(true),
    // How long one request to the OA API may take before we stop waiting for Zalo's answer.
    ZALO_OA_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
    ZALO_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(4000),
    // Sends in flight at once per worker process. A send waits mostly on Zalo: at 4,000/min
    // (67/s) and a 200 ms answer it takes 14 in flight to keep up; raise it where Zalo answers
    // slowly (bench alert-fanout on loopback: the same 0.84 of the limit with 8 as with 32).
    NOTIFICATIONS_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(8),
    // After Zalo answers -32 (rate limited) the whole notifications queue pauses this long.
    ZALO_RATE_LIMIT_PAUSE_MS: z.coerce.number().int().positive().default(10_000),
    // While Zalo refuses the OA's refresh token, queued messages look again this often.
    OA_RECONNECT_POLL_MS: z.coerce.number().int().positive().default(120_000),
    // ZNS (template by phone) per day; the last ZNS_ALERT_RESERVE of them are kept for alerts.
    ZNS_DAILY_QUOTA: z.coerce.number().int().positive().default(500),
    ZNS_ALERT_RESERVE: z.coerce.number().int().min(0).default(100),
    VNPAY_PAY_URL: url.default("http://localhost:4102/paymentv2/vpcpay.html"),
    VNPAY_API_URL: url.default("http://127.0.0.1:4102/merchant_webapi/api/transaction"),
    VNPAY_TMN_CODE: z.string().min(1).default("LAOCAI01"),
    VNPAY_HASH_SECRET: z.string().min(8).default("dev-vnpay-hash-secret"),
    /** How long a querydr/refund call may take before we stop waiting (its outcome is then unknown). */
    /** Our server's public IP, sent as vnp_IpAddr on querydr (VNPay asks for the caller's IP). */
    VNPAY_SERVER_IP: z.union([z.ipv4(), z.ipv6()]).default("127.0.0.1"),
    VNPAY_API_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
    ONESTOP_API_URL: url.default("http://127.0.0.1:4103"),
    ONESTOP_API_KEY: z.string().min(8).default("dev-onestop-api-key"),
    ONESTOP_WEBHOOK_SECRET: z.string().min(8).default("dev-onestop-webhook-secret"),
    IOC_API_URL: url.default("http://127.0.0.1:4104"),
    IOC_API_KEY: z.string().min(8).default("dev-ioc-api-key"),
    IOC_WEBHOOK_SECRET: z.string().min(8).default("dev-ioc-webhook-secret"),
    SIM_ZALO_PORT: z.coerce.number().int().default(4101),
    SIM_VNPAY_PORT: z.coerce.number().int().default(4102),
    SIM_ONESTOP_PORT: z.coerce.number().int().default(4103),
    SIM_IOC_PORT: z.coerce.number().int().default(4104),
    UPLOAD_DIR: z.string().default(".data/uploads"),
    SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
    CORS_ORIGINS: z.string().default("http://localhost:3000,http://localhost:5173"),
    BODY_LIMIT: z.string().default("1mb"),
    OUTBOX_POLL_MS: z.coerce.number().int().positive().default(500),
    // Open311: the jurisdiction_id this endpoint answers to (any other is a 404), and how many
    // service requests one api_key may create an hour (a partner app, not a flood).
    OPEN311_JURISDICTION_ID: z.string().min(1).max(100).default("laocai.gov.vn"),
    OPEN311_REQUESTS_PER_HOUR: z.coerce.number().int().positive().default(100),
    // A background for the mini app's maps where tiles can be reached ({z}/{x}/{y}, e.g. the
    // province's own tile server); without it the maps draw our own data only. Its origin is
    // added to the CSP's img-src; the attribution its licence asks for is shown on the map.
    MAP_TILE_URL: z
      .string()
      .regex(/^https?:\/\/[^\s"'<>]+$/, "must be an http(s) URL")
      .refine((s) => ["{z}", "{x}", "{y}"].every((p) => s.includes(p)), "must contain {z}, {x} and {y}")
      .optional(),
    MAP_TILE_ATTRIBUTION: z.string().max(200).optional(),
    TZ: z.string().optional(),
  })
  .superRefine((c, ctx) => {
    if (c.ZNS_ALERT_RESERVE >= c.ZNS_DAILY_QUOTA) {
      ctx.addIssue({
        code: "custom",
        path: ["ZNS_ALERT_RESERVE"],
        message: "must be smaller than ZNS_DAILY_QUOTA (other messages need some of the quota)",
      });
    }
    if (c.NODE_ENV === "production" && c.ZALO_DEV_LOGIN) {
      ctx.addIssue({
        code: "custom",
        path: ["ZALO_DEV_LOGIN"],
        message: "development login must not be enabled when NODE_ENV=production",
      });
    }
    if (c.NODE_ENV === "production" && !c.PUBLIC_BASE_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["PUBLIC_BASE_URL"],
        message: "is required in production (links in Zalo messages, VNPay return URL)",
      });
    }
    if (c.NODE_ENV === "production") {
      for (const key of [
        "ZALO_APP_SECRET",
        "ZALO_OA_SECRET_KEY",
        "VNPAY_HASH_SECRET",
        "ONESTOP_WEBHOOK_SECRET",
        "IOC_WEBHOOK_SECRET",
      ] as const) {
        if (c[key].startsWith("dev-")) {
          ctx.addIssue({ code: "custom", path: [key], message: "must be set in production" });
        }
      }
    }
  });

export type Config = z.infer<typeof configSchema>;

/** The origin the map tiles come from (for the CSP), when a tile URL is configured. */
export const tileOrigin = (c: Pick<Config, "MAP_TILE_URL">): string | null =>
  c.MAP_TILE_URL ? new URL(c.MAP_TILE_URL.replace(/\{[a-z]\}/g, "0")).origin : null;

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; problem: string }[]) {
    super("Invalid configuration:\n" + problems.map((p) => `  ${p.variable}: ${p.problem}`).join("\n"));
    this.name = "ConfigError";
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings count as unset so `FOO= npm start` falls back to the default.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ""));
  const parsed = configSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => ({
        variable: String(i.path[0] ?? "?"),
        problem: i.message,
      })),
    );
  }
  return parsed.data;
}

/** For process entry points: print the problem and exit instead of a stack trace. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
}

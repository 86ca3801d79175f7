import type { Db } from "../platform/db.js";
import type { Logger } from "../platform/logger.js";

export type SystemName = "zalo_oa" | "zalo_graph" | "zalo_oauth" | "zalo_zns" | "vnpay" | "onestop" | "ioc";

// Secrets and personal data never reach the integration call log.
const SECRET_KEYS =
  /(access_token|refresh_token|secret_key|secret|password|api[_-]?key|authorization|vnp_SecureHash|token|phone|latitude|longitude|^lat$|^long$|^lon$|id_?number|citizenId|contentBase64)/i;
// In query strings `code` is an OAuth or one-time Zalo code; in bodies it is our dossier code,
// which the log needs to be useful.
const URL_SECRET_KEYS = new RegExp(`${SECRET_KEYS.source}|^code$`, "i");

/** Masks numbers that look like phones or citizen ID numbers (9–12 digits). */
export function maskPersonalNumbers(text: string): string {
  return text.replace(
    /(?<!\d)(\+?84|0)?\d{9,12}(?!\d)/g,
    (m) => `${m.slice(0, 2)}${"*".repeat(Math.max(0, m.length - 4))}${m.slice(-2)}`,
  );
}

export function redactForLog(value: unknown, depth = 0): unknown {
  if (value == null || depth > 6) return value;
  if (typeof value === "string") return maskPersonalNumbers(value);
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => redactForLog(v, depth + 1));
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = SECRET_KEYS.test(k) ? "[redacted]" : redactForLog(v, depth + 1);
    }
    return out;
  }
  return value;
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    for (const k of [...u.searchParams.keys()]) {
      if (URL_SECRET_KEYS.test(k)) u.searchParams.set(k, "[redacted]");
      else if (k === "data") u.searchParams.set(k, maskPersonalNumbers(u.searchParams.get(k) ?? ""));
    }
    return u.toString();
  } catch {
    return "[unparseable url]";
  }
}

function bodyForLog(body: unknown): string | null {
  if (body == null) return null;
  if (typeof body === "string") {
    try {
      return JSON.stringify(redactForLog(JSON.parse(body))).slice(0, 8000);
    } catch {
      // form bodies
      if (body.includes("=")) {
        const p = new URLSearchParams(body);
        return JSON.stringify(redactForLog(Object.fromEntries(p))).slice(0, 8000);
      }
      return maskPersonalNumbers(body).slice(0, 8000);
    }
  }
  if (body instanceof URLSearchParams) return JSON.stringify(redactForLog(Object.fromEntries(body)));
  if (typeof FormData !== "undefined" && body instanceof FormData) return "[multipart]";
  return JSON.stringify(redactForLog(body)).slice(0, 8000);
}

export class UpstreamError extends Error {
  constructor(
    readonly system: SystemName,
    message: string,
    readonly status?: number,
    readonly retryable = true,
    readonly body?: unknown,
  ) {
    super(message);
    this.name = "UpstreamError";
  }
}

/**
 * The error for an HTTP answer that is not the success an operation expects: 5xx, 408 and
 * 429 are worth retrying; any other 4xx means our request is wrong and a resend would be
 * refused the same way. (Timeouts are thrown retryable by IntegrationHttp itself.)
 */
export function httpFailure(
  system: SystemName,
  operation: string,
  res: { status: number; json: unknown },
): UpstreamError {
  const retryable = res.status >= 500 || res.status === 408 || res.status === 429;
  return new UpstreamError(system, `${operation} HTTP ${res.status}`, res.status, retryable, res.json);
}

export interface CallOptions {
  operation: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  url: string;
  headers?: Record<string, string>;
  body?: string | URLSearchParams | FormData;
  /**
   * What the call log keeps of the request instead of `body`, when even a redacted body would
   * hold personal data (names, answers, addresses): the caller picks the fields worth tracing.
   */
  logBody?: unknown;
  timeoutMs?: number;
}

export interface CallResult {
  status: number;
  text: string;
  json: unknown;
  headers: Headers;
}

/**
 * No answer came back. `mayHaveArrived` says whether the request may have reached the other
 * side anyway (a timeout, a connection dropped while waiting): a send that is not idempotent
 * must not be repeated blindly then. A refused connection or an unknown host never arrived.
 */
export class UpstreamNoAnswerError extends UpstreamError {
  constructor(
    system: SystemName,
    message: string,
    readonly mayHaveArrived: boolean,
  ) {
    super(system, message, undefined, true);
    this.name = "UpstreamNoAnswerError";
  }
}

const NEVER_CONNECTED = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"]);

/** One call's entry in the integration call log, written by `log` (see `exchange`). */
export interface CallLogEntry {
  system: SystemName;
  operation: string;
  method: string;
  url: string;
  requestBody: string | null;
  statusCode: number | null;
  responseBody: string | null;
  error: string | null;
  durationMs: number;
  startedAt: Date;
  finishedAt: Date;
}

/**
 * Every request to and response from a system we do not own goes through here and is
 * written to the integration call log with its timings (X-Road style), redacted.
 */
export class IntegrationHttp {
  constructor(
    readonly system: SystemName,
    private readonly db: Db,
    private readonly logger: Logger,
  ) {}

  async call(opts: CallOptions): Promise<CallResult> {
    const r = await this.exchange(opts);
    await this.log(r.entry);
    if ("error" in r) throw r.error;
    return r.result;
  }

  /**
   * The request and its answer (or the error), with the call-log entry not written yet: for
   * a caller inside a transaction that holds a lock (the OA token refresh), which writes it
   * after commit, so the insert never waits for a pool connection while the lock is held.
   */
  async exchange(
    opts: CallOptions,
  ): Promise<{ result: CallResult; entry: CallLogEntry } | { error: UpstreamError; entry: CallLogEntry }> {
    const startedAt = new Date();
    let status: number | undefined;
    let text: string | undefined;
    let error: string | undefined;
    const entry = (): CallLogEntry => {
      const finishedAt = new Date();
      return {
        system: this.system,
        operation: opts.operation,
        method: opts.method,
        url: redactUrl(opts.url),
        requestBody: bodyForLog(opts.logBody !== undefined ? opts.logBody : opts.body),
        statusCode: status ?? null,
        responseBody: text !== undefined ? bodyForLog(text) : null,
        error: error ?? null,
        durationMs: finishedAt.getTime() - startedAt.getTime(),
        startedAt,
        finishedAt,
      };
    };
    try {
      const res = await fetch(opts.url, {
        method: opts.method,
        headers: opts.headers ?? {},
        ...(opts.body !== undefined ? { body: opts.body } : {}),
        signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      });
      status = res.status;
      text = await res.text();
      let json: unknown = undefined;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      return { result: { status, text, json, headers: res.headers }, entry: entry() };
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      error = e.name === "TimeoutError" ? "timeout" : e.message;
      const neverConnected = e.name !== "TimeoutError" && NEVER_CONNECTED.has(e.cause?.code ?? "");
      return {
        error: new UpstreamNoAnswerError(this.system, `${opts.operation}: ${error}`, !neverConnected),
        entry: entry(),
      };
    }
  }

  /** Writes a call-log entry; a failed write is logged, never thrown. */
  async log(entry: CallLogEntry): Promise<void> {
    await this.db.integrationCall
      .create({ data: { ...entry, direction: "out" } })
      .catch((e) => this.logger.warn({ err: (e as Error).message }, "integration call log write failed"));
  }
}

/** Records a call that a system we do not own made to us (webhooks, IPNs). */
export async function recordInboundCall(
  db: Db,
  entry: {
    system: SystemName;
    operation: string;
    method: string;
    url: string;
    body?: unknown;
    statusCode: number;
    startedAt: Date;
  },
): Promise<void> {
  const finishedAt = new Date();
  await db.integrationCall.create({
    data: {
      system: entry.system,
      operation: entry.operation,
      direction: "in",
      method: entry.method,
      url: redactUrl(entry.url.startsWith("http") ? entry.url : `http://inbound${entry.url}`),
      requestBody: bodyForLog(typeof entry.body === "string" ? entry.body : (entry.body ?? null)),
      statusCode: entry.statusCode,
      durationMs: finishedAt.getTime() - entry.startedAt.getTime(),
      startedAt: entry.startedAt,
      finishedAt,
    },
  });
}

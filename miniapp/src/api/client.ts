/**
 * Small typed fetch wrapper for the portal API.
 *
 * - Base URL: same origin `/api/v1` (the API server also serves the built mini app), or
 *   `VITE_API_BASE` at build time (needed when Zalo hosts the app on its own CDN).
 * - Every call carries `Authorization: Bearer <token>` unless `auth: false`; a 401 triggers one
 *   re-sign-in through the registered auth bridge, then one retry.
 * - Errors are always `ApiError` with a Vietnamese `userMessage` fit to show as-is; the UI may
 *   replace it with a translation keyed by `code`.
 */
import { reportNetworkFailure, reportNetworkSuccess } from "./network-status";

export const API_BASE: string = (import.meta.env.VITE_API_BASE || "/api/v1").replace(/\/+$/, "");

export const DEFAULT_TIMEOUT_MS = 15_000;

/** Codes produced by the client itself (the server's codes pass through unchanged). */
export type ClientErrorCode = "NETWORK_ERROR" | "TIMEOUT" | "INVALID_RESPONSE" | "SERVER_ERROR" | "UNKNOWN";

const CLIENT_MESSAGES: Record<ClientErrorCode, string> = {
  NETWORK_ERROR: "Không kết nối được tới máy chủ. Hãy kiểm tra mạng rồi thử lại.",
  TIMEOUT: "Mạng yếu nên máy chủ chưa trả lời kịp. Hãy thử lại.",
  INVALID_RESPONSE: "Máy chủ trả lời không đúng. Hãy thử lại sau ít phút.",
  SERVER_ERROR: "Hệ thống đang gặp sự cố. Hãy thử lại sau ít phút.",
  UNKNOWN: "Đã có lỗi xảy ra. Hãy thử lại.",
};

export class ApiError extends Error {
  /** HTTP status; 0 when no response arrived (network error or timeout). */
  readonly status: number;
  readonly code: string;
  readonly userMessage: string;
  readonly errorId: string | undefined;
  /** Field-level errors (Vietnamese), to show next to each field. */
  readonly fields: { field: string; message: string }[] | undefined;

  constructor(init: {
    status: number;
    code: string;
    message?: string;
    userMessage: string;
    errorId?: string;
    fields?: { field: string; message: string }[];
  }) {
    super(init.message ?? init.userMessage);
    this.name = "ApiError";
    this.status = init.status;
    this.code = init.code;
    this.userMessage = init.userMessage;
    this.errorId = init.errorId;
    this.fields = init.fields;
  }

  /** True when the request never got an answer: worth a "Thử lại" button. */
  get isNetworkError(): boolean {
    return this.status === 0;
  }

  static client(code: ClientErrorCode, status = 0, message?: string): ApiError {
    return new ApiError({ status, code, message, userMessage: CLIENT_MESSAGES[code] });
  }
}

/** Shape of every error body the server sends. */
interface ErrorBody {
  error: { code: string; message: string; userMessage: string; errorId?: string };
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== "object" || value === null || !("error" in value)) return false;
  const error: unknown = value.error;
  return (
    typeof error === "object" &&
    error !== null &&
    "code" in error &&
    typeof error.code === "string" &&
    "userMessage" in error &&
    typeof error.userMessage === "string"
  );
}

/** Connects the client to the auth module without an import cycle. */
export interface AuthBridge {
  getToken(): string | null;
  /** Signs in again and resolves with the new token; rejects with an ApiError. */
  reauthenticate(): Promise<string>;
}

let authBridge: AuthBridge | null = null;
let acceptLanguage = "vi";

export function setAuthBridge(bridge: AuthBridge | null): void {
  authBridge = bridge;
}

/** Lets the server pick the language of `userMessage`. */
export function setApiLanguage(language: string): void {
  acceptLanguage = language;
}

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface RequestOptions<T> {
  /** Serialised as JSON. */
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  /** Send the bearer token and re-sign-in on 401 (default true). */
  auth?: boolean;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Validates and narrows the JSON body; throw to reject it. Without it the body is trusted. */
  parse?: (data: unknown) => T;
}

function buildUrl(path: string, query?: RequestOptions<unknown>["query"]): string {
  const url = `${API_BASE}${path.startsWith("/") ? path : `/${path}`}`;
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${url}?${qs}` : url;
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (!text) return undefined;
  const type = response.headers.get("content-type") ?? "";
  if (!type.includes("json")) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw ApiError.client("INVALID_RESPONSE", response.status, "Response is not valid JSON");
  }
}

function errorFromResponse(status: number, body: unknown): ApiError {
  if (isErrorBody(body)) {
    return new ApiError({
      status,
      code: body.error.code,
      message: body.error.message,
      userMessage: body.error.userMessage,
      errorId: body.error.errorId,
      fields: (body.error as { fields?: { field: string; message: string }[] }).fields,
    });
  }
  if (status >= 500) return ApiError.client("SERVER_ERROR", status, `HTTP ${status}`);
  return ApiError.client("UNKNOWN", status, `HTTP ${status}`);
}

async function send<T>(
  method: HttpMethod,
  path: string,
  options: RequestOptions<T>,
  token: string | null,
): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = {
    Accept: "application/json",
    "Accept-Language": acceptLanguage,
  };
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  if (token) headers.Authorization = `Bearer ${token}`;

  // AbortSignal.any/timeout are missing on older Android WebViews: combine by hand.
  const controller = new AbortController();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onCallerAbort = () => controller.abort();
  options.signal?.addEventListener("abort", onCallerAbort);

  try {
    const response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: controller.signal,
      credentials: "same-origin",
    });
    const body = await readBody(response);
    reportNetworkSuccess();
    return { status: response.status, body };
  } catch (error) {
    if (error instanceof ApiError) {
      reportNetworkSuccess(); // an answer arrived, it was just malformed
      throw error;
    }
    if (options.signal?.aborted) throw error; // the caller cancelled: not a failure to report
    reportNetworkFailure();
    if (timedOut) throw ApiError.client("TIMEOUT", 0, `No answer within ${timeoutMs} ms`);
    throw ApiError.client("NETWORK_ERROR", 0, error instanceof Error ? error.message : undefined);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onCallerAbort);
  }
}

export async function apiRequest<T = unknown>(
  method: HttpMethod,
  path: string,
  options: RequestOptions<T> = {},
): Promise<T> {
  const useAuth = options.auth !== false;
  let result = await send(method, path, options, useAuth ? (authBridge?.getToken() ?? null) : null);

  if (result.status === 401 && useAuth && authBridge) {
    // The session expired or was revoked: sign in again once, then retry once.
    const token = await authBridge.reauthenticate();
    result = await send(method, path, options, token);
  }

  if (result.status < 200 || result.status >= 300) {
    throw errorFromResponse(result.status, result.body);
  }
  if (!options.parse) return result.body as T;
  try {
    return options.parse(result.body);
  } catch (error) {
    throw ApiError.client(
      "INVALID_RESPONSE",
      result.status,
      error instanceof Error ? error.message : undefined,
    );
  }
}

export const api = {
  get: <T = unknown>(path: string, options?: Omit<RequestOptions<T>, "body">) =>
    apiRequest<T>("GET", path, options),
  post: <T = unknown>(path: string, body?: unknown, options?: RequestOptions<T>) =>
    apiRequest<T>("POST", path, { ...options, body }),
  put: <T = unknown>(path: string, body?: unknown, options?: RequestOptions<T>) =>
    apiRequest<T>("PUT", path, { ...options, body }),
  patch: <T = unknown>(path: string, body?: unknown, options?: RequestOptions<T>) =>
    apiRequest<T>("PATCH", path, { ...options, body }),
  delete: <T = unknown>(path: string, options?: RequestOptions<T>) => apiRequest<T>("DELETE", path, options),
};

/** A binary download (e.g. a receipt PDF) with the citizen's session. */
export async function apiBlob(path: string): Promise<Blob> {
  const token = authBridge?.getToken() ?? null;
  const response = await fetch(buildUrl(path), {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  if (!response.ok) throw errorFromResponse(response.status, await readBody(response));
  return response.blob();
}

/** Uploads take longer than JSON calls on a mountain 3G link. */
export const UPLOAD_TIMEOUT_MS = 120_000;

/**
 * One file to a multipart endpoint with the citizen's session. Like `apiRequest`, every
 * failure is an `ApiError` with a Vietnamese `userMessage`: a dropped connection, a timeout or
 * an answer that is not our JSON (a proxy's HTML page) never surfaces as the browser's English
 * text. A 401 signs in again once and retries.
 */
export async function apiUpload<T = unknown>(path: string, file: Blob, field = "file"): Promise<T> {
  const attempt = async (token: string | null) => {
    const form = new FormData();
    form.append(field, file);
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, UPLOAD_TIMEOUT_MS);
    try {
      const response = await fetch(buildUrl(path), {
        method: "POST",
        headers: {
          Accept: "application/json",
          "Accept-Language": acceptLanguage,
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
        },
        body: form,
        signal: controller.signal,
        credentials: "same-origin",
      });
      const body = await readBody(response);
      reportNetworkSuccess();
      return { status: response.status, body };
    } catch (error) {
      if (error instanceof ApiError) {
        reportNetworkSuccess();
        throw error;
      }
      reportNetworkFailure();
      if (timedOut) throw ApiError.client("TIMEOUT", 0, `No answer within ${UPLOAD_TIMEOUT_MS} ms`);
      throw ApiError.client("NETWORK_ERROR", 0, error instanceof Error ? error.message : undefined);
    } finally {
      clearTimeout(timer);
    }
  };
  let result = await attempt(authBridge?.getToken() ?? null);
  if (result.status === 401 && authBridge) result = await attempt(await authBridge.reauthenticate());
  if (result.status < 200 || result.status >= 300) throw errorFromResponse(result.status, result.body);
  // A success must be our JSON; text here is a proxy or a captive portal, not the server.
  if (typeof result.body !== "object" || result.body === null)
    throw ApiError.client("INVALID_RESPONSE", result.status, "upload answer is not JSON");
  return result.body as T;
}

// Console API client: same-origin cookie session; the CSRF token rides on every write.
export interface ApiErrorBody {
  error: {
    code: string;
    message: string;
    userMessage: string;
    errorId?: string;
    fields?: { field: string; message: string }[];
  };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody["error"],
  ) {
    super(body.userMessage);
  }
}

const SAFE_METHODS = new Set(["GET", "HEAD"]);
let csrfToken = "";
let onUnauthenticated: (() => void) | null = null;

export const setCsrfToken = (t: string) => {
  csrfToken = t;
};
/** For requests made without api() (e.g. a download form). */
export const getCsrfToken = () => csrfToken;
/** Called when the server says the session is gone (expired, logged out elsewhere). */
export const setUnauthenticatedHandler = (fn: (() => void) | null) => {
  onUnauthenticated = fn;
};

/** JSON (or FormData for uploads) to the API; throws ApiError with the server's Vietnamese message. */
export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  const method = (init.method ?? "GET").toUpperCase();
  const isForm = init.body instanceof FormData;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: {
        accept: "application/json",
        ...(init.body !== undefined && !isForm ? { "content-type": "application/json" } : {}),
        ...(SAFE_METHODS.has(method) ? {} : { "x-csrf-token": csrfToken }),
      },
      ...(init.body !== undefined
        ? { body: isForm ? (init.body as FormData) : JSON.stringify(init.body) }
        : {}),
      ...(init.signal ? { signal: init.signal } : {}),
    });
  } catch (e) {
    if ((e as Error).name === "AbortError") throw e;
    throw new ApiError(0, {
      code: "NETWORK",
      message: String(e),
      userMessage: "Không kết nối được máy chủ. Vui lòng kiểm tra mạng và thử lại.",
    });
  }
  if (res.status === 204) return undefined as T;
  const data = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const body = (data as ApiErrorBody | null)?.error ?? {
      code: "HTTP_" + res.status,
      message: `HTTP ${res.status}`,
      userMessage: "Máy chủ không trả lời được. Vui lòng thử lại.",
    };
    if (res.status === 401 && !path.startsWith("/api/staff/login")) onUnauthenticated?.();
    throw new ApiError(res.status, body);
  }
  return data as T;
}

/** The message to show for any error thrown by api() or a page. */
export const messageOf = (e: unknown, fallback = "Đã có lỗi xảy ra. Vui lòng thử lại.") =>
  e instanceof ApiError ? (e.body.fields?.[0]?.message ?? e.body.userMessage) : fallback;

export type Role = "admin" | "clerk" | "ioc_operator";
export interface Staff {
  id: string;
  username: string;
  fullName: string;
  role: Role;
  agency: { id: string; code: string; name: string } | null;
}
export interface Session {
  staff: Staff;
  csrfToken: string;
}

export const ROLE_LABEL: Record<Role, string> = {
  admin: "Quản trị viên",
  clerk: "Cán bộ một cửa",
  ioc_operator: "Điều hành IOC",
};

/** Date and time as Lào Cai reads it, whatever the browser's time zone. */
export const formatDateTime = (iso: string) =>
  new Date(iso).toLocaleString("vi-VN", { timeZone: "Asia/Ho_Chi_Minh" });

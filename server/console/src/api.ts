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

let csrfToken = "";
export const setCsrfToken = (t: string) => {
  csrfToken = t;
};

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const method = init.method ?? "GET";
  const res = await fetch(path, {
    method,
    credentials: "same-origin",
    headers: {
      accept: "application/json",
      ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
      ...(method !== "GET" ? { "x-csrf-token": csrfToken } : {}),
    },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  if (res.status === 204) return undefined as T;
  const data = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const body = (data as ApiErrorBody | null)?.error ?? {
      code: "NETWORK",
      message: `HTTP ${res.status}`,
      userMessage: "Không kết nối được máy chủ. Vui lòng thử lại.",
    };
    throw new ApiError(res.status, body);
  }
  return data as T;
}

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

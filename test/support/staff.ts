// Signing staff in over HTTP, the way the console does.
export const DEMO_PASSWORD = "LaoCai@2026";

export interface StaffClient {
  cookie: string;
  csrf: string;
  get(path: string): Promise<Response>;
  send(method: string, path: string, body?: unknown, opts?: { csrf?: boolean }): Promise<Response>;
}

export async function loginAs(
  baseUrl: string,
  username: string,
  password = DEMO_PASSWORD,
): Promise<StaffClient> {
  const r = await fetch(`${baseUrl}/api/staff/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${await r.text()}`);
  const cookie = (r.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const { csrfToken } = (await r.json()) as { csrfToken: string };
  return {
    cookie,
    csrf: csrfToken,
    get: (path) => fetch(`${baseUrl}${path}`, { headers: { cookie, accept: "application/json" } }),
    send: (method, path, body, opts = {}) =>
      fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          cookie,
          "content-type": "application/json",
          ...(opts.csrf === false ? {} : { "x-csrf-token": csrfToken }),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      }),
  };
}

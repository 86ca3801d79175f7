import { IntegrationHttp, UpstreamError } from "../http.js";

/** What Zalo's Graph API tells us about the user behind a mini-app access token. */
export interface ZaloProfile {
  id: string; // string: Zalo ids exceed 2^53
  name: string | null;
}

/**
 * Zalo Graph API (integrations.md §2): resolves a user access token to the user, and
 * exchanges the one-time phone / location tokens of getPhoneNumber / getLocation.
 * The app secret stays on the server.
 */
export class ZaloGraphClient {
  constructor(
    private readonly http: IntegrationHttp,
    private readonly baseUrl: string,
    private readonly appSecret: string,
  ) {}

  async me(accessToken: string): Promise<ZaloProfile> {
    const res = await this.http.call({
      operation: "graph.me",
      method: "GET",
      url: `${this.baseUrl}/v2.0/me?fields=id,name`,
      headers: { access_token: accessToken },
    });
    const body = (res.json ?? {}) as {
      id?: string | number;
      name?: string;
      error?: number;
      message?: string;
    };
    if (res.status >= 500) throw new UpstreamError("zalo_graph", `graph.me HTTP ${res.status}`, res.status);
    if (body.error || !body.id) {
      throw new UpstreamError(
        "zalo_graph",
        `graph.me refused: ${body.error ?? "no id"} ${body.message ?? ""}`,
        res.status,
        false,
      );
    }
    return { id: String(body.id), name: body.name ?? null };
  }

  private async exchange(accessToken: string, code: string, operation: string) {
    const res = await this.http.call({
      operation,
      method: "GET",
      url: `${this.baseUrl}/v2.0/me/info`,
      headers: { access_token: accessToken, code, secret_key: this.appSecret },
    });
    const body = (res.json ?? {}) as { data?: Record<string, unknown>; error?: number; message?: string };
    if (res.status >= 500)
      throw new UpstreamError("zalo_graph", `${operation} HTTP ${res.status}`, res.status);
    if (body.error || !body.data) {
      throw new UpstreamError(
        "zalo_graph",
        `${operation} refused: ${body.error ?? "no data"}`,
        res.status,
        false,
      );
    }
    return body.data;
  }

  /** Exchanges a getPhoneNumber token; returns the number in 84-format. */
  async phoneFromToken(accessToken: string, token: string): Promise<string> {
    const data = await this.exchange(accessToken, token, "graph.phone");
    const number = String(data.number ?? "");
    if (!/^84\d{8,10}$/.test(number))
      throw new UpstreamError("zalo_graph", "graph.phone: bad number", 200, false);
    return number;
  }

  /** Exchanges a getLocation token. */
  async locationFromToken(accessToken: string, token: string): Promise<{ lat: number; lon: number }> {
    const data = await this.exchange(accessToken, token, "graph.location");
    const lat = Number(data.latitude);
    const lon = Number(data.longitude);
    if (!Number.isFinite(lat) || !Number.isFinite(lon)) {
      throw new UpstreamError("zalo_graph", "graph.location: bad coordinates", 200, false);
    }
    return { lat, lon };
  }
}

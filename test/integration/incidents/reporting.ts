// Helpers for incident tests: a point in a commune, a photo upload, a report over HTTP.
import { photoWithGps } from "../../support/images.js";
import type { TestApp } from "../../support/harness.js";

/** Inside xã Khao Mang's box, near its centroid (prisma/data/laocai-communes.json). */
export const KHAO_MANG = { lat: 21.9, lon: 103.974, code: "04465" };
/** Phường Sa Pa's centroid: its reports go to clerk.sapa's agency (H38.03006). */
export const SA_PA = { lat: 22.34974, lon: 103.83652, code: "03006" };
/** Hà Nội: outside the province. */
export const HANOI = { lat: 21.0285, lon: 105.8542 };

export type Citizen = { id: string; zaloUserId: string; token: string; headers: Record<string, string> };

export async function uploadPhoto(app: TestApp, c: Citizen, data?: Buffer, name = "anh.jpg") {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(data ?? (await photoWithGps()))]), name);
  const r = await fetch(`${app.baseUrl}/api/v1/incidents/photos`, {
    method: "POST",
    headers: { authorization: c.headers.authorization! },
    body: form,
  });
  return { status: r.status, body: (await r.json()) as { id: string } & Record<string, unknown> };
}

export async function report(app: TestApp, c: Citizen, body: Record<string, unknown>) {
  const r = await fetch(`${app.baseUrl}/api/v1/incidents`, {
    method: "POST",
    headers: c.headers,
    body: JSON.stringify({
      category: "waste",
      description: "Rác thải đổ trộm bên đường",
      location: { lat: KHAO_MANG.lat, lon: KHAO_MANG.lon },
      ...body,
    }),
  });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> & { publicId: string } };
}

export async function getJson<T = Record<string, unknown>>(app: TestApp, path: string, headers = {}) {
  const r = await fetch(`${app.baseUrl}${path}`, { headers });
  return { status: r.status, body: (await r.json()) as T };
}

import { api, ApiError, API_BASE } from "../../api/client";
import { getToken } from "../../auth/session";
import type { CommunePoint } from "./incident-map";

// The citizen API of incident reports (server/src/incidents/incident.schema.ts).
export interface Category {
  key: string;
  names: { vi: string; en: string; zh: string };
  slaHours: number;
  icon: string;
}
export interface IncidentView {
  publicId: string;
  category: string;
  categoryName: string;
  status: string;
  statusText: string;
  open: boolean;
  description: string;
  lat: number;
  lon: number;
  commune: { code: string; name: string } | null;
  agency: string | null;
  supporters: number;
  photos: { id: string; url: string }[];
  createdAt: string;
  dueAt: string | null;
  /** Only on a report's own page, and only when its reporter chose to be named. */
  reporterName?: string | null;
  mine?: boolean;
  role?: "reporter" | "supporter";
  events?: { status: string; statusText: string; note: string | null; at: string }[];
  rating?: { score: number; comment: string | null } | null;
  fixConfirmedAt?: string | null;
}
export interface Nearby {
  publicId: string;
  description: string;
  status: string;
  distanceM: number;
  supporters: number;
}

let categories: Promise<Category[]> | undefined;
export const loadCategories = () =>
  (categories ??= api
    .get<{ categories: Category[] }>("/incident-categories", { auth: false })
    .then((r) => r.categories)
    .catch((e: unknown) => {
      categories = undefined;
      throw e;
    }));

let communes: Promise<CommunePoint[]> | undefined;
export const loadCommunes = () =>
  (communes ??= api
    .get<{ communes: CommunePoint[] }>("/communes", { auth: false })
    .then((r) => r.communes)
    .catch((e: unknown) => {
      communes = undefined;
      throw e;
    }));

export interface MapConfig {
  tileUrl: string | null;
  attribution: string | null;
}
let mapConfig: Promise<MapConfig> | undefined;
/** The background tiles configured on the server (none: the maps draw our own data only). */
export const loadMapConfig = () =>
  (mapConfig ??= api.get<MapConfig>("/map", { auth: false }).catch((e: unknown) => {
    mapConfig = undefined;
    throw e;
  }));

export interface MapPoint {
  publicId: string;
  category: string;
  lat: number;
  lon: number;
  open: boolean;
}

/** Where a getLocation token points (redeemed once, on the server), with a ticket to report with. */
export const locateWithToken = (loc: { accessToken: string; token: string }) =>
  api.post<{ lat: number; lon: number; commune: { code: string; name: string }; ticket: string }>(
    "/incidents/locate",
    { accessToken: loc.accessToken, token: loc.token },
  );

/** A photo for a report; the server re-encodes it without EXIF. */
export async function uploadIncidentPhoto(file: File, fallbackMessage: string): Promise<{ id: string }> {
  const form = new FormData();
  form.append("file", file);
  const r = await fetch(`${API_BASE}/incidents/photos`, {
    method: "POST",
    headers: { authorization: `Bearer ${getToken() ?? ""}` },
    body: form,
  });
  const body = (await r.json().catch(() => ({}))) as { id?: string; error?: { userMessage: string } };
  if (!r.ok || !body.id) throw new Error(body.error?.userMessage ?? fallbackMessage);
  return { id: body.id };
}

/** The server's Vietnamese words: the field's own message when there is one. */
export const errorText = (e: unknown, fallback: string) =>
  e instanceof ApiError ? (e.fields?.[0]?.message ?? e.userMessage) : fallback;

export const vnDateTime = (iso: string | null | undefined) => {
  if (!iso) return "—";
  const d = new Date(new Date(iso).getTime() + 7 * 3600_000).toISOString();
  return `${d.slice(11, 16)} ${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
};

import type { Agency, AdminUnit, Citizen, Incident, IncidentEvent, IncidentMedia } from "../platform/db.js";
import { categoryName } from "./categories.js";
import { isOpen, STATUS_TEXT } from "./incident-status.js";
import { maskPersonalNumbers } from "./mask-personal-numbers.js";
import type { IncidentOwnView, IncidentPublicDetail, IncidentPublicView } from "./incident.schema.js";

export const INCIDENT_INCLUDE = {
  unit: true,
  agency: true,
  media: { orderBy: { createdAt: "asc" } },
  events: { orderBy: { createdAt: "asc" } },
  reporter: true,
  _count: { select: { supporters: true } },
} as const;

export type FullIncident = Incident & {
  unit: AdminUnit | null;
  agency: Agency | null;
  media: IncidentMedia[];
  events: IncidentEvent[];
  reporter: Citizen | null;
  _count: { supporters: number };
};

type Lang = "vi" | "en" | "zh";

/** What anyone may see in lists and on the map: no reporter identity at all, no hidden photo. */
export function toIncidentPublicView(i: FullIncident, lang: Lang = "vi"): IncidentPublicView {
  return {
    publicId: i.publicId,
    category: i.category,
    categoryName: categoryName(i.category, lang),
    status: i.status,
    statusText: STATUS_TEXT[i.status][lang],
    open: isOpen(i.status),
    description: i.descriptionPublic,
    lat: i.lat,
    lon: i.lon,
    commune: i.unit ? { code: i.unit.code, name: i.unit.fullName } : null,
    agency: i.agency?.name ?? null,
    supporters: i._count.supporters,
    photos: i.media
      .filter((m) => !m.hidden)
      .map((m) => ({ id: m.id, url: `/api/v1/incidents/${i.publicId}/photos/${m.id}` })),
    createdAt: i.createdAt.toISOString(),
    updatedAt: i.updatedAt.toISOString(),
    dueAt: i.dueAt?.toISOString() ?? null,
  };
}

/** One report's public page: the reporter's Zalo display name only if they chose to be named. */
export function toIncidentPublicDetail(i: FullIncident, lang: Lang = "vi"): IncidentPublicDetail {
  return {
    ...toIncidentPublicView(i, lang),
    reporterName: i.anonymous || !i.reporter?.displayName ? null : i.reporter.displayName,
  };
}

/** The reporter's (or a supporter's) view: the timeline and their own full text. */
export function toIncidentOwnView(
  i: FullIncident,
  role: "reporter" | "supporter",
  lang: Lang = "vi",
): IncidentOwnView {
  const pub = toIncidentPublicDetail(i, lang);
  return {
    ...pub,
    description: role === "reporter" ? i.description : pub.description,
    mine: true,
    role,
    anonymous: i.anonymous,
    events: i.events.map((e) => ({
      status: e.toStatus,
      statusText: STATUS_TEXT[e.toStatus][lang],
      // The reporter reads every note whole; a supporter masked, as the public would.
      note: e.note && role !== "reporter" ? maskPersonalNumbers(e.note) : e.note,
      at: e.createdAt.toISOString(),
    })),
    // The reporter's rating (and its comment) is theirs alone.
    rating: role === "reporter" && i.ratingScore ? { score: i.ratingScore, comment: i.ratingComment } : null,
    fixConfirmedAt: i.fixConfirmedAt?.toISOString() ?? null,
  };
}

import { z } from "zod";
import { CATEGORY_KEYS } from "./categories.js";
import { INCIDENT_STATUSES } from "./incident-status.js";
import { MAX_DESCRIPTION, MAX_PHOTOS } from "./create-incident.js";
import { zaloTokenBody } from "../citizens/citizen.schema.js";

// What crosses the citizen API boundary; the mini app imports these types.
const lat = z.coerce.number().min(-90).max(90);
const lon = z.coerce.number().min(-180).max(180);

export const publicIdParams = z.object({ publicId: z.string().regex(/^PA-[0-9A-Z]{8}$/) });

/** The phone's position as zmp-sdk getLocation gives it (one-time token, redeemed here). */
export const locationTokenBody = zaloTokenBody;

export const locateResponse = z.object({
  lat: z.number(),
  lon: z.number(),
  commune: z.object({ code: z.string(), name: z.string() }),
  /** Signed for this citizen, good for a few minutes: submit the report with it. */
  ticket: z.string(),
  expiresAt: z.string(),
});

export const createIncidentBody = z
  .object({
    category: z.enum(CATEGORY_KEYS, { message: "Vui lòng chọn loại sự cố." }),
    description: z
      .string({ message: "Vui lòng mô tả sự cố." })
      .trim()
      .min(1, "Vui lòng mô tả sự cố.")
      .max(MAX_DESCRIPTION, `Mô tả tối đa ${MAX_DESCRIPTION} ký tự.`),
    /** A pin on the map. */
    location: z.object({ lat, lon }).optional(),
    /** Or the phone's position: zmp-sdk getLocation's one-time token, redeemed here. */
    locationToken: locationTokenBody.optional(),
    /** Or the ticket POST /incidents/locate gave for that token (the usual path in Zalo). */
    locationTicket: z.string().min(1).max(1000).optional(),
    fileIds: z.array(z.string().min(1).max(64)).max(MAX_PHOTOS, `Tối đa ${MAX_PHOTOS} ảnh.`).default([]),
    /** Named to the public only when the reporter asks ("Hiện tên tôi công khai"). */
    anonymous: z.boolean().default(true),
  })
  .refine((b) => b.location || b.locationToken || b.locationTicket, {
    message: "Vui lòng chọn vị trí sự cố trên bản đồ hoặc dùng vị trí hiện tại.",
    path: ["location"],
  });

export const nearbyQuery = z.object({
  category: z.enum(CATEGORY_KEYS),
  lat,
  lon,
  radiusM: z.coerce.number().int().min(50).max(5000).default(500),
});

export const publicFilters = z.object({
  category: z.enum(CATEGORY_KEYS).optional(),
  status: z.union([z.enum(INCIDENT_STATUSES), z.enum(["open", "closed"])]).optional(),
  commune: z
    .string()
    .regex(/^\d{5}$/)
    .optional(),
});

export const listQuery = publicFilters.extend({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** The next page: the `next` of the previous one (newest first). */
  after: z
    .string()
    .regex(/^PA-[0-9A-Z]{8}$/)
    .optional(),
});

/** Every report the filters select, as bare points for the map (clustered there). */
export const mapPoint = z.object({
  publicId: z.string(),
  category: z.string(),
  lat: z.number(),
  lon: z.number(),
  open: z.boolean(),
});
export const MAX_MAP_POINTS = 5000;

export const rateBody = z.object({
  score: z.coerce.number().int().min(1, "Chọn từ 1 đến 5 sao.").max(5, "Chọn từ 1 đến 5 sao."),
  comment: z.string().trim().max(1000).optional(),
});
export const reopenBody = z.object({
  reason: z.string().trim().min(1, "Vui lòng cho biết lý do.").max(1000),
});

export const incidentEventView = z.object({
  status: z.string(),
  statusText: z.string(),
  note: z.string().nullable(),
  at: z.string(),
});

export const incidentPublicView = z.object({
  publicId: z.string(),
  category: z.string(),
  categoryName: z.string(),
  status: z.string(),
  statusText: z.string(),
  open: z.boolean(),
  description: z.string(),
  lat: z.number(),
  lon: z.number(),
  commune: z.object({ code: z.string(), name: z.string() }).nullable(),
  agency: z.string().nullable(),
  supporters: z.number(),
  photos: z.array(z.object({ id: z.string(), url: z.string() })),
  createdAt: z.string(),
  updatedAt: z.string(),
  dueAt: z.string().nullable(),
});

/** A report's own public page: the reporter's Zalo name when they chose to be named. */
export const incidentPublicDetail = incidentPublicView.extend({
  reporterName: z.string().nullable(),
});

export const incidentOwnView = incidentPublicDetail.extend({
  mine: z.literal(true),
  role: z.enum(["reporter", "supporter"]),
  anonymous: z.boolean(),
  events: z.array(incidentEventView),
  rating: z.object({ score: z.number(), comment: z.string().nullable() }).nullable(),
  fixConfirmedAt: z.string().nullable(),
});

export const incidentAnyView = z.union([incidentOwnView, incidentPublicDetail]);
export type IncidentPublicView = z.infer<typeof incidentPublicView>;
export type IncidentPublicDetail = z.infer<typeof incidentPublicDetail>;
export type IncidentOwnView = z.infer<typeof incidentOwnView>;

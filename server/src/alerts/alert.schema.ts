import { z } from "zod";
import { HAZARD_CODES } from "./hazards.js";
import { zaloTokenBody } from "../citizens/citizen.schema.js";

const lat = z.number().min(-90).max(90);
const lon = z.number().min(-180).max(180);
const languages = z.enum(["vi", "en", "zh"]);

const text = z.object({
  headline: z.string().trim().min(5, "Tiêu đề cần ít nhất 5 ký tự.").max(160, "Tiêu đề tối đa 160 ký tự."),
  description: z
    .string()
    .trim()
    .min(10, "Nội dung cần ít nhất 10 ký tự.")
    .max(3000, "Nội dung tối đa 3.000 ký tự."),
  instruction: z.string().trim().max(1000, "Khuyến cáo tối đa 1.000 ký tự.").default(""),
});

/** What an IOC operator fills in the console; it becomes a CAP 1.2 document (one info per language). */
export const composeBody = z.object({
  hazard: z.enum(HAZARD_CODES),
  riskLevel: z.number().int().min(1, "Cấp độ từ 1 đến 5.").max(5, "Cấp độ từ 1 đến 5."),
  communes: z
    .array(z.string().regex(/^\d{5}$/, "Mã xã/phường gồm 5 chữ số."))
    .max(99)
    .default([]),
  polygon: z
    .array(z.tuple([lat, lon]))
    .min(4, "Đa giác cần ít nhất 4 điểm (điểm cuối trùng điểm đầu).")
    .max(500)
    .optional(),
  circle: z.object({ lat, lon, radiusKm: z.number().positive().max(200) }).optional(),
  vi: text,
  en: text.optional(),
  zh: text.optional(),
  expiresAt: z.iso.datetime({ offset: true, error: "Thời điểm hết hiệu lực không hợp lệ." }),
  urgency: z.enum(["Immediate", "Expected", "Future"]).default("Expected"),
  certainty: z.enum(["Observed", "Likely", "Possible"]).default("Likely"),
  responseType: z
    .enum(["Shelter", "Evacuate", "Prepare", "Execute", "Avoid", "Monitor", "Assess"])
    .default("Prepare"),
});
export type ComposeBody = z.infer<typeof composeBody>;

export const cancelBody = z.object({ note: z.string().trim().max(500).default("") });

export const idParams = z.object({ id: z.string().min(1).max(64) });

export const publishResponse = z.object({
  alertId: z.string(),
  identifier: z.string(),
  created: z.boolean(),
  communes: z.number(),
});

export const subscriptionView = z.object({
  id: z.string(),
  unitCode: z.string(),
  communeName: z.string(),
  communeType: z.string(),
  label: z.enum(["home", "work", "family", "stay", "location"]),
  language: languages.nullable(),
  source: z.enum(["miniapp", "oa_location", "qr"]),
  qrSiteCode: z.string().nullable(),
  expiresAt: z.string().nullable(),
  createdAt: z.string(),
});

export const subscribeBody = z.object({
  unitCode: z.string().regex(/^\d{5}$/, "Vui lòng chọn xã/phường."),
  label: z.enum(["home", "work", "family"], { error: "Vui lòng chọn loại địa điểm." }),
  language: languages.optional(),
});

export const qrParams = z.object({ siteCode: z.string().regex(/^[A-Za-z0-9-]{2,40}$/) });
export const qrBody = z.object({ language: languages });
export const qrSiteView = z.object({
  code: z.string(),
  name: z.object({ vi: z.string(), en: z.string(), zh: z.string() }),
  unitCode: z.string(),
  communeName: z.string(),
  days: z.number(),
});

export const safetyBody = z.object({
  safe: z.boolean({ error: "Vui lòng chọn an toàn hoặc cần giúp đỡ." }),
  lat: lat.optional(),
  lon: lon.optional(),
  /** Or the phone's position: zmp-sdk getLocation's one-time token, redeemed here. */
  locationToken: zaloTokenBody.optional(),
});
export const safetyResponse = z.object({
  safe: z.boolean(),
  unitCode: z.string().nullable(),
  incidentPublicId: z.string().nullable(),
  /** A request for help placed at the commune's centre: no usable location was shared. */
  approximateLocation: z.boolean(),
});

export const langQuery = z.object({ lang: languages.optional() });

/** One CAP area: every polygon ([lat, lon] rings) and circle it holds, and the communes it covers. */
export const alertAreaView = z.object({
  areaDesc: z.string(),
  polygons: z.array(z.array(z.tuple([z.number(), z.number()]))),
  circles: z.array(z.object({ lat: z.number(), lon: z.number(), radiusKm: z.number() })),
  units: z.array(z.string()),
});

export const citizenAlertView = z.object({
  id: z.string(),
  msgType: z.string(),
  status: z.string(),
  hazard: z.string(),
  hazardName: z.string(),
  /** As the bulletin gives it; null when it gives none (levelName then says so). */
  riskLevel: z.number().nullable(),
  levelColour: z.string(),
  levelName: z.string(),
  language: languages,
  headline: z.string().nullable(),
  description: z.string().nullable(),
  instruction: z.string().nullable(),
  senderName: z.string().nullable(),
  sent: z.string(),
  expires: z.string(),
  areas: z.array(alertAreaView),
  myPlaces: z.array(z.object({ unitCode: z.string(), communeName: z.string(), label: z.string() })),
  mySafety: z.enum(["safe", "help"]).nullable(),
});

export const deliveryStats = z.object({
  total: z.number(),
  planned: z.number(),
  sent: z.number(),
  failed: z.record(z.string(), z.number()),
  skipped: z.record(z.string(), z.number()),
});

export const staffAlertSummary = z.object({
  id: z.string(),
  identifier: z.string(),
  msgType: z.string(),
  status: z.string(),
  source: z.string(),
  hazard: z.string(),
  riskLevel: z.number().nullable(),
  headline: z.string().nullable(),
  sent: z.string(),
  expires: z.string(),
  communes: z.array(z.object({ code: z.string(), name: z.string() })),
  supersedesId: z.string().nullable(),
});

export const safetyBoardRow = z.object({
  unitCode: z.string(),
  communeName: z.string(),
  recipients: z.number(),
  safe: z.number(),
  needHelp: z.number(),
  noAnswer: z.number(),
  helpRequests: z.array(
    z.object({
      incidentPublicId: z.string().nullable(),
      at: z.string(),
      lat: z.number().nullable(),
      lon: z.number().nullable(),
    }),
  ),
});

// Pieces the alert tests share: CAP documents as the IOC would send them, the signed
// webhook call, subscribers made directly in the database.
import { randomBytes } from "node:crypto";
import { buildCap, capDateTime, type CapAlert, type CapInfo } from "../../../server/src/alerts/cap.js";
import { signWebhook } from "../../../server/src/integrations/webhook-signature.js";
import { TEST_SECRETS } from "../../support/simulators.js";
import type { TestApp } from "../../support/harness.js";

export const IOC_SENDER = "kttv@laocai.gov.vn";
/** Xã Phúc Khánh (Làng Nủ), Sa Pa, Bắc Hà: real GSO codes from the seed. */
export const PHUC_KHANH = "02998";
export const SA_PA = "03006";
export const BAC_HA = "02839";

export const uniqueId = (prefix = "KTTV") => `${prefix}-${Date.now()}-${randomBytes(3).toString("hex")}`;

export function capInfo(lang: "vi-VN" | "en-US" | "zh-CN", over: Partial<CapInfo> = {}): CapInfo {
  const texts = {
    "vi-VN": {
      headline: "Cảnh báo lũ quét, sạt lở đất",
      description: "Mưa lớn 150 mm trong 6 giờ qua; nguy cơ lũ quét tại các suối nhỏ.",
      instruction: "Di chuyển ngay khỏi khu vực ven suối, sườn đồi.",
      event: "Lũ quét",
    },
    "en-US": {
      headline: "Flash flood and landslide warning",
      description: "150 mm of rain in the last 6 hours; flash floods likely along small streams.",
      instruction: "Move away from streams and hillsides now.",
      event: "Flash flood",
    },
    "zh-CN": {
      headline: "山洪、滑坡预警",
      description: "过去6小时降雨150毫米，小溪沿岸可能发生山洪。",
      instruction: "立即远离溪流和山坡。",
      event: "山洪",
    },
  }[lang];
  return {
    language: lang,
    category: ["Geo"],
    event: texts.event,
    responseType: ["Evacuate"],
    urgency: "Immediate",
    severity: "Severe",
    certainty: "Likely",
    expires: capDateTime(new Date(Date.now() + 6 * 3600_000)),
    senderName: "Đài KTTV tỉnh Lào Cai",
    headline: texts.headline,
    description: texts.description,
    instruction: texts.instruction,
    parameters: [
      { valueName: "VN_HAZARD", value: "flash_flood" },
      { valueName: "VN_RISK_LEVEL", value: "3" },
    ],
    areas: [
      {
        areaDesc: "Xã Phúc Khánh",
        polygons: [],
        circles: [],
        geocodes: [{ valueName: "GSO", value: PHUC_KHANH }],
      },
    ],
    ...over,
  };
}

export function capAlert(over: Partial<CapAlert> = {}, infoOver: Partial<CapInfo> = {}): CapAlert {
  return {
    identifier: uniqueId(),
    sender: IOC_SENDER,
    sent: capDateTime(new Date(Date.now() - 1000)),
    status: "Actual",
    msgType: "Alert",
    scope: "Public",
    references: [],
    infos: [capInfo("vi-VN", infoOver), capInfo("en-US", infoOver)],
    ...over,
  };
}

export const referenceTo = (a: CapAlert) => [{ sender: a.sender, identifier: a.identifier, sent: a.sent }];

/** POSTs XML to our IOC webhook, signed as the IOC signs (or not, or wrongly). */
export async function postCap(app: TestApp, xml: string, opts: { sign?: "ok" | "none" | "wrong" } = {}) {
  const sign = opts.sign ?? "ok";
  const r = await fetch(`${app.baseUrl}/webhooks/ioc/cap`, {
    method: "POST",
    headers: {
      "content-type": "application/cap+xml",
      ...(sign === "none"
        ? {}
        : {
            "x-ioc-signature": signWebhook(
              xml,
              sign === "ok" ? TEST_SECRETS.IOC_WEBHOOK_SECRET : "another-secret",
            ),
          }),
    },
    body: xml,
  });
  return {
    status: r.status,
    body: (await r.json()) as {
      alertId?: string;
      created?: boolean;
      communes?: number;
      error?: { code: string; fields?: { field: string; message: string }[] };
    },
  };
}

export const sendCap = (app: TestApp, cap: CapAlert) => postCap(app, buildCap(cap));

/**
 * Citizens following a commune, made in bulk in the database (their sign-in is another
 * test's business); each is also a Zalo user of the (in-process) simulator who talked to
 * the OA just now, so consultation messages reach them.
 */
export async function subscribers(
  app: TestApp,
  n: number,
  unitCode: string,
  opts: { language?: "vi" | "en" | "zh"; interact?: boolean } = {},
) {
  const tag = randomBytes(4).toString("hex");
  const ids = Array.from({ length: n }, (_, i) => ({
    citizenId: `c-${tag}-${String(i).padStart(6, "0")}`,
    zaloUserId: `84${parseInt(tag, 16)}${String(i).padStart(6, "0")}`,
  }));
  const sim = app.sims.zalo.state;
  for (const { zaloUserId } of ids) {
    sim.users.set(zaloUserId, {
      id: zaloUserId,
      idByApp: `app${zaloUserId}`,
      name: `Người dân ${zaloUserId.slice(-4)}`,
      accessToken: `user-${zaloUserId}`,
      follows: true,
      ...(opts.interact === false ? {} : { lastInteractAt: sim.clock.now() }),
    });
  }
  await app.ctx.pg.query(
    `WITH c AS (
       INSERT INTO "Citizen" (id, "zaloUserId", "followsOA", "lastInteractAt", "updatedAt")
       SELECT id, z, true, now(), now() FROM unnest($1::text[], $2::text[]) AS t(id, z)
       RETURNING id)
     INSERT INTO "AlertSubscription" (id, "citizenId", "unitCode", label, language)
     SELECT 's-' || c.id, c.id, $3, 'home', $4::"Language" FROM c`,
    [ids.map((i) => i.citizenId), ids.map((i) => i.zaloUserId), unitCode, opts.language ?? null],
  );
  return ids;
}

/** Successful sends to one Zalo user in the OA simulator's store. */
export async function sentTo(app: TestApp, zaloUserId: string) {
  return (await app.sims.zalo.messagesTo(zaloUserId)).filter((m) => m.outcome === 0);
}

export function textOf(m: { payload: unknown }): string {
  return String((m.payload as { message?: { text?: string } }).message?.text ?? "");
}

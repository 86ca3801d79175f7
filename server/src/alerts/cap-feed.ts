import type { AppContext } from "../platform/context.js";
import { notFound } from "../platform/errors.js";
import { buildCap, capDateTime, COMMUNE_GEOCODE, type CapAlert, type CapArea } from "./cap.js";
import { WITH_AREAS, shapesOf, type AlertRow } from "./alert-views.js";
import { CAP_LANGUAGE, HAZARDS, PARAM_HAZARD, PARAM_RISK_LEVEL, isHazard } from "./hazards.js";
import type { StoredInfo } from "./ingest-cap.js";

// The public CAP 1.2 feed for other systems (Google Public Alerts, the WMO alert hub): an
// Atom index of Actual + Public alerts and one CAP document per alert, rebuilt from what we
// stored so that every language we hold is one `info`, whatever the source sent.

const escXml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function capAreas(a: AlertRow): CapArea[] {
  return a.areas.map((ar) => ({
    areaDesc: ar.areaDesc,
    ...shapesOf(ar),
    geocodes: ar.units.map((u) => ({ valueName: COMMUNE_GEOCODE, value: u.unitCode })),
  }));
}

export function capForAlert(a: AlertRow): CapAlert {
  const infos = a.infos as unknown as StoredInfo[];
  const seen = new Set<string>();
  return {
    identifier: a.identifier,
    sender: a.sender,
    sent: a.sentText, // verbatim: later references name it as the sender wrote it
    status: a.capStatus,
    msgType: a.msgType,
    scope: a.scope,
    references: (a.references ?? "")
      .split(/\s+/)
      .filter(Boolean)
      .map((t) => {
        const [sender = "", identifier = "", sent = ""] = t.split(",");
        return { sender, identifier, sent };
      }),
    infos: infos
      .filter((i) => !seen.has(i.language) && seen.add(i.language))
      .map((i) => ({
        language: CAP_LANGUAGE[i.language],
        category: i.category.length
          ? i.category
          : [isHazard(a.hazard) ? HAZARDS[a.hazard].category : "Other"],
        event: i.event,
        responseType: i.responseType,
        urgency: i.urgency,
        severity: i.severity,
        certainty: i.certainty,
        ...(i.effective ? { effective: i.effective } : {}),
        expires: capDateTime(a.expires),
        ...(i.senderName ? { senderName: i.senderName } : {}),
        ...(i.headline ? { headline: i.headline } : {}),
        ...(i.description ? { description: i.description } : {}),
        ...(i.instruction ? { instruction: i.instruction } : {}),
        ...(i.web ? { web: i.web } : {}),
        // The level only when the bulletin gave one (Điều 41: we republish, never derive).
        parameters: [
          { valueName: PARAM_HAZARD, value: a.hazard },
          ...(a.riskLevel !== null ? [{ valueName: PARAM_RISK_LEVEL, value: String(a.riskLevel) }] : []),
        ],
        areas: capAreas(a),
      })),
  };
}

const PUBLIC = { capStatus: "Actual", scope: "Public" } as const;

export async function capDocument(ctx: AppContext, alertId: string): Promise<string> {
  const a = (await ctx.db.alert.findFirst({
    where: { id: alertId, ...PUBLIC },
    include: WITH_AREAS,
  })) as AlertRow | null;
  if (!a) throw notFound("alert");
  return buildCap(capForAlert(a));
}

/** Atom 1.0 index: newest first, each entry linking its CAP document (type application/cap+xml). */
export async function capAtomFeed(ctx: AppContext, baseUrl: string): Promise<string> {
  const rows = (await ctx.db.alert.findMany({
    where: PUBLIC,
    include: WITH_AREAS,
    orderBy: { sent: "desc" },
    take: 100,
  })) as AlertRow[];
  // An empty feed is as fresh as the moment it is read (Atom requires an updated date).
  const updated = rows[0]?.createdAt ?? new Date();
  const entries = rows
    .map((a) => {
      const info =
        (a.infos as unknown as StoredInfo[]).find((i) => i.language === "vi") ??
        (a.infos as unknown as StoredInfo[])[0];
      const title = `${a.msgType === "Cancel" ? "[Hủy] " : a.msgType === "Update" ? "[Cập nhật] " : ""}${info?.headline ?? info?.event ?? a.identifier}`;
      const href = `${baseUrl}/alerts/cap/${encodeURIComponent(a.id)}.xml`;
      return `  <entry>
    <id>urn:laocai:alert:${escXml(a.identifier)}</id>
    <title>${escXml(title)}</title>
    <updated>${a.createdAt.toISOString()}</updated>
    <published>${a.sent.toISOString()}</published>
    <summary>${escXml(info?.description ?? "")}</summary>
    <link rel="alternate" type="application/cap+xml" href="${escXml(href)}"/>
  </entry>`;
    })
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${escXml(`${baseUrl}/alerts/cap`)}</id>
  <title>Cảnh báo thiên tai tỉnh Lào Cai (CAP 1.2)</title>
  <updated>${updated.toISOString()}</updated>
  <author><name>UBND tỉnh Lào Cai – IOC</name></author>
  <link rel="self" href="${escXml(`${baseUrl}/alerts/cap`)}"/>
${entries}
</feed>
`;
}

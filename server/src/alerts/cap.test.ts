import { describe, expect, it } from "vitest";
import { buildCap, capDateTime, checkCapMeaning, parseCap, validateCapSchema, type CapAlert } from "./cap.js";

const now = new Date("2026-09-10T01:00:00Z");
const known = new Set(["02821", "02647"]);

function sample(over: Partial<CapAlert> = {}): CapAlert {
  return {
    identifier: "LC-IOC-2026-0001",
    sender: "ioc@laocai.gov.vn",
    sent: capDateTime(now),
    status: "Actual",
    msgType: "Alert",
    scope: "Public",
    references: [],
    infos: ["vi-VN", "en-US"].map((language) => ({
      language,
      category: ["Geo", "Met"],
      event: "Lũ quét",
      responseType: ["Evacuate"],
      urgency: "Immediate",
      severity: "Severe",
      certainty: "Likely",
      expires: capDateTime(new Date(now.getTime() + 6 * 3600_000)),
      headline: language === "vi-VN" ? "Cảnh báo lũ quét cấp 3 & sạt lở" : "Flash flood warning level 3",
      description: "Mưa lớn <200 mm>",
      instruction: "Di chuyển lên vùng cao.",
      parameters: [{ valueName: "riskLevel", value: "3" }],
      areas: [
        {
          areaDesc: "Xã Phúc Khánh",
          polygons: [
            [
              [22.1, 104.2],
              [22.2, 104.2],
              [22.2, 104.3],
              [22.1, 104.2],
            ],
          ],
          circles: [{ lat: 22.3, lon: 103.8, radiusKm: 5 }],
          geocodes: [{ valueName: "GSO", value: "02821" }],
        },
      ],
    })),
    ...over,
  };
}

describe("CAP 1.2", () => {
  it("[ALERTS] a built alert is valid against the official XSD and parses back to the same content", async () => {
    const xml = buildCap(sample());
    expect(await validateCapSchema(xml)).toEqual([]);
    const back = parseCap(xml);
    expect(back).toMatchObject({ identifier: "LC-IOC-2026-0001", msgType: "Alert" });
    expect(back.infos).toHaveLength(2);
    expect(back.infos[0]?.headline).toBe("Cảnh báo lũ quét cấp 3 & sạt lở");
    expect(back.infos[0]?.description).toBe("Mưa lớn <200 mm>");
    expect(parseCap(xml.replace("Mưa lớn", "Mưa &amp;lt;lớn&#x26;")).infos[0]?.description).toMatch(
      /^Mưa &lt;lớn&/,
    );
    expect(back.infos[1]?.areas[0]?.polygons[0]).toHaveLength(4);
    expect(back.infos[1]?.areas[0]?.circles[0]).toEqual({ lat: 22.3, lon: 103.8, radiusKm: 5 });
    expect(checkCapMeaning(back, { knownCommunes: known, now })).toEqual([]);
  });

  it("[ALERTS] an alert without a required element or with a wrong enumeration fails the schema", async () => {
    const missing = buildCap(sample()).replace(/<scope>Public<\/scope>\n/, "");
    expect((await validateCapSchema(missing)).length).toBeGreaterThan(0);
    const wrong = buildCap(sample()).replace("<status>Actual</status>", "<status>Real</status>");
    const problems = await validateCapSchema(wrong);
    expect(problems[0]?.message).toMatch(/CAP 1.2/);
    expect((await validateCapSchema("<alert><not-closed></alert>")).length).toBeGreaterThan(0);
  });

  it("[ALERTS] entity declarations are refused before any parser sees them (XXE, billion laughs)", async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE alert [<!ENTITY x SYSTEM "file:///etc/passwd">]><alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&x;</identifier></alert>`;
    const problems = await validateCapSchema(xxe);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/DOCTYPE/);
    expect(() => parseCap(xxe)).toThrow(/DOCTYPE/);
    // Ten levels of ten: 10^9 "lol" if any parser expanded it.
    const levels = Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join(
      "",
    );
    const lol = `<?xml version="1.0"?><!DOCTYPE alert [<!ENTITY l0 "lol">${levels}]><alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&l9;</identifier></alert>`;
    expect(await validateCapSchema(lol)).toEqual([
      expect.objectContaining({ field: "xml", message: expect.stringMatching(/DOCTYPE/) }),
    ]);
    expect(() => parseCap(lol)).toThrow(/DOCTYPE/);
  });

  it("[ALERTS] meaning checks: expiry before sending, open polygon, area outside the province, unknown commune", () => {
    const cap = sample();
    const info = cap.infos[0]!;
    info.expires = capDateTime(new Date(now.getTime() - 3600_000));
    info.areas[0]!.polygons[0] = [
      [22.1, 104.2],
      [22.2, 104.2],
      [22.2, 104.3],
    ];
    info.areas[0]!.circles[0] = { lat: 21.0, lon: 105.8, radiusKm: 3 }; // Hà Nội
    info.areas[0]!.geocodes[0] = { valueName: "GSO", value: "99999" };
    const fields = checkCapMeaning(cap, { knownCommunes: known, now }).map((p) => p.field);
    expect(fields).toEqual([
      "info[0].expires",
      "info[0].area[0].polygon[0]",
      "info[0].area[0].circle[0]",
      "info[0].area[0].geocode[0]",
    ]);
  });

  it("[ALERTS] an expired alert and an Update without references are refused", () => {
    const expired = sample();
    for (const info of expired.infos) info.expires = capDateTime(new Date(now.getTime() + 60_000));
    expect(
      checkCapMeaning(expired, { knownCommunes: known, now: new Date(now.getTime() + 120_000) }),
    ).toEqual([
      expect.objectContaining({ message: "Bản tin đã hết hiệu lực." }),
      expect.objectContaining({ message: "Bản tin đã hết hiệu lực." }),
    ]);
    const update = sample({ msgType: "Update" });
    expect(checkCapMeaning(update, { knownCommunes: known, now }).map((p) => p.field)).toEqual([
      "references",
    ]);
  });

  it("[ALERTS] meaning checks: the risk level must be one Decision 18/2021 gives the hazard; none at all is fine", () => {
    const withLevel = (hazard: string, level?: string) => {
      const cap = sample();
      for (const info of cap.infos) {
        info.parameters = [
          { valueName: "VN_HAZARD", value: hazard },
          ...(level === undefined ? [] : [{ valueName: "VN_RISK_LEVEL", value: level }]),
        ];
      }
      return checkCapMeaning(cap, { knownCommunes: known, now }).map((p) => p.message);
    };
    expect(withLevel("storm", "2")[0]).toMatch(/"Bão, áp thấp nhiệt đới" là từ 3 đến 5/);
    expect(withLevel("storm", "3")).toEqual([]);
    expect(withLevel("hail_lightning", "3")[0]).toMatch(/từ 1 đến 2/);
    expect(withLevel("flash_flood", "3")).toEqual([]);
    expect(withLevel("flood", "5")).toEqual([]);
    expect(withLevel("flood", "6")[0]).toBe("Cấp độ rủi ro phải từ 1 đến 5.");
    expect(withLevel("flood", "2.5")[0]).toBe("Cấp độ rủi ro phải từ 1 đến 5.");
    expect(withLevel("landslide")).toEqual([]);
  });

  it("[ALERTS] what we write is dated in Vietnam's time (+07:00), as CAP readers here expect", async () => {
    expect(capDateTime(new Date("2024-09-09T23:00:00.250Z"))).toBe("2024-09-10T06:00:00+07:00");
    expect(Date.parse(capDateTime(now))).toBe(now.getTime());
    expect(await validateCapSchema(buildCap(sample({ sent: capDateTime(now) })))).toEqual([]);
  });

  it("[ALERTS] references survive a round trip", async () => {
    const cancel = sample({
      msgType: "Cancel",
      identifier: "LC-IOC-2026-0002",
      references: [{ sender: "ioc@laocai.gov.vn", identifier: "LC-IOC-2026-0001", sent: capDateTime(now) }],
    });
    const xml = buildCap(cancel);
    expect(await validateCapSchema(xml)).toEqual([]);
    expect(parseCap(xml).references).toEqual(cancel.references);
  });
});

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { communesInArea, distanceKm, pointInPolygon, type CommuneGeo } from "./communes-in-area.js";

// Three made-up communes on a line, 0.1° (≈ 11 km) apart, each with a 0.08° box.
const commune = (code: string, lat: number, lon: number): CommuneGeo => ({
  code,
  centroidLat: lat,
  centroidLon: lon,
  bboxMinLat: lat - 0.04,
  bboxMaxLat: lat + 0.04,
  bboxMinLon: lon - 0.04,
  bboxMaxLon: lon + 0.04,
});
const communes = [commune("A", 22.3, 103.8), commune("B", 22.3, 103.9), commune("C", 22.3, 104.0)];
const area = (over: Partial<Parameters<typeof communesInArea>[0]>) => ({
  areaDesc: "x",
  polygons: [],
  circles: [],
  geocodes: [],
  ...over,
});

describe("[ALERTS] targeting", () => {
  it("a commune list takes exactly the named known communes", () => {
    const geocodes = ["C", "A", "ZZ"].map((value) => ({ valueName: "GSO", value }));
    expect(communesInArea(area({ geocodes }), communes)).toEqual(["A", "C"]);
  });

  it("a polygon takes the communes whose centroid is inside, and a small polygon inside one box", () => {
    const around = (lat: number, lon1: number, lon2: number): [number, number][] => [
      [lat - 0.05, lon1],
      [lat - 0.05, lon2],
      [lat + 0.05, lon2],
      [lat + 0.05, lon1],
      [lat - 0.05, lon1],
    ];
    expect(communesInArea(area({ polygons: [around(22.3, 103.75, 103.95)] }), communes)).toEqual(["A", "B"]);
    // A 1 km square near C's edge: misses every centroid, but lies in C's box.
    expect(communesInArea(area({ polygons: [around(22.32, 104.02, 104.03)] }), communes)).toEqual(["C"]);
    expect(pointInPolygon(22.3, 103.9, around(22.3, 103.95, 104.05))).toBe(false);
  });

  it("a circle takes the communes whose centroid is within the radius", () => {
    expect(distanceKm(22.3, 103.8, 22.3, 103.9)).toBeCloseTo(10.3, 0);
    expect(communesInArea(area({ circles: [{ lat: 22.3, lon: 103.85, radiusKm: 6 }] }), communes)).toEqual([
      "A",
      "B",
    ]);
    expect(communesInArea(area({ circles: [{ lat: 22.3, lon: 104.0, radiusKm: 1 }] }), communes)).toEqual([
      "C",
    ]);
  });
});

// The province's 99 communes as the seed stores them (prisma/data/laocai-communes.json).
const real: CommuneGeo[] = (
  JSON.parse(readFileSync(new URL("../../../prisma/data/laocai-communes.json", import.meta.url), "utf8")) as {
    communes: {
      code: string;
      centroid: { lat: number; lon: number };
      bbox_lonlat: [number, number, number, number];
    }[];
  }
).communes.map((c) => ({
  code: c.code,
  centroidLat: c.centroid.lat,
  centroidLon: c.centroid.lon,
  bboxMinLon: c.bbox_lonlat[0],
  bboxMinLat: c.bbox_lonlat[1],
  bboxMaxLon: c.bbox_lonlat[2],
  bboxMaxLat: c.bbox_lonlat[3],
}));

// Expected sets worked out by hand from the centroids and boxes in prisma/data, not by
// running the code: each comment says why a commune is in and why its neighbours are out.
describe("[ALERTS] targeting real Lào Cai shapes", () => {
  it("a commune list: exactly the named communes we know", () => {
    const geocodes = ["03006", "02998", "99999", "03006"].map((value) => ({ valueName: "GSO", value }));
    expect(communesInArea(area({ geocodes }), real)).toEqual(["02998", "03006"]);
  });

  it("a small square over Bắc Hà: Bắc Hà by its centre, Bảo Nhai by its box, no other neighbour", () => {
    const ring: [number, number][] = [
      [22.52, 104.28],
      [22.55, 104.28],
      [22.55, 104.31],
      [22.52, 104.31],
      [22.52, 104.28],
    ];
    // 02839 Bắc Hà: centre 22.53379,104.29455 inside. 02890 Bảo Nhai: box reaches lat 22.5464,
    // lon 104.165–104.3511, so the southern corners (22.52) lie in it. Lùng Phình's box starts
    // at lat 22.5515 (above 22.55), Cao Sơn's stops at lon 104.2076, Bản Liền's starts at 104.3133.
    expect(communesInArea(area({ polygons: [ring] }), real)).toEqual(["02839", "02890"]);
  });

  it("a 2 km circle in Sa Pa: Sa Pa by its centre (1.7 km away), Tả Van whose box holds the centre", () => {
    // 03006 Sa Pa: centre 22.34974,103.83652, ≈ 1.7 km from 22.336,103.844. 03037 Tả Van: box
    // up to lat 22.3585 holds the circle's centre. Tả Phìn's box starts at lat 22.3468, its centre
    // and Tả Van's are ≈ 6.5 km off.
    expect(communesInArea(area({ circles: [{ lat: 22.336, lon: 103.844, radiusKm: 2 }] }), real)).toEqual([
      "03006",
      "03037",
    ]);
  });

  it("an 8 km circle on Lào Cai ward: Cam Đường's centre (7.6 km) is in, Cốc San's (9.4 km) is not", () => {
    // 02647 Lào Cai: the centre itself. 02671 Cam Đường: 22.43089,104.00719 ≈ 7.6 km. Cốc San
    // 22.46267,103.92759 ≈ 9.4 km, Bản Lầu ≈ 10.6 km, Phong Hải ≈ 11.3 km; no other box holds
    // 22.49889,104.01072 (Cam Đường's stops at lat 22.4807, Cốc San's at lon 103.968).
    expect(distanceKm(22.49889, 104.01072, 22.43089, 104.00719)).toBeCloseTo(7.57, 1);
    expect(distanceKm(22.49889, 104.01072, 22.46267, 103.92759)).toBeCloseTo(9.4, 0);
    expect(communesInArea(area({ circles: [{ lat: 22.49889, lon: 104.01072, radiusKm: 8 }] }), real)).toEqual(
      ["02647", "02671"],
    );
  });
});

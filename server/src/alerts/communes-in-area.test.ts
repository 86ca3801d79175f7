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

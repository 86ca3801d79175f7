import { useEffect, useState } from "react";
import { api } from "../../api/client";
import type { PhoneLocation } from "../incidents/phone-location";

export interface AlertArea {
  areaDesc: string;
  /** Every polygon ([lat, lon] rings) and circle of the CAP area. */
  polygons: [number, number][][];
  circles: { lat: number; lon: number; radiusKm: number }[];
  units: string[];
}
export interface CitizenAlert {
  id: string;
  msgType: string;
  status: string;
  hazard: string;
  hazardName: string;
  /** As the bulletin gives it; null when it gives none (levelName then says so). */
  riskLevel: number | null;
  levelColour: string;
  levelName: string;
  language: "vi" | "en" | "zh";
  headline: string | null;
  description: string | null;
  instruction: string | null;
  senderName: string | null;
  sent: string;
  expires: string;
  areas: AlertArea[];
  myPlaces: { unitCode: string; communeName: string; label: Subscription["label"] }[];
  mySafety: "safe" | "help" | null;
}
export interface Subscription {
  id: string;
  unitCode: string;
  communeName: string;
  communeType: string;
  label: "home" | "work" | "family" | "stay" | "location";
  language: "vi" | "en" | "zh" | null;
  source: string;
  expiresAt: string | null;
}
export interface Commune {
  code: string;
  name: string;
  fullName: string;
  type: "xa" | "phuong";
  lat: number | null;
  lon: number | null;
}

let communesCache: Commune[] | null = null;

/** The province's communes (public, cached for the session: they change once in years). */
export function useCommunes(): Commune[] {
  const [communes, setCommunes] = useState<Commune[]>(communesCache ?? []);
  useEffect(() => {
    if (communesCache) return;
    api.get<{ communes: Commune[] }>("/communes", { auth: false }).then(
      (r) => {
        communesCache = r.communes;
        setCommunes(r.communes);
      },
      () => undefined,
    );
  }, []);
  return communes;
}

/** The answer to an alert; a request for help carries where the phone is when it could tell. */
export const sendSafety = (alertId: string, safe: boolean, where?: PhoneLocation) =>
  api.post<{ safe: boolean; incidentPublicId: string | null; approximateLocation: boolean }>(
    `/alerts/${encodeURIComponent(alertId)}/safety`,
    {
      safe,
      ...(where?.kind === "point" ? { lat: where.lat, lon: where.lon } : {}),
      ...(where?.kind === "token"
        ? { locationToken: { accessToken: where.accessToken, token: where.token } }
        : {}),
    },
  );

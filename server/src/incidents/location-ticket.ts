import { createHmac, timingSafeEqual } from "node:crypto";
import { AppError } from "../platform/errors.js";

// A getLocation token is good once, and only the server can redeem it, so the mini app asks
// the server where the phone is (POST /incidents/locate) before the nearby-duplicate check.
// The answer carries this ticket: the position, signed for this citizen, for a few minutes,
// which the report is then submitted with instead of the spent token.

export const LOCATION_TICKET_MINUTES = 15;

export interface LocationTicket {
  ticket: string;
  expiresAt: string;
}

// A key of its own, derived from the app secret, so a ticket can never pass for anything
// else signed with that secret.
const keyOf = (secret: string) => createHmac("sha256", secret).update("incident-location-ticket/v1").digest();

const mac = (secret: string, citizenId: string, payload: string) =>
  createHmac("sha256", keyOf(secret)).update(`${citizenId}.${payload}`).digest();

export function issueLocationTicket(
  secret: string,
  citizenId: string,
  at: { lat: number; lon: number },
  now = Date.now(),
): LocationTicket {
  const exp = now + LOCATION_TICKET_MINUTES * 60_000;
  const payload = Buffer.from(JSON.stringify({ lat: at.lat, lon: at.lon, exp })).toString("base64url");
  return {
    ticket: `${payload}.${mac(secret, citizenId, payload).toString("base64url")}`,
    expiresAt: new Date(exp).toISOString(),
  };
}

const refused = (message: string) =>
  new AppError("VALIDATION_FAILED", {
    message: "location ticket refused",
    fields: [{ field: "location", message }],
  });

/** The position a ticket holds, if it was issued to this citizen and has not expired. */
export function redeemLocationTicket(
  secret: string,
  citizenId: string,
  ticket: string,
  now = Date.now(),
): { lat: number; lon: number } {
  const [payload, sig, extra] = ticket.split(".");
  if (!payload || !sig || extra !== undefined) throw refused("Vị trí không hợp lệ. Vui lòng lấy lại vị trí.");
  const given = Buffer.from(sig, "base64url");
  const expected = mac(secret, citizenId, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw refused("Vị trí không hợp lệ. Vui lòng lấy lại vị trí.");
  const p = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as {
    lat: number;
    lon: number;
    exp: number;
  };
  if (!(p.exp > now)) throw refused('Vị trí đã hết hạn. Vui lòng bấm lại "Dùng vị trí hiện tại".');
  return { lat: p.lat, lon: p.lon };
}

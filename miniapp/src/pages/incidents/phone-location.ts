import { getAccessToken, getLocation } from "zmp-sdk/apis";

export type PhoneLocation =
  { kind: "token"; accessToken: string; token: string } | { kind: "point"; lat: number; lon: number };

const timeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), ms))]);

/**
 * The phone's position. Inside Zalo, getLocation gives a one-time token only the server may
 * redeem (with the app secret); in a browser (development, tests) the SDK has no position,
 * so the browser's own geolocation is asked instead.
 */
export async function phoneLocation(): Promise<PhoneLocation> {
  try {
    const [{ token }, accessToken] = await timeout(Promise.all([getLocation({}), getAccessToken({})]), 8000);
    if (token) return { kind: "token", accessToken, token };
  } catch {
    /* not in Zalo, or the citizen refused: try the browser */
  }
  const pos = await timeout(
    new Promise<GeolocationPosition>((resolve, reject) =>
      navigator.geolocation.getCurrentPosition(resolve, reject, { enableHighAccuracy: true, timeout: 8000 }),
    ),
    9000,
  );
  return { kind: "point", lat: pos.coords.latitude, lon: pos.coords.longitude };
}

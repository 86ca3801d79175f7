// Rows a test needs that other capabilities create in real use (a signed-in citizen, a
// dossier with fees), made directly so a test states only what it is about.
import { randomBytes } from "node:crypto";
import type { TestApp } from "./harness.js";

export async function signedInCitizen(app: TestApp, name = "Lý Thị Dung") {
  const user = await app.sims.zalo.createUser(name);
  const r = await fetch(`${app.baseUrl}/api/v1/auth/zalo`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ accessToken: user.accessToken }),
  });
  const { token, citizen } = (await r.json()) as { token: string; citizen: { id: string } };
  await app.sims.zalo.interact(user.id);
  await app.ctx.db.citizen.update({ where: { id: citizen.id }, data: { lastInteractAt: new Date() } });
  return {
    id: citizen.id,
    zaloUserId: user.id,
    /** The user's Zalo access token (what the mini app holds), for getLocation / getPhoneNumber tokens. */
    zaloAccessToken: user.accessToken,
    token,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
  };
}

export async function dossierWithFees(
  app: TestApp,
  citizenId: string,
  fees: { label: string; amountVnd: number; quantity?: number }[],
  opts: { agencyCode?: string; status?: "processing" | "financial_obligation" } = {},
) {
  const agency = await app.ctx.db.agency.findUniqueOrThrow({
    where: { code: opts.agencyCode ?? "H38.03006" },
  });
  const procedure = await app.ctx.db.procedure.findUniqueOrThrow({ where: { nationalCode: "2.000815" } });
  // A well-formed code (the API checks the format) with a random sequence that cannot meet a real one.
  const code = `${agency.code}-261123-9${String(randomBytes(4).readUInt32BE(0)).padStart(10, "0")}`;
  const total = fees.reduce((s, f) => s + f.amountVnd * (f.quantity ?? 1), 0);
  return app.ctx.db.dossier.create({
    data: {
      code,
      citizenId,
      procedureId: procedure.id,
      agencyId: agency.id,
      status: opts.status ?? "financial_obligation",
      formData: {},
      applicantName: "Lý Thị Dung",
      receivedAt: new Date(),
      feeTotalVnd: total,
      feeLines: {
        create: fees.map((f) => ({ label: f.label, amountVnd: f.amountVnd, quantity: f.quantity ?? 1 })),
      },
    },
  });
}

/**
 * The citizen on VNPay's page: opens the payment URL and finishes there with `result`.
 * Returns where VNPay sends the browser back (our return URL with VNPay's signed query).
 */
export async function payAtVnpay(
  app: TestApp,
  payUrl: string,
  result: "success" | "failed" | "cancelled" = "success",
) {
  const page = await fetch(payUrl.replace("localhost", "127.0.0.1"));
  if (page.status !== 200) throw new Error(`VNPay's payment page answered ${page.status}`);
  const txnRef = new URL(payUrl).searchParams.get("vnp_TxnRef")!;
  const done = await fetch(`${app.sims.vnpay.url}/paymentv2/complete`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ txnRef, result }).toString(),
    redirect: "manual",
  });
  return done.headers.get("location")!;
}

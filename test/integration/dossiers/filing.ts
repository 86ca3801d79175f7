// Filing a dossier over HTTP the way the mini app does: uploads first, then the dossier.
import type { TestApp } from "../../support/harness.js";
import type { signedInCitizen } from "../../support/fixtures.js";
import { photoWithGps } from "../../support/images.js";

export type Citizen = Awaited<ReturnType<typeof signedInCitizen>>;

export async function upload(app: TestApp, c: Citizen, data: Buffer, name: string) {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(data)]), name);
  const r = await fetch(`${app.baseUrl}/api/v1/uploads`, {
    method: "POST",
    headers: { authorization: `Bearer ${c.token}` },
    body: form,
  });
  return {
    status: r.status,
    body: (await r.json()) as { id: string; mimeType: string; error?: { userMessage: string } },
  };
}

export const BIRTH = {
  applicantName: "Giàng Thị Mai",
  applicantIdNumber: "010203004455",
  applicantPhone: "0912345678",
  applicantAddress: "Tổ 3, phường Sa Pa",
  relationship: "mother",
  childName: "Giàng Minh Khôi",
  childBirthDate: "2026-11-10",
  childGender: "male",
  childEthnicity: "Hmông",
  birthPlace: "Trung tâm Y tế Sa Pa",
  motherName: "Giàng Thị Mai",
};

/** "Khai báo tạm vắng" (1.003677): no document required. */
export const ABSENCE = {
  applicantName: "Vàng Thị Súa",
  applicantIdNumber: "010203004455",
  applicantPhone: "0912345678",
  applicantAddress: "Bản Cát Cát, Sa Pa",
  absenceReason: "Đi làm ăn xa",
  absenceFrom: "2026-12-10",
  absenceTo: "2027-03-10",
  destination: "Khu công nghiệp Tằng Loỏng, Lào Cai",
};

/** "Đăng ký khai sinh" at the Sa Pa ward committee (H38.03006) with `photos` real JPEGs. */
export async function fileBirth(
  app: TestApp,
  c: Citizen,
  photos = 2,
  extra: { deliveryMethod?: "at_centre" | "public_post"; deliveryAddress?: string } = {},
) {
  const ids: string[] = [];
  for (let i = 0; i < photos; i++)
    ids.push(
      (await upload(app, c, await photoWithGps({ r: 40 * i, g: 100, b: 150 }), `giay-chung-sinh-${i}.jpg`))
        .body.id,
    );
  const r = await fetch(`${app.baseUrl}/api/v1/dossiers`, {
    method: "POST",
    headers: c.headers,
    body: JSON.stringify({
      procedureCode: "1.001193",
      formData: BIRTH,
      documents: [{ key: "birth_certificate", fileIds: ids }],
      communeCode: "03006",
      consent: true,
      ...extra,
    }),
  });
  return {
    status: r.status,
    body: (await r.json()) as Record<string, unknown> & {
      code: string;
      error?: { fields: { field: string }[] };
    },
  };
}

/**
 * What the one-stop simulator saw for `code`: creates that stored a record (answered 201) and
 * create requests in all (resends answered 200 with the same record included).
 */
export async function onestopCreates(
  app: TestApp,
  code: string,
): Promise<{ stored: number; requests: number }> {
  const r = (await (await fetch(`${app.sims.onestop.url}/__sim/creates`)).json()) as {
    byKey: Record<string, number>;
    requestsByKey: Record<string, number>;
  };
  return { stored: r.byKey[code] ?? 0, requests: r.requestsByKey[code] ?? 0 };
}

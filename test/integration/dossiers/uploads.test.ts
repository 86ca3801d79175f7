import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sweepUnattachedUploads } from "../../../server/src/dossiers/sweep-unattached-uploads.job.js";
import { signedInCitizen } from "../../support/fixtures.js";
import { startTestApp, type TestApp } from "../../support/harness.js";
import { photoWithGps } from "../../support/images.js";
import { BIRTH, fileBirth, upload, type Citizen } from "./filing.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const del = (c: Citizen, id: string) =>
  fetch(`${app.baseUrl}/api/v1/uploads/${id}`, { method: "DELETE", headers: c.headers });
const read = (c: Citizen, id: string) =>
  fetch(`${app.baseUrl}/api/v1/uploads/${id}`, { headers: { authorization: `Bearer ${c.token}` } });

/** `n` unattached files of a citizen, written directly (the cap and the sweep are what is tested). */
async function pending(c: Citizen, n: number, kind: "document" | "incident_photo", createdAt = new Date()) {
  const { key, sha256 } = await app.ctx.files.put(Buffer.from("%PDF-1.4 test"));
  await app.ctx.db.dossierFile.createMany({
    data: Array.from({ length: n }, (_, i) => ({
      ownerCitizenId: c.id,
      kind,
      fileName: `tep-${i}.pdf`,
      mimeType: "application/pdf",
      sizeBytes: 13,
      sha256,
      storageKey: key,
      createdAt,
    })),
  });
}

describe("[DOSSIERS] uploads a citizen has not filed", () => {
  it("the citizen deletes their own unfiled upload; not another's, not a filed one", async () => {
    const c = await signedInCitizen(app);
    const mine = (await upload(app, c, await photoWithGps(), "cccd.jpg")).body.id;
    const other = await signedInCitizen(app, "Người khác");
    expect((await del(other, mine)).status).toBe(404);
    expect((await read(c, mine)).status).toBe(200);
    expect((await del(c, mine)).status).toBe(204);
    expect((await read(c, mine)).status).toBe(404);
    expect(await app.ctx.db.dossierFile.count({ where: { id: mine } })).toBe(0);
    expect((await del(c, mine)).status).toBe(404);

    const filed = await fileBirth(app, c, 1);
    const inDossier = await app.ctx.db.dossierFile.findFirstOrThrow({
      where: { dossier: { code: filed.body.code } },
    });
    expect((await del(c, inDossier.id)).status).toBe(404);
    expect(await app.ctx.db.dossierFile.count({ where: { id: inDossier.id } })).toBe(1);
  });

  it("the cap counts document uploads only; deleting one frees a place", async () => {
    const c = await signedInCitizen(app);
    // A citizen with many unsent incident photos can still attach documents.
    await pending(c, 45, "incident_photo");
    expect((await upload(app, c, await photoWithGps(), "a.jpg")).status).toBe(201);
    await pending(c, 39, "document");
    const full = await upload(app, c, await photoWithGps(), "b.jpg");
    expect(full.status).toBe(429);
    expect(full.body.error?.userMessage).toBe("Bạn đã tải lên quá nhiều tệp chưa dùng.");
    const one = await app.ctx.db.dossierFile.findFirstOrThrow({
      where: { ownerCitizenId: c.id, kind: "document", dossierId: null },
    });
    expect((await del(c, one.id)).status).toBe(204);
    expect((await upload(app, c, await photoWithGps(), "b.jpg")).status).toBe(201);
  });

  it("the hourly sweep removes unfiled uploads older than a day, keeping recent ones, drafted ones and filed ones", async () => {
    const c = await signedInCitizen(app);
    const dayAgo = new Date(Date.now() - 25 * 3600_000);
    const old = (await upload(app, c, await photoWithGps({ r: 1, g: 2, b: 3 }), "cu.jpg")).body.id;
    const drafted = (await upload(app, c, await photoWithGps({ r: 4, g: 5, b: 6 }), "nhap.jpg")).body.id;
    const fresh = (await upload(app, c, await photoWithGps({ r: 7, g: 8, b: 9 }), "moi.jpg")).body.id;
    await app.ctx.db.dossierFile.updateMany({
      where: { id: { in: [old, drafted] } },
      data: { createdAt: dayAgo },
    });
    // A draft of another procedure than the one filed below (filing ends its own draft).
    const put = await fetch(`${app.baseUrl}/api/v1/drafts/1.004194`, {
      method: "PUT",
      headers: c.headers,
      body: JSON.stringify({
        data: { applicantName: BIRTH.applicantName },
        documents: [
          { key: "residence_proof", files: [{ id: drafted, fileName: "nhap.jpg", kind: "image" }] },
        ],
      }),
    });
    expect(put.status).toBe(200);
    const filed = await fileBirth(app, c, 1);
    const inDossier = await app.ctx.db.dossierFile.findFirstOrThrow({
      where: { dossier: { code: filed.body.code } },
    });
    await app.ctx.db.dossierFile.update({ where: { id: inDossier.id }, data: { createdAt: dayAgo } });
    const oldKey = (await app.ctx.db.dossierFile.findUniqueOrThrow({ where: { id: old } })).storageKey;

    expect(await sweepUnattachedUploads(app.ctx)).toBeGreaterThanOrEqual(1);
    expect(await app.ctx.db.dossierFile.count({ where: { id: old } })).toBe(0);
    await expect(app.ctx.files.get(oldKey)).rejects.toThrow(); // the bytes too
    expect(
      await app.ctx.db.dossierFile.count({ where: { id: { in: [drafted, fresh, inDossier.id] } } }),
    ).toBe(3);
  });

  it("a file over 10 MB is refused with 413 in Vietnamese", async () => {
    const c = await signedInCitizen(app);
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0x20);
    const r = await upload(app, c, big, "to.pdf");
    expect(r.status).toBe(413);
    expect(r.body.error?.userMessage).toBe("Tệp quá lớn (tối đa 10 MB).");
    expect(await app.ctx.db.dossierFile.count({ where: { ownerCitizenId: c.id } })).toBe(0);
  });

  it("a dossier holds at most 20 files", async () => {
    const c = await signedInCitizen(app);
    await pending(c, 21, "document");
    const ids = (await app.ctx.db.dossierFile.findMany({ where: { ownerCitizenId: c.id } })).map((f) => f.id);
    const file = (slots: { key: string; fileIds: string[] }[]) =>
      fetch(`${app.baseUrl}/api/v1/dossiers`, {
        method: "POST",
        headers: c.headers,
        body: JSON.stringify({
          procedureCode: "1.001193",
          formData: BIRTH,
          documents: slots,
          communeCode: "03006",
          consent: true,
        }),
      });
    const r = await file([
      { key: "birth_certificate", fileIds: ids.slice(0, 15) },
      { key: "authorization", fileIds: ids.slice(15) },
    ]);
    expect(r.status).toBe(400);
    const body = (await r.json()) as { error: { fields: { field: string; message: string }[] } };
    expect(body.error.fields).toEqual([{ field: "documents", message: "Mỗi hồ sơ đính kèm tối đa 20 tệp." }]);
    expect(await app.ctx.db.dossier.count({ where: { citizenId: c.id } })).toBe(0);
    // Twenty is allowed.
    const ok = await file([
      { key: "birth_certificate", fileIds: ids.slice(0, 15) },
      { key: "authorization", fileIds: ids.slice(15, 20) },
    ]);
    expect(ok.status).toBe(201);
  });
});

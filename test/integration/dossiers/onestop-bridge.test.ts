import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedInCitizen } from "../../support/fixtures.js";
import { eventually, startTestApp, type TestApp } from "../../support/harness.js";
import { loginAs } from "../../support/staff.js";
import { pollOnestopStatuses } from "../../../server/src/dossiers/push-to-onestop.job.js";
import { BIRTH, fileBirth, onestopCreates } from "./filing.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ workers: true });
});
afterAll(async () => {
  await app?.close();
});

const ADDRESS = "Số 12 đường Xuân Viên, tổ 3, phường Sa Pa";
const simRecord = async (code: string) => {
  const all = (await (await fetch(`${app.sims.onestop.url}/__sim/records`)).json()) as {
    key: string;
    status: number;
    data: Record<string, unknown>;
  }[];
  return all.find((r) => r.key === code) ?? null;
};
const synced = (code: string) =>
  eventually(async () => (await app.ctx.db.dossier.findUniqueOrThrow({ where: { code } })).onestopId);

describe("[DOSSIERS] result by public post", () => {
  it("the address is on the citizen's receipt, in the clerk's view and in the one-stop record", async () => {
    const c = await signedInCitizen(app);
    const filed = await fileBirth(app, c, 1, { deliveryMethod: "public_post", deliveryAddress: ADDRESS });
    expect(filed.status).toBe(201);
    const code = filed.body.code;
    expect(filed.body).toMatchObject({
      deliveryMethod: "public_post",
      deliveryAddress: ADDRESS,
      receipt: { delivery: "Nhận kết quả qua dịch vụ bưu chính công ích", deliveryAddress: ADDRESS },
    });

    const clerk = await loginAs(app.baseUrl, "clerk.sapa");
    const staffView = (await (await clerk.get(`/api/staff/dossiers/${code}`)).json()) as Record<
      string,
      unknown
    >;
    expect(staffView).toMatchObject({ deliveryMethod: "public_post", deliveryAddress: ADDRESS });

    await synced(code);
    expect((await simRecord(code))?.data).toMatchObject({
      channel: 2,
      resultDelivery: { method: "public_post", address: ADDRESS },
    });
  });

  it("collected at the centre: no address anywhere", async () => {
    const c = await signedInCitizen(app);
    const filed = await fileBirth(app, c, 1, { deliveryAddress: "ignored when collected at the centre" });
    expect(filed.body).toMatchObject({ deliveryMethod: "at_centre", deliveryAddress: null });
    await synced(filed.body.code);
    expect((await simRecord(filed.body.code))?.data).toMatchObject({
      resultDelivery: { method: "at_centre", address: null },
    });
  });
});

describe("[DOSSIERS] personal data and the integration call log", () => {
  it("a filed dossier's names, birth date and address never reach the IntegrationCall rows", async () => {
    const c = await signedInCitizen(app);
    const filed = await fileBirth(app, c, 1, { deliveryMethod: "public_post", deliveryAddress: ADDRESS });
    const code = filed.body.code;
    await synced(code);
    const calls = await app.ctx.db.integrationCall.findMany();
    const mine = calls.filter((x) => x.operation === "dossier.create" && x.requestBody?.includes(code));
    expect(mine.length).toBeGreaterThanOrEqual(1);
    const logged = JSON.stringify(calls.map((x) => [x.url, x.requestBody, x.responseBody, x.error]));
    for (const personal of [
      BIRTH.applicantName,
      BIRTH.childName,
      BIRTH.childBirthDate,
      BIRTH.applicantAddress,
      BIRTH.birthPlace,
      ADDRESS,
    ])
      expect(logged).not.toContain(personal);
    // What is kept is enough to trace the push: the code, the procedure and the files' digests.
    const file = await app.ctx.db.dossierFile.findFirstOrThrow({ where: { dossier: { code } } });
    expect(JSON.parse(mine[0]!.requestBody!)).toMatchObject({
      code,
      procedureCode: "1.001193.000.00.00.H38",
      files: [{ sha256: file.sha256 }],
    });
  });
});

describe("[DOSSIERS] a late push to the one-stop system", () => {
  it("carries the current status, so the record does not stay at 1 when status pushes gave up", async () => {
    await app.stopWorkers(); // the one-stop push waits, as if the system were down
    try {
      const c = await signedInCitizen(app);
      const { body } = await fileBirth(app, c, 1);
      const clerk = await loginAs(app.baseUrl, "clerk.sapa");
      expect((await clerk.send("POST", `/api/staff/dossiers/${body.code}/receive`, {})).status).toBe(200);
      expect((await clerk.send("POST", `/api/staff/dossiers/${body.code}/start-processing`, {})).status).toBe(
        200,
      );
      // The status pushes ran out of attempts while the record did not exist there.
      await app.ctx.db.outboxEvent.updateMany({
        where: { jobName: "onestop.push-status" },
        data: { status: "failed" },
      });
      app.startWorkers();
      await synced(body.code);
      expect(await simRecord(body.code)).toMatchObject({ status: 4 });
      expect(await onestopCreates(app, body.code)).toEqual({ stored: 1, requests: 1 });
    } finally {
      app.startWorkers();
    }
  });
});

describe("[DOSSIERS] polling when webhooks were lost", () => {
  const sim = (path: string, b: unknown) =>
    fetch(`${app.sims.onestop.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(b),
    });

  it("every change the webhooks missed is replayed in order, 1 → 2 → 4 → 9 → 10, once", async () => {
    const c = await signedInCitizen(app);
    const { body } = await fileBirth(app, c, 1);
    const code = body.code;
    await synced(code);
    await sim("/__sim/callback", { url: "http://127.0.0.1:9/lost" }); // every webhook goes nowhere
    try {
      for (const [status, note] of [
        [2, "Tiếp nhận tại quầy"],
        [4, "Đang thẩm định"],
        [9, "Đã có trích lục"],
        [10, "Đã trả kết quả"],
      ] as const)
        await sim(`/__sim/records/${code}/status`, { status, note });
      expect((await app.ctx.db.dossier.findUniqueOrThrow({ where: { code } })).status).toBe("new_registered");

      const r = await pollOnestopStatuses(app.ctx, { quietForMs: 0 });
      expect(r.applied).toBeGreaterThanOrEqual(4);
      const d = await app.ctx.db.dossier.findUniqueOrThrow({ where: { code }, include: { events: true } });
      expect(d.status).toBe("result_returned");
      const timeline = [...d.events].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
      expect(timeline.map((e) => [e.toStatus, e.reason])).toEqual([
        ["new_registered", "Nộp hồ sơ trực tuyến"],
        ["received", "Tiếp nhận tại quầy"],
        ["processing", "Đang thẩm định"],
        ["processed", "Đã có trích lục"],
        ["result_returned", "Đã trả kết quả"],
      ]);
      // Polling again changes nothing.
      await pollOnestopStatuses(app.ctx, { quietForMs: 0 });
      expect(await app.ctx.db.dossierEvent.count({ where: { dossierId: d.id } })).toBe(5);
    } finally {
      await sim("/__sim/callback", {
        url: `${app.baseUrl.replace("localhost", "127.0.0.1")}/webhooks/onestop`,
      });
    }
  });

  it("after a webhook that did arrive, only the later, lost changes are replayed", async () => {
    const c = await signedInCitizen(app);
    const { body } = await fileBirth(app, c, 1);
    const code = body.code;
    await synced(code);
    await sim(`/__sim/records/${code}/status`, { status: 2 }); // delivered
    await sim(`/__sim/records/${code}/status`, { status: 5, note: "Thiếu giấy chứng sinh" }); // delivered
    expect((await app.ctx.db.dossier.findUniqueOrThrow({ where: { code } })).status).toBe(
      "supplement_requested",
    );
    await sim("/__sim/callback", { url: "http://127.0.0.1:9/lost" });
    try {
      await sim(`/__sim/records/${code}/status`, { status: 8, note: "Dừng xử lý theo đề nghị" }); // lost
      await pollOnestopStatuses(app.ctx, { quietForMs: 0 });
      const d = await app.ctx.db.dossier.findUniqueOrThrow({ where: { code }, include: { events: true } });
      expect(d.status).toBe("stopped");
      // 2 was not applied a second time on the way.
      expect(d.events.filter((e) => e.toStatus === "received")).toHaveLength(1);
    } finally {
      await sim("/__sim/callback", {
        url: `${app.baseUrl.replace("localhost", "127.0.0.1")}/webhooks/onestop`,
      });
    }
  });
});

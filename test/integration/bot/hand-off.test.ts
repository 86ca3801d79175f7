import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginAs } from "../../support/staff.js";
import { dossierWithFees } from "../../support/fixtures.js";
import { eventually, startTestApp, type TestApp } from "../../support/harness.js";
import { citizenOf, emitHandled, newUserId, say } from "./bot-helpers.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ workers: true });
});
afterAll(async () => {
  await app?.close();
});

interface Detail {
  citizenId: string;
  waiting: boolean;
  clerkId: string | null;
  messages: {
    direction: string;
    text: string | null;
    staffId: string | null;
    attachment: unknown;
    delivery: { status: string; reason: string | null } | null;
  }[];
}

describe("[BOT] hand-off to a clerk and back", () => {
  it("a clerk sees the conversation, answers through the OA, and hands it back to the bot", async () => {
    const user = newUserId();
    const handed = await say(app, user, "6");
    expect(handed.text).toContain("chuyển cuộc trò chuyện tới cán bộ");
    expect(handed.text).toContain('gõ "menu"'); // how to get back to the bot
    const citizen = await citizenOf(app, user);

    // While a clerk has it, the bot records but does not answer (its job done, no reply).
    const delivered = async () =>
      (await app.sims.zalo.messagesTo(user)).filter((m) => m.outcome === 0).length;
    const before = await delivered();
    await emitHandled(app, {
      event_name: "user_send_text",
      user_id: user,
      text: "Cho tôi hỏi thủ tục tách thửa đất?",
    });
    expect(
      await app.ctx.db.botMessage.count({
        where: { citizenId: citizen.id, text: { contains: "tách thửa" } },
      }),
    ).toBe(1);
    expect(await delivered()).toBe(before);
    // A photo of the plot and where it is: kept for the clerk.
    await emitHandled(app, {
      event_name: "user_send_image",
      user_id: user,
      url: `${app.sims.zalo.url}/media/thua-dat.jpg`,
    });
    await emitHandled(app, {
      event_name: "user_send_location",
      user_id: user,
      latitude: 22.3363,
      longitude: 103.8438,
    });
    expect(await delivered()).toBe(before);

    const clerk = await loginAs(app.baseUrl, "clerk.laocai");
    const list = (await (await clerk.get("/api/staff/conversations")).json()) as { items: Detail[] };
    const mine = list.items.find((c) => c.citizenId === citizen.id);
    expect(mine).toMatchObject({ waiting: true });

    const view = (await (await clerk.get(`/api/staff/conversations/${citizen.id}`)).json()) as Detail;
    const texts = view.messages.map((m) => m.text ?? "");
    // In the order they happened: "6", the bot's hand-off answer, the question, the photo, the place.
    expect(texts.slice(-5).map((t) => t.slice(0, 20))).toEqual([
      "6",
      "Đã chuyển cuộc trò c",
      "Cho tôi hỏi thủ tục ",
      "[ảnh / photo]",
      "[vị trí / location]",
    ]);
    const [photo, place] = view.messages.slice(-2).map((m) => m.attachment);
    expect(place).toEqual({
      kind: "location",
      lat: 22.3363,
      lon: 103.8438,
      commune: expect.stringMatching(/Sa Pa/),
    });
    expect(photo).toMatchObject({ kind: "image" });
    // The clerk's browser gets the photo from us (Zalo's CDN stays out of the console).
    const img = await clerk.get((photo as { url: string }).url);
    expect(img.status).toBe(200);
    expect(img.headers.get("content-type")).toBe("image/jpeg");
    expect((await fetch(`${app.baseUrl}${(photo as { url: string }).url}`)).status).toBe(401);

    // An empty answer is refused with a Vietnamese field error; nothing is sent.
    const empty = await clerk.send("POST", `/api/staff/conversations/${citizen.id}/reply`, { text: "  " });
    expect(empty.status).toBe(400);
    expect(JSON.stringify(await empty.json())).toContain("Vui lòng nhập nội dung trả lời");

    const answered = await clerk.send("POST", `/api/staff/conversations/${citizen.id}/reply`, {
      text: "Chào anh/chị, thủ tục tách thửa nộp tại UBND xã, phường nơi có đất.",
    });
    expect(answered.status).toBe(200);
    const afterReply = (await answered.json()) as Detail;
    expect(afterReply.waiting).toBe(false);
    expect(afterReply.clerkId).toBeTruthy();
    await eventually(async () => {
      const all = await app.sims.zalo.messagesTo(user);
      return all.some((m) => m.outcome === 0 && JSON.stringify(m.payload).includes("tách thửa nộp tại UBND"));
    });

    // A clerk's write is audited.
    await eventually(() =>
      app.ctx.db.auditLog.findFirst({
        where: { target: `/api/staff/conversations/${citizen.id}/reply`, action: { startsWith: "POST" } },
      }),
    );

    const back = await clerk.send("POST", `/api/staff/conversations/${citizen.id}/hand-back`);
    expect(back.status).toBe(204);
    await eventually(async () => {
      const all = await app.sims.zalo.messagesTo(user);
      return all.some(
        (m) => m.outcome === 0 && JSON.stringify(m.payload).includes("Cán bộ đã kết thúc hỗ trợ"),
      );
    });
    expect((await clerk.get(`/api/staff/conversations/${citizen.id}`)).status).toBe(404);

    // The bot answers again.
    expect((await say(app, user, "2")).text).toContain("thủ tục gì");
  });

  it("the clerk sees whether an answer was delivered: outside the 48 h window it is not, and why", async () => {
    const user = newUserId();
    await say(app, user, "gặp cán bộ");
    const citizen = await citizenOf(app, user);
    const clerk = await loginAs(app.baseUrl, "clerk.laocai");
    await clerk.send("POST", `/api/staff/conversations/${citizen.id}/reply`, { text: "Chào anh/chị" });
    const delivered = await eventually(async () => {
      const v = (await (await clerk.get(`/api/staff/conversations/${citizen.id}`)).json()) as Detail;
      const last = v.messages[v.messages.length - 1]!;
      return last.delivery?.status === "sent" ? last : null;
    });
    expect(delivered.text).toBe("Chào anh/chị");

    // Three days later the citizen has not written again.
    await app.ctx.db.citizen.update({
      where: { id: citizen.id },
      data: { lastInteractAt: new Date(Date.now() - 3 * 24 * 3600_000) },
    });
    await clerk.send("POST", `/api/staff/conversations/${citizen.id}/reply`, {
      text: "Anh/chị còn cần hỗ trợ không?",
    });
    const late = await eventually(async () => {
      const v = (await (await clerk.get(`/api/staff/conversations/${citizen.id}`)).json()) as Detail;
      const last = v.messages[v.messages.length - 1]!;
      return last.delivery?.status === "skipped" ? last : null;
    });
    expect(late.delivery).toEqual({ status: "skipped", reason: "outside_interaction_window" });
  });

  it("a citizen with an open dossier reaches that agency's clerks only; a general question reaches every clerk", async () => {
    const user = newUserId();
    await say(app, user, "xin chào");
    const citizen = await citizenOf(app, user);
    // An open dossier at the Sa Pa ward (clerk.sapa's agency).
    const dossier = await dossierWithFees(app, citizen.id, [], { status: "processing" });
    await say(app, user, "gặp cán bộ");

    const sapa = await loginAs(app.baseUrl, "clerk.sapa");
    const laocai = await loginAs(app.baseUrl, "clerk.laocai");
    const admin = await loginAs(app.baseUrl, "admin");
    const listed = async (who: typeof sapa) =>
      (
        (await (await who.get("/api/staff/conversations")).json()) as {
          items: { citizenId: string; agencyName: string | null }[];
        }
      ).items.find((c) => c.citizenId === citizen.id);
    const { name: agencyName } = await app.ctx.db.agency.findUniqueOrThrow({
      where: { id: dossier.agencyId },
    });
    expect(await listed(sapa)).toMatchObject({ agencyName });
    expect(await listed(admin)).toMatchObject({ agencyName });
    // Another agency's clerk can neither list, open, answer nor hand it back.
    expect(await listed(laocai)).toBeUndefined();
    expect((await laocai.get(`/api/staff/conversations/${citizen.id}`)).status).toBe(404);
    expect(
      (await laocai.send("POST", `/api/staff/conversations/${citizen.id}/reply`, { text: "?" })).status,
    ).toBe(404);
    expect((await laocai.send("POST", `/api/staff/conversations/${citizen.id}/hand-back`)).status).toBe(404);
    expect(await app.ctx.db.botMessage.count({ where: { citizenId: citizen.id, text: "?" } })).toBe(0);

    // Once the result is returned, a new request for a clerk is a general question.
    expect((await sapa.send("POST", `/api/staff/conversations/${citizen.id}/hand-back`)).status).toBe(204);
    await app.ctx.db.dossier.update({ where: { id: dossier.id }, data: { status: "result_returned" } });
    await say(app, user, "gặp cán bộ");
    expect(await listed(laocai)).toMatchObject({ agencyName: null });
  });

  it("a conversation the bot still has is not shown to clerks; a citizen cannot use the staff API", async () => {
    const user = newUserId();
    await say(app, user, "xin chào");
    const citizen = await citizenOf(app, user);
    const clerk = await loginAs(app.baseUrl, "clerk.sapa");
    expect((await clerk.get(`/api/staff/conversations/${citizen.id}`)).status).toBe(404);
    expect(
      (await clerk.send("POST", `/api/staff/conversations/${citizen.id}/reply`, { text: "xin chào" })).status,
    ).toBe(404);
    const anonymous = await fetch(`${app.baseUrl}/api/staff/conversations`);
    expect(anonymous.status).toBe(401);
    const noCsrf = await clerk.send("POST", `/api/staff/conversations/${citizen.id}/hand-back`, undefined, {
      csrf: false,
    });
    expect(noCsrf.status).toBe(403);
  });
});

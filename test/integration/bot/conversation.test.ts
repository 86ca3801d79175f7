import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dossierWithFees } from "../../support/fixtures.js";
import { eventually, startTestApp, type TestApp } from "../../support/harness.js";
import { citizenOf, emit, emitHandled, newUserId, say, seen, turn } from "./bot-helpers.js";
import { eventDedupeKey, type ZaloEvent } from "../../../server/src/bot/zalo-event.schema.js";
import { handleZaloEventJob } from "../../../server/src/bot/handle-zalo-event.job.js";
import { jobIdFor } from "../../../server/src/platform/jobs.js";
import { PHUC_KHANH, capAlert, sendCap } from "../alerts/alert-helpers.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ workers: true });
});
afterAll(async () => {
  await app?.close();
});

describe("[BOT] conversation through the Zalo simulator", () => {
  it("greets with a menu of buttons, and switches to English and back", async () => {
    const user = newUserId();
    const hello = await say(app, user, "Xin chào");
    expect(hello.text).toContain("Cổng hành chính công Lào Cai");
    expect(hello.text).toContain("1. Tra cứu hồ sơ");
    expect(hello.buttons.map((b) => b.payload)).toEqual([
      "#menu:1",
      "#menu:2",
      "#menu:3",
      "#menu:4",
      "#menu:6",
    ]);

    expect((await say(app, user, "5")).text).toContain("Choose a language");
    const en = await say(app, user, "English");
    expect(en.text).toContain("Switched to English");
    expect(en.text).toContain("1. Look up a dossier");
    expect((await citizenOf(app, user)).language).toBe("en");
    // Without diacritics, from the keyword path.
    expect((await say(app, user, "doi ngon ngu tieng viet")).text).toContain("Đã chuyển sang tiếng Việt");
  });

  it("switches to Chinese: the menu, a dossier's status and a procedure search answer in Chinese", async () => {
    const user = newUserId();
    const ask = await say(app, user, "5");
    expect(ask.text).toContain("3. 中文");
    const zh = await say(app, user, String(ask.buttons.find((b) => b.title === "中文")!.payload));
    expect(zh.text).toContain("已切换为中文");
    expect(zh.text).toContain("1. 查询申请进度");
    expect(zh.buttons.map((b) => b.title)).toContain("联系工作人员");
    const citizen = await citizenOf(app, user);
    expect(citizen.language).toBe("zh");
    // Chinese keywords reach the menu; the greeting keeps the place name in Vietnamese.
    expect((await say(app, user, "菜单")).text).toContain("Lào Cai 省政务服务平台");

    const created = await dossierWithFees(app, citizen.id, [{ label: "Lệ phí", amountVnd: 50_000 }]);
    const dossier = await app.ctx.db.dossier.update({
      where: { id: created.id },
      data: { code: `H38.03006-261123-${String(1000 + Math.floor(Math.random() * 8999))}` },
    });
    expect((await say(app, user, "查询档案")).text).toContain("请输入申请编号");
    const status = await say(app, user, dossier.code);
    expect(status.text).toContain(`申请 ${dossier.code}`);
    expect(status.text).toContain("状态：待缴费");
    expect(status.text).toContain("下一步：请在小程序中缴纳费用。");
    expect(status.rows.map((r) => r.title)).toContain("在小程序中查看");

    // The catalog is Vietnamese: Chinese words get a hint, Vietnamese ones the procedures.
    expect((await say(app, user, "行政手续")).text).toContain("越南语关键词");
    expect((await say(app, user, "出生登记")).text).toContain("手续目录目前只有越南语版本");
    const found = await say(app, user, "khai sinh");
    expect(found.text).toContain("与“khai sinh”相关的手续");
    expect(found.rows.map((r) => r.title)).toContain("Thủ tục đăng ký khai sinh");
  });

  it("looks up the sender's own dossier with status and next step, and never reveals another's", async () => {
    const owner = newUserId();
    await say(app, owner, "hi");
    const citizen = await citizenOf(app, owner);
    const created = await dossierWithFees(app, citizen.id, [{ label: "Lệ phí", amountVnd: 50_000 }]);
    // A code as filing makes them: <agency>-<yymmdd>-<NNNN>.
    const dossier = await app.ctx.db.dossier.update({
      where: { id: created.id },
      data: { code: `H38.03006-261123-${String(1000 + Math.floor(Math.random() * 8999))}` },
    });

    expect((await say(app, owner, "1")).text).toContain("mã hồ sơ");
    const status = await say(app, owner, dossier.code.toLowerCase());
    expect(status.text).toContain(dossier.code);
    expect(status.text).toContain("Cần nộp phí, lệ phí");
    expect(status.text).toContain("Nộp phí, lệ phí trong ứng dụng");
    expect(
      status.rows.some((r) => r.default_action?.url?.endsWith(`/miniapp/#/dossiers/${dossier.code}`)),
    ).toBe(true);

    // Someone else asks for the same code: the same answer as for a code that does not exist.
    const stranger = newUserId();
    const theirs = await say(app, stranger, `tra cứu ${dossier.code}`);
    const missingCode = dossier.code.replace(/\d{4}$/, "0000");
    const missing = await say(app, stranger, `tra cứu ${missingCode}`);
    expect(theirs.text).not.toContain("Cần nộp phí");
    expect(theirs.text.replace(dossier.code, "X")).toBe(missing.text.replace(missingCode, "X"));
  });

  it("finds procedures with links into the mini app; unmatched text gets help, not silence", async () => {
    const user = newUserId();
    expect((await say(app, user, "2")).text).toContain("thủ tục gì");
    const found = await say(app, user, "dang ky khai sinh");
    const links = found.rows.map((r) => r.default_action?.url ?? "").filter(Boolean);
    expect(links.length).toBeGreaterThan(0);
    expect(links).toContain(
      `${app.config.PUBLIC_BASE_URL ?? `http://localhost:${app.config.PORT}`}/miniapp/#/procedures/1.001193`,
    );
    expect(found.rows.map((r) => r.title)).toContain("Thủ tục đăng ký khai sinh");

    const lost = await say(app, user, "zzqx wvvk");
    expect(lost.text).toContain("chưa hiểu");
    expect(lost.text).toContain("1. Tra cứu hồ sơ");
  });

  it("takes an incident report step by step (category, photo, location, confirm) into the same report as the mini app", async () => {
    const user = newUserId();
    const categories = await say(app, user, "3");
    expect(categories.text).toMatch(/2\. Sạt lở đất/);
    expect((await say(app, user, "2")).text).toContain("mô tả");
    expect((await say(app, user, "Sạt lở taluy dương, đất đá chắn nửa đường")).text).toContain("Gửi một ảnh");
    const afterPhoto = await turn(app, {
      event_name: "user_send_image",
      user_id: user,
      url: `${app.sims.zalo.url}/media/sat-lo.jpg`,
    });
    expect(afterPhoto.text).toContain("Đã nhận ảnh");
    const confirm = await turn(app, {
      event_name: "user_send_location",
      user_id: user,
      latitude: 22.4856,
      longitude: 103.9707,
    });
    expect(confirm.text).toContain("Kiểm tra lại phản ánh");
    expect(confirm.text).toContain("Có ảnh");
    const done = await say(app, user, "gửi");
    const publicId = /PA-[0-9A-Z]{8}/.exec(done.text)?.[0];
    expect(publicId).toBeTruthy();

    const citizen = await citizenOf(app, user);
    const incident = await app.ctx.db.incident.findUniqueOrThrow({
      where: { publicId: publicId! },
      include: { media: true },
    });
    expect(incident).toMatchObject({ reporterId: citizen.id, source: "bot", category: "landslide" });
    expect(incident.description).toContain("taluy");
    expect(incident.media).toHaveLength(1);
    expect(incident.media[0]!.mimeType).toBe("image/jpeg");

    // The same report sent again a moment later (or the job run again) is the same report.
    await say(app, user, "3");
    await say(app, user, "2");
    await say(app, user, "Sạt lở taluy dương, đất đá chắn nửa đường");
    expect((await say(app, user, "bỏ qua")).text).toContain("Gửi vị trí");
    await turn(app, {
      event_name: "user_send_location",
      user_id: user,
      latitude: 22.4856,
      longitude: 103.9707,
    });
    expect((await say(app, user, "gửi")).text).toContain(publicId!);
    expect(await app.ctx.db.incident.count({ where: { reporterId: citizen.id } })).toBe(1);
  });

  it("cancels a report half way and asks again for what it needs", async () => {
    const user = newUserId();
    await say(app, user, "phan anh su co");
    expect((await say(app, user, "99")).text).toContain("số của loại sự cố");
    expect((await say(app, user, "huy")).text).toContain("Đã huỷ");
    const citizen = await citizenOf(app, user);
    expect(await app.ctx.db.incident.count({ where: { reporterId: citizen.id } })).toBe(0);
  });

  it("subscribes to alerts by a shared location or by a commune's name, and stops them", async () => {
    const user = newUserId();
    expect((await say(app, user, "4")).text).toContain("gửi vị trí");
    const byLocation = await turn(app, {
      event_name: "user_send_location",
      user_id: user,
      latitude: 22.4856,
      longitude: 103.9707,
    });
    expect(byLocation.text).toContain("Đã đăng ký nhận cảnh báo");
    const citizen = await citizenOf(app, user);
    const first = await app.ctx.db.alertSubscription.findMany({ where: { citizenId: citizen.id } });
    expect(first).toHaveLength(1);
    expect(first[0]!.source).toBe("oa_location");

    await say(app, user, "đăng ký cảnh báo thiên tai");
    expect((await say(app, user, "bat xat")).text).toContain("Bát Xát");
    expect(await app.ctx.db.alertSubscription.count({ where: { citizenId: citizen.id } })).toBe(2);

    // Two places: the citizen chooses which one to stop; the other keeps its alerts.
    const choices = (await say(app, user, "huỷ cảnh báo")).text;
    expect(choices).toMatch(/1\. .+\n2\. Bát Xát\n3\. Tất cả các nơi trên/);
    expect(await app.ctx.db.alertSubscription.count({ where: { citizenId: citizen.id } })).toBe(2);
    expect((await say(app, user, "2")).text).toBe("Đã dừng nhận cảnh báo cho: Bát Xát.");
    const left = await app.ctx.db.alertSubscription.findMany({ where: { citizenId: citizen.id } });
    expect(left.map((x) => x.id)).toEqual([first[0]!.id]);

    // One place left: stopped at once, and said by name.
    expect((await say(app, user, "stop alerts")).text).toMatch(/^Đã dừng nhận cảnh báo cho: .+\.$/);
    expect(await app.ctx.db.alertSubscription.count({ where: { citizenId: citizen.id } })).toBe(0);
    expect((await say(app, user, "huỷ cảnh báo")).text).toBe("Bạn chưa đăng ký nhận cảnh báo nơi nào.");
  });

  it("stops alerts for every place at once when the citizen picks 'all'", async () => {
    const user = newUserId();
    await say(app, user, "4");
    await say(app, user, "bat xat");
    await say(app, user, "4");
    await say(app, user, "phuc khanh");
    const citizen = await citizenOf(app, user);
    expect(await app.ctx.db.alertSubscription.count({ where: { citizenId: citizen.id } })).toBe(2);
    await say(app, user, "huỷ cảnh báo");
    // A word that is not on the list is a fresh message, not a choice.
    expect((await say(app, user, "9")).text).not.toContain("Đã dừng");
    expect(await app.ctx.db.alertSubscription.count({ where: { citizenId: citizen.id } })).toBe(2);
    await say(app, user, "huỷ cảnh báo");
    const done = (await say(app, user, "3")).text;
    expect(done).toContain("Bát Xát");
    expect(done).toContain("Phúc Khánh");
    expect(await app.ctx.db.alertSubscription.count({ where: { citizenId: citizen.id } })).toBe(0);
  });

  it("answers an alert's 'Tôi cần giúp đỡ' button: the IOC gets a high-priority report, the citizen is told what to do", async () => {
    const user = newUserId();
    await say(app, user, "4");
    expect((await say(app, user, "phuc khanh")).text).toContain("Phúc Khánh");
    const citizen = await citizenOf(app, user);
    const { body } = await sendCap(app, capAlert());
    const alertId = body.alertId!;
    // The alert reaches the phone with its safety buttons.
    const message = await eventually(async () => {
      const all = (await app.sims.zalo.messagesTo(user)).map(seen);
      return all.find((m) => m.buttons.some((b) => String(b.payload).startsWith("#alert-help:"))) ?? null;
    }, 30_000);
    const help = message.buttons.find((b) => String(b.payload).startsWith("#alert-help:"))!;
    expect(help.title).toBe("Tôi cần giúp đỡ");
    // The tap comes back to the OA as the button's payload.
    const answer = await say(app, user, String(help.payload));
    expect(answer.text).toContain("112");
    const reply = await app.ctx.db.safetyReply.findUniqueOrThrow({
      where: { alertId_citizenId: { alertId, citizenId: citizen.id } },
    });
    expect(reply.safe).toBe(false);
    const incident = await app.ctx.db.incident.findUniqueOrThrow({ where: { id: reply.incidentId! } });
    expect(incident).toMatchObject({ source: "alert_safety", unitCode: PHUC_KHANH });
    expect(answer.text).toContain(incident.publicId);
    // No location yet: the incident sits at the commune's centre, and the bot asks for one.
    expect(incident.description).toContain("vị trí gần đúng");
    expect(answer.text).toContain("Hãy gửi vị trí hiện tại của bạn");
    const subscriptions = () => app.ctx.db.alertSubscription.count({ where: { citizenId: citizen.id } });
    const before = await subscriptions();

    // The location the citizen sends next goes to that request for help (not to a subscription).
    const placed = await turn(app, {
      event_name: "user_send_location",
      user_id: user,
      latitude: 22.1802,
      longitude: 104.5412,
    });
    expect(placed.text).toContain("Đã nhận vị trí của bạn");
    expect(placed.text).toContain(incident.publicId);
    const moved = await app.ctx.db.incident.findUniqueOrThrow({ where: { id: incident.id } });
    expect(moved).toMatchObject({ lat: 22.1802, lon: 104.5412, unitCode: PHUC_KHANH });
    expect(moved.description).toContain("Vị trí do người dân chia sẻ");
    expect(await subscriptions()).toBe(before);

    // Long after a tap, a location is what it always was: a place to follow.
    await say(app, user, String(help.payload));
    await app.ctx.pg.query(
      `UPDATE "BotConversation" SET state = jsonb_set(state, '{help,until}', '"2000-01-01T00:00:00.000Z"')
       WHERE "citizenId" = $1`,
      [citizen.id],
    );
    const late = await turn(app, {
      event_name: "user_send_location",
      user_id: user,
      latitude: 22.34974,
      longitude: 103.83652,
    });
    expect(late.text).toContain("Đã đăng ký nhận cảnh báo");
    expect(await app.ctx.db.incident.findUniqueOrThrow({ where: { id: incident.id } })).toMatchObject({
      lat: 22.1802,
      lon: 104.5412,
    });
    // An answer about an alert that was not for this citizen reveals nothing.
    const stranger = newUserId();
    expect((await say(app, stranger, `#alert-safe:${alertId}`)).text).toContain(
      "không còn hoặc không dành cho bạn",
    );
  });

  it("a 'Tôi cần giúp đỡ' tap while a clerk has the conversation is recorded at once; the clerk keeps it", async () => {
    const user = newUserId();
    await say(app, user, "4");
    await say(app, user, "phuc khanh");
    const citizen = await citizenOf(app, user);
    expect((await say(app, user, "6")).text).toContain("chuyển cuộc trò chuyện tới cán bộ");
    const { body } = await sendCap(app, capAlert());
    const message = await eventually(async () => {
      const all = (await app.sims.zalo.messagesTo(user)).map(seen);
      return all.find((m) => m.buttons.some((b) => b.payload === `#alert-help:${body.alertId}`)) ?? null;
    }, 30_000);
    const help = message.buttons.find((b) => String(b.payload).startsWith("#alert-help:"))!;
    const answer = await say(app, user, String(help.payload));
    expect(answer.text).toContain("112");
    const reply = await app.ctx.db.safetyReply.findUniqueOrThrow({
      where: { alertId_citizenId: { alertId: body.alertId!, citizenId: citizen.id } },
    });
    expect(reply.safe).toBe(false);
    expect(reply.incidentId).toBeTruthy();
    const convo = await app.ctx.db.botConversation.findUniqueOrThrow({ where: { citizenId: citizen.id } });
    expect(convo.handoff).toBe(true);
  });

  it("lets the citizen choose which messages they get and quiet hours, alerts always on", async () => {
    const user = newUserId();
    const prefs = await say(app, user, "7");
    expect(prefs.text).toContain("Thanh toán: bật");
    expect(prefs.text).toContain("Cảnh báo thiên tai: luôn bật");
    expect((await say(app, user, "tắt thanh toán")).text).toContain("Thanh toán: tắt");
    expect((await say(app, user, "yên tĩnh 22-6")).text).toContain("22:00–06:00");
    const citizen = await citizenOf(app, user);
    expect(citizen.messagePrefs).toMatchObject({ payment: false });
    expect([citizen.quietHoursFrom, citizen.quietHoursTo]).toEqual([22 * 60, 6 * 60]);
    // Alerts cannot be switched off here.
    expect((await say(app, user, "tắt cảnh báo")).text).toContain("Cảnh báo thiên tai: luôn bật");
  });

  it("a voice message, a video, a submitted form and an anonymous message each get an answer, never silence", async () => {
    const user = newUserId();
    const voice = await turn(app, { event_name: "user_send_audio", user_id: user });
    expect(voice.text).toContain("Bạn vui lòng gửi chữ hoặc chọn trong menu.");
    expect(voice.text).toContain("1. Tra cứu hồ sơ");
    expect(voice.buttons.map((b) => b.payload)).toContain("#menu:6");
    const citizen = await citizenOf(app, user);
    await app.ctx.db.citizen.update({ where: { id: citizen.id }, data: { language: "en" } });
    const video = await turn(app, { event_name: "user_send_video", user_id: user });
    expect(video.text).toContain("Please write to us or choose from the menu.");
    await app.ctx.db.citizen.update({ where: { id: citizen.id }, data: { language: "zh" } });
    const form = await turn(app, { event_name: "user_submit_info", user_id: user });
    expect(form.text).toContain("感谢您提交信息");
    expect(form.text).toContain("1. 查询申请进度");
    // Someone writing without following the OA is understood like anyone else.
    const anonymous = await turn(app, { event_name: "anonymous_send_text", user_id: newUserId(), text: "2" });
    expect(anonymous.text).toContain("thủ tục gì");
  });

  it("processes a message Zalo re-sends (same msg_id) once", async () => {
    const user = newUserId();
    await say(app, user, "xin chào");
    const before = (await app.sims.zalo.messagesTo(user)).length;
    const event = { event_name: "user_send_text" as const, user_id: user, text: "2", msg_id: `m-${user}` };
    const first = await emitHandled(app, event);
    const again = await emit(app, event);
    expect(JSON.parse(first.body).outcome).toBe("queued");
    expect(JSON.parse(again.body).outcome).toBe("duplicate");
    // The one job has run to the end and its reply has left: nothing else is on its way.
    await eventually(async () => {
      const n = await app.ctx.db.notification.findUnique({ where: { dedupeKey: `bot:zalo:msg:m-${user}` } });
      return n?.status === "sent";
    });
    expect(await app.ctx.db.outboxEvent.count({ where: { jobId: { contains: `m-${user}` } } })).toBe(1);
    expect((await app.sims.zalo.messagesTo(user)).length).toBe(before + 1);
  });

  it("a bot job run again with the same event (a redelivery) changes nothing and answers nothing more", async () => {
    const user = newUserId();
    await say(app, user, "xin chào");
    const r = await emitHandled(app, { event_name: "user_send_text", user_id: user, text: "3" });
    const citizen = await citizenOf(app, user);
    const key = eventDedupeKey(r.event as ZaloEvent);
    await eventually(async () => {
      const n = await app.ctx.db.notification.findUnique({ where: { dedupeKey: `bot:${key}` } });
      return n?.status === "sent";
    });
    const snapshot = async () => ({
      state: (await app.ctx.db.botConversation.findUniqueOrThrow({ where: { citizenId: citizen.id } })).state,
      messages: await app.ctx.db.botMessage.count({ where: { citizenId: citizen.id } }),
      notifications: await app.ctx.db.notification.count({ where: { citizenId: citizen.id } }),
    });
    const before = await snapshot();
    expect(before.state).toMatchObject({ step: "incident_category" });
    // The job exactly as BullMQ would hand it over again (after a lost lock, a recovered job).
    const row = await app.ctx.db.outboxEvent.findUniqueOrThrow({
      where: { jobId: jobIdFor(handleZaloEventJob.name, key) },
    });
    const payload = handleZaloEventJob.schema.parse(row.payload);
    await handleZaloEventJob.handler(payload, app.ctx, {
      jobId: row.jobId,
      attemptsMade: 1,
      lastAttempt: false,
      delayUntil: () => Promise.reject(new Error("not delayed")),
    });
    expect(await snapshot()).toEqual(before);
    await new Promise((r) => setTimeout(r, 300)); // the relay would have picked up a new reply
    expect((await app.sims.zalo.messagesTo(user)).filter((m) => m.outcome === 0)).toHaveLength(2);
  });
});

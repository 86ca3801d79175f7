// Driving the bot the way Zalo does: the Zalo simulator builds each event, signs it over the
// exact bytes and posts it to our webhook; the bot's answers are read back from the
// simulator's message store (what Zalo would have delivered to the user's phone).
import type { SimMessage } from "../../../server/src/simulators/zalo/zalo-simulator.js";
import type { EmitEventInput } from "../../../server/src/simulators/zalo/zalo-events.js";
import { eventDedupeKey, type ZaloEvent } from "../../../server/src/bot/zalo-event.schema.js";
import { handleZaloEventJob } from "../../../server/src/bot/handle-zalo-event.job.js";
import { jobIdFor } from "../../../server/src/platform/jobs.js";
import { eventually, type TestApp } from "../../support/harness.js";

export type BreakWith = "wrong_secret" | "tamper" | "no_signature" | "stale";

/** The webhook as the simulator reaches it (the server listens on 127.0.0.1 only). */
const webhookUrl = (app: TestApp) => `${app.baseUrl.replace("localhost", "127.0.0.1")}/webhooks/zalo`;

export async function emit(app: TestApp, event: EmitEventInput, breakWith?: BreakWith) {
  const r = await fetch(`${app.sims.zalo.url}/__sim/emit`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ targetUrl: webhookUrl(app), event, ...(breakWith ? { breakWith } : {}) }),
  });
  if (r.status !== 200) throw new Error(`emit: ${r.status} ${await r.text()}`);
  return (await r.json()) as {
    status: number;
    body: string;
    event: Record<string, unknown>;
    rawBody: string;
  };
}

/** Zalo re-sending an event it emitted before: the very same bytes (and so timestamp). */
export async function resend(app: TestApp, rawBody: string) {
  const r = await fetch(`${app.sims.zalo.url}/__sim/emit`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ targetUrl: webhookUrl(app), resend: rawBody }),
  });
  if (r.status !== 200) throw new Error(`resend: ${r.status} ${await r.text()}`);
  return (await r.json()) as { status: number; body: string; rawBody: string };
}

/**
 * Emits an event and waits until the bot's job for it has run to the end (its outbox row
 * `done`): only then does "nothing was sent" mean something.
 */
export async function emitHandled(app: TestApp, event: EmitEventInput & { user_id: string }) {
  const r = await emit(app, event);
  if (r.status !== 200) throw new Error(`webhook answered ${r.status}: ${r.body}`);
  const jobId = jobIdFor(handleZaloEventJob.name, eventDedupeKey(r.event as ZaloEvent));
  await eventually(async () => {
    const o = await app.ctx.db.outboxEvent.findUnique({ where: { jobId } });
    return o?.status === "done";
  }, 20_000);
  return r;
}

/** What a message looked like on the phone: its text, buttons and list rows. */
export interface Seen {
  text: string;
  buttons: { title: string; payload: unknown }[];
  rows: { title: string; subtitle?: string; default_action?: { url?: string } }[];
  raw: SimMessage;
}

export function seen(m: SimMessage): Seen {
  const message = (m.payload as { message?: Record<string, unknown> }).message ?? {};
  const payload = ((message.attachment as { payload?: Record<string, unknown> } | undefined)?.payload ??
    {}) as { buttons?: Seen["buttons"]; elements?: Seen["rows"] };
  const rows = payload.elements ?? [];
  const text =
    typeof message.text === "string"
      ? message.text
      : rows.map((r) => [r.title, r.subtitle].filter(Boolean).join("\n")).join("\n");
  return { text, buttons: payload.buttons ?? [], rows, raw: m };
}

/**
 * One turn: the user sends an event, we wait for the OA's answer to that event to reach the
 * phone (found by the reply's notification, so other messages the portal sends meanwhile,
 * e.g. a report's status, are not mistaken for it). Each turn waits for its answer, so turns
 * are in order like a person typing.
 */
export async function turn(app: TestApp, event: EmitEventInput & { user_id: string }): Promise<Seen> {
  const r = await emit(app, event);
  if (r.status !== 200) throw new Error(`webhook answered ${r.status}: ${r.body}`);
  // The reply's dedupe key is the event's (its msg_id, or name + ids + timestamp without one).
  const key = eventDedupeKey(r.event as ZaloEvent);
  const reply = await eventually(async () => {
    const n = await app.ctx.db.notification.findUnique({ where: { dedupeKey: `bot:${key}` } });
    return n?.status === "sent" ? n : null;
  }, 20_000);
  const all = await app.sims.zalo.messagesTo(event.user_id);
  const m = all.find((x) => x.id === reply.providerMessageId);
  if (!m) throw new Error(`reply ${reply.providerMessageId} not in the simulator's store`);
  return seen(m);
}

export const say = (app: TestApp, userId: string, text: string) =>
  turn(app, { event_name: "user_send_text", user_id: userId, text });

let n = 0;
/** A fresh Zalo user id (over 2^53, as Zalo's are). */
export const newUserId = () => `77${Date.now()}${String(++n).padStart(3, "0")}`;

export async function citizenOf(app: TestApp, userId: string) {
  return eventually(() => app.ctx.db.citizen.findUnique({ where: { zaloIdByOA: userId } }));
}

/** A follower whose last interaction is older than the 48-hour window (phone, consent as given). */
export async function citizenOutsideWindow(app: TestApp, opts: { phone?: string; consent?: boolean }) {
  const user = newUserId();
  // Zalo knows the follower; their last interaction is older than the window.
  await fetch(`${app.sims.zalo.url}/__sim/users`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ id: user, follows: true }),
  });
  const c = await app.ctx.db.citizen.create({
    data: {
      zaloUserId: `app-${user}`,
      zaloIdByOA: user,
      followsOA: true,
      lastInteractAt: new Date(Date.now() - 3 * 24 * 3600_000),
      ...(opts.phone ? { phone: opts.phone } : {}),
    },
  });
  if (opts.consent !== undefined) {
    await app.ctx.db.consentRecord.create({
      data: {
        citizenId: c.id,
        purpose: "phone_notifications",
        granted: opts.consent,
        textVersion: "phone-v1",
      },
    });
  }
  return { user, citizen: c };
}

import { describe, expect, it } from "vitest";
import { quietHoursEnd } from "./send-notification.job.js";

describe("[NOTIFICATIONS] quiet hours end in the citizen's time zone", () => {
  it("22:00–06:00: a message at 23:30 waits until 06:00 the next morning", () => {
    const now = new Date("2026-11-23T23:30:00+07:00");
    expect(quietHoursEnd(6 * 60, now).toISOString()).toBe(
      new Date("2026-11-24T06:00:00+07:00").toISOString(),
    );
  });
  it("a message at 05:00 waits until 06:00 the same morning", () => {
    const now = new Date("2026-11-24T05:00:00+07:00");
    expect(quietHoursEnd(6 * 60, now).toISOString()).toBe(
      new Date("2026-11-24T06:00:00+07:00").toISOString(),
    );
  });
});

import { describe, expect, it } from "vitest";
import { notificationLimiter } from "./worker-runtime.js";

describe("[PLATFORM] the notifications limiter", () => {
  it("never lets more than the Zalo limit start in any 60 seconds, and keeps most of it", () => {
    for (const perMinute of [4000, 1000, 120, 10, 3]) {
      const { max, duration } = notificationLimiter(perMinute);
      // Windows of `duration` touched by any 60 s, plus one for a send that reaches Zalo in
      // the window after the one it started in.
      const worst = (Math.ceil(60_000 / duration) + 2) * max;
      expect([perMinute, worst <= perMinute]).toEqual([perMinute, true]);
    }
    const { max, duration } = notificationLimiter(4000);
    expect((max * 60_000) / duration).toBeGreaterThanOrEqual(0.95 * 4000);
  });
});

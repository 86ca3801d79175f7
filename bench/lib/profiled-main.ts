// The API with the V8 profiler on, for `BENCH_PROFILE=1`: writes a .cpuprofile on exit.
import { Session } from "node:inspector/promises";
import { writeFileSync } from "node:fs";

const session = new Session();
session.connect();
await session.post("Profiler.enable");
await session.post("Profiler.start");
process.once("SIGTERM", async () => {
  const { profile } = await session.post("Profiler.stop");
  writeFileSync(`.data/api-${Date.now()}.cpuprofile`, JSON.stringify(profile));
  process.exit(0);
});
await import("../../server/src/main.js");

// A worker process for the kill test: the real send job and outbox relay, notifications
// queue only, so the test can SIGKILL it while its sends wait for Zalo's answer.
import { loadConfigOrExit } from "../../../server/src/config.js";
import { ALL_JOBS } from "../../../server/src/jobs.js";
import { createContext } from "../../../server/src/platform/context.js";
import { startWorkers } from "../../../server/src/platform/worker-runtime.js";

const ctx = createContext(loadConfigOrExit(), ALL_JOBS, { name: "notifications-worker" });
startWorkers(ctx, { queues: ["notifications"], pollMs: 100 });

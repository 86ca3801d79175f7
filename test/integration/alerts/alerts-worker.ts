// A worker process for the kill test: the real job handlers and outbox relay, but only the
// alerts queue is worked, so it plans deliveries and hands them to BullMQ without sending any.
import { loadConfigOrExit } from "../../../server/src/config.js";
import { ALL_JOBS } from "../../../server/src/jobs.js";
import { createContext } from "../../../server/src/platform/context.js";
import { startWorkers } from "../../../server/src/platform/worker-runtime.js";

const ctx = createContext(loadConfigOrExit(), ALL_JOBS, { name: "alerts-worker" });
startWorkers(ctx, { queues: ["alerts"], pollMs: 100 });

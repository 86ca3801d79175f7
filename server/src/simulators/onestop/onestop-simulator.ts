// One-stop records system simulator (skeleton; the dossiers issue completes it). Our
// protocol, since the real one is not public: POST /api/dossiers (x-api-key), idempotent
// by `code`; GET /api/dossiers/:code; status changes (one-stop codes 1–10) pushed by a
// signed webhook. Fault injection: latency, 500s, hangs, duplicate webhooks.
import { createRecordSimulator, type RecordSimOptions } from "../record-store.js";
import { listen, type RunningSim } from "../sim-kit.js";

export function createOnestopSimulator(opts: RecordSimOptions) {
  return createRecordSimulator(opts, { collection: "dossiers", keyField: "code", initialStatus: "1" });
}

export async function startOnestopSimulator(opts: RecordSimOptions, port = 0): Promise<RunningSim> {
  return listen(createOnestopSimulator(opts).app, port);
}

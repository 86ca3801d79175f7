// IOC simulator (skeleton; the incidents and alerts issues complete it): POST
// /api/incidents (x-api-key), idempotent by our `externalId`; GET /api/incidents/:id;
// status changes pushed by a signed webhook; same fault injection as the one-stop sim.
import { createRecordSimulator, type RecordSimOptions } from "../record-store.js";
import { listen, type RunningSim } from "../sim-kit.js";

export function createIocSimulator(opts: RecordSimOptions) {
  return createRecordSimulator(opts, {
    collection: "incidents",
    keyField: "externalId",
    initialStatus: "received",
  });
}

export async function startIocSimulator(opts: RecordSimOptions, port = 0): Promise<RunningSim> {
  return listen(createIocSimulator(opts).app, port);
}

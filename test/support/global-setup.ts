import { ensureTemplate } from "./template-db.js";

export default async function setup() {
  // Test files clone the template built here, even if migrations change during the run.
  process.env.LAOCAI_TEMPLATE_DB = await ensureTemplate();
}

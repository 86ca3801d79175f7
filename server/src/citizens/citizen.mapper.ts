import type { Citizen } from "../platform/db.js";
import type { CitizenView } from "./citizen.schema.js";

export function toCitizenView(c: Citizen): CitizenView {
  return {
    id: c.id,
    displayName: c.displayName,
    language: c.language,
    hasPhone: Boolean(c.phone), // the number itself is shown only where it is needed
    followsOA: c.followsOA,
  };
}

import type { Citizen } from "../platform/db.js";
import type { CitizenView } from "./citizen.schema.js";
import { OPTIONAL_KINDS } from "../notifications/notification.schema.js";

export function toCitizenView(c: Citizen): CitizenView {
  return {
    id: c.id,
    displayName: c.displayName,
    language: c.language,
    hasPhone: Boolean(c.phone), // the number itself is shown only where it is needed
    followsOA: c.followsOA,
    messagePrefs: Object.fromEntries(
      OPTIONAL_KINDS.map((k) => [k, (c.messagePrefs as Record<string, boolean> | null)?.[k] !== false]),
    ),
    quietHours:
      c.quietHoursFrom != null && c.quietHoursTo != null
        ? { from: c.quietHoursFrom, to: c.quietHoursTo }
        : null,
  };
}

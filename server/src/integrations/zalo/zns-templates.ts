// ZNS templates (template messages by phone number) the portal may use when a citizen is
// outside the 48-hour OA window. Zalo approves each template and assigns its id; the ids
// below are the ones registered for the simulator and must be replaced by the approved ids
// before production (reported process: integrations.md §1, not confirmed). A kind without a
// template here is never sent by phone: a chatbot reply or a clerk's free text cannot be a
// pre-approved template.
export const ZNS_TEMPLATES: Record<string, { templateId: string; maxChars: number }> = {
  dossier_status: { templateId: "laocai_dossier_status_v1", maxChars: 400 },
  dossier_received: { templateId: "laocai_dossier_received_v1", maxChars: 400 },
  payment: { templateId: "laocai_payment_v1", maxChars: 400 },
  incident_status: { templateId: "laocai_incident_status_v1", maxChars: 400 },
  alert: { templateId: "laocai_disaster_alert_v1", maxChars: 400 },
};

/**
 * Approved template messages by user id (`/v3.0/oa/message/template`), for followers outside
 * the 48-hour window. Reported to have replaced UID transaction messages in 2026 (not
 * confirmed, integrations.md §1): the sender tries them first only while
 * ZALO_OA_TEMPLATE_FALLBACK is on, and falls back to ZNS when Zalo refuses one. The same
 * kinds as ZNS, for the same reason; ids registered for the simulator, to be replaced.
 */
export const OA_TEMPLATES: Record<string, { templateId: string; maxChars: number }> = {
  dossier_status: { templateId: "laocai_oa_dossier_status_v1", maxChars: 400 },
  dossier_received: { templateId: "laocai_oa_dossier_received_v1", maxChars: 400 },
  payment: { templateId: "laocai_oa_payment_v1", maxChars: 400 },
  incident_status: { templateId: "laocai_oa_incident_status_v1", maxChars: 400 },
  alert: { templateId: "laocai_oa_disaster_alert_v1", maxChars: 400 },
};

/** Zalo wants 84-format numbers; the portal stores them that way, this guards the edge. */
export function toZnsPhone(phone: string): string | null {
  const digits = phone.replace(/\D/g, "");
  const p = digits.startsWith("0") ? `84${digits.slice(1)}` : digits;
  return /^84\d{8,10}$/.test(p) ? p : null;
}

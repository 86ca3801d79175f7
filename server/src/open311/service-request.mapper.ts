import type { AdminUnit, Agency, Incident, IncidentEvent, IncidentMedia } from "../platform/db.js";
import { categoryName } from "../incidents/categories.js";
import { isOpen, STATUS_TEXT } from "../incidents/incident-status.js";
import { maskPersonalNumbers } from "../incidents/mask-personal-numbers.js";

export const SERVICE_REQUEST_INCLUDE = {
  unit: true,
  agency: true,
  media: { where: { hidden: false }, orderBy: { createdAt: "asc" }, take: 1 },
  events: { orderBy: { createdAt: "desc" }, take: 1 },
} as const;

type Row = Incident & {
  unit: AdminUnit | null;
  agency: Agency | null;
  media: IncidentMedia[];
  events: IncidentEvent[];
};

/** One of our reports as an Open311 service request: public text only, no reporter. */
export function toServiceRequest(i: Row, baseUrl: string) {
  const last = i.events[0];
  const photo = i.media[0];
  return {
    service_request_id: i.publicId,
    status: isOpen(i.status) ? "open" : "closed",
    status_notes: last?.note ? maskPersonalNumbers(last.note) : STATUS_TEXT[i.status].vi,
    service_name: categoryName(i.category),
    service_code: i.category,
    description: i.descriptionPublic,
    agency_responsible: i.agency?.name ?? null,
    service_notice: null,
    requested_datetime: i.createdAt.toISOString(),
    updated_datetime: i.updatedAt.toISOString(),
    expected_datetime: i.dueAt?.toISOString() ?? null,
    // Free text from the submitter: it can hold a phone number like any other text.
    address: i.address ? maskPersonalNumbers(i.address) : (i.unit?.fullName ?? null),
    // The commune's GSO code: what POST accepts as address_id.
    address_id: i.unitCode,
    zipcode: null,
    lat: i.lat,
    long: i.lon,
    media_url: photo ? `${baseUrl}/api/v1/incidents/${i.publicId}/photos/${photo.id}` : null,
  };
}

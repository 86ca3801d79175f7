import type { Agency, AuditLog, JobDeadLetter, StaffUser } from "../platform/db.js";
import type { z } from "zod";
import type { auditEntryView, deadLetterView, staffView } from "./staff.schema.js";

export function toStaffView(u: StaffUser & { agency: Agency | null }): z.infer<typeof staffView> {
  return {
    id: u.id,
    username: u.username,
    fullName: u.fullName,
    role: u.role,
    agency: u.agency ? { id: u.agency.id, code: u.agency.code, name: u.agency.name } : null,
  };
}

export function toAuditEntryView(
  a: AuditLog & { staff: { username: string; fullName: string } | null },
): z.infer<typeof auditEntryView> {
  return {
    id: String(a.id),
    at: a.createdAt.toISOString(),
    staff: a.staff?.username ?? null,
    staffName: a.staff?.fullName ?? null,
    action: a.action,
    target: a.target,
    detail: a.detail ?? null,
    ip: a.ip,
  };
}

export function toDeadLetterView(d: JobDeadLetter): z.infer<typeof deadLetterView> {
  return {
    id: String(d.id),
    queue: d.queue,
    jobName: d.jobName,
    jobId: d.jobId,
    error: d.error,
    attempts: d.attempts,
    failedAt: d.failedAt.toISOString(),
    retriedAt: d.retriedAt?.toISOString() ?? null,
  };
}

import { z } from "zod";

export const loginBody = z.object({
  username: z.string().trim().min(1, "Vui lòng nhập tên đăng nhập.").max(64),
  password: z.string().min(1, "Vui lòng nhập mật khẩu.").max(200),
});

export const staffRole = z.enum(["admin", "clerk", "ioc_operator"]);

export const staffView = z.object({
  id: z.string(),
  username: z.string(),
  fullName: z.string(),
  role: staffRole,
  agency: z.object({ id: z.string(), code: z.string(), name: z.string() }).nullable(),
});

export const sessionResponse = z.object({ staff: staffView, csrfToken: z.string() });

/** Keyset paging, newest first: `cursor` is the last id of the previous page. */
export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z
    .string()
    .regex(/^\d{1,18}$/, "Giá trị không đúng định dạng.")
    .optional(),
});

export const auditQuery = listQuery.extend({
  /** Exact action, or a prefix ending in '.' / ' ' (e.g. "dossier." or "POST "). */
  action: z.string().min(1).max(120).optional(),
  /** Username of the staff member. */
  staff: z.string().trim().min(1).max(64).optional(),
});

export const auditEntryView = z.object({
  id: z.string(),
  at: z.string(),
  staff: z.string().nullable(),
  staffName: z.string().nullable(),
  action: z.string(),
  target: z.string().nullable(),
  detail: z.unknown(),
  ip: z.string().nullable(),
});

export const auditPage = z.object({ entries: z.array(auditEntryView), nextCursor: z.string().nullable() });

export const deadLetterView = z.object({
  id: z.string(),
  queue: z.string(),
  jobName: z.string(),
  jobId: z.string(),
  error: z.string(),
  attempts: z.number(),
  failedAt: z.string(),
  retriedAt: z.string().nullable(),
});

export const deadLetterPage = z.object({
  deadLetters: z.array(deadLetterView),
  nextCursor: z.string().nullable(),
});

export const retryResponse = z.object({ jobId: z.string() });

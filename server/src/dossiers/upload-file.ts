import multer from "multer";
import type { RequestHandler } from "express";
import type { AppContext } from "../platform/context.js";
import { AppError, notFound } from "../platform/errors.js";
import { acceptUpload, MAX_UPLOAD_BYTES } from "../files/accept-upload.js";

/** One file in the multipart field `file`, held in memory (≤ 10 MB) until checked. */
export const singleFile: RequestHandler = (req, res, next) => {
  multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5 },
  }).single("file")(req, res, (err: unknown) => {
    if (!err) return next();
    const code = (err as { code?: string }).code;
    if (code === "LIMIT_FILE_SIZE")
      return next(new AppError("PAYLOAD_TOO_LARGE", { userMessage: "Tệp quá lớn (tối đa 10 MB)." }));
    next(
      new AppError("BAD_REQUEST", {
        message: `upload: ${code ?? "error"}`,
        userMessage: "Tải tệp lên không thành công.",
      }),
    );
  });
};

// Unattached document uploads a citizen may hold at once (drafts included); incident photos
// have their own cap (server/src/incidents/store-incident-photo.ts) and do not count here.
// "Bỏ" deletes an upload, and the hourly sweep removes those left for a day.
const MAX_PENDING_FILES = 40;

/** Checks, re-encodes and stores an upload as a file of its owner, not yet in a dossier. */
export async function storeUpload(
  ctx: AppContext,
  input: {
    ownerCitizenId?: string;
    dossierId?: string;
    kind: "document" | "supplement" | "result";
    file?: Express.Multer.File;
  },
) {
  if (!input.file)
    throw new AppError("VALIDATION_FAILED", { fields: [{ field: "file", message: "Vui lòng chọn tệp." }] });
  if (input.ownerCitizenId) {
    const pending = await ctx.db.dossierFile.count({
      where: { ownerCitizenId: input.ownerCitizenId, dossierId: null, kind: "document" },
    });
    if (pending >= MAX_PENDING_FILES) {
      throw new AppError("RATE_LIMITED", {
        message: "too many pending files",
        userMessage: "Bạn đã tải lên quá nhiều tệp chưa dùng.",
      });
    }
  }
  const accepted = await acceptUpload(input.file.buffer);
  const { key, sha256 } = await ctx.files.put(accepted.data);
  const ext = accepted.kind === "pdf" ? "pdf" : "jpg";
  // The citizen's own file name is kept only as a label, sanitised.
  const base =
    input.file.originalname
      .replace(/\.[^.]*$/, "")
      .replace(/[^\p{L}\p{N} ._-]/gu, "")
      .slice(0, 80) || "tep";
  return ctx.db.dossierFile.create({
    data: {
      ownerCitizenId: input.ownerCitizenId ?? null,
      dossierId: input.dossierId ?? null,
      kind: input.kind,
      fileName: `${base}.${ext}`,
      mimeType: accepted.mimeType,
      sizeBytes: accepted.data.length,
      sha256,
      storageKey: key,
    },
  });
}

export const fileView = (f: { id: string; fileName: string; mimeType: string; sizeBytes: number }) => ({
  id: f.id,
  fileName: f.fileName,
  mimeType: f.mimeType,
  sizeBytes: f.sizeBytes,
  kind: f.mimeType === "application/pdf" ? ("pdf" as const) : ("image" as const),
});

/**
 * A citizen takes back an upload they have not filed: only their own, only while no dossier
 * holds it (a filed document belongs to the dossier's record). The bytes go with the row.
 */
export async function deleteUpload(ctx: AppContext, input: { citizenId: string; id: string }) {
  const { rows } = await ctx.pg.query<{ storageKey: string }>(
    `DELETE FROM "DossierFile"
     WHERE id = $1 AND "ownerCitizenId" = $2 AND "dossierId" IS NULL AND kind = 'document'
     RETURNING "storageKey"`,
    [input.id, input.citizenId],
  );
  if (!rows[0]) throw notFound("file");
  await ctx.files.delete(rows[0].storageKey);
}

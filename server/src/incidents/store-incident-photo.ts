import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import { acceptUpload, PHOTO_FORMATS } from "../files/accept-upload.js";

const MAX_PENDING_PHOTOS = 20;

/**
 * A photo for a report: the type decided from the bytes, re-encoded to JPEG without EXIF
 * (a phone's EXIF holds its GPS position) before anyone else can see it. Kept as an
 * unattached upload of its owner until a report claims it (createIncident).
 */
export async function storeIncidentPhoto(
  ctx: AppContext,
  citizenId: string,
  file: Express.Multer.File | undefined,
) {
  if (!file)
    throw new AppError("VALIDATION_FAILED", { fields: [{ field: "file", message: "Vui lòng chọn ảnh." }] });
  const pending = await ctx.db.dossierFile.count({
    where: { ownerCitizenId: citizenId, dossierId: null, kind: "incident_photo" },
  });
  if (pending >= MAX_PENDING_PHOTOS)
    throw new AppError("RATE_LIMITED", {
      message: "too many pending photos",
      userMessage: "Bạn đã tải lên quá nhiều ảnh chưa dùng.",
    });
  const accepted = await acceptUpload(file.buffer);
  if (accepted.kind !== "image")
    throw new AppError("UNSUPPORTED_MEDIA", {
      message: "not an image",
      userMessage: `Chỉ nhận ảnh (${PHOTO_FORMATS}).`,
    });
  const { key, sha256 } = await ctx.files.put(accepted.data);
  return ctx.db.dossierFile.create({
    data: {
      ownerCitizenId: citizenId,
      kind: "incident_photo",
      fileName: "anh-phan-anh.jpg",
      mimeType: accepted.mimeType,
      sizeBytes: accepted.data.length,
      sha256,
      storageKey: key,
    },
  });
}

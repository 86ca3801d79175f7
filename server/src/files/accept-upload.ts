import { fileTypeFromBuffer } from "file-type";
import sharp from "sharp";
import { AppError } from "../platform/errors.js";

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/**
 * Whether this sharp can read an iPhone's HEIC photos. Its prebuilt libvips carries libheif
 * with the AV1 decoder only (patents keep HEVC out), and then lists ".avif" alone among the
 * heif suffixes; a build with an HEVC decoder lists ".heic" too.
 */
export const CAN_DECODE_HEIC = sharp.format.heif.input.fileSuffix?.includes(".heic") ?? false;
const HEIC_TYPES = new Set(["image/heic", "image/heif"]);
const IMAGE_TYPES = new Set([
  "image/jpeg",
  "image/png",
  "image/webp",
  "image/avif",
  ...(CAN_DECODE_HEIC ? HEIC_TYPES : []),
]);
/** What to tell people we take: only what we can read. */
export const PHOTO_FORMATS = CAN_DECODE_HEIC ? "JPG, PNG, HEIC" : "JPG, PNG";
const MAX_IMAGE_SIDE = 2560;

export interface AcceptedFile {
  data: Buffer;
  mimeType: "image/jpeg" | "application/pdf";
  kind: "image" | "pdf";
}

/**
 * Decides what an upload is from its bytes, never its name or declared type. Photos are
 * re-encoded to JPEG (EXIF, which can hold the citizen's GPS position, is dropped; the
 * orientation is applied first) and scaled down; PDFs are kept as they are. Anything else
 * is refused in Vietnamese.
 */
export async function acceptUpload(data: Buffer): Promise<AcceptedFile> {
  if (data.length === 0)
    throw new AppError("BAD_REQUEST", { message: "empty file", userMessage: "Tệp trống." });
  if (data.length > MAX_UPLOAD_BYTES) {
    throw new AppError("PAYLOAD_TOO_LARGE", {
      message: "file too large",
      userMessage: "Tệp quá lớn (tối đa 10 MB).",
    });
  }
  const type = await fileTypeFromBuffer(data);
  if (type?.mime === "application/pdf") return { data, mimeType: "application/pdf", kind: "pdf" };
  if (type && HEIC_TYPES.has(type.mime) && !CAN_DECODE_HEIC)
    throw new AppError("UNSUPPORTED_MEDIA", {
      message: "HEIC cannot be decoded here",
      userMessage:
        "Chưa đọc được ảnh HEIC (định dạng mặc định của iPhone). Vui lòng chọn ảnh JPEG hoặc PNG, " +
        'hoặc bấm "Chụp hoặc chọn ảnh" rồi chọn ảnh từ thư viện: ảnh sẽ được chuyển sang JPEG.',
    });
  if (type && IMAGE_TYPES.has(type.mime)) {
    try {
      const jpeg = await sharp(data, { failOn: "error", limitInputPixels: 60_000_000 })
        .rotate()
        .resize({ width: MAX_IMAGE_SIDE, height: MAX_IMAGE_SIDE, fit: "inside", withoutEnlargement: true })
        // libjpeg-turbo settings, not mozjpeg's (`mozjpeg: true`): those made files ~20 % smaller
        // but took ~960 ms of CPU per 2400×1800 photo against ~90 ms (bench incident-submit).
        .jpeg({ quality: 82 })
        .toBuffer(); // sharp writes no metadata unless asked (withMetadata)
      return { data: jpeg, mimeType: "image/jpeg", kind: "image" };
    } catch {
      throw new AppError("UNSUPPORTED_MEDIA", {
        message: "unreadable image",
        userMessage: "Ảnh bị lỗi, không đọc được. Vui lòng chụp lại.",
      });
    }
  }
  throw new AppError("UNSUPPORTED_MEDIA", {
    message: `refused type ${type?.mime ?? "unknown"}`,
    userMessage: `Chỉ nhận ảnh (${PHOTO_FORMATS}) hoặc tệp PDF.`,
  });
}

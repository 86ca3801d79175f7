import { randomUUID } from "node:crypto";

// Stable error codes → HTTP status and the Vietnamese message a citizen sees.
export const ERRORS = {
  BAD_REQUEST: { status: 400, vi: "Yêu cầu không hợp lệ." },
  VALIDATION_FAILED: {
    status: 400,
    vi: "Thông tin chưa hợp lệ, vui lòng kiểm tra lại các trường được đánh dấu.",
  },
  MALFORMED_JSON: { status: 400, vi: "Dữ liệu gửi lên không đúng định dạng." },
  UNAUTHENTICATED: { status: 401, vi: "Bạn cần đăng nhập để tiếp tục." },
  INVALID_CREDENTIALS: { status: 401, vi: "Tên đăng nhập hoặc mật khẩu không đúng." },
  ACCOUNT_LOCKED: {
    status: 423,
    vi: "Tài khoản tạm khóa do nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau.",
  },
  FORBIDDEN: { status: 403, vi: "Bạn không có quyền thực hiện thao tác này." },
  CSRF_FAILED: { status: 403, vi: "Phiên làm việc không hợp lệ, vui lòng tải lại trang." },
  NOT_FOUND: { status: 404, vi: "Không tìm thấy nội dung yêu cầu." },
  CONFLICT: { status: 409, vi: "Thao tác không thực hiện được ở trạng thái hiện tại." },
  PAYLOAD_TOO_LARGE: { status: 413, vi: "Dữ liệu gửi lên quá lớn." },
  UNSUPPORTED_MEDIA: { status: 415, vi: "Định dạng tệp không được hỗ trợ." },
  RATE_LIMITED: { status: 429, vi: "Bạn thao tác quá nhanh, vui lòng thử lại sau ít phút." },
  UPSTREAM_FAILED: { status: 502, vi: "Hệ thống liên thông tạm thời không phản hồi, vui lòng thử lại sau." },
  NOT_READY: { status: 503, vi: "Hệ thống đang khởi động hoặc bảo trì, vui lòng thử lại sau." },
  INTERNAL: { status: 500, vi: "Đã có lỗi xảy ra. Vui lòng thử lại sau." },
} as const;

export type ErrorCode = keyof typeof ERRORS;

export interface FieldError {
  field: string;
  message: string; // Vietnamese, shown next to the field
}

export class AppError extends Error {
  readonly status: number;
  readonly userMessage: string;
  readonly errorId: string | undefined;

  constructor(
    readonly code: ErrorCode,
    opts: { message?: string; userMessage?: string; fields?: FieldError[]; cause?: unknown } = {},
  ) {
    super(opts.message ?? code, { cause: opts.cause });
    this.name = "AppError";
    this.status = ERRORS[code].status;
    this.userMessage = opts.userMessage ?? ERRORS[code].vi;
    this.fields = opts.fields;
    this.errorId = this.status >= 500 ? randomUUID() : undefined;
  }
  readonly fields: FieldError[] | undefined;

  toJSON() {
    return {
      error: {
        code: this.code,
        message: this.message,
        userMessage: this.userMessage,
        ...(this.fields ? { fields: this.fields } : {}),
        ...(this.errorId ? { errorId: this.errorId } : {}),
      },
    };
  }
}

export const notFound = (what = "resource") => new AppError("NOT_FOUND", { message: `${what} not found` });
export const forbidden = (why = "forbidden") => new AppError("FORBIDDEN", { message: why });
export const conflict = (why: string, userMessage?: string) =>
  new AppError("CONFLICT", { message: why, ...(userMessage ? { userMessage } : {}) });

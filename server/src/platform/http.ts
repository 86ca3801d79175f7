import { Router, type NextFunction, type Request, type RequestHandler, type Response } from "express";
import { z } from "zod";
import { AppError, type FieldError } from "./errors.js";

/** Vietnamese messages for zod issues, shown next to the field. */
function viMessage(issue: z.core.$ZodIssue): string {
  if (issue.message && !/^(Invalid|Too|Expected|Required)/.test(issue.message)) return issue.message;
  switch (issue.code) {
    case "invalid_type":
      // zod 4 does not keep the input by default; its message says what was received.
      return /received undefined/.test(issue.message)
        ? "Trường này là bắt buộc."
        : "Giá trị không đúng kiểu.";
    case "too_small":
      return "Giá trị quá ngắn hoặc quá nhỏ.";
    case "too_big":
      return "Giá trị quá dài hoặc quá lớn.";
    case "invalid_format":
      return "Giá trị không đúng định dạng.";
    case "invalid_value":
      return "Giá trị không nằm trong danh sách cho phép.";
    default:
      return "Giá trị không hợp lệ.";
  }
}

export function zodFields(error: z.ZodError): FieldError[] {
  return error.issues.map((i) => ({ field: i.path.join(".") || "(body)", message: viMessage(i) }));
}

export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) {
    throw new AppError("VALIDATION_FAILED", { message: "validation failed", fields: zodFields(r.error) });
  }
  return r.data;
}

// ── A small route registry: each route declares its schemas once; they validate the
// request, type the handler, and generate the OpenAPI document. ──

export interface RouteSpec<
  B extends z.ZodType,
  Q extends z.ZodType,
  P extends z.ZodType,
  R extends z.ZodType,
> {
  method: "get" | "post" | "put" | "patch" | "delete";
  path: string; // express path, e.g. /api/v1/procedures/:code
  summary: string;
  tag: string;
  auth?: "citizen" | "staff" | "none";
  body?: B;
  query?: Q;
  params?: P;
  response?: R;
  /** Extra status codes documented for this route. */
  errors?: number[];
  middleware?: RequestHandler[];
  handler: (input: {
    body: z.infer<B>;
    query: z.infer<Q>;
    params: z.infer<P>;
    req: Request;
    res: Response;
  }) => Promise<z.infer<R> | void>;
  status?: number;
}

export interface RegisteredRoute {
  method: string;
  path: string;
  summary: string;
  tag: string;
  auth: string;
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  response?: z.ZodType;
  errors: number[];
  status: number;
}

export const routeRegistry: RegisteredRoute[] = [];

const BASE_PATH = Symbol("basePath");

/** A router that knows where it is mounted, so its routes are documented with full paths. */
export function makeRouter(basePath: string): Router {
  const r = Router();
  (r as unknown as Record<symbol, string>)[BASE_PATH] = basePath;
  return r;
}

export function basePathOf(router: Router): string {
  return (router as unknown as Record<symbol, string>)[BASE_PATH] ?? "";
}

export function route<
  B extends z.ZodType = z.ZodUnknown,
  Q extends z.ZodType = z.ZodUnknown,
  P extends z.ZodType = z.ZodUnknown,
  R extends z.ZodType = z.ZodUnknown,
>(router: Router, spec: RouteSpec<B, Q, P, R>): void {
  const registered: RegisteredRoute = {
    method: spec.method,
    path: basePathOf(router) + spec.path,
    summary: spec.summary,
    tag: spec.tag,
    auth: spec.auth ?? "none",
    errors: spec.errors ?? [],
    status: spec.status ?? 200,
    ...(spec.body ? { body: spec.body } : {}),
    ...(spec.query ? { query: spec.query } : {}),
    ...(spec.params ? { params: spec.params } : {}),
    ...(spec.response ? { response: spec.response } : {}),
  };
  if (!routeRegistry.some((r) => r.method === registered.method && r.path === registered.path)) {
    routeRegistry.push(registered);
  }
  const handler = async (req: Request, res: Response, next: NextFunction) => {
    try {
      const body = spec.body ? parseOrThrow(spec.body, req.body ?? {}) : req.body;
      const query = spec.query ? parseOrThrow(spec.query, req.query) : req.query;
      const params = spec.params ? parseOrThrow(spec.params, req.params) : req.params;
      const out = await spec.handler({ body, query, params, req, res } as never);
      if (res.headersSent) return;
      if (out === undefined) {
        res.status(spec.status ?? 204).end();
        return;
      }
      res.status(spec.status ?? 200).json(out);
    } catch (err) {
      next(err);
    }
  };
  router[spec.method](spec.path, ...(spec.middleware ?? []), handler);
}

export const asyncHandler =
  (fn: (req: Request, res: Response, next: NextFunction) => Promise<unknown>): RequestHandler =>
  (req, res, next) => {
    fn(req, res, next).catch(next);
  };

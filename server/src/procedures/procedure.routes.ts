import type { Router } from "express";
import type { AppContext } from "../platform/context.js";
import { makeRouter, route } from "../platform/http.js";
import { getProcedureByCode } from "./get-procedure-by-code.js";
import { procedureCodeParams, procedureView } from "./procedure.schema.js";

export function procedureRouter(ctx: AppContext): Router {
  const r = makeRouter("/api/v1");
  route(r, {
    method: "get",
    path: "/procedures/:code",
    summary: "One administrative procedure by its national code",
    tag: "Procedures",
    params: procedureCodeParams,
    response: procedureView,
    errors: [404],
    handler: ({ params }) => getProcedureByCode(ctx, params.code),
  });
  return r;
}

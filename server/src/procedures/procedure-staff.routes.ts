import type { Router } from "express";
import type { AppContext } from "../platform/context.js";
import { makeRouter, route } from "../platform/http.js";
import { requireStaff } from "../staff/require-staff.js";
import { getProcedureForAdmin } from "./get-procedure-for-admin.js";
import { listProceduresForAdmin, procedureEditOptions } from "./list-procedures-for-admin.js";
import {
  procedureAdminList,
  procedureAdminListQuery,
  procedureAdminView,
  procedureEditBody,
  procedureOptions,
  ratingsQuery,
  ratingsReport,
} from "./procedure-admin.schema.js";
import { procedureCodeParams } from "./procedure.schema.js";
import { reportRatings } from "./report-ratings.js";
import { updateProcedure } from "./update-procedure.js";

/** The console's side of the catalog: admins keep procedures up to date; staff read ratings. */
export function procedureStaffRouter(ctx: AppContext): Router {
  const r = makeRouter("/api/staff");
  const admin = requireStaff(ctx, ["admin"]);
  const clerkOrAdmin = requireStaff(ctx, ["clerk", "admin"]);

  route(r, {
    method: "get",
    path: "/procedure-options",
    summary: "Fields and agencies offered by the procedure edit form",
    tag: "Procedures",
    auth: "staff",
    middleware: [admin],
    response: procedureOptions,
    handler: () => procedureEditOptions(ctx),
  });

  route(r, {
    method: "get",
    path: "/procedures",
    summary: "All procedures, retired ones too, for editing",
    tag: "Procedures",
    auth: "staff",
    middleware: [admin],
    query: procedureAdminListQuery,
    response: procedureAdminList,
    handler: ({ query }) =>
      listProceduresForAdmin(ctx, {
        ...query,
        active: query.active === undefined ? undefined : query.active === "true",
      }),
  });

  route(r, {
    method: "get",
    path: "/procedures/:code",
    summary: "One procedure as the console edits it",
    tag: "Procedures",
    auth: "staff",
    middleware: [admin],
    params: procedureCodeParams,
    response: procedureAdminView,
    errors: [404],
    handler: ({ params }) => getProcedureForAdmin(ctx, params.code),
  });

  route(r, {
    method: "put",
    path: "/procedures/:code",
    summary: "Edit a procedure (audited; the catalog search follows at once)",
    tag: "Procedures",
    auth: "staff",
    middleware: [admin],
    params: procedureCodeParams,
    body: procedureEditBody,
    response: procedureAdminView,
    errors: [404, 409],
    handler: ({ params, body, req }) =>
      updateProcedure(ctx, { code: params.code, edit: body, staffId: req.staff!.id, ip: req.ip }),
  });

  route(r, {
    method: "get",
    path: "/ratings",
    summary: "Satisfaction per agency and per procedure with comments, over a period",
    tag: "Procedures",
    auth: "staff",
    middleware: [clerkOrAdmin],
    query: ratingsQuery,
    response: ratingsReport,
    handler: ({ query, req }) => reportRatings(ctx, { staff: req.staff!, from: query.from, to: query.to }),
  });
  return r;
}

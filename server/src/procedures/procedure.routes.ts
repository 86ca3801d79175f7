import type { Router } from "express";
import type { AppContext } from "../platform/context.js";
import { makeRouter, route } from "../platform/http.js";
import { getProcedureByCode } from "./get-procedure-by-code.js";
import { listProcedureFields } from "./list-procedure-fields.js";
import {
  catalogFields,
  catalogPage,
  catalogQuery,
  procedureCodeParams,
  procedureView,
} from "./procedure.schema.js";
import { findProcedures } from "./search-procedures.js";

export function procedureRouter(ctx: AppContext): Router {
  const r = makeRouter("/api/v1");
  // Before /procedures/:code, which would read "fields" as a (malformed) code.
  route(r, {
    method: "get",
    path: "/procedures/fields",
    summary: "Fields (lĩnh vực) of the catalog with how many procedures each holds",
    tag: "Procedures",
    query: catalogQuery.pick({ level: true }),
    response: catalogFields,
    handler: async ({ query }) => ({ fields: await listProcedureFields(ctx, query) }),
  });

  route(r, {
    method: "get",
    path: "/procedures",
    summary: "The catalog: search (diacritics, word order and small typos do not matter) or browse",
    tag: "Procedures",
    query: catalogQuery,
    response: catalogPage,
    handler: async ({ query }) => {
      const { items, total } = await findProcedures(ctx, {
        q: query.q,
        field: query.field,
        level: query.level,
        limit: query.pageSize,
        offset: (query.page - 1) * query.pageSize,
      });
      return {
        items: items.map(({ score: _score, ...summary }) => summary),
        total,
        page: query.page,
        pageSize: query.pageSize,
      };
    },
  });

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

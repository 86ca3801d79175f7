import type { Router } from "express";
import { z } from "zod";
import type { AppContext } from "../platform/context.js";
import { AppError, conflict, notFound } from "../platform/errors.js";
import { asyncHandler, makeRouter, route, routeRegistry } from "../platform/http.js";
import { requireCitizen } from "../citizens/citizen-auth.js";
import { appointmentFor, dueInstant } from "../calendar/working-days.js";
import { loadCalendar } from "./calendar-store.js";
import { DOSSIER_INCLUDE, toDossierView, type FullDossier } from "./dossier.mapper.js";
import { codeParams, draftBody, draftDocuments, submitBody } from "./dossier.schema.js";
import { submitDossier } from "./submit-dossier.js";
import { transitionDossierInTx } from "./transition-dossier.js";
import { deleteUpload, fileView, singleFile, storeUpload } from "./upload-file.js";

const FULL = DOSSIER_INCLUDE;

export function dossierCitizenRouter(ctx: AppContext): Router {
  const r = makeRouter("/api/v1");
  const auth = requireCitizen(ctx);

  const mine = async (citizenId: string, code: string): Promise<FullDossier> => {
    const d = await ctx.db.dossier.findUnique({ where: { code }, include: FULL });
    // Another citizen's dossier does not exist for this one.
    if (!d || d.citizenId !== citizenId) throw notFound("dossier");
    return d;
  };

  routeRegistry.push({
    method: "post",
    path: "/api/v1/uploads",
    summary: "Upload one document (photo or PDF, multipart `file`)",
    tag: "Dossiers",
    auth: "citizen",
    errors: [413, 415],
    status: 201,
  });
  r.post(
    "/uploads",
    auth,
    singleFile,
    asyncHandler(async (req, res) => {
      const f = await storeUpload(ctx, {
        ownerCitizenId: req.citizen!.id,
        kind: "document",
        ...(req.file ? { file: req.file } : {}),
      });
      res.status(201).json(fileView(f));
    }),
  );
  routeRegistry.push({
    method: "get",
    path: "/api/v1/uploads/{id}",
    summary: "One of my uploaded files",
    tag: "Dossiers",
    auth: "citizen",
    errors: [404],
    status: 200,
  });
  r.get(
    "/uploads/:id",
    auth,
    asyncHandler(async (req, res) => {
      const f = await ctx.db.dossierFile.findUnique({
        where: { id: String(req.params.id) },
        include: { dossier: true },
      });
      const owner = f?.ownerCitizenId ?? f?.dossier?.citizenId;
      if (!f || owner !== req.citizen!.id) throw notFound("file");
      res.type(f.mimeType).setHeader("cache-control", "private, max-age=3600");
      res.send(await ctx.files.get(f.storageKey));
    }),
  );

  route(r, {
    method: "delete",
    path: "/uploads/:id",
    summary: "Take back one of my uploads that no dossier holds (the file is deleted)",
    tag: "Dossiers",
    auth: "citizen",
    middleware: [auth],
    params: z.object({ id: z.string().max(40) }),
    errors: [404],
    status: 204,
    handler: async ({ params, req }) => {
      await deleteUpload(ctx, { citizenId: req.citizen!.id, id: params.id });
    },
  });

  route(r, {
    method: "put",
    path: "/drafts/:procedureCode",
    summary: "Save my draft of a filing (a dropped connection loses nothing)",
    tag: "Dossiers",
    auth: "citizen",
    middleware: [auth],
    params: z.object({ procedureCode: z.string().regex(/^\d\.\d{6}$/) }),
    body: draftBody,
    response: z.object({ updatedAt: z.string() }),
    handler: async ({ params, body, req }) => {
      const p = await ctx.db.procedure.findUnique({ where: { nationalCode: params.procedureCode } });
      if (!p) throw notFound("procedure");
      // The flat list keeps the drafted files out of the unattached-upload sweep.
      const fileIds = body.documents.flatMap((s) => s.files.map((f) => f.id));
      const data = { data: body.data as object, documents: body.documents, fileIds };
      const d = await ctx.db.dossierDraft.upsert({
        where: { citizenId_procedureId: { citizenId: req.citizen!.id, procedureId: p.id } },
        create: { citizenId: req.citizen!.id, procedureId: p.id, ...data },
        update: data,
      });
      return { updatedAt: d.updatedAt.toISOString() };
    },
  });
  route(r, {
    method: "get",
    path: "/drafts/:procedureCode",
    summary: "My saved draft of a filing (documents per slot, only files still mine and unfiled)",
    tag: "Dossiers",
    auth: "citizen",
    middleware: [auth],
    params: z.object({ procedureCode: z.string().regex(/^\d\.\d{6}$/) }),
    errors: [404],
    handler: async ({ params, req }) => {
      const d = await ctx.db.dossierDraft.findFirst({
        where: { citizenId: req.citizen!.id, procedure: { nationalCode: params.procedureCode } },
      });
      if (!d) throw notFound("draft");
      // A file deleted, swept or filed since the draft was saved is not offered again.
      const alive = new Set(
        (
          await ctx.db.dossierFile.findMany({
            where: { id: { in: d.fileIds }, ownerCitizenId: req.citizen!.id, dossierId: null },
            select: { id: true },
          })
        ).map((f) => f.id),
      );
      const documents = draftDocuments
        .catch([])
        .parse(d.documents)
        .map((s) => ({ ...s, files: s.files.filter((f) => alive.has(f.id)) }))
        .filter((s) => s.files.length);
      return { data: d.data, documents, updatedAt: d.updatedAt.toISOString() };
    },
  });

  route(r, {
    method: "post",
    path: "/dossiers",
    summary: "File a dossier",
    tag: "Dossiers",
    auth: "citizen",
    middleware: [auth],
    body: submitBody,
    status: 201,
    errors: [404, 409],
    handler: async ({ body, req }) => {
      // The stored dossier comes back with its relations: no second read on the hot path.
      return toDossierView(
        await submitDossier(ctx, { citizenId: req.citizen!.id, ...body }),
        req.citizen!.language,
      );
    },
  });

  route(r, {
    method: "get",
    path: "/dossiers",
    summary: "My dossiers",
    tag: "Dossiers",
    auth: "citizen",
    middleware: [auth],
    handler: async ({ req }) => {
      const rows = await ctx.db.dossier.findMany({
        where: { citizenId: req.citizen!.id },
        include: FULL,
        orderBy: { createdAt: "desc" },
        take: 200,
      });
      return {
        dossiers: rows.map((d) => {
          const v = toDossierView(d, req.citizen!.language);
          return {
            code: v.code,
            procedureName: v.procedure.name,
            status: v.status,
            statusText: v.statusText,
            overdue: v.overdue,
            appointmentAt: v.appointmentAt,
            updatedAt: d.updatedAt.toISOString(),
          };
        }),
      };
    },
  });

  route(r, {
    method: "get",
    path: "/dossiers/:code",
    summary: "One of my dossiers, with its timeline and receipt",
    tag: "Dossiers",
    auth: "citizen",
    middleware: [auth],
    params: codeParams,
    errors: [404],
    handler: async ({ params, req }) =>
      toDossierView(await mine(req.citizen!.id, params.code), req.citizen!.language),
  });

  route(r, {
    method: "post",
    path: "/dossiers/:code/supplement",
    summary: "Send the documents the clerk asked for; the deadline restarts",
    tag: "Dossiers",
    auth: "citizen",
    middleware: [auth],
    params: codeParams,
    body: z.object({
      fileIds: z.array(z.string().max(40)).min(1, "Vui lòng đính kèm giấy tờ cần bổ sung.").max(20),
      note: z.string().max(1000).optional(),
    }),
    errors: [404, 409],
    handler: async ({ params, body, req }) => {
      const d = await mine(req.citizen!.id, params.code);
      if (d.status !== "supplement_requested")
        throw conflict("no supplement requested", "Hồ sơ không ở trạng thái cần bổ sung.");
      // The time limit restarts from receipt of the complete dossier (holidays.md §3.3), by
      // the procedure's own rule and the working-day calendar, as at filing.
      const now = new Date();
      const { receiptDate, dueDate } = appointmentFor(await loadCalendar(ctx), now, {
        days: d.procedure.processingDays,
        unit: d.procedure.processingUnit === "calendar_days" ? "calendar_days" : "working_days",
      });
      // One transaction: the files are attached only if the dossier moves on, so a refused
      // or raced transition leaves them free for the retry.
      await ctx.db.$transaction(async (tx) => {
        const files = await tx.dossierFile.updateMany({
          where: { id: { in: body.fileIds }, ownerCitizenId: req.citizen!.id, dossierId: null },
          data: { dossierId: d.id, kind: "supplement", label: "Giấy tờ bổ sung" },
        });
        if (files.count !== new Set(body.fileIds).size) {
          throw new AppError("VALIDATION_FAILED", {
            fields: [{ field: "fileIds", message: "Có tệp không hợp lệ, vui lòng tải lên lại." }],
          });
        }
        await transitionDossierInTx(ctx, tx, {
          code: d.code,
          to: "new_registered",
          actor: "citizen",
          actorId: req.citizen!.id,
          reason: body.note ?? "Công dân đã bổ sung hồ sơ",
          extra: {
            receivedAt: now,
            receiptDate: new Date(`${receiptDate}T00:00:00Z`),
            appointmentAt: dueInstant(dueDate),
            supplementNote: null,
          },
        });
      });
      return toDossierView(await mine(req.citizen!.id, d.code), req.citizen!.language);
    },
  });

  route(r, {
    method: "post",
    path: "/dossiers/:code/rating",
    summary: "Rate the handling of my dossier (1–5) after the result is returned",
    tag: "Dossiers",
    auth: "citizen",
    middleware: [auth],
    params: codeParams,
    body: z.object({
      score: z.number().int().min(1).max(5),
      comment: z.string().trim().max(1000).optional(),
    }),
    errors: [404, 409],
    handler: async ({ params, body, req }) => {
      const d = await mine(req.citizen!.id, params.code);
      const rated = await ctx.db.dossier.updateMany({
        where: { id: d.id, status: "result_returned", ratingScore: null },
        data: { ratingScore: body.score, ratingComment: body.comment ?? null, ratedAt: new Date() },
      });
      if (rated.count === 0)
        throw conflict("cannot rate", "Chỉ đánh giá được một lần, sau khi đã nhận kết quả.");
      return toDossierView(await mine(req.citizen!.id, d.code), req.citizen!.language);
    },
  });
  return r;
}

import { z } from "zod";
import { routeRegistry } from "./http.js";

function schemaOf(s: z.ZodType | undefined, io: "input" | "output"): object | undefined {
  if (!s) return undefined;
  try {
    const { $schema: _ignored, ...rest } = z.toJSONSchema(s, { io, unrepresentable: "any" }) as Record<
      string,
      unknown
    >;
    return rest;
  } catch {
    return { type: "object" };
  }
}

const ERROR_SCHEMA = {
  type: "object",
  properties: {
    error: {
      type: "object",
      required: ["code", "message", "userMessage"],
      properties: {
        code: { type: "string" },
        message: { type: "string" },
        userMessage: { type: "string", description: "Vietnamese, safe to show to a citizen" },
        errorId: { type: "string", description: "present on every 500; quote it to support" },
        fields: {
          type: "array",
          items: { type: "object", properties: { field: { type: "string" }, message: { type: "string" } } },
        },
      },
    },
  },
};

/** The OpenAPI 3.1 document, generated from the same zod schemas that validate requests. */
export function buildOpenApi(serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routeRegistry) {
    const path = r.path.replace(/:([A-Za-z_]+)/g, "{$1}");
    const params: unknown[] = [];
    for (const m of r.path.matchAll(/:([A-Za-z_]+)/g)) {
      params.push({ name: m[1], in: "path", required: true, schema: { type: "string" } });
    }
    const q = schemaOf(r.query, "input") as
      { properties?: Record<string, object>; required?: string[] } | undefined;
    for (const [name, schema] of Object.entries(q?.properties ?? {})) {
      params.push({ name, in: "query", required: q?.required?.includes(name) ?? false, schema });
    }
    const responses: Record<string, unknown> = {
      [String(r.status)]: r.response
        ? { description: "OK", content: { "application/json": { schema: schemaOf(r.response, "output") } } }
        : { description: "OK" },
    };
    const errorCodes = new Set([
      ...(r.body || r.query ? [400] : []),
      ...(r.auth !== "none" ? [401, 403] : []),
      ...r.errors,
      500,
    ]);
    for (const code of errorCodes) {
      responses[String(code)] = {
        description: "Error",
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      };
    }
    (paths[path] ??= {})[r.method] = {
      summary: r.summary,
      tags: [r.tag],
      ...(r.auth === "citizen" ? { security: [{ citizenBearer: [] }] } : {}),
      ...(r.auth === "staff" ? { security: [{ staffSession: [] }] } : {}),
      ...(params.length ? { parameters: params } : {}),
      ...(r.body
        ? {
            requestBody: {
              required: true,
              content: { "application/json": { schema: schemaOf(r.body, "input") } },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Cổng hành chính công Lào Cai — API",
      version: "0.1.0",
      description: "API of the Lào Cai citizen portal (Zalo Mini App, OA bot, staff console).",
    },
    servers: [{ url: serverUrl }],
    components: {
      schemas: { Error: ERROR_SCHEMA },
      securitySchemes: {
        citizenBearer: {
          type: "http",
          scheme: "bearer",
          description: "Session token from POST /api/v1/auth/zalo",
        },
        staffSession: {
          type: "apiKey",
          in: "cookie",
          name: "lc_staff",
          description: "plus X-CSRF-Token on writes",
        },
      },
    },
    paths,
  };
}

/** A self-contained docs page (no CDN: these machines and many offices have no internet). */
export function docsPage(): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>API — Cổng hành chính công Lào Cai</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<style>body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1a1a1a}header{background:#0b5394;color:#fff;padding:16px 24px}
main{max-width:1100px;margin:auto;padding:16px 24px}.op{border:1px solid #ccd;border-radius:6px;margin:8px 0}
.op summary{cursor:pointer;padding:8px 12px;display:flex;gap:12px;align-items:center}.m{font-weight:700;text-transform:uppercase;width:64px}
.get{color:#0a7d32}.post{color:#0b5394}.patch,.put{color:#a15c00}.delete{color:#b00020}pre{background:#f5f6f8;padding:8px;overflow:auto;font-size:13px}
h2{border-bottom:2px solid #0b5394;padding-bottom:4px}.auth{font-size:12px;background:#eef;padding:2px 6px;border-radius:4px}</style></head>
<body><header><h1 style="margin:0;font-size:20px">Cổng hành chính công Lào Cai — API</h1><div>OpenAPI document: <a style="color:#fff" href="/api/openapi.json">/api/openapi.json</a></div></header>
<main id="root">Loading…</main>
<script>
fetch('/api/openapi.json').then(r=>r.json()).then(doc=>{
  const byTag={};
  for(const [p,ops] of Object.entries(doc.paths)) for(const [m,op] of Object.entries(ops)) (byTag[op.tags[0]] ||= []).push([m,p,op]);
  const esc=s=>String(s).replace(/[&<>"]/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));
  const root=document.getElementById('root'); root.innerHTML='';
  for(const [tag,ops] of Object.entries(byTag)){
    const h=document.createElement('h2'); h.textContent=tag; root.appendChild(h);
    for(const [m,p,op] of ops){
      const d=document.createElement('details'); d.className='op';
      d.innerHTML='<summary><span class="m '+m+'">'+m+'</span><code>'+esc(p)+'</code><span>'+esc(op.summary)+'</span>'+(op.security?'<span class="auth">auth</span>':'')+'</summary><pre>'+esc(JSON.stringify({parameters:op.parameters,requestBody:op.requestBody,responses:op.responses},null,2))+'</pre>';
      root.appendChild(d);
    }
  }
});
</script></body></html>`;
}

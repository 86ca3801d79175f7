// Small pieces for the simulator protocol tests: no PostgreSQL, no Redis.
import type { AddressInfo } from "node:net";
import type { IncomingHttpHeaders, Server } from "node:http";
import express from "express";
import { IntegrationHttp, type SystemName } from "../../../server/src/integrations/http.js";
import type { Db } from "../../../server/src/platform/db.js";
import { createLogger } from "../../../server/src/platform/logger.js";

/**
 * IntegrationHttp writes every call to the integration call log; here the log is an
 * array (a test double for the table, so these tests need no database).
 */
export function callLog() {
  const calls: Record<string, unknown>[] = [];
  const db = {
    integrationCall: {
      create: async ({ data }: { data: Record<string, unknown> }) => {
        calls.push(data);
        return data;
      },
    },
  } as unknown as Db;
  const logger = createLogger("silent", "sim-test");
  return { calls, http: (system: SystemName) => new IntegrationHttp(system, db, logger) };
}

export interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
}

/** Stands in for our server: records exactly what a simulator sends and answers `answer`. */
export async function startReceiver(answer: (r: Received) => unknown = () => ({ ok: true })) {
  const received: Received[] = [];
  const app = express();
  app.use(express.raw({ type: () => true, limit: "10mb" }));
  app.all("/{*path}", (req, res) => {
    const r: Received = {
      method: req.method,
      url: req.originalUrl,
      headers: req.headers,
      rawBody: Buffer.isBuffer(req.body) ? req.body.toString("utf8") : "",
    };
    received.push(r);
    res.json(answer(r));
  });
  const server: Server = app.listen(0, "127.0.0.1");
  await new Promise<void>((r) => server.once("listening", () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

const parse = (text: string): unknown => {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return text; // an HTML or plain-text answer (HTTP 500 pages)
  }
};

/** POSTs JSON; T is what the test expects back (asserted by the test, not checked here). */
export async function postJson<T = unknown>(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: parse(text) as T };
}

export async function getJson<T = unknown>(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  const text = await res.text();
  return { status: res.status, json: parse(text) as T };
}

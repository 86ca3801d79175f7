import type { Router } from "express";
import { makeRouter } from "../platform/http.js";
import type { AppContext } from "../platform/context.js";

// Placeholder until staff login lands (same commit series): see staff/README in ARCHITECTURE.md.
export function staffRouter(_ctx: AppContext): Router {
  return makeRouter("/api/staff");
}

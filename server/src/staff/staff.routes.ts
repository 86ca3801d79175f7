import { Router } from "express";
import type { AppContext } from "../platform/context.js";

// Placeholder until staff login lands (same commit series): see staff/README in ARCHITECTURE.md.
export function staffRouter(_ctx: AppContext): Router {
  return Router();
}

import type { Express } from "express";
import type { AppContext } from "../platform/context.js";

export function mountQueueDashboard(_app: Express, _ctx: AppContext): void {}

import type { StaffRole } from "./db.js";

export interface CitizenPrincipal {
  id: string;
  zaloUserId: string;
  language: "vi" | "en" | "zh";
  devMode: boolean;
}

export interface StaffPrincipal {
  id: string;
  username: string;
  fullName: string;
  role: StaffRole;
  agencyId: string | null;
  sessionId: string;
  csrfToken: string;
}

declare module "express-serve-static-core" {
  interface Request {
    id: string;
    rawBody?: Buffer;
    citizen?: CitizenPrincipal;
    staff?: StaffPrincipal;
  }
}

export {};

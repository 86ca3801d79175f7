import { api } from "../../api/client";

export interface ProcedureSummary {
  code: string;
  name: string;
  field: string;
  level: "province" | "commune";
  agency: { code: string; name: string } | null;
  agencyKind: string;
  processingDays: number;
  processingUnit: "working_days" | "calendar_days";
  onlineLevel: "full" | "partial" | "none";
}

export interface CatalogPage {
  items: ProcedureSummary[];
  total: number;
  page: number;
  pageSize: number;
}

export interface ProcedureDetail extends ProcedureSummary {
  processingNote: string | null;
  purpose: string | null;
  eligibility: string | null;
  fees: { label: string; amountVnd: number; per: "dossier" | "copy"; exemptGroups: string[] }[];
  feeNote: string | null;
  requiredDocuments: { group: string; document: string; quantity: string }[];
  channels: string[];
  sourceUrl: string | null;
}

/** The catalog is public: no sign-in needed to look a procedure up. */
export const fetchCatalog = (
  query: { q?: string; field?: string; level?: string; page: number },
  signal?: AbortSignal,
) =>
  api.get<CatalogPage>("/procedures", {
    auth: false,
    query: {
      q: query.q || undefined,
      field: query.field || undefined,
      level: query.level || undefined,
      page: query.page,
    },
    ...(signal ? { signal } : {}),
  });

export const fetchFields = (level: string) =>
  api.get<{ fields: { name: string; count: number }[] }>("/procedures/fields", {
    auth: false,
    query: { level: level || undefined },
  });

export const fetchProcedure = (code: string) =>
  api.get<ProcedureDetail>(`/procedures/${encodeURIComponent(code)}`, { auth: false });

export const vnd = (n: number) => `${n.toLocaleString("vi-VN")} đ`;

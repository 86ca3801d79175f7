import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import { api, messageOf } from "./api";

/** What needs a person now, for the signed-in role and agency (GET /api/staff/dashboard). */
export interface Attention {
  dossiers: { new: number; overdue: number; dueToday: number } | null;
  reports: { open: number; overdue: number };
  alerts: { active: number; helpRequests: number } | null;
  deadLetters: number | null;
  oa: { state: "connected" | "lost" | "missing"; lostAt: string | null };
}

interface AttentionState {
  data: Attention | null;
  error: string | null;
  reload: () => void;
}

const Ctx = createContext<AttentionState>({ data: null, error: null, reload: () => undefined });

/**
 * One poll every 30 s for the whole console: the dashboard's tiles, the counts beside the nav
 * items, the tab title and the "Zalo OA is down" banner all read it, so an operator working
 * on another page (or another tab) still sees someone asking for help.
 */
export function AttentionProvider({ children }: { children: ReactNode }) {
  const [data, setData] = useState<Attention | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    api<Attention>("/api/staff/dashboard")
      .then((x) => {
        setData(x);
        setError(null);
      })
      .catch((e: unknown) => setError(messageOf(e)));
  }, []);
  useEffect(() => {
    reload();
    const t = setInterval(reload, 30_000);
    return () => clearInterval(t);
  }, [reload]);
  return <Ctx.Provider value={{ data, error, reload }}>{children}</Ctx.Provider>;
}

export const useAttention = () => useContext(Ctx);

/** The number shown beside a nav item: late work, or people asking for help. */
export function navCount(a: Attention | null, path: string): number {
  if (!a) return 0;
  switch (path) {
    case "alerts":
      return a.alerts?.helpRequests ?? 0;
    case "dossiers":
      return a.dossiers?.overdue ?? 0;
    case "reports":
      return a.reports.overdue;
    case "dead-letters":
      return a.deadLetters ?? 0;
    default:
      return 0;
  }
}

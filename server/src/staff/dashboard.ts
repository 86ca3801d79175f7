import type { AppContext } from "../platform/context.js";
import type { StaffPrincipal } from "../platform/request-context.js";
import { dossierQueueWhere } from "../dossiers/staff-dossier.routes.js";
import { incidentQueueWhere } from "../incidents/staff-incident.routes.js";
import { countHelpRequests } from "../alerts/safety.js";

/**
 * What needs a person now, for the signed-in staff member's role and agency: the same filters
 * as the queues the numbers open (a clerk sees their agency only). Null where the role has no
 * business with it.
 */
export async function staffDashboard(ctx: AppContext, s: StaffPrincipal) {
  const clerkOrAdmin = s.role === "admin" || s.role === "clerk";
  const iocOrAdmin = s.role === "admin" || s.role === "ioc_operator";
  const count = {
    dossiers: (q: Parameters<typeof dossierQueueWhere>[0]) =>
      clerkOrAdmin ? ctx.db.dossier.count({ where: dossierQueueWhere(q, s) }) : null,
    incidents: (q: Parameters<typeof incidentQueueWhere>[0]) =>
      ctx.db.incident.count({ where: incidentQueueWhere(q, s) }),
  };
  const [
    newDossiers,
    overdueDossiers,
    dueToday,
    openReports,
    overdueReports,
    activeAlerts,
    helpRequests,
    deadLetters,
    oa,
  ] = await Promise.all([
    count.dossiers({ status: "new_registered" }),
    count.dossiers({ overdue: "true" }),
    count.dossiers({ due: "today" }),
    count.incidents({ status: "open" }),
    count.incidents({ overdue: "true" }),
    iocOrAdmin ? ctx.db.alert.count({ where: { status: "active", expires: { gt: new Date() } } }) : null,
    iocOrAdmin ? countHelpRequests(ctx) : null,
    s.role === "admin" ? ctx.db.jobDeadLetter.count({ where: { retriedAt: null } }) : null,
    // Everyone is told when the OA cannot send: an IOC operator must know that an alert
    // published now reaches nobody on Zalo until an admin reconnects it.
    ctx.db.oaToken.findUnique({ where: { id: "oa" }, select: { lostAt: true } }),
  ]);
  return {
    dossiers: clerkOrAdmin ? { new: newDossiers, overdue: overdueDossiers, dueToday } : null,
    reports: { open: openReports, overdue: overdueReports },
    alerts: iocOrAdmin ? { active: activeAlerts, helpRequests } : null,
    deadLetters,
    oa: { state: !oa ? "missing" : oa.lostAt ? "lost" : "connected", lostAt: oa?.lostAt ?? null },
  };
}

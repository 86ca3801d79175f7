import type { ComponentType } from "react";
import type { Role } from "./api";
import { AlertsPage } from "./pages/alerts";
import { AlertViewPage } from "./pages/alerts-view";
import { AlertQrSheetPage } from "./pages/alerts-qr";
import { AuditPage } from "./pages/audit";
import { CalendarPage } from "./pages/calendar";
import { DeadLettersPage } from "./pages/dead-letters";
import { DashboardPage } from "./pages/dashboard";
import { DossierQueuePage } from "./pages/dossiers/dossier-queue";
import { DossierViewPage } from "./pages/dossiers/dossier-view";
import { ReconciliationPage } from "./pages/payments/reconciliation";
import { ProceduresPage } from "./pages/procedures";
import { ProcedureEditPage } from "./pages/procedures-edit";
import { RatingsPage } from "./pages/ratings";
import { IncidentsPage } from "./pages/incidents";
import { IncidentViewPage } from "./pages/incidents-view";
import { ConversationViewPage, ConversationsPage } from "./pages/conversations";
import { OaConnectionPage } from "./pages/oa";
import { Open311KeysPage } from "./pages/open311-keys";

/**
 * The console's sections, in nav order. A feature adds a page by adding one entry here (or
 * giving an existing entry its `page`); roles decide both the nav item and the route.
 */
export interface Section {
  path: string;
  title: string;
  roles: Role[];
  /** The section's page (absent only for `href` links). */
  page?: ComponentType;
  /** Pages under the section, e.g. `:code` for one dossier (relative to `path`). */
  routes?: { path: string; page: ComponentType }[];
  /** A link out of the SPA (server-rendered tools such as bull-board). */
  href?: string;
}

export const SECTIONS: Section[] = [
  {
    path: "dashboard",
    title: "Bảng điều khiển",
    roles: ["admin", "clerk", "ioc_operator"],
    page: DashboardPage,
  },
  {
    path: "dossiers",
    title: "Hồ sơ",
    roles: ["admin", "clerk"],
    page: DossierQueuePage,
    routes: [{ path: ":code", page: DossierViewPage }],
  },
  {
    path: "reports",
    title: "Phản ánh",
    roles: ["admin", "clerk", "ioc_operator"],
    page: IncidentsPage,
    routes: [{ path: ":publicId", page: IncidentViewPage }],
  },
  {
    path: "alerts",
    title: "Cảnh báo",
    roles: ["admin", "ioc_operator"],
    page: AlertsPage,
    routes: [
      { path: "qr", page: AlertQrSheetPage },
      { path: ":id", page: AlertViewPage },
    ],
  },
  {
    path: "conversations",
    title: "Hội thoại OA",
    roles: ["admin", "clerk"],
    page: ConversationsPage,
    routes: [{ path: ":citizenId", page: ConversationViewPage }],
  },
  { path: "payments", title: "Thanh toán", roles: ["admin", "clerk"], page: ReconciliationPage },
  {
    path: "procedures",
    title: "Thủ tục",
    roles: ["admin"],
    page: ProceduresPage,
    routes: [{ path: ":code", page: ProcedureEditPage }],
  },
  { path: "ratings", title: "Đánh giá", roles: ["admin", "clerk"], page: RatingsPage },
  { path: "calendar", title: "Lịch làm việc", roles: ["admin"], page: CalendarPage },
  { path: "audit", title: "Nhật ký", roles: ["admin"], page: AuditPage },
  { path: "dead-letters", title: "Việc lỗi", roles: ["admin"], page: DeadLettersPage },
  { path: "oa", title: "Zalo OA", roles: ["admin"], page: OaConnectionPage },
  { path: "open311", title: "Khoá Open311", roles: ["admin"], page: Open311KeysPage },
  { path: "queues", title: "Hàng đợi", roles: ["admin"], href: "/admin/queues" },
];

export const sectionsFor = (role: Role) => SECTIONS.filter((s) => s.roles.includes(role));

import type { ComponentType } from "react";
import type { Role } from "./api";
import { AuditPage } from "./pages/audit";
import { DeadLettersPage } from "./pages/dead-letters";
import { DashboardPage } from "./pages/dashboard";
import { DossierQueuePage } from "./pages/dossiers/dossier-queue";
import { DossierViewPage } from "./pages/dossiers/dossier-view";
import { ReconciliationPage } from "./pages/payments/reconciliation";

/**
 * The console's sections, in nav order. A feature adds a page by adding one entry here (or
 * giving an existing entry its `page`); roles decide both the nav item and the route.
 * A section without a page shows its title and "Đang được hoàn thiện".
 */
export interface Section {
  path: string;
  title: string;
  roles: Role[];
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
  { path: "reports", title: "Phản ánh", roles: ["admin", "clerk", "ioc_operator"] },
  { path: "alerts", title: "Cảnh báo", roles: ["admin", "ioc_operator"] },
  { path: "payments", title: "Thanh toán", roles: ["admin", "clerk"], page: ReconciliationPage },
  { path: "procedures", title: "Thủ tục", roles: ["admin"] },
  { path: "audit", title: "Nhật ký", roles: ["admin"], page: AuditPage },
  { path: "dead-letters", title: "Việc lỗi", roles: ["admin"], page: DeadLettersPage },
  { path: "queues", title: "Hàng đợi", roles: ["admin"], href: "/admin/queues" },
];

export const sectionsFor = (role: Role) => SECTIONS.filter((s) => s.roles.includes(role));

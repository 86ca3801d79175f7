// Queue names live here and nowhere else.
export const QUEUES = {
  /** Everything the portal tells a citizen; alerts first (priority 1). One global Zalo rate limit. */
  notifications: "notifications",
  /** Alert fan-out: resolve recipients in chunks, plan one delivery each. */
  alerts: "alerts",
  /** Push dossiers to the one-stop records system, poll statuses. */
  onestop: "onestop",
  /** Push incident reports to the IOC. */
  ioc: "ioc",
  /** Zalo OA webhook events, processed off the request path. */
  bot: "bot",
  /** Payments: reconciliation against VNPay querydr. */
  payments: "payments",
  /** Housekeeping: expiry sweeps, retention. */
  maintenance: "maintenance",
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
export const ALL_QUEUES: QueueName[] = Object.values(QUEUES);

/** BullMQ priority: 1 is served first. */
export const PRIORITY = { alert: 1, urgent: 2, normal: 5, bulk: 10 } as const;

// Every job type, in one list. Start-up fails if a name is registered twice.
import type { JobDefinition } from "./platform/jobs.js";
import { sendNotificationJob } from "./notifications/send-notification.job.js";
import { handleZaloEventJob } from "./bot/handle-zalo-event.job.js";
import { pruneInboundEventsJob } from "./bot/prune-inbound-events.job.js";
import { reconcilePaymentsJob } from "./payments/reconcile-payments.job.js";
import { pollOnestopJob, pushStatusToOnestopJob, pushToOnestopJob } from "./dossiers/push-to-onestop.job.js";
import { sweepUnattachedUploadsJob } from "./dossiers/sweep-unattached-uploads.job.js";
import { pushIncidentStatusToIocJob, pushIncidentToIocJob } from "./incidents/push-to-ioc.job.js";
import { expireAlertJob, fanOutAlertJob, purgeEndedSubscriptionsJob } from "./alerts/fan-out-alert.job.js";

export const ALL_JOBS = [
  sendNotificationJob,
  handleZaloEventJob,
  pruneInboundEventsJob,
  reconcilePaymentsJob,
  pushToOnestopJob,
  pushStatusToOnestopJob,
  pollOnestopJob,
  sweepUnattachedUploadsJob,
  pushIncidentToIocJob,
  pushIncidentStatusToIocJob,
  fanOutAlertJob,
  expireAlertJob,
  purgeEndedSubscriptionsJob,
] as unknown as JobDefinition[];

/** Recurring jobs, registered by the worker as BullMQ job schedulers (idempotent upsert). */
export const SCHEDULES: { job: JobDefinition; everyMs: number }[] = [
  { job: reconcilePaymentsJob as unknown as JobDefinition, everyMs: 5 * 60_000 },
  { job: pollOnestopJob as unknown as JobDefinition, everyMs: 5 * 60_000 },
  { job: pruneInboundEventsJob as unknown as JobDefinition, everyMs: 60 * 60_000 },
  { job: purgeEndedSubscriptionsJob as unknown as JobDefinition, everyMs: 60 * 60_000 },
  { job: sweepUnattachedUploadsJob as unknown as JobDefinition, everyMs: 60 * 60_000 },
];

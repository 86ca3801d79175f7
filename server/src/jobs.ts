// Every job type, in one list. Start-up fails if a name is registered twice.
import type { JobDefinition } from "./platform/jobs.js";
import { sendNotificationJob } from "./notifications/send-notification.job.js";
import { handleZaloEventJob } from "./bot/handle-zalo-event.job.js";

export const ALL_JOBS = [sendNotificationJob, handleZaloEventJob] as unknown as JobDefinition[];

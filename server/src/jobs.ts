// Every job type, in one list. Start-up fails if a name is registered twice.
import type { JobDefinition } from "./platform/jobs.js";
import { sendNotificationJob } from "./notifications/send-notification.job.js";

export const ALL_JOBS: JobDefinition[] = [sendNotificationJob as unknown as JobDefinition];

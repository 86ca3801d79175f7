import type { z } from "zod";
import type { QueueName } from "./queues.js";
import type { AppContext } from "./context.js";

export type JobOutcome = "done" | "skipped";

/**
 * A job type: its queue, the schema its payload must satisfy (checked by the worker,
 * so a malformed payload fails permanently instead of looping), and its handler.
 * Definitions are registered in one list (server/src/jobs.ts) so enqueueing is typed
 * and start-up fails if a job has no handler or two.
 */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  queue: QueueName;
  schema: S;
  attempts?: number;
  backoff?: { type: "exponential" | "fixed"; delay: number };
  /** Whether attempts-exhausted jobs go to the dead-letter view (default true). */
  deadLetter?: boolean;
  handler: (payload: z.infer<S>, ctx: AppContext, meta: JobMeta) => Promise<JobOutcome | void>;
}

export interface JobMeta {
  jobId: string;
  attemptsMade: number;
  /** True on the last allowed attempt: handlers may record a final failure. */
  lastAttempt: boolean;
  /** Puts the job back to run at `at`, without spending an attempt (e.g. after quiet hours). */
  delayUntil(at: Date): Promise<never>;
  /**
   * The upstream said "too many requests": the whole queue stops taking jobs for `ms` and
   * this job goes back to wait at the front of its priority, without spending an attempt.
   * (Absent when a test calls a handler directly.)
   */
  pauseQueue?(ms: number): Promise<never>;
}

/** Every job defined in the loaded code, to catch one that was never registered. */
export const DEFINED_JOBS = new Set<string>();

export function defineJob<S extends z.ZodType>(def: JobDefinition<S>): JobDefinition<S> {
  if (!/^[a-z0-9.-]+$/.test(def.name)) throw new Error(`bad job name ${def.name}`);
  DEFINED_JOBS.add(def.name);
  return def;
}

/** BullMQ refuses ':' in custom ids; ids are deterministic so a resend is a no-op. */
export function jobIdFor(jobName: string, entityId: string): string {
  return `${jobName}__${entityId}`.replace(/:/g, "_");
}

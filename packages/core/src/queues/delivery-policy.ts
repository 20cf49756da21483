import type { JobsOptions } from 'bullmq';

/**
 * How BullMQ delivers and keeps the jobs of one queue: retries, their backoff, and how long finished
 * jobs stay for inspection (bull-board, a late duplicate check). Each queue's contract module writes
 * its policy once; producers add jobs with it, so no `add()` call elsewhere carries literal options.
 */
export type DeliveryPolicy = Readonly<Pick<JobsOptions, 'attempts' | 'backoff' | 'removeOnComplete' | 'removeOnFail'>>;

const HOUR_SECONDS = 3600;
const DAY_SECONDS = 24 * HOUR_SECONDS;

/** Completed message jobs: an hour, at most ten thousand (they are stored in PostgreSQL anyway). */
export const KEEP_COMPLETED_MESSAGES = { age: HOUR_SECONDS, count: 10_000 } as const;
/** Failed jobs: a week, for an admin to see and retry. */
export const KEEP_FAILED_FOR_A_WEEK = { age: daysInSeconds(7) } as const;

/** A number of days in seconds, the unit of `age` above. */
export function daysInSeconds(days: number): number {
  return days * DAY_SECONDS;
}

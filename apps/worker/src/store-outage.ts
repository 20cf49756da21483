import { DelayedError, RateLimitError, Worker, type Job, type WorkerOptions } from 'bullmq';
import type { Logger } from '@chatbot/core';

export interface StoreOutageOptions {
  /** Resolves true when the store (PostgreSQL) answers a query now. */
  storeAnswers: () => Promise<boolean>;
  /** Stops every worker of the queue from taking jobs for `ms` (BullMQ's manual rate limit). */
  pauseIntake: (ms: number) => Promise<void>;
  logger: Logger;
  /** How long to wait before trying the store again (and the next job with it). */
  retryMs?: number;
  /** Called when an outage begins and when it ends (metrics). */
  onOutageChange?: (down: boolean) => void;
}

/** How long intake pauses before a job tries the store again. */
export const STORE_RETRY_MS = 2000;

/**
 * Wraps a processor whose jobs need the store: when a job fails and the store does not answer, the
 * failure is the outage's, not the job's. The job goes back to waiting without using an attempt,
 * intake pauses for every worker of the queue (a rate limit, shared through Redis) and the next job
 * tries again after `retryMs`, for as long as the outage lasts. A job that fails while the store
 * answers fails as usual (retries with backoff, then the failed set).
 */
export function pauseIntakeWhileStoreIsDown<R>(
  processor: (job: Job, token?: string) => Promise<R>,
  options: StoreOutageOptions,
): (job: Job, token?: string) => Promise<R> {
  const retryMs = options.retryMs ?? STORE_RETRY_MS;
  let downSince: number | null = null;
  return async (job, token) => {
    try {
      const result = await processor(job, token);
      if (downSince !== null) {
        options.logger.warn({ outageMs: Date.now() - downSince }, 'the database answers again; taking jobs again');
        downSince = null;
        options.onOutageChange?.(false);
      }
      return result;
    } catch (error) {
      if (error instanceof DelayedError || error instanceof RateLimitError) throw error;
      if (await options.storeAnswers()) throw error;
      if (downSince === null) {
        downSince = Date.now();
        options.logger.error({ err: error, retryMs }, 'the database does not answer: no longer taking jobs (they wait, using no attempt) until it does');
        options.onOutageChange?.(true);
      }
      await options.pauseIntake(retryMs);
      throw Worker.RateLimitError();
    }
  };
}

/**
 * A BullMQ worker whose jobs need the store, with `pauseIntakeWhileStoreIsDown` around its processor
 * (the pause is this worker's queue's rate limit).
 */
export function startStoreBoundWorker<R>(
  queueName: string,
  processor: (job: Job, token?: string) => Promise<R>,
  workerOptions: WorkerOptions,
  outage: Omit<StoreOutageOptions, 'pauseIntake'>,
): Worker {
  const worker: Worker = new Worker(queueName, pauseIntakeWhileStoreIsDown(processor, { ...outage, pauseIntake: (ms) => worker.rateLimit(ms) }), workerOptions);
  // Its connection's errors while Redis is away (the shared client reports the outage once).
  worker.on('error', (err) => outage.logger.debug({ err, queue: queueName }, 'worker connection error'));
  return worker;
}

/** Resolves once the store answers, logging every `retryMs` while it does not (a worker started during an outage). */
export async function waitUntilStoreAnswers(storeAnswers: () => Promise<boolean>, logger: Logger, retryMs = STORE_RETRY_MS): Promise<void> {
  const since = Date.now();
  while (!(await storeAnswers())) {
    logger.warn({ waitedMs: Date.now() - since, retryMs }, 'the database does not answer yet; waiting for it before taking jobs');
    await new Promise((resolve) => setTimeout(resolve, retryMs));
  }
  if (Date.now() - since > retryMs) logger.info({ waitedMs: Date.now() - since }, 'the database answers; starting');
}

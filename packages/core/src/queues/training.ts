import type { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { openQueue } from './open-queue';
import { z } from 'zod';
import { redisKey } from '../redis';
import { daysInSeconds, type DeliveryPolicy } from './delivery-policy';

/**
 * The `training` queue: training runs, from the admin API to the trainer (one run at a time across
 * every worker). The run's row in PostgreSQL holds its state; the job id is the run id, so the trainer
 * reads the run by it and a retried request cannot queue it twice.
 */
export const TRAINING_QUEUE = 'training';

export const TrainingJobSchema = z.object({ trainingRunId: z.uuid('trainingRunId must be a training run id') });
export type TrainingJob = z.infer<typeof TrainingJobSchema>;

/**
 * One attempt: a failed run keeps its reason on its row, and training the same data again would fail
 * the same way (an admin starts a new run). Finished jobs stay long enough to look into.
 */
export const TRAINING_DELIVERY: DeliveryPolicy = {
  attempts: 1,
  removeOnComplete: { age: daysInSeconds(7) },
  removeOnFail: { age: daysInSeconds(30) },
};

/**
 * Redis set of training run ids whose cancellation was requested while running: the API adds,
 * the training worker checks between epochs.
 */
export function trainingCancelSetKey(prefix: string): string {
  return redisKey(prefix, 'training', 'cancel');
}

/** Queues training runs (the admin API's side of the queue). */
export class TrainingPublisher {
  private readonly queue: Queue;

  constructor(redis: Redis, prefix: string) {
    this.queue = openQueue(TRAINING_QUEUE, redis, prefix);
  }

  /** Resolves once the run's job is safely in Redis. */
  async publish(job: TrainingJob): Promise<void> {
    const valid = TrainingJobSchema.parse(job);
    await this.queue.add('train', valid, { ...TRAINING_DELIVERY, jobId: valid.trainingRunId });
  }

  /** The job of a run, if it is still in Redis (to cancel a run that has not started). */
  async jobOf(trainingRunId: string): Promise<Job<TrainingJob> | undefined> {
    return this.queue.getJob(trainingRunId);
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}

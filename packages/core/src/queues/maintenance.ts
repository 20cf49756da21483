import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { openQueue } from './open-queue';
import { z } from 'zod';
import type { DeliveryPolicy } from './delivery-policy';

/** The `maintenance` queue: scheduled housekeeping (data retention), run by any one worker. */
export const MAINTENANCE_QUEUE = 'maintenance';

/** The job the retention schedule produces: delete conversations quiet for `retentionDays`. */
export const RetentionJobSchema = z.object({ retentionDays: z.number().int().min(1) });
export type RetentionJob = z.infer<typeof RetentionJobSchema>;

/** The one scheduler of retention jobs, whichever worker registers it. */
export const RETENTION_SCHEDULER_ID = 'conversation-retention';

/** A scheduled job runs again at the next tick, so a failure is not retried; the last hundred are kept. */
export const MAINTENANCE_DELIVERY: DeliveryPolicy = { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } };

/**
 * Registers and removes the maintenance schedules (BullMQ job schedulers: an upsert, so every worker
 * may register the same one and it still runs once per tick).
 */
export class MaintenanceScheduler {
  private readonly queue: Queue;

  constructor(redis: Redis, prefix: string) {
    this.queue = openQueue(MAINTENANCE_QUEUE, redis, prefix);
  }

  async scheduleRetention(job: RetentionJob, everyMs: number): Promise<void> {
    const data = RetentionJobSchema.parse(job);
    await this.queue.upsertJobScheduler(RETENTION_SCHEDULER_ID, { every: everyMs }, { name: 'retention', data, opts: MAINTENANCE_DELIVERY });
  }

  async unscheduleRetention(): Promise<void> {
    await this.queue.removeJobScheduler(RETENTION_SCHEDULER_ID);
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}

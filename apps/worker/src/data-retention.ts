import { Worker, type Job } from 'bullmq';
import { MAINTENANCE_QUEUE, MaintenanceScheduler, RetentionJobSchema, type Logger, type Redis } from '@chatbot/core';
import { deleteQuietConversations, recordAuditEntry, type Db } from '@chatbot/db';
import type { WorkerMetrics } from './worker-metrics';

const HOUR_MS = 3600 * 1000;
const DAY_MS = 24 * HOUR_MS;

export interface DataRetentionOptions {
  db: Db;
  redis: Redis;
  prefix: string;
  logger: Logger;
  metrics: WorkerMetrics;
  /** CONVERSATION_RETENTION_DAYS; undefined turns retention off (and removes the schedule). */
  retentionDays: number | undefined;
  /** How often the check runs (an hour unless a test says otherwise). */
  checkEveryMs?: number;
}

/**
 * Data retention: every worker registers the same schedule on the `maintenance` queue (an upsert,
 * so there is one whatever the number of workers) and consumes it, so each check runs once. A worker
 * started without CONVERSATION_RETENTION_DAYS removes the schedule: turning retention off must
 * really stop deletions. Give every worker the same setting.
 */
export async function startDataRetention(options: DataRetentionOptions): Promise<{ close(): Promise<void> }> {
  const { db, logger, metrics, retentionDays } = options;
  const scheduler = new MaintenanceScheduler(options.redis, options.prefix);
  if (retentionDays === undefined) {
    await scheduler.unscheduleRetention();
  } else {
    await scheduler.scheduleRetention({ retentionDays }, options.checkEveryMs ?? HOUR_MS);
    logger.info({ retentionDays }, 'data retention on: conversations quiet for longer are deleted hourly');
  }

  const worker = new Worker(
    MAINTENANCE_QUEUE,
    async (job: Job) => {
      const parsed = RetentionJobSchema.safeParse(job.data);
      if (!parsed.success) return logger.warn({ jobId: job.id, name: job.name }, 'malformed maintenance job dropped');
      const cutoff = new Date(Date.now() - parsed.data.retentionDays * DAY_MS);
      const deleted = await deleteQuietConversations(db, cutoff);
      metrics.retentionDeleted.inc({ what: 'conversations' }, deleted.conversations);
      metrics.retentionDeleted.inc({ what: 'turns' }, deleted.turns);
      if (deleted.conversations + deleted.turns === 0) return deleted;
      // Deleting people's data is worth a line in the audit log, like an admin's deletion is.
      await recordAuditEntry(db, { actor: 'data-retention', action: 'conversations.expire', target: null, details: { ...deleted, quietSince: cutoff.toISOString() } });
      logger.info({ ...deleted, quietSince: cutoff.toISOString() }, 'data retention deleted quiet conversations');
      return deleted;
    },
    { connection: options.redis, prefix: options.prefix, concurrency: 1 },
  );
  worker.on('failed', (job, err) => logger.error({ jobId: job?.id, err }, 'maintenance job failed'));
  worker.on('error', (err) => logger.debug({ err }, 'maintenance worker connection error'));
  await worker.waitUntilReady();
  return {
    async close() {
      await worker.close();
      await scheduler.close();
    },
  };
}

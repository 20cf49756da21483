import type { Job, Worker } from 'bullmq';
import { FEEDBACK_QUEUE, QueuedReplyFeedbackSchema, ratingLabel, type Logger, type Redis } from '@chatbot/core';
import { recordReplyFeedback, type Db } from '@chatbot/db';
import { startStoreBoundWorker, type StoreOutageOptions } from './store-outage';
import type { WorkerMetrics } from './worker-metrics';

/**
 * Stores end users' ratings of replies (the `feedback` queue) on the replies' turns. A rating that
 * names no reply of its conversation, or a malformed job, is logged and dropped rather than retried:
 * retrying cannot make it valid.
 */
export function startFeedbackConsumer(options: {
  db: Db;
  redis: Redis;
  prefix: string;
  logger: Logger;
  metrics: WorkerMetrics;
  /** While PostgreSQL does not answer, ratings wait instead of failing (see store-outage.ts). */
  outage: Omit<StoreOutageOptions, 'pauseIntake'>;
}): Worker {
  const { db, logger, metrics } = options;
  const worker = startStoreBoundWorker(
    FEEDBACK_QUEUE,
    async (job: Job) => {
      const parsed = QueuedReplyFeedbackSchema.safeParse(job.data);
      if (!parsed.success) {
        logger.warn({ jobId: job.id, issues: parsed.error.issues }, 'malformed feedback job dropped');
        return;
      }
      const feedback = parsed.data;
      const outcome = await recordReplyFeedback(db, { ...feedback, ratedAt: new Date(feedback.ratedAt) });
      metrics.feedback.inc({ channel: feedback.channel, helpful: ratingLabel(feedback.helpful), outcome });
      const facts = { conversationId: feedback.conversationKey, replyId: feedback.replyId, helpful: feedback.helpful, ratedAt: feedback.ratedAt };
      if (outcome === 'stored') logger.info(facts, 'reply feedback stored');
      else if (outcome === 'superseded') logger.info(facts, 'reply feedback older than the rating stored; ignored');
      else logger.warn(facts, 'feedback names no rateable reply of its conversation; ignored');
    },
    { connection: options.redis, prefix: options.prefix, concurrency: 4 },
    options.outage,
  );
  worker.on('failed', (job, err) => logger.error({ conversationId: job?.data?.conversationKey, jobId: job?.id, attempt: job?.attemptsMade, err }, 'feedback job failed'));
  return worker;
}

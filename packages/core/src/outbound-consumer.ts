import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { OutboundMessageSchema, type OutboundMessage } from './messages';
import { outboundQueueName } from './queues/outbound';

/**
 * Takes replies off `outbound.<channel>` and hands them to the adapter's `deliver`.
 * A failed delivery is retried by BullMQ with backoff (see the worker's enqueue options).
 */
export function startOutboundConsumer(options: {
  channel: string;
  redis: Redis;
  prefix: string;
  logger: Logger;
  deliver: (message: OutboundMessage) => Promise<void>;
  concurrency?: number;
}): Worker {
  const worker = new Worker(
    outboundQueueName(options.channel),
    async (job: Job) => {
      const message = OutboundMessageSchema.parse(job.data);
      await options.deliver(message);
      options.logger.info({ conversationId: message.conversationKey, jobId: job.id }, 'reply delivered');
    },
    { connection: options.redis, prefix: options.prefix, concurrency: options.concurrency ?? 32 },
  );
  worker.on('failed', (job, error) =>
    options.logger.warn({ conversationId: job?.data?.conversationKey, jobId: job?.id, attempt: job?.attemptsMade, err: error }, 'reply delivery failed'),
  );
  return worker;
}

import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { OutboundMessageSchema, type OutboundMessage } from './messages';
import { outboundQueueName } from './queues/outbound';

/**
 * How soon a reply whose delivery died with its adapters process (SIGKILL, out of memory) goes to
 * another one: its lock lapses after LOCK_MS and the next stall check (every STALL_CHECK_MS) hands
 * it on, within about 15 s; BullMQ's defaults (30 s and 30 s) left the user waiting up to a minute.
 * A live process renews its locks every LOCK_MS / 2, however long a delivery takes.
 */
export const OUTBOUND_LOCK_MS = 10_000;
export const OUTBOUND_STALL_CHECK_MS = 5_000;

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
    {
      connection: options.redis,
      prefix: options.prefix,
      concurrency: options.concurrency ?? 32,
      lockDuration: OUTBOUND_LOCK_MS,
      stalledInterval: OUTBOUND_STALL_CHECK_MS,
      // A reply is handed on after each crash of the process delivering it, a few times before it counts as failed.
      maxStalledCount: 3,
    },
  );
  worker.on('failed', (job, error) =>
    options.logger.warn({ conversationId: job?.data?.conversationKey, jobId: job?.id, attempt: job?.attemptsMade, err: error }, 'reply delivery failed'),
  );
  return worker;
}

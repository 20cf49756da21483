import { randomUUID } from 'node:crypto';
import { INBOUND_QUEUE, InboundMessageSchema, outboundJobId, outboundQueueName, type OutboundDraft, type Redis } from '@chatbot/core';
import { Queue, Worker } from 'bullmq';

/** The reply the fake worker gives; tests assert on it. */
export function echoOf(text: string): string {
  return `echo: ${text}`;
}

/** A stand-in for apps/worker: answers each inbound message on its channel's outbound queue. */
export function startFakeWorker(redis: Redis, prefix: string): { close(): Promise<void> } {
  const outbound = new Map<string, Queue>();
  const worker = new Worker(
    INBOUND_QUEUE,
    async (job) => {
      const message = InboundMessageSchema.parse(job.data);
      const queueName = outboundQueueName(message.channel);
      const queue = outbound.get(queueName) ?? new Queue(queueName, { connection: redis, prefix });
      outbound.set(queueName, queue);
      const reply: OutboundDraft = {
        id: randomUUID(),
        channel: message.channel,
        conversationKey: message.conversationKey,
        replyTo: message.nativeMessageId,
        text: echoOf(message.text),
        idempotencyKey: outboundJobId(job.id!),
        metadata: message.metadata,
        createdAt: new Date().toISOString(),
      };
      await queue.add('reply', reply, { jobId: outboundJobId(job.id!) });
    },
    { connection: redis, prefix },
  );
  return {
    async close() {
      await worker.close();
      await Promise.all([...outbound.values()].map((queue) => queue.close()));
    },
  };
}

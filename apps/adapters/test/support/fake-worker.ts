import { randomUUID } from 'node:crypto';
import { INBOUND_QUEUE, InboundMessageSchema, OutboundPublisher, outboundJobId, type OutboundDraft, type Redis } from '@chatbot/core';
import { Worker } from 'bullmq';

/** The reply the fake worker gives; tests assert on it. */
export function echoOf(text: string): string {
  return `echo: ${text}`;
}

export type FakeWorkerButtons = NonNullable<OutboundDraft['buttons']>;

/**
 * A stand-in for apps/worker: answers each inbound message on its channel's outbound queue, with
 * the buttons `buttonsFor` gives for its text (none by default).
 */
export function startFakeWorker(redis: Redis, prefix: string, options: { buttonsFor?: (text: string) => FakeWorkerButtons } = {}): { close(): Promise<void> } {
  const replies = new OutboundPublisher(redis, prefix);
  const worker = new Worker(
    INBOUND_QUEUE,
    async (job) => {
      const message = InboundMessageSchema.parse(job.data);
      await replies.publish({
        id: randomUUID(),
        channel: message.channel,
        conversationKey: message.conversationKey,
        replyTo: message.nativeMessageId,
        text: echoOf(message.text),
        buttons: options.buttonsFor?.(message.text) ?? [],
        idempotencyKey: outboundJobId(job.id!),
        metadata: message.metadata,
        createdAt: new Date().toISOString(),
      });
    },
    { connection: redis, prefix },
  );
  return {
    async close() {
      await worker.close();
      await replies.close();
    },
  };
}

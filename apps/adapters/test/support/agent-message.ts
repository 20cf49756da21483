import { randomUUID } from 'node:crypto';
import { outboundQueueName, type OutboundDraft } from '@chatbot/core';
import { Queue, QueueEvents } from 'bullmq';
import type { WebPlatform } from './web-platform';

/**
 * Puts an unsolicited agent message for a web session on `outbound.web`, as the worker or the
 * admin API would, and waits until the adapters process has delivered it.
 */
export async function deliverAgentMessage(platform: WebPlatform, sessionId: string, text: string): Promise<void> {
  const name = outboundQueueName('web');
  const outbound = new Queue(name, { connection: platform.redis, prefix: platform.prefix });
  const events = new QueueEvents(name, { connection: platform.redis, prefix: platform.prefix });
  try {
    await events.waitUntilReady();
    const draft: OutboundDraft = {
      id: randomUUID(),
      channel: 'web',
      conversationKey: `web:${sessionId}`,
      replyTo: null,
      text,
      kind: 'agent',
      idempotencyKey: randomUUID(),
      createdAt: new Date().toISOString(),
    };
    const job = await outbound.add('reply', draft);
    await job.waitUntilFinished(events, 5000);
  } finally {
    await Promise.all([outbound.close(), events.close()]);
  }
}

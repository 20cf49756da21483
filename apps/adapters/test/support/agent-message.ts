import { randomUUID } from 'node:crypto';
import { OutboundMessageSchema, outboundQueueName, type OutboundMessage } from '@chatbot/core';
import { Queue, QueueEvents } from 'bullmq';
import type { WebPlatform } from './web-platform';

/** An unsolicited message from a human agent (as the admin API sends it), with the schema's defaults. */
export function agentMessage(fields: {
  channel: string;
  conversationKey: string;
  text: string;
  idempotencyKey?: string;
  agentName?: string;
  language?: string;
}): OutboundMessage {
  return OutboundMessageSchema.parse({
    id: randomUUID(),
    replyTo: null,
    kind: 'agent',
    idempotencyKey: randomUUID(),
    createdAt: new Date().toISOString(),
    ...fields,
  });
}

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
    const draft = agentMessage({ channel: 'web', conversationKey: `web:${sessionId}`, text });
    const job = await outbound.add('reply', draft);
    await job.waitUntilFinished(events, 5000);
  } finally {
    await Promise.all([outbound.close(), events.close()]);
  }
}

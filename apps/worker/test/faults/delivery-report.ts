import { INBOUND_QUEUE, OutboundMessageSchema, openQueue } from '@chatbot/core';
import type { FaultPlatform } from './fault-platform';
import type { AcknowledgedMessage } from './steady-load';

/** What happened to the acknowledged messages of one load run (a row of the README's Reliability table). */
export interface DeliveryReport {
  acknowledged: number;
  /** Acknowledged messages with a reply queued for the user. */
  answered: number;
  /** Acknowledged messages without a reply once the platform has settled. */
  lost: number;
  /** Replies beyond the first for one message, and stored inbound turns beyond one per message. */
  duplicated: number;
  /** Conversations whose replies were queued in another order than their messages were sent. */
  outOfOrder: number;
  /** Inbound jobs that ended in the failed set. */
  failedJobs: number;
}

/**
 * Waits until every acknowledged message of the run tagged `tag` has its reply (or `quietMs` have
 * passed with no new one), then reports lost, duplicated and out-of-order messages, from the
 * replies on outbound.web (no adapter takes them in fault tests) and the turns stored in PostgreSQL.
 */
export async function waitForDeliveryReport(platform: FaultPlatform, acknowledged: AcknowledgedMessage[], tag: string, quietMs = 15_000): Promise<DeliveryReport> {
  const ours = (conversationKey: string) => conversationKey.startsWith(`web:${tag}-`);
  const replies = async () =>
    (await platform.outbound.getJobs(['waiting'], 0, -1, true)).map((job) => OutboundMessageSchema.parse(job.data)).filter((reply) => ours(reply.conversationKey));
  let seen = await replies();
  let lastGrowth = Date.now();
  while (seen.length < acknowledged.length && Date.now() - lastGrowth < quietMs) {
    await new Promise((r) => setTimeout(r, 500));
    const now = await replies();
    if (now.length > seen.length) lastGrowth = Date.now();
    seen = now;
  }

  const repliedTo = new Set(seen.map((reply) => reply.replyTo));
  const sentInOrder = new Map<string, string[]>();
  for (const message of [...acknowledged].sort((a, b) => a.position - b.position)) {
    sentInOrder.set(message.conversationKey, [...(sentInOrder.get(message.conversationKey) ?? []), message.nativeMessageId]);
  }
  let outOfOrder = 0;
  for (const [conversationKey, sent] of sentInOrder) {
    const answered = seen.filter((reply) => reply.conversationKey === conversationKey).map((reply) => reply.replyTo);
    if (answered.join() !== sent.filter((id) => repliedTo.has(id)).join()) outOfOrder++;
  }
  const storedInbound = await platform.db.turn.count({ where: { direction: 'inbound', conversation: { conversationKey: { startsWith: `web:${tag}-` } } } });
  const inbound = openQueue(INBOUND_QUEUE, platform.redis, platform.config.REDIS_PREFIX);
  const failedJobs = (await inbound.getFailed(0, -1)).filter((job) => ours(String(job.data?.conversationKey))).length;
  await inbound.close();
  const answered = acknowledged.filter((message) => repliedTo.has(message.nativeMessageId)).length;
  return {
    acknowledged: acknowledged.length,
    answered,
    lost: acknowledged.length - answered,
    duplicated: seen.length - repliedTo.size + Math.max(0, storedInbound - acknowledged.length),
    outOfOrder,
    failedJobs,
  };
}

/** One line for the test's output and the README's table. */
export function describeReport(fault: string, report: DeliveryReport): string {
  return `${fault}: ${report.acknowledged} acknowledged, ${report.answered} answered, ${report.lost} lost, ${report.duplicated} duplicated, ${report.outOfOrder} conversations out of order`;
}

import type { ChatClient } from './chat-client';
import type { FaultPlatform } from './fault-platform';

/** What the chat users of one load run saw (a row of the README's Reliability table). */
export interface DeliveryReport {
  typed: number;
  /** Messages the server acknowledged (safely queued). */
  acknowledged: number;
  /** Messages the page had to send again, or hold until it was back online (after a reconnect or a refusal). */
  resent: number;
  /** Acknowledged messages whose reply the user saw. */
  answered: number;
  /** Acknowledged messages without a reply once the platform has settled. */
  lost: number;
  /** Acknowledged messages with no stored inbound turn. */
  unstored: number;
  /** Replies beyond the first for one message, and stored inbound turns beyond one per message. */
  duplicated: number;
  /** Conversations whose replies came in another order than their messages were acknowledged. */
  outOfOrder: number;
  /** Typed messages never acknowledged (the client still resends them) or refused for good. */
  unacknowledged: number;
  /** Dead letters in the admin API (jobs that failed for good). */
  deadLetters: number;
}

/**
 * Waits until every chat's messages are acknowledged and answered (or `quietMs` pass with no
 * progress), closes the chats, and reports what their users saw, against the turns stored in
 * PostgreSQL and the dead letters the admin API lists.
 */
export async function waitForDeliveryReport(platform: FaultPlatform, clients: ChatClient[], quietMs = 15_000): Promise<DeliveryReport> {
  const progress = () => clients.reduce((sum, client) => sum + client.acknowledged.size + client.repliesTo.size, 0);
  const settled = () => clients.every((client) => client.unacknowledged === 0 && [...client.acknowledged].every((id) => client.repliesTo.has(id)));
  let seen = progress();
  let lastGrowth = Date.now();
  while (!settled() && Date.now() - lastGrowth < quietMs) {
    await new Promise((r) => setTimeout(r, 500));
    if (progress() > seen) [seen, lastGrowth] = [progress(), Date.now()];
  }
  // A moment more, for a duplicate reply that would come after the first.
  await new Promise((r) => setTimeout(r, 1000));
  clients.forEach((client) => client.close());

  const conversationKeys = clients.map((client) => `web:${client.sessionId}`);
  const stored = await platform.db.turn.findMany({
    where: { direction: 'inbound', conversation: { conversationKey: { in: conversationKeys } } },
    select: { nativeMessageId: true },
  });
  const storedIds = new Set(stored.map((turn) => turn.nativeMessageId));
  const { items } = (await platform.admin('/dead-letters?limit=500')) as { items: Array<{ conversationKey: string | null }> };

  const report: DeliveryReport = {
    typed: 0,
    acknowledged: 0,
    resent: 0,
    answered: 0,
    lost: 0,
    unstored: 0,
    duplicated: stored.length - storedIds.size,
    outOfOrder: 0,
    unacknowledged: 0,
    deadLetters: 0,
  };
  for (const client of clients) {
    const acknowledged = [...client.acknowledged];
    report.typed += client.typed.length;
    report.acknowledged += acknowledged.length;
    report.resent += client.sentAgain.size;
    report.unacknowledged += client.typed.length - acknowledged.length;
    for (const id of acknowledged) {
      const replies = client.repliesTo.get(id) ?? [];
      if (replies.length > 0) report.answered++;
      else report.lost++;
      report.duplicated += Math.max(0, replies.length - 1);
      if (!storedIds.has(`${client.sessionId}:${id}`)) report.unstored++;
    }
    const answeredInReplyOrder = [...client.repliesTo.entries()]
      .filter(([id]) => client.acknowledged.has(id))
      .sort(([, a], [, b]) => a[0]!.seq - b[0]!.seq)
      .map(([id]) => id);
    if (answeredInReplyOrder.join() !== acknowledged.filter((id) => client.repliesTo.has(id)).join()) report.outOfOrder++;
  }
  report.deadLetters = items.filter((item) => conversationKeys.includes(item.conversationKey ?? '')).length;
  return report;
}

/** The report every fault should end with: everything acknowledged answered once, in order. */
export function perfectDelivery(report: DeliveryReport): DeliveryReport {
  const { typed, acknowledged, resent } = report;
  return { typed, acknowledged: typed, resent, answered: acknowledged, lost: 0, unstored: 0, duplicated: 0, outOfOrder: 0, unacknowledged: 0, deadLetters: 0 };
}

/** One line for the test's output and the README's table. */
export function describeReport(fault: string, report: DeliveryReport): string {
  return (
    `${fault}: ${report.typed} typed, ${report.acknowledged} acknowledged (${report.resent} sent again), ${report.answered} answered, ` +
    `${report.lost} lost, ${report.duplicated} duplicated, ${report.outOfOrder} conversations out of order, ${report.unacknowledged} unacknowledged`
  );
}

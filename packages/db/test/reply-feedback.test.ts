import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { listReviewQueue, recordAgentReply, recordExchange, recordReplyFeedback } from '../src/index';
import { useIsolatedDatabase } from './support/use-isolated-database';

const database = useIsolatedDatabase();

async function storeExchange(conversationKey: string) {
  return recordExchange(database.db, {
    channel: 'web',
    conversationKey,
    user: { id: 'u1' },
    language: 'en',
    inbound: { nativeMessageId: randomUUID(), text: 'where is my order', receivedAt: new Date(), intent: 'greeting', confidence: 0.9, outOfScope: false, topIntents: [], modelVersion: 'v1' },
    reply: { text: 'Hello!', kind: 'bot', latencyMs: 1 },
  });
}

async function helpfulOf(turnId: string) {
  return (await database.db.turn.findUniqueOrThrow({ where: { id: turnId } })).helpful;
}

describe('recordReplyFeedback', () => {
  it('stores the rating on the reply, lets the user change it or take it back, and puts an unhelpful answer in the review queue', async () => {
    const conversationKey = `web:${randomUUID()}`;
    const { inboundTurn, replyTurn } = await storeExchange(conversationKey);
    const rate = (helpful: boolean | null) => recordReplyFeedback(database.db, { channel: 'web', conversationKey, replyId: replyTurn!.id, helpful });

    expect(await rate(true)).toBe(true);
    expect(await helpfulOf(replyTurn!.id)).toBe(true);
    expect((await listReviewQueue(database.db)).items.map((item) => item.turnId)).not.toContain(inboundTurn.id);

    expect(await rate(false)).toBe(true);
    expect(await helpfulOf(replyTurn!.id)).toBe(false);
    expect((await listReviewQueue(database.db)).items.map((item) => item.turnId)).toContain(inboundTurn.id);

    expect(await rate(null)).toBe(true);
    expect(await helpfulOf(replyTurn!.id)).toBeNull();
    expect((await listReviewQueue(database.db)).items.map((item) => item.turnId)).not.toContain(inboundTurn.id);
  });

  it("ignores a rating of another conversation's reply, of a user message, of an agent's reply, or of an unknown id", async () => {
    const conversationKey = `web:${randomUUID()}`;
    const { inboundTurn, replyTurn, conversation } = await storeExchange(conversationKey);
    const { turn: agentTurn } = await recordAgentReply(database.db, conversation.id, 'A human here.');
    const rate = (replyId: string, key = conversationKey) => recordReplyFeedback(database.db, { channel: 'web', conversationKey: key, replyId, helpful: false });

    expect(await rate(replyTurn!.id, `web:${randomUUID()}`)).toBe(false);
    expect(await rate(inboundTurn.id)).toBe(false);
    expect(await rate(agentTurn.id)).toBe(false);
    expect(await rate(randomUUID())).toBe(false);
    expect(await helpfulOf(replyTurn!.id)).toBeNull();
    expect(await helpfulOf(agentTurn.id)).toBeNull();
  });
});

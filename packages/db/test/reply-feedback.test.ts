import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { listReviewQueue, recordAgentReply, recordReplyFeedback } from '../src/index';
import { storeExchange } from './support/store-exchange';
import { useIsolatedDatabase } from './support/use-isolated-database';

const database = useIsolatedDatabase();

async function helpfulOf(turnId: string) {
  return (await database.db.turn.findUniqueOrThrow({ where: { id: turnId } })).helpful;
}

describe('recordReplyFeedback', () => {
  it('stores the rating on the reply, lets the user change it or take it back, and puts an unhelpful answer in the review queue', async () => {
    const conversationKey = `web:${randomUUID()}`;
    const { inboundTurn, replyTurn } = await storeExchange(database.db, conversationKey);
    let clock = Date.now();
    const rate = (helpful: boolean | null) =>
      recordReplyFeedback(database.db, { channel: 'web', conversationKey, replyId: replyTurn!.id, helpful, ratedAt: new Date(++clock) });

    expect(await rate(true)).toBe('stored');
    expect(await helpfulOf(replyTurn!.id)).toBe(true);
    expect((await listReviewQueue(database.db)).items.map((item) => item.turnId)).not.toContain(inboundTurn.id);

    expect(await rate(false)).toBe('stored');
    expect(await helpfulOf(replyTurn!.id)).toBe(false);
    expect((await listReviewQueue(database.db)).items.map((item) => item.turnId)).toContain(inboundTurn.id);

    expect(await rate(null)).toBe('stored');
    expect(await helpfulOf(replyTurn!.id)).toBeNull();
    expect((await listReviewQueue(database.db)).items.map((item) => item.turnId)).not.toContain(inboundTurn.id);
  });

  it("ignores a rating of another conversation's reply, of a user message, of an agent's reply, or of an unknown id", async () => {
    const conversationKey = `web:${randomUUID()}`;
    const { inboundTurn, replyTurn, conversation } = await storeExchange(database.db, conversationKey);
    const { turn: agentTurn } = await recordAgentReply(database.db, conversation.id, 'A human here.');
    const rate = (replyId: string, key = conversationKey) =>
      recordReplyFeedback(database.db, { channel: 'web', conversationKey: key, replyId, helpful: false, ratedAt: new Date() });

    expect(await rate(replyTurn!.id, `web:${randomUUID()}`)).toBe('no-reply');
    expect(await rate(inboundTurn.id)).toBe('no-reply');
    expect(await rate(agentTurn.id)).toBe('no-reply');
    expect(await rate(randomUUID())).toBe('no-reply');
    expect(await helpfulOf(replyTurn!.id)).toBeNull();
    expect(await helpfulOf(agentTurn.id)).toBeNull();
  });

  it('keeps the newest rating when ratings are stored out of order (several workers, retries)', async () => {
    const conversationKey = `web:${randomUUID()}`;
    const { replyTurn } = await storeExchange(database.db, conversationKey);
    const rate = (helpful: boolean | null, ratedAt: number) =>
      recordReplyFeedback(database.db, { channel: 'web', conversationKey, replyId: replyTurn!.id, helpful, ratedAt: new Date(ratedAt) });
    const t = Date.now();

    expect(await rate(false, t + 2)).toBe('stored');
    expect(await rate(true, t + 1)).toBe('superseded');
    expect(await helpfulOf(replyTurn!.id)).toBe(false);
    expect(await rate(null, t + 3)).toBe('stored');
    expect(await rate(false, t + 2)).toBe('superseded');
    expect(await helpfulOf(replyTurn!.id)).toBeNull();
    expect((await database.db.turn.findUniqueOrThrow({ where: { id: replyTurn!.id } })).ratedAt).toEqual(new Date(t + 3));
  });
});

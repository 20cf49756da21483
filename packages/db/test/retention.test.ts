import { describe, expect, it } from 'vitest';
import { deleteQuietConversations, labelTurns } from '../src/index';
import { storeExchange } from './support/store-exchange';
import { useIsolatedDatabase } from './support/use-isolated-database';

const database = useIsolatedDatabase();
const DAY_MS = 24 * 3600 * 1000;

/** A conversation whose last message was `daysAgo` days ago. */
async function conversationQuietFor(daysAgo: number, text = 'where is my order') {
  const exchange = await storeExchange(database.db, undefined, text);
  await database.db.conversation.update({ where: { id: exchange.conversation.id }, data: { lastMessageAt: new Date(Date.now() - daysAgo * DAY_MS) } });
  return exchange;
}

const turnsOf = (conversationId: string) => database.db.turn.findMany({ where: { conversationId }, select: { id: true } });

describe('deleteQuietConversations (data retention)', () => {
  it('deletes conversations quiet since the cutoff with their turns, keeps recent ones and the messages an admin labelled', async () => {
    const old = await conversationQuietFor(40);
    const recent = await conversationQuietFor(5);
    const labelled = await conversationQuietFor(40, 'can you gift wrap it');
    await labelTurns(database.db, { labels: [{ turnId: labelled.inboundTurn.id, intent: 'gift_wrap' }], createIntent: true, createdBy: 'admin' });

    const result = await deleteQuietConversations(database.db, new Date(Date.now() - 30 * DAY_MS), 1);

    expect(result).toEqual({ conversations: 1, turns: 3 });
    expect(await database.db.conversation.findUnique({ where: { id: old.conversation.id } })).toBeNull();
    expect(await turnsOf(recent.conversation.id)).toHaveLength(2);
    // The labelled message stays as retraining data; the bot's reply to it goes.
    expect(await turnsOf(labelled.conversation.id)).toEqual([{ id: labelled.inboundTurn.id }]);
    expect(await database.db.label.count({ where: { turnId: labelled.inboundTurn.id } })).toBe(1);
  });

  it('has nothing left to do on a second run', async () => {
    await conversationQuietFor(40);
    const cutoff = new Date(Date.now() - 30 * DAY_MS);
    expect((await deleteQuietConversations(database.db, cutoff, 2)).conversations).toBeGreaterThan(0);
    expect(await deleteQuietConversations(database.db, cutoff, 2)).toEqual({ conversations: 0, turns: 0 });
  });
});

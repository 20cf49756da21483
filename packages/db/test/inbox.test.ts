import { describe, expect, it } from 'vitest';
import { claimConversation, closeConversation, createApiKey, listInbox, setConversationStatus, type InboxAgent } from '../src/index';
import { storeExchange } from './support/store-exchange';
import { useIsolatedDatabase } from './support/use-isolated-database';

const database = useIsolatedDatabase();

async function agentNamed(displayName: string): Promise<InboxAgent> {
  const { apiKey } = await createApiKey(database.db, { name: displayName.toLowerCase(), role: 'agent', displayName });
  return { id: apiKey.id, displayName };
}

const row = (id: string) => database.db.conversation.findUniqueOrThrow({ where: { id } });

// The database keeps the inbox's columns in step with the status, whoever writes it: the worker and an
// action's answer change the status with a plain update, knowing nothing of claims.
describe('the inbox columns of a conversation', () => {
  it('get the time of the handoff when the status becomes handed_off, by any update, and keep it while it stays so', async () => {
    const { conversation } = await storeExchange(database.db);
    expect(conversation.handedOffAt).toBeNull();
    await database.db.conversation.update({ where: { id: conversation.id }, data: { status: 'handed_off' } });
    const handedOffAt = (await row(conversation.id)).handedOffAt;
    expect(handedOffAt).toBeInstanceOf(Date);

    await setConversationStatus(database.db, conversation.id, 'handed_off');
    expect((await row(conversation.id)).handedOffAt).toEqual(handedOffAt);
    expect((await listInbox(database.db)).items.map((item) => item.waitingSince)).toEqual([handedOffAt]);
  });

  it('lose the claim when the status changes, and the close reason once it is not closed', async () => {
    const sam = await agentNamed('Sam');
    const { conversation } = await storeExchange(database.db);
    await setConversationStatus(database.db, conversation.id, 'handed_off');
    await claimConversation(database.db, conversation.id, sam);
    await setConversationStatus(database.db, conversation.id, 'open');
    expect(await row(conversation.id)).toMatchObject({ status: 'open', claimedById: null, claimedAt: null });

    await setConversationStatus(database.db, conversation.id, 'handed_off');
    await closeConversation(database.db, conversation.id, 'resolved', null);
    await setConversationStatus(database.db, conversation.id, 'handed_off');
    expect(await row(conversation.id)).toMatchObject({ status: 'handed_off', closedReason: null });
  });

  it('refuse a claim on a conversation that is not handed off (a CHECK constraint)', async () => {
    const sam = await agentNamed('Sam2');
    const { conversation } = await storeExchange(database.db);
    await expect(database.db.conversation.update({ where: { id: conversation.id }, data: { claimedById: sam.id, claimedAt: new Date() } })).rejects.toThrow(
      /conversations_claimed_only_while_handed_off/,
    );
  });
});

import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  RecordNotFoundError,
  beginActionCall,
  deleteAction,
  deleteSeededActions,
  findExchange,
  getAction,
  listActionCalls,
  listActions,
  markInterimSent,
  recordActionReply,
  recordExchange,
  saveAction,
  seedActions,
} from '../src/index';
import { useIsolatedDatabase } from './support/use-isolated-database';

const database = useIsolatedDatabase();

const settings = (name: string) => ({
  name,
  url: 'https://shop.example.com/order-status',
  timeoutMs: 8000,
  interimAfterMs: 1500,
  retries: 1,
  repeatOnRetry: false,
  allowPrivateNetwork: false,
});
const REPLY_CONTEXT = { fallback: { template: 'Noted {order_id}.', variables: { order_id: '48213' } }, before: null, after: null };

async function pendingExchange() {
  const id = randomUUID();
  return recordExchange(database.db, {
    channel: 'web',
    conversationKey: `web:${id}`,
    user: { id },
    language: 'en',
    inbound: {
      nativeMessageId: id,
      text: '48213',
      receivedAt: new Date(),
      intent: 'order_status',
      confidence: 0.9,
      outOfScope: false,
      topIntents: [],
      modelVersion: 'v1',
    },
    pendingAction: { action: 'order_status', replyContext: REPLY_CONTEXT },
    reply: null,
  });
}

describe('actions in the store', () => {
  it('needs a secret to create an action and keeps it when an update leaves it out', async () => {
    const name = `status_${randomUUID().slice(0, 8)}`;
    await expect(saveAction(database.db, settings(name), 'ada')).rejects.toThrow(RecordNotFoundError);
    await saveAction(database.db, { ...settings(name), secret: 'first-secret-0123456789' }, 'ada');
    await saveAction(database.db, { ...settings(name), timeoutMs: 3000 }, 'bob');
    expect(await getAction(database.db, name)).toMatchObject({ secret: 'first-secret-0123456789', timeoutMs: 3000, updatedBy: 'bob' });
    expect((await listActions(database.db)).map((action) => action.name)).toContain(name);
    await deleteAction(database.db, name);
    await expect(deleteAction(database.db, name)).rejects.toThrow(RecordNotFoundError);
  });

  it('seeds actions, follows the launcher while they are as seeded, and leaves an admin-edited one alone', async () => {
    const [seeded, edited] = [`a_${randomUUID().slice(0, 8)}`, `b_${randomUUID().slice(0, 8)}`];
    const author = 'pnpm start';
    await seedActions(
      database.db,
      [seeded, edited].map((name) => ({ ...settings(name), secret: 'secret-one-0123456789' })),
      author,
    );
    await saveAction(database.db, { ...settings(edited), url: 'https://mine.example.com/' }, 'ada');
    await seedActions(
      database.db,
      [seeded, edited].map((name) => ({ ...settings(name), secret: 'secret-two-0123456789' })),
      author,
    );
    expect(await getAction(database.db, seeded)).toMatchObject({ secret: 'secret-two-0123456789' });
    expect(await getAction(database.db, edited)).toMatchObject({ secret: 'secret-one-0123456789', url: 'https://mine.example.com/' });
    expect(await deleteSeededActions(database.db, author)).toBeGreaterThanOrEqual(1);
    expect(await getAction(database.db, seeded)).toBeNull();
    expect(await getAction(database.db, edited)).not.toBeNull();
  });
});

describe('action calls', () => {
  it('is stored pending with the user turn, counted by each job that starts it, and finished once with the reply and the state', async () => {
    const exchange = await pendingExchange();
    expect(exchange).toMatchObject({ created: true, replyTurn: null, actionCall: { status: 'pending', attempts: 0, replyContext: REPLY_CONTEXT } });
    const callId = exchange.actionCall!.id;
    const message = { channel: 'web', conversationKey: exchange.conversation.conversationKey, nativeMessageId: exchange.inboundTurn.nativeMessageId! };
    const begun = await beginActionCall(database.db, callId, message, 10);
    expect(begun.call.attempts).toBe(0);
    // The request's history ends with the user's turn being answered.
    expect(begun.history.at(-1)).toMatchObject({ kind: exchange.inboundTurn.kind, text: exchange.inboundTurn.text });
    expect((await beginActionCall(database.db, callId, message, 10)).call.attempts).toBe(1);
    await markInterimSent(database.db, callId, new Date());

    const finish = (text: string) =>
      recordActionReply(
        database.db,
        {
          actionCallId: callId,
          status: 'ok',
          httpStatus: 200,
          latencyMs: 42.4,
          response: { text },
          error: null,
          reply: { text, kind: 'bot', latencyMs: 50, template: null, buttons: [{ type: 'reply', label: 'Talk to a person' }] },
          dialogueState: { slots: {}, form: null, paused: [] },
          handoff: true,
        },
        exchange.inboundTurn,
      );
    const first = await finish('Order 48213 left on 1 December');
    expect(first).toEqual({ created: true, replyTurnId: expect.any(String) });
    const stored = (await findExchange(database.db, 'web', exchange.inboundTurn.nativeMessageId!))!;
    expect(stored.replyTurn).toMatchObject({
      id: first.created && first.replyTurnId,
      direction: 'outbound',
      kind: 'bot',
      text: 'Order 48213 left on 1 December',
      buttons: [{ type: 'reply', label: 'Talk to a person' }],
      latencyMs: 50,
      createdAt: new Date(exchange.inboundTurn.createdAt.getTime() + 50),
    });
    expect(stored.actionCall).toMatchObject({ status: 'ok', httpStatus: 200, latencyMs: 42, response: { text: 'Order 48213 left on 1 December' }, attempts: 2 });
    expect(stored.actionCall!.interimSentAt).not.toBeNull();
    expect(stored.actionCall!.finishedAt).not.toBeNull();
    expect(stored.conversation).toMatchObject({ status: 'handed_off', dialogueState: { slots: {}, form: null, paused: [] } });
    // A retried job finishing again changes nothing, and is given what the first one stored.
    const again = await finish('something else');
    expect(again).toMatchObject({ created: false, exchange: { replyTurn: { id: stored.replyTurn!.id, text: 'Order 48213 left on 1 December' } } });
    expect((await findExchange(database.db, 'web', exchange.inboundTurn.nativeMessageId!))?.actionCall?.status).toBe('ok');
    expect((await listActionCalls(database.db, exchange.conversation.id)).map((call) => call.id)).toEqual([callId]);
    // A job starting on the finished call counts nothing and is told it is finished.
    expect((await beginActionCall(database.db, callId, message, 10)).call).toMatchObject({ status: 'ok', attempts: 2 });
    // A payload naming another message than the call's is refused.
    await expect(beginActionCall(database.db, callId, { ...message, nativeMessageId: 'someone-else' }, 10)).rejects.toThrow(/does not exist/);
  });
});

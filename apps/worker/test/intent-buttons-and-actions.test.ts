import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveActions, type ActionRequest, type ActionServer } from '@chatbot/actions-sdk';
import { OutboundMessageSchema, renderTemplate, type OutboundMessage } from '@chatbot/core';
import { deleteAction, saveAction, updateIntent, type UpdateIntentInput } from '@chatbot/db';
import { useWorkerPlatform } from './platform-fixture';

/**
 * What the catalogue says about an intent besides its reply texts, end to end through a running
 * worker: the buttons under its reply, and the action that answers it instead.
 */
const { platform, worker } = useWorkerPlatform();
const SECRET = 'intent-action-test-secret';
const STORE_FINDER = { type: 'link' as const, label: 'Store finder', url: 'https://shop.example/stores' };
const requests: ActionRequest[] = [];
let backend: ActionServer;

beforeAll(async () => {
  backend = await serveActions({
    secret: SECRET,
    actions: {
      '/store-hours': (request) => {
        requests.push(request);
        return { text: 'Our Berlin store is open until 20:00 today.', buttons: [STORE_FINDER] };
      },
    },
  });
});
afterAll(async () => {
  await backend?.close();
});

let sent = 0;
/** Sends one message and returns the reply to it, once it has been queued. */
async function say(conversationKey: string, text: string): Promise<OutboundMessage> {
  const nativeMessageId = `${conversationKey}-${++sent}`;
  const before = (await platform().waitForReplies(0)).length;
  await platform().publisher.publish({ channel: 'web', nativeMessageId, conversationKey, user: { id: conversationKey }, text });
  const reply = (await platform().waitForReplies(before + 1)).map((job) => OutboundMessageSchema.parse(job.data)).find((queued) => queued.replyTo === nativeMessageId);
  if (!reply) throw new Error(`no reply to "${text}"`);
  return reply;
}
const read = (reply: OutboundMessage) => renderTemplate(reply.text, reply.variables);

/** Edits an intent as an admin would (the API's own function) and lets the worker see it at once. */
async function editIntent(name: string, update: UpdateIntentInput): Promise<void> {
  await updateIntent(platform().db, name, update);
  await worker().catalogue.refresh();
}

describe("an intent's buttons", () => {
  it("come with its catalogue reply, in the reply's language, to the channel and into the stored reply", async () => {
    const english = await say('web:buttons-en', 'hello');
    expect(english.intent).toBe('greeting');
    expect(english.buttons).toEqual([
      { type: 'reply', label: 'Where is my order?', text: 'where is my order' },
      { type: 'reply', label: 'Start a return', text: 'I want to return an item' },
      { type: 'reply', label: 'Talk to a person', text: 'talk to a human' },
    ]);
    const stored = await platform().db.turn.findUniqueOrThrow({ where: { id: english.id } });
    expect(stored.buttons).toEqual(english.buttons);

    const chinese = await say('web:buttons-zh', '你好');
    expect(chinese.buttons.map((button) => button.label)).toEqual(['我的订单到哪了？', '我要退货', '转人工']);
  });

  it('can be picked by typing their number, as on a channel that lists them', async () => {
    await say('web:buttons-number', 'hello');
    // "1" is the first button: "where is my order", which starts the order-status form.
    expect(read(await say('web:buttons-number', '1'))).toMatch(/order number/i);
  });

  it("follow an admin's edit, and a reply whose intent has none carries none", async () => {
    expect((await say('web:buttons-edit', 'thanks')).buttons).toEqual([]);
    await editIntent('thanks', { buttons: { en: [STORE_FINDER] } });
    try {
      expect((await say('web:buttons-edit', 'thank you')).buttons).toEqual([STORE_FINDER]);
    } finally {
      await editIntent('thanks', { buttons: null });
    }
  });
});

describe("an intent's action", () => {
  it('answers the intent when it is configured, like a completed form would be (the request names no form)', async () => {
    await saveAction(
      platform().db,
      {
        name: 'store_hours',
        url: `${backend.url}/store-hours`,
        secret: SECRET,
        timeoutMs: 5000,
        interimAfterMs: 0,
        retries: 0,
        repeatOnRetry: false,
        allowPrivateNetwork: true,
      },
      'test',
    );
    await editIntent('opening_hours', { action: 'store_hours' });
    try {
      const reply = await say('web:intent-action', 'what time do you open');
      expect(read(reply)).toBe('Our Berlin store is open until 20:00 today.');
      expect(reply.buttons).toEqual([STORE_FINDER]);
      expect(requests).toHaveLength(1);
      expect(requests[0]).toMatchObject({ action: 'store_hours', intent: { name: 'opening_hours' }, form: null, slots: {}, conversation: { language: 'en' } });
      const call = await platform().db.actionCall.findFirstOrThrow({ where: { conversation: { conversationKey: 'web:intent-action' } } });
      expect(call).toMatchObject({ action: 'store_hours', status: 'ok' });
    } finally {
      await deleteAction(platform().db, 'store_hours');
      await editIntent('opening_hours', { action: null });
    }
  });

  it('leaves the catalogue reply to answer while the action is not configured', async () => {
    await editIntent('opening_hours', { action: 'store_hours' });
    try {
      const reply = await say('web:intent-action-missing', 'what time do you open');
      expect(read(reply)).toMatch(/open/i);
      expect(read(reply)).not.toContain('Berlin');
      expect(await platform().db.actionCall.count({ where: { conversation: { conversationKey: 'web:intent-action-missing' } } })).toBe(0);
    } finally {
      await editIntent('opening_hours', { action: null });
    }
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature, type ActionRequest } from '@chatbot/actions-sdk';
import { createRedis, OutboundMessageSchema, renderTemplate, subscribePlatformEvent, type InboxEvent, type OutboundMessage, type Redis } from '@chatbot/core';
import { getAction, saveAction } from '@chatbot/db';
import { startShopBackend } from '@chatbot/example-shop-backend';
import { bootstrapDefaultBot } from '../src/bootstrap';
import { useWorkerPlatform } from './platform-fixture';

const { platform, worker } = useWorkerPlatform();
const SECRET = 'the-shop-backend-shared-secret';
let shop: Awaited<ReturnType<typeof startShopBackend>>;

// A second backend whose behaviour each test sets: slow, failing, or answering with markup.
let behaviour: (request: ActionRequest) => Promise<{ status: number; body: unknown }> = async () => ({ status: 200, body: {} });
const calls: ActionRequest[] = [];
let other: Server;
let otherUrl: string;
/** What the worker told the agents' live inbox (the `inbox.changed` platform event). */
const inboxEvents: InboxEvent[] = [];
let subscriber: Redis;

beforeAll(async () => {
  shop = await startShopBackend({ secret: SECRET });
  other = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const body = Buffer.concat(chunks);
      if (!verifySignature(SECRET, request.headers, body).ok) return void response.writeHead(401).end();
      const parsed = JSON.parse(body.toString()) as ActionRequest;
      calls.push(parsed);
      const answer = await behaviour(parsed);
      response.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  // As pnpm start does: the default bot's actions, pointed at the example shop backend.
  await bootstrapDefaultBot(platform().db, platform().config, platform().logger, undefined, { shopBackend: { url: shop.url, secret: SECRET } });
  await worker().catalogue.refresh();
  subscriber = createRedis(platform().config.REDIS_URL);
  await subscribePlatformEvent(subscriber, platform().config.REDIS_PREFIX, 'inbox.changed', (event) => inboxEvents.push(event));
}, 60_000);
afterAll(async () => {
  subscriber?.disconnect();
  await shop?.close();
  other?.closeAllConnections();
  other?.close();
});

/** Points the order_status action somewhere else for one test, and back to the shop after it. */
async function withOrderStatusAt(url: string, settings: { interimAfterMs?: number; timeoutMs?: number }, run: () => Promise<void>) {
  const stored = (await getAction(platform().db, 'order_status'))!;
  const { id, updatedAt, updatedBy, ...original } = stored;
  void id;
  void updatedAt;
  await saveAction(platform().db, { ...original, url, ...settings }, 'test');
  await worker().catalogue.refresh();
  try {
    await run();
  } finally {
    await saveAction(platform().db, original, updatedBy);
    await worker().catalogue.refresh();
  }
}

let sent = 0;
/** Sends one message and returns every message sent in answer to it (an interim one first, if any), once the last has come. */
async function say(conversationKey: string, text: string, expected = 1): Promise<OutboundMessage[]> {
  const nativeMessageId = `${conversationKey}-${++sent}`;
  const before = (await platform().waitForReplies(0)).length;
  await platform().publisher.publish({ channel: 'web', nativeMessageId, conversationKey, user: { id: conversationKey }, text });
  const replies = (await platform().waitForReplies(before + expected)).map((job) => OutboundMessageSchema.parse(job.data)).filter((r) => r.replyTo === nativeMessageId);
  if (replies.length < expected) throw new Error(`expected ${expected} replies to "${text}", got ${replies.length}`);
  return replies;
}
const read = (reply: OutboundMessage | undefined) => (reply ? renderTemplate(reply.text, reply.variables) : null);

async function lastActionCall(conversationKey: string) {
  return platform().db.actionCall.findFirstOrThrow({ where: { conversation: { conversationKey } }, orderBy: { createdAt: 'desc' } });
}

describe("actions: the bot answers from the business's own systems", () => {
  it('asks for the order number, looks it up in the shop backend and answers with its status and buttons', async () => {
    expect(read((await say('web:act-en', 'where is my order?'))[0])).toMatch(/order number/i);
    const [answer] = await say('web:act-en', '48213');
    expect(read(answer)).toBe('Order 48213 left our warehouse on 1 December with DHL, tracking JD014600006281.');
    expect(answer!.buttons).toEqual([
      { type: 'link', label: 'Track parcel', url: 'https://www.dhl.com/global-en/home/tracking.html?tracking-id=JD014600006281' },
      { type: 'reply', label: 'Talk to a person', text: 'talk to a human' },
    ]);
    const call = await lastActionCall('web:act-en');
    expect(call).toMatchObject({ action: 'order_status', status: 'ok', httpStatus: 200, attempts: 1, error: null });
    expect(call.latencyMs).toBeGreaterThanOrEqual(0);
    const reply = await platform().db.turn.findUniqueOrThrow({ where: { inboundTurnId: call.inboundTurnId } });
    expect(reply).toMatchObject({ text: read(answer), kind: 'bot', buttons: answer!.buttons });
  });

  it('takes a typed number as a click on that button, as a channel without buttons offers them', async () => {
    await say('web:act-number', 'where is order 48213?');
    const [handoff] = await say('web:act-number', '2');
    expect(handoff!.kind).toBe('system');
    const conversation = await platform().db.conversation.findFirstOrThrow({
      where: { conversationKey: 'web:act-number' },
      include: { turns: { orderBy: { createdAt: 'desc' } } },
    });
    expect(conversation.status).toBe('handed_off');
    // The turn keeps what the user typed.
    expect(conversation.turns.find((turn) => turn.direction === 'inbound')).toMatchObject({ text: '2', intent: 'talk_to_human' });
  });

  it('answers in Chinese when the conversation is in Chinese, going straight to the lookup when the number is in the message', async () => {
    const [answer] = await say('web:act-zh', '我的订单48214到哪了');
    expect(read(answer)).toBe('订单 48214（陶瓷马克杯（两只装））正在仓库打包，预计两个工作日内发出。');
    expect(answer!.buttons.map((button) => button.label)).toEqual(['取消这个订单', '修改地址', '转人工']);
  });

  it('forgets an order number the shop does not know, so the next question asks for it again', async () => {
    await say('web:act-unknown', 'where is my order?');
    expect(read((await say('web:act-unknown', '99999'))[0])).toMatch(/^I can't find an order 99999/);
    const conversation = await platform().db.conversation.findFirstOrThrow({ where: { conversationKey: 'web:act-unknown' } });
    expect(conversation.dialogueState).toMatchObject({ slots: {} });
    expect(read((await say('web:act-unknown', 'where is my order?'))[0])).toMatch(/order number/i);
  });

  it('cancels an order through the backend after the confirmation', async () => {
    await say('web:act-cancel', 'please cancel my order 48214');
    const [done] = await say('web:act-cancel', 'yes');
    expect(read(done)).toMatch(/^Done: order 48214 is cancelled\./);
    expect(shop.book.find('48214')?.status).toBe('cancelled');
  });

  it('says "let me check" while a slow action works, then answers, and the next message waits for that answer', async () => {
    behaviour = async () => {
      await new Promise((resolve) => setTimeout(resolve, 1200));
      return { status: 200, body: { text: 'Found it: order 48213 is on its way.' } };
    };
    await withOrderStatusAt(`${otherUrl}/slow`, { interimAfterMs: 200 }, async () => {
      const key = 'web:act-slow';
      const before = (await platform().waitForReplies(0)).length;
      await platform().publisher.publish({ channel: 'web', nativeMessageId: `${key}-a`, conversationKey: key, user: { id: key }, text: 'where is order 48213?' });
      await platform().publisher.publish({ channel: 'web', nativeMessageId: `${key}-b`, conversationKey: key, user: { id: key }, text: 'what are your opening hours' });
      const replies = (await platform().waitForReplies(before + 3)).map((job) => OutboundMessageSchema.parse(job.data)).filter((r) => r.conversationKey === key);
      expect(replies.map((reply) => [reply.replyTo, read(reply)])).toEqual([
        [`${key}-a`, 'Let me check that for you…'],
        [`${key}-a`, 'Found it: order 48213 is on its way.'],
        [`${key}-b`, expect.stringMatching(/open|hours/i)],
      ]);
      expect((await lastActionCall(key)).interimSentAt).not.toBeNull();
    });
  });

  it('apologises and offers a person when the action fails, times out or answers nonsense, never leaving the user in silence', async () => {
    const failures: Array<[string, typeof behaviour, string]> = [
      ['error', async () => ({ status: 500, body: { error: 'database down' } }), 'error'],
      ['invalid', async () => ({ status: 200, body: { text: 42 } }), 'error'],
      ['slow', () => new Promise((resolve) => setTimeout(() => resolve({ status: 200, body: {} }), 1500)), 'timeout'],
    ];
    for (const [name, failing, status] of failures) {
      behaviour = failing;
      await withOrderStatusAt(`${otherUrl}/${name}`, { timeoutMs: 500, interimAfterMs: 0 }, async () => {
        const [apology] = await say(`web:act-${name}`, 'where is order 48213?');
        expect(read(apology)).toMatch(/^Sorry, I couldn't look that up just now/);
        expect(apology!.buttons).toEqual([{ type: 'reply', label: 'Talk to a person', text: 'talk to a human' }]);
        expect(await lastActionCall(`web:act-${name}`)).toMatchObject({ status, error: expect.any(String) });
      });
    }
  });

  it("sends an action's text as a value, so markup or a mention in it is escaped by the channel, never sent as markup", async () => {
    behaviour = async () => ({ status: 200, body: { text: '<b>Order</b> {order_id} <!channel> @everyone', variables: { order_id: '<i>48213</i>' } } });
    await withOrderStatusAt(`${otherUrl}/markup`, {}, async () => {
      const [reply] = await say('web:act-markup', 'where is order 48213?');
      expect(reply!.text).toBe('{_action_reply}');
      expect(reply!.variables).toEqual({ _action_reply: '<b>Order</b> <i>48213</i> <!channel> @everyone' });
    });
  });

  it("hands the conversation to a person when the action says so, and the agents' inbox hears of it", async () => {
    behaviour = async () => ({ status: 200, body: { text: 'A colleague will look into order {order_id} with you.', variables: { order_id: '48213' }, handoff: true } });
    const webHandoffs = async () => (await worker().metrics.handoffs.get()).values.find((sample) => sample.labels.channel === 'web')?.value ?? 0;
    const before = await webHandoffs();
    await withOrderStatusAt(otherUrl, {}, async () => {
      const [answer] = await say('web:act-handoff', 'where is order 48213?');
      expect(read(answer)).toBe('A colleague will look into order 48213 with you.');
    });
    const conversation = await platform().db.conversation.findFirstOrThrow({ where: { conversationKey: 'web:act-handoff' } });
    expect(conversation.status).toBe('handed_off');
    expect(await webHandoffs()).toBe(before + 1);
    await expect.poll(() => inboxEvents.filter((event) => event.conversationId === conversation.id)).toEqual([{ conversationId: conversation.id, change: 'handed_off' }]);
  });

  it('sends the request a business needs: the slots, the entities, the intent and the history, signed', async () => {
    behaviour = async () => ({ status: 200, body: { replyKey: 'opening_hours' } });
    calls.length = 0;
    await withOrderStatusAt(`${otherUrl}/inspect`, {}, async () => {
      const [reply] = await say('web:act-inspect', 'where is order 48213?');
      expect(read(reply)).toMatch(/open|hours/i);
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      version: 1,
      action: 'order_status',
      test: false,
      conversation: { key: 'web:act-inspect', channel: 'web', language: 'en' },
      intent: { name: 'order_status' },
      entities: [{ type: 'order_id', value: '48213', text: '48213' }],
      slots: { order_id: { value: '48213', text: '48213' } },
      form: 'order_status',
      history: [{ role: 'user', text: 'where is order 48213?' }],
    });
    expect(calls[0]!.idempotencyKey).toBe(calls[0]!.message.id);
  });
});

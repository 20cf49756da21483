import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis, OutboundMessageSchema, subscribePlatformEvent, type InboxEvent, type Redis } from '@chatbot/core';
import { getConversationStatus, loadResponseCatalogue, setConversationStatus } from '@chatbot/db';
import { createPlatformFixture, type PlatformFixture } from './platform-fixture';
import { startWorker } from '../src/worker-process';

let platform: PlatformFixture;
let worker: Awaited<ReturnType<typeof startWorker>>;
let handoffTexts: string[];
let fallbackTexts: string[];
let subscriber: Redis;
/** What the worker told the agents' live inbox (the `inbox.changed` platform event). */
const inboxEvents: InboxEvent[] = [];

beforeAll(async () => {
  platform = await createPlatformFixture();
  worker = await startWorker({ ...platform.config, TRAINING_ENABLED: false }, platform.logger, { metricsPort: null });
  const catalogue = await loadResponseCatalogue(platform.db);
  handoffTexts = catalogue.get('handoff')!.en;
  fallbackTexts = catalogue.get('fallback')!.en;
  subscriber = createRedis(platform.config.REDIS_URL);
  await subscribePlatformEvent(subscriber, platform.config.REDIS_PREFIX, 'inbox.changed', (event) => inboxEvents.push(event));
}, 180_000);

afterAll(async () => {
  subscriber?.disconnect();
  await worker?.close();
  await platform?.dispose();
});

let sent = 0;
/** Sends one message in the conversation and returns the reply to it, or null when none came within `waitMs`. */
async function say(conversationKey: string, text: string, waitMs = 10_000) {
  const nativeMessageId = `handoff-${++sent}`;
  await platform.publisher.publish({ channel: 'web', nativeMessageId, conversationKey, user: { id: conversationKey }, text });
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline) {
    const replies = (await platform.waitForReplies(0)).map((job) => OutboundMessageSchema.parse(job.data));
    const reply = replies.find((r) => r.replyTo === nativeMessageId);
    if (reply) return reply;
    await new Promise((r) => setTimeout(r, 50));
  }
  return null;
}

/** Waits until the user's message is stored, then gives a reply time to show up if there were one. */
async function sayExpectingSilence(conversationKey: string, text: string) {
  const reply = say(conversationKey, text, 1500);
  await expect.poll(() => platform.db.turn.count({ where: { text, conversation: { conversationKey } } }), { timeout: 10_000 }).toBe(1);
  return reply;
}

/** chatbot_handoffs_total{channel="web"} as this worker counts it. */
const webHandoffs = async () => (await worker.metrics.handoffs.get()).values.find((sample) => sample.labels.channel === 'web')?.value ?? 0;

const status = (conversationKey: string) => getConversationStatus(platform.db, 'web', conversationKey);
const conversationId = async (conversationKey: string) => (await platform.db.conversation.findFirstOrThrow({ where: { conversationKey } })).id;

describe('human handoff in the worker', () => {
  it('hands the conversation to a human when the user asks for one, with the handoff notice', async () => {
    const before = await webHandoffs();
    const reply = await say('web:asks-for-human', 'I want to talk to a real person');
    expect(handoffTexts).toContain(reply?.text);
    expect(await webHandoffs()).toBe(before + 1);
    expect(reply?.kind).toBe('system');
    expect(await status('web:asks-for-human')).toBe('handed_off');
    const id = await conversationId('web:asks-for-human');
    await expect.poll(() => inboxEvents.filter((event) => event.conversationId === id)).toEqual([{ conversationId: id, change: 'handed_off' }]);
  });

  it('stays silent in a handed-off conversation but stores what the user says', async () => {
    const before = await webHandoffs();
    expect(await sayExpectingSilence('web:asks-for-human', 'where is my order?')).toBeNull();
    expect(await webHandoffs()).toBe(before);
    const [stored] = await platform.db.turn.findMany({
      where: { text: 'where is my order?', conversation: { conversationKey: 'web:asks-for-human' } },
      include: { reply: true },
    });
    expect(stored).toMatchObject({ direction: 'inbound', intent: 'order_status', reply: null });
    expect(stored?.modelVersion).toBe(worker.registry.version);
    // The agent who has the conversation hears that the user wrote.
    const id = await conversationId('web:asks-for-human');
    await expect.poll(() => inboxEvents.filter((event) => event.conversationId === id).map((event) => event.change)).toEqual(['handed_off', 'user_message']);
  });

  it('hands off at the second message in a row the bot does not understand, not at the first', async () => {
    const first = await say('web:confused', 'banana');
    expect(fallbackTexts).toContain(first?.text);
    expect(await status('web:confused')).toBe('open');
    const second = await say('web:confused', 'blah blah');
    expect(handoffTexts).toContain(second?.text);
    expect(await status('web:confused')).toBe('handed_off');
  });

  it('does not count a fallback that an understood message interrupted', async () => {
    await say('web:recovers', 'banana');
    await say('web:recovers', 'what time do you open');
    const third = await say('web:recovers', 'blah blah');
    expect(fallbackTexts).toContain(third?.text);
    expect(await status('web:recovers')).toBe('open');
  });

  it('answers again once the conversation is released, counting fallbacks afresh', async () => {
    expect(await sayExpectingSilence('web:confused', 'banana again')).toBeNull();
    expect(await platform.db.turn.findFirst({ where: { text: 'banana again' } })).toMatchObject({ outOfScope: true });
    const conversation = await platform.db.conversation.findFirstOrThrow({ where: { conversationKey: 'web:confused' } });
    await setConversationStatus(platform.db, conversation.id, 'open');
    const reply = await say('web:confused', 'blah blah blah');
    expect(fallbackTexts).toContain(reply?.text);
    expect(await status('web:confused')).toBe('open');
  });
});

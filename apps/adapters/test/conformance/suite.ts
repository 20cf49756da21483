import { INBOUND_QUEUE, InboundMessageSchema, MAX_MESSAGE_LENGTH, inboundJobId } from '@chatbot/core';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoOf, startFakeWorker, type FakeWorkerButtons } from '../support/fake-worker';
import { REDIS_URL, isolatedRedis } from '../support/redis';
import type { ConformanceDriver } from './driver';

/** How long to wait for a reply that should come. */
const REPLY_TIMEOUT_MS = 5000;
/** How long to give something that should NOT happen (a late duplicate reply) the chance to happen. */
const SETTLE_MS = 300;

/** The message the fake worker answers with BUTTONS (two reply buttons and a link); its echo carries mentions and HTML to be shown as text. */
const ASK_FOR_BUTTONS = 'what can you do for me? <!here> @here <i>quick</i>';
/** A label a business's webhook might send: a Slack channel mention, a Discord ping and HTML, all to be shown as text. */
const HOSTILE_LABEL = '<!channel> @everyone <b>now</b>';
const BUTTONS: FakeWorkerButtons = [
  { type: 'reply', label: 'Track my order', text: 'where is order 48213?' },
  { type: 'reply', label: HOSTILE_LABEL },
  { type: 'link', label: 'Opening hours', url: 'https://shop.example/hours' },
];

/**
 * The behaviour every channel adapter must show, whatever its service. Run it from a
 * `<channel>.conformance.test.ts` with the channel's driver:
 *
 *     runConformanceSuite(() => new SlackConformanceDriver());
 *
 * The suite gives the driver a Redis prefix of its own, answers every queued message with
 * "echo: <text>" (a fake worker), and counts the jobs on `inbound` to prove what was (not) queued.
 * "Nothing happened" is proved with a follow-up message: once its reply has arrived, whatever the
 * adapter did with the message before it has been done.
 */
export function runConformanceSuite(createDriver: () => ConformanceDriver): void {
  const driver = createDriver();

  describe(`adapter conformance: ${driver.channel}`, () => {
    const { redis, prefix, cleanup } = isolatedRedis();
    let worker: { close(): Promise<void> } | undefined;
    let inbound: Queue | undefined;

    beforeAll(async () => {
      await driver.start({ redisUrl: REDIS_URL, prefix });
      worker = startFakeWorker(redis, prefix, { buttonsFor: (text) => (text === ASK_FOR_BUTTONS ? BUTTONS : []) });
      inbound = new Queue(INBOUND_QUEUE, { connection: redis, prefix });
    });
    afterAll(async () => {
      await worker?.close();
      await inbound?.close();
      await driver.stop();
      await cleanup();
    });

    const queuedCount = () => countJobs(inbound!);
    const replyArrives = (conversation: string, text: string) =>
      expect.poll(() => driver.repliesFor(conversation), { timeout: REPLY_TIMEOUT_MS }).toContain(echoOf(text));
    /** Sends an ordinary message and waits for its reply. */
    const roundTrip = async (conversation: string, text: string) => {
      await driver.sendUserMessage(conversation, text);
      await replyArrives(conversation, text);
    };

    it('delivers a message and gets the reply on the right conversation', async () => {
      await driver.sendUserMessage('alice', 'where is my order?');
      await driver.sendUserMessage('bob', 'how do I return an item?');
      await replyArrives('alice', 'where is my order?');
      await replyArrives('bob', 'how do I return an item?');
      expect(await driver.repliesFor('alice')).toEqual([echoOf('where is my order?')]);
      expect(await driver.repliesFor('bob')).toEqual([echoOf('how do I return an item?')]);
    });

    it('answers a message delivered twice only once', async () => {
      const before = await queuedCount();
      const { nativeMessageId } = await driver.sendUserMessage('carol', 'my payment failed');
      await driver.redeliver('carol', nativeMessageId);
      await replyArrives('carol', 'my payment failed');
      await roundTrip('carol', 'are you there?');
      await sleep(SETTLE_MS);
      expect(await queuedCount()).toBe(before + 2);
      expect([...(await driver.repliesFor('carol'))].sort()).toEqual([echoOf('are you there?'), echoOf('my payment failed')]);
    });

    it('ignores a message written by a bot or by itself: nothing queued, no reply', async () => {
      const before = await queuedCount();
      await driver.sendBotMessage('dave', 'I am a bot, do not answer me');
      await roundTrip('dave', 'a human asking');
      expect(await queuedCount()).toBe(before + 1);
      expect(await driver.repliesFor('dave')).toEqual([echoOf('a human asking')]);
    });

    it(`refuses a message over ${MAX_MESSAGE_LENGTH} characters politely, naming the limit, and queues nothing`, async () => {
      const before = await queuedCount();
      await driver.sendUserMessage('erin', 'x'.repeat(MAX_MESSAGE_LENGTH + 1));
      const refusals = () => (driver.refusalsFor ? driver.refusalsFor('erin') : driver.repliesFor('erin'));
      await expect.poll(refusals, { timeout: REPLY_TIMEOUT_MS }).toHaveLength(1);
      expect((await refusals())[0]).toMatch(/4,?000/);
      await roundTrip('erin', 'a shorter question');
      expect(await queuedCount()).toBe(before + 1);
    });

    it('handles an empty message: nothing queued, no crash, the conversation goes on', async () => {
      const before = await queuedCount();
      await driver.sendUserMessage('frank', '   ');
      await roundTrip('frank', 'still there?');
      expect(await queuedCount()).toBe(before + 1);
      expect(await driver.repliesFor('frank')).toEqual([echoOf('still there?')]);
    });

    it.skipIf(driver.buttons === null)(
      'renders a reply with buttons natively, labels as text; a click is one message with the button text in the same conversation, once; a forged click is nothing',
      async () => {
        const buttons = driver.buttons!;
        await roundTrip('ivan', 'hello');
        const { nativeMessageId } = await driver.sendUserMessage('hana', ASK_FOR_BUTTONS);
        await replyArrives('hana', ASK_FOR_BUTTONS);
        expect(await buttons.lastButtonReply('hana')).toEqual({
          text: echoOf(ASK_FOR_BUTTONS),
          buttons: [
            { type: 'reply', label: 'Track my order' },
            { type: 'reply', label: HOSTILE_LABEL },
            { type: 'link', label: 'Opening hours', url: 'https://shop.example/hours' },
          ],
          markup: [],
        });
        const before = await queuedCount();

        // First a click on hana's button that the service reports from ivan's conversation: nothing,
        // and nothing taken from hana's reply (her own click still counts afterwards).
        await buttons.forgeClick('hana', 'Track my order', 'ivan');
        await sleep(SETTLE_MS);
        await roundTrip('ivan', 'anything for me?');
        expect(await queuedCount()).toBe(before + 1);

        await buttons.click('hana', 'Track my order');
        await replyArrives('hana', 'where is order 48213?');
        // The same click again, and another button of the same reply (the first choice stands): nothing.
        await buttons.repeatLastClick('hana');
        await buttons.click('hana', HOSTILE_LABEL);
        await sleep(SETTLE_MS);
        await roundTrip('hana', 'thanks');
        await sleep(SETTLE_MS);

        expect(await queuedCount()).toBe(before + 3);
        expect(await driver.repliesFor('hana')).toEqual([echoOf(ASK_FOR_BUTTONS), echoOf('where is order 48213?'), echoOf('thanks')]);
        expect(await driver.repliesFor('ivan')).toEqual([echoOf('hello'), echoOf('anything for me?')]);
        const asked = InboundMessageSchema.parse((await inbound!.getJob(inboundJobId(driver.channel, nativeMessageId)))!.data);
        const clicks = (await inbound!.getJobs()).map((job) => InboundMessageSchema.parse(job.data)).filter((message) => message.text === 'where is order 48213?');
        expect(clicks.map((message) => message.conversationKey)).toEqual([asked.conversationKey]);
      },
    );

    it.skipIf(driver.buttons !== null)('writes the buttons of a reply out as a numbered list under its text, where the service has no buttons', async () => {
      await driver.sendUserMessage('hana', ASK_FOR_BUTTONS);
      await expect
        .poll(() => driver.repliesFor('hana'), { timeout: REPLY_TIMEOUT_MS })
        .toEqual([`${echoOf(ASK_FOR_BUTTONS)}\n\n1. Track my order\n2. ${HOSTILE_LABEL}\n3. Opening hours: https://shop.example/hours`]);
    });

    it('refuses a message with bad authentication and queues nothing', async () => {
      const before = await queuedCount();
      const result = await driver.sendWithBadAuthentication('gina', 'let me in');
      expect(result.refused, result.detail).toBe(true);
      await sleep(SETTLE_MS);
      expect(await queuedCount()).toBe(before);
      expect(await driver.repliesFor('gina')).toEqual([]);
    });
  });
}

/** Every job ever added to the queue (completed ones are kept), whatever its state. */
async function countJobs(queue: Queue): Promise<number> {
  const counts = await queue.getJobCounts();
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

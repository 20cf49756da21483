import { INBOUND_QUEUE, MAX_MESSAGE_LENGTH } from '@chatbot/core';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoOf, startFakeWorker } from '../support/fake-worker';
import { REDIS_URL, isolatedRedis } from '../support/redis';
import type { ConformanceDriver } from './driver';

/** How long to wait for a reply that should come. */
const REPLY_TIMEOUT_MS = 5000;
/** How long to give something that should NOT happen (a late duplicate reply) the chance to happen. */
const SETTLE_MS = 300;

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
      worker = startFakeWorker(redis, prefix);
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

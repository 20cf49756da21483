import { createDatabase } from '@chatbot/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { englishRepliesOf } from '../support/default-bot-replies';
import { startRealBackend } from '../support/real-backend';
import { REDIS_URL, isolatedRedis } from '../support/redis';
import { FAKE_BOT_USER_ID, FAKE_TEAM_ID } from './support/fake-slack';
import { directMessage, mention, reactionAdded } from './support/slack-events';
import { startSlackPlatform, type SlackPlatform } from './support/slack-platform';

const { prefix, cleanup } = isolatedRedis();
let backend: Awaited<ReturnType<typeof startRealBackend>> | undefined;
let slack: SlackPlatform | undefined;
beforeAll(async () => {
  backend = await startRealBackend({ redisUrl: REDIS_URL, prefix });
  slack = await startSlackPlatform({ redisUrl: REDIS_URL, prefix, fakeWorker: false });
}, 120_000);
afterAll(async () => {
  await slack?.stop();
  await backend?.stop();
  await cleanup();
}, 30_000);

describe('Slack through the real worker (default bot, trained model)', () => {
  it('asks for the order number in the thread it was asked in, and answers with it there', async () => {
    const body = mention({ channel: 'C0REAL', user: 'U1', text: `<@${FAKE_BOT_USER_ID}> where is my order? it hasn't arrived yet` });
    const threadTs = (body.event as { ts: string }).ts;
    expect((await slack!.deliver(body)).status).toBe(200);
    const [question] = await slack!.fake.waitForPosts(1, 20_000);
    expect(question).toMatchObject({ channel: 'C0REAL', thread_ts: threadTs, text: expect.stringMatching(/order number/i) });

    expect((await slack!.deliver(mention({ channel: 'C0REAL', user: 'U1', text: `<@${FAKE_BOT_USER_ID}> it's 48213`, threadTs }))).status).toBe(200);
    const [, answer] = await slack!.fake.waitForPosts(2, 20_000);
    expect(answer).toMatchObject({ channel: 'C0REAL', thread_ts: threadTs, text: expect.stringContaining('order 48213') });
    expect(await englishRepliesOf('fallback')).not.toContain(answer!.text);
  }, 30_000);

  it("stores a thumbs down on the bot's reply as the user's rating of it", async () => {
    const channel = 'D0RATE';
    await slack!.deliver(directMessage({ channel, user: 'U1', text: 'where is my order?' }));
    await expect.poll(() => slack!.fake.postsIn(channel).length, { timeout: 20_000 }).toBe(1);
    const replyTs = slack!.fake.timestamps.get(slack!.fake.postsIn(channel)[0]!)!;
    expect((await slack!.deliver(reactionAdded({ channel, ts: replyTs, user: 'U1', reaction: 'thumbsdown' }))).status).toBe(200);

    const database = createDatabase(backend!.databaseUrl);
    try {
      const reply = () => database.prisma.turn.findFirst({ where: { direction: 'outbound', conversation: { conversationKey: `slack:${FAKE_TEAM_ID}:${channel}` } } });
      await expect.poll(async () => (await reply())?.helpful, { timeout: 10_000 }).toBe(false);
    } finally {
      await database.close();
    }
  }, 30_000);
});

import { createDatabase } from '@chatbot/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { englishRepliesOf } from '../support/default-bot-replies';
import { REDIS_URL, isolatedRedis } from '../support/redis';
import { startRealBackend } from '../support/real-backend';
import { startDiscordPlatform, type DiscordPlatform } from './discord-platform';

const { redis, prefix, cleanup } = isolatedRedis();
let backend: Awaited<ReturnType<typeof startRealBackend>> | undefined;
let platform: DiscordPlatform | undefined;

beforeAll(async () => {
  backend = await startRealBackend({ redisUrl: REDIS_URL, prefix });
  platform = await startDiscordPlatform({ redis, prefix, fakeWorker: false });
}, 120_000);

afterAll(async () => {
  await platform?.stop();
  await backend?.stop();
  await cleanup();
}, 30_000);

describe('Discord through the real worker', () => {
  it("answers a guild mention with the default bot's replies, as Discord replies in the same channel: it asks for the order number and answers with it", async () => {
    const fake = platform!.fake;
    const user = fake.newUser('nora');
    const question = fake.say(fake.textChannel, user, 'where is my order?', { mentionBot: true });
    const reply = await fake.rest.replyTo(question.id, 20_000);
    expect(reply.channelId).toBe(fake.guild.textChannelId);
    expect(reply.content).toMatch(/order number/i);

    const answer = await fake.rest.replyTo(fake.say(fake.textChannel, user, "it's 48213", { mentionBot: true }).id, 20_000);
    expect(answer.content).toContain('order 48213');

    const followUp = fake.say(fake.dm(user), user, 'thank you!');
    const thanks = await fake.rest.replyTo(followUp.id, 20_000);
    expect(thanks.channelId).toBe(fake.dm(user).channelId);
    expect(await englishRepliesOf('thanks')).toContain(thanks.content);
  }, 45_000);

  it("stores a 👎 on the bot's reply as the user's rating of it", async () => {
    const fake = platform!.fake;
    const user = fake.newUser('omar');
    const dm = fake.dm(user);
    const question = fake.say(dm, user, 'where is my order?');
    const reply = await fake.rest.replyTo(question.id, 20_000);
    fake.react(dm, user, fake.rest.ids.get(reply)!, '\u{1F44E}');

    const database = createDatabase(backend!.databaseUrl);
    try {
      const replyTurn = () => database.prisma.turn.findFirst({ where: { direction: 'outbound', inboundTurn: { nativeMessageId: question.id } } });
      await expect.poll(async () => (await replyTurn())?.helpful, { timeout: 10_000 }).toBe(false);
    } finally {
      await database.close();
    }
  }, 45_000);
});

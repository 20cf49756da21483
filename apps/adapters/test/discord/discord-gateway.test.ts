import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DiscordAdapter, DiscordLoginError } from '../../src';
import { echoOf } from '../support/fake-worker';
import { isolatedRedis } from '../support/redis';
import { startDiscordPlatform, type DiscordPlatform } from './discord-platform';
import { FakeDiscord } from './fake-discord';
import { unusedContext } from '../support/unused-context';

const { redis, prefix, cleanup } = isolatedRedis();
afterAll(cleanup);

const running: Array<{ stop(): Promise<void> } | { close(): Promise<void> }> = [];
afterEach(async () => {
  for (const thing of running.splice(0).reverse()) await ('stop' in thing ? thing.stop() : thing.close());
});

async function platformOn(fake: FakeDiscord, options: { fakeWorker?: boolean } = {}): Promise<DiscordPlatform> {
  const platform = await startDiscordPlatform({ redis, prefix, fake, ...options });
  running.push(platform);
  return platform;
}

async function newFake(options: { messageContentAllowed?: boolean } = {}): Promise<FakeDiscord> {
  const fake = await FakeDiscord.start(options);
  running.push(fake);
  return fake;
}

describe('Discord gateway connection', () => {
  it('resumes after a dropped connection, answering the missed messages and a replayed one exactly once', async () => {
    const fake = await newFake();
    const platform = await platformOn(fake);
    const user = fake.newUser('lee');
    const dm = fake.dm(user);
    const before = fake.say(dm, user, 'before the drop');
    await fake.rest.replyTo(before.id);

    // 4000 is resumable; on RESUME the fake sends again what the bot already had, then what it missed.
    fake.gateway.dropConnections(4000, 3);
    const missed = [fake.say(dm, user, 'missed one'), fake.say(dm, user, 'missed two')];
    for (const message of missed) await fake.rest.replyTo(message.id, 10_000);

    expect(fake.gateway.resumes).toBe(1);
    expect(fake.gateway.identifies).toBe(1);
    const replayedIds = fake.gateway.replayed.map((event) => (event.d as { id?: string }).id);
    expect(replayedIds).toEqual(expect.arrayContaining([before.id, ...missed.map((message) => message.id)]));
    // discord.js reports the events it had not seen: the two missed messages and RESUMED.
    expect(platform.logs.find((line) => line.msg === 'discord gateway resumed')?.replayed).toBe(3);
    expect(fake.repliesIn(dm)).toEqual([echoOf('before the drop'), echoOf('missed one'), echoOf('missed two')]);
  });

  it('answers once when two adapter replicas on the same bot token both receive every message', async () => {
    const fake = await newFake();
    const replicas = [await platformOn(fake), await platformOn(fake, { fakeWorker: false })];
    const user = fake.newUser('mo');
    const dm = fake.dm(user);
    const questions = ['one', 'two', 'three', 'four', 'five'].map((text) => fake.say(dm, user, text));
    for (const question of questions) await fake.rest.replyTo(question.id);

    // Each replica's outbound consumer delivers some of the replies, so their order may vary.
    expect(fake.repliesIn(dm).sort()).toEqual(['five', 'four', 'one', 'three', 'two'].map(echoOf));
    // Both replicas saw every message: one queued it, the other found it already queued.
    // (The second to arrive waits for the first one's claim on the message, so it may finish a little later.)
    const outcomes = () => replicas.flatMap((replica) => replica.logs.filter((line) => line.msg === 'discord message received').map((line) => line.status));
    await expect.poll(() => outcomes().sort()).toEqual([...Array(5).fill('duplicate'), ...Array(5).fill('queued')]);
  });

  it('fails to start with a clear error when Discord refuses the token (gateway close code 4004)', async () => {
    const fake = await newFake();
    const adapter = new DiscordAdapter({ token: 'not-the-bot-token', apiUrl: fake.apiUrl, redis, prefix });
    const context = unusedContext('discord-test');

    const started = adapter.start(context);
    await expect(started).rejects.toThrow(DiscordLoginError);
    await expect(started).rejects.toThrow(/refused the bot token in DISCORD_TOKEN/);
    expect(fake.gateway.identifies).toBe(1);
  });

  it('fails to start with a hint when the Message Content intent is not enabled for the bot (close code 4014)', async () => {
    const fake = await newFake({ messageContentAllowed: false });
    const adapter = new DiscordAdapter({ token: fake.token, apiUrl: fake.apiUrl, redis, prefix });
    const context = unusedContext('discord-test');

    await expect(adapter.start(context)).rejects.toThrow(/Privileged Gateway Intents > Message Content Intent/);
  });
});

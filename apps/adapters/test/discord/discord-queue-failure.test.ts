import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoOf } from '../support/fake-worker';
import { isolatedRedis } from '../support/redis';
import { startDiscordPlatform, type DiscordPlatform } from './discord-platform';

const { redis, prefix, cleanup } = isolatedRedis();
let platform: DiscordPlatform;
beforeAll(async () => {
  platform = await startDiscordPlatform({ redis, prefix, failingFirstPublishes: 2 });
});
afterAll(async () => {
  await platform?.stop();
  await cleanup();
});

describe('a Discord message that could not be queued at first (Redis unavailable)', () => {
  it('is tried again until queued (Discord never delivers it again), answered once, and the next message waits its turn', async () => {
    const { fake } = platform;
    const dora = fake.newUser('dora');
    const dm = fake.dm(dora);
    const first = fake.say(dm, dora, 'where is my order?');
    const second = fake.say(dm, dora, 'and my refund?');

    expect((await fake.rest.replyTo(first.id)).content).toBe(echoOf('where is my order?'));
    expect((await fake.rest.replyTo(second.id)).content).toBe(echoOf('and my refund?'));
    expect((await platform.queued(first.id))?.seq).toBe(1);
    expect((await platform.queued(second.id))?.seq).toBe(2);
    expect(platform.logs.filter((line) => line.msg === 'discord message could not be queued yet; trying again')).toHaveLength(2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.rest.posts.filter((post) => post.replyTo === first.id)).toHaveLength(1);
  });
});

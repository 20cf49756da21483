import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_BOT_TOKEN as DISCORD_BOT_TOKEN, FakeDiscord } from './discord/fake-discord';
import { FAKE_BOT_TOKEN as SLACK_BOT_TOKEN, FakeSlack } from './slack/support/fake-slack';
import { SIGNING_SECRET, deliverEvent, directMessage } from './slack/support/slack-events';
import { freePort, startAdaptersProcess } from './support/adapters-process';
import { echoOf, startFakeWorker } from './support/fake-worker';
import { REDIS_URL, isolatedRedis } from './support/redis';

const { redis, prefix, cleanup } = isolatedRedis();
let slack: FakeSlack;
let discord: FakeDiscord;
let worker: { close(): Promise<void> };
beforeAll(async () => {
  [slack, discord] = await Promise.all([FakeSlack.start(), FakeDiscord.start()]);
  worker = startFakeWorker(redis, prefix);
});
afterAll(async () => {
  await worker?.close();
  await Promise.all([slack?.stop(), discord?.close()]);
  await cleanup();
});

describe('the adapters process with every channel on, logging at debug level', () => {
  it('never writes a token or secret to its log, while it connects, answers and stops', async () => {
    const [port, slackPort] = [await freePort(), await freePort()];
    const secrets = { SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, DISCORD_TOKEN: DISCORD_BOT_TOKEN };
    const proc = startAdaptersProcess({
      ...secrets,
      REDIS_URL,
      REDIS_PREFIX: prefix,
      PORT: String(port),
      HOST: '127.0.0.1',
      SLACK_PORT: String(slackPort),
      SLACK_API_URL: slack.apiUrl,
      DISCORD_API_URL: discord.apiUrl,
      LOG_LEVEL: 'debug',
    });
    await proc.waitFor('adapters started: web, discord, slack', 20_000);

    const event = directMessage({ channel: 'D0LOGS', user: 'U1', text: 'where is my order?' });
    expect((await deliverEvent(`http://127.0.0.1:${slackPort}/slack/events`, event)).status).toBe(200);
    await expect.poll(() => slack.postsIn('D0LOGS').map((post) => post.text)).toEqual([echoOf('where is my order?')]);
    const ana = discord.newUser('ana');
    const question = discord.say(discord.dm(ana), ana, 'where is my order?');
    expect((await discord.rest.replyTo(question.id, 10_000)).content).toBe(echoOf('where is my order?'));

    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
    const log = proc.output();
    expect(log).toContain('reply delivered'); // it did log the work, at debug level
    for (const [name, value] of Object.entries(secrets)) expect(log, `${name} in the log`).not.toContain(value);
  }, 60_000);
});

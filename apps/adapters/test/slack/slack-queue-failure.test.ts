import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoOf } from '../support/fake-worker';
import { REDIS_URL, isolatedRedis } from '../support/redis';
import { directMessage } from './support/slack-events';
import { startSlackPlatform, type SlackPlatform } from './support/slack-platform';

const { prefix, cleanup } = isolatedRedis();
let slack: SlackPlatform;
beforeAll(async () => {
  slack = await startSlackPlatform({ redisUrl: REDIS_URL, prefix, unreachableRedisForFirst: 1 });
});
afterAll(async () => {
  await slack?.stop();
  await cleanup();
});

describe('a Slack event that could not be queued (Redis unavailable)', () => {
  it('is not acknowledged (500, so Slack retries it) and is answered once when the retry gets through', async () => {
    const body = directMessage({ channel: 'D0OUTAGE', user: 'U1', text: 'are you there?' });
    expect((await slack.deliver(body)).status).toBe(500);
    expect(await slack.inboundJobCount()).toBe(0);

    expect((await slack.deliver(body, { retryNum: 1 })).status).toBe(200);
    expect(await slack.inboundJobCount()).toBe(1);
    await expect.poll(() => slack.fake.postsIn('D0OUTAGE').map((post) => post.text)).toEqual([echoOf('are you there?')]);

    expect((await slack.deliver(body, { retryNum: 2 })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(slack.fake.postsIn('D0OUTAGE')).toHaveLength(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoOf } from '../support/fake-worker';
import { REDIS_URL, isolatedRedis } from '../support/redis';
import { FAKE_BOT_USER_ID } from './support/fake-slack';
import { directMessage, mention } from './support/slack-events';
import { startSlackPlatform, type SlackPlatform } from './support/slack-platform';

const { prefix, cleanup } = isolatedRedis();
let slack: SlackPlatform;
beforeAll(async () => {
  // The first publish fails as if Redis were down, to show an unqueued envelope is not acknowledged.
  slack = await startSlackPlatform({ redisUrl: REDIS_URL, prefix, mode: 'socket', unreachableRedisForFirst: 1 });
});
afterAll(async () => {
  await slack?.stop();
  await cleanup();
});

describe('Slack over Socket Mode (SLACK_APP_TOKEN set)', () => {
  it('opens the WebSocket that apps.connections.open hands out, and no HTTP endpoint', () => {
    expect(slack.fake.socketConnections).toBe(1);
    expect(() => slack.adapter.eventsUrl).toThrow(/Socket Mode/);
  });

  it('leaves an envelope it could not queue unacknowledged, then acknowledges and answers the redelivery once', async () => {
    const body = directMessage({ channel: 'D0SOCKET', user: 'U1', text: 'hello over a socket' });
    expect(await slack.fake.sendOverSocket(body, { timeoutMs: 1000 })).toBe(false);
    expect(await slack.inboundJobCount()).toBe(0);

    expect(await slack.fake.sendOverSocket(body, { retryAttempt: 1 })).toBe(true);
    expect(await slack.inboundJobCount()).toBe(1);
    await expect.poll(() => slack.fake.postsIn('D0SOCKET').map((post) => post.text)).toEqual([echoOf('hello over a socket')]);

    expect(await slack.fake.sendOverSocket(body, { retryAttempt: 2 })).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(slack.fake.postsIn('D0SOCKET')).toHaveLength(1);
  });

  it('answers a mention in its thread', async () => {
    const body = mention({ channel: 'C0SOCKET', user: 'U2', text: `<@${FAKE_BOT_USER_ID}> where is my parcel?` });
    expect(await slack.fake.sendOverSocket(body)).toBe(true);
    await expect
      .poll(() => slack.fake.postsIn('C0SOCKET'))
      .toEqual([{ channel: 'C0SOCKET', thread_ts: (body.event as { ts: string }).ts, text: echoOf('where is my parcel?') }]);
  });
});

import { OutboundMessageSchema } from '@chatbot/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentMessage } from '../support/agent-message';
import { echoOf } from '../support/fake-worker';
import { REDIS_URL, isolatedRedis } from '../support/redis';
import { FAKE_BOT_USER_ID, FAKE_TEAM_ID } from './support/fake-slack';
import { blockActions, directMessage, mention } from './support/slack-events';
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

  it('acknowledges a click (an interactive envelope) and queues it as the user’s message once', async () => {
    const reply = OutboundMessageSchema.parse({
      ...agentMessage({ channel: 'slack', conversationKey: `slack:${FAKE_TEAM_ID}:D0SOCKET2`, text: 'Pick one:' }),
      kind: 'bot',
      metadata: { team: FAKE_TEAM_ID, channel: 'D0SOCKET2', threadTs: '1700000000.000100' },
      buttons: [{ type: 'reply', label: 'Track order', text: 'track my order' }],
    });
    await slack.adapter.deliver(reply);
    const [post] = slack.fake.postsIn('D0SOCKET2');
    const click = () => blockActions({ post: post!, ts: slack.fake.timestamps.get(post!)!, label: 'Track order', user: 'U1' });
    expect(await slack.fake.sendOverSocket(click(), { type: 'interactive' })).toBe(true);
    expect(await slack.fake.sendOverSocket(click(), { type: 'interactive' })).toBe(true);
    await expect.poll(() => slack.fake.postsIn('D0SOCKET2').map((p) => p.text)).toEqual(['Pick one:', echoOf('track my order')]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(slack.fake.postsIn('D0SOCKET2')).toHaveLength(2);
  });
});

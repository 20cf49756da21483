import { OutboundMessageSchema } from '@chatbot/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentMessage } from '../support/agent-message';
import { echoOf } from '../support/fake-worker';
import { REDIS_URL, isolatedRedis } from '../support/redis';
import { FAKE_TEAM_ID } from './support/fake-slack';
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

describe('a Slack button click that could not be queued at first (Redis unavailable)', () => {
  const clicks = isolatedRedis();
  let clickPlatform: SlackPlatform;
  beforeAll(async () => {
    clickPlatform = await startSlackPlatform({ redisUrl: REDIS_URL, prefix: clicks.prefix, unreachableRedisForFirst: 2 });
  });
  afterAll(async () => {
    await clickPlatform?.stop();
    await clicks.cleanup();
  });

  it('is acknowledged at once all the same (Slack never sends a click again) and tried until it is queued, once', async () => {
    const reply = OutboundMessageSchema.parse({
      ...agentMessage({ channel: 'slack', conversationKey: `slack:${FAKE_TEAM_ID}:D0CLICK`, text: 'Pick one:' }),
      kind: 'bot',
      metadata: { team: FAKE_TEAM_ID, channel: 'D0CLICK', threadTs: '1700000000.000200' },
      buttons: [{ type: 'reply', label: 'Track order' }],
    });
    await clickPlatform.adapter.deliver(reply);
    const [post] = clickPlatform.fake.postsIn('D0CLICK');
    expect((await clickPlatform.click(post!, 'Track order', 'U1')).status).toBe(200);
    expect(await clickPlatform.inboundJobCount()).toBe(0);
    await expect.poll(() => clickPlatform.fake.postsIn('D0CLICK').map((p) => p.text)).toEqual(['Pick one:', echoOf('Track order')]);
    expect(await clickPlatform.inboundJobCount()).toBe(1);
  });
});

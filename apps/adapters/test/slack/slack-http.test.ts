import { MAX_MESSAGE_LENGTH, OutboundMessageSchema, messageTooLongReply, type InboundMessage } from '@chatbot/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoOf } from '../support/fake-worker';
import { REDIS_URL, isolatedRedis } from '../support/redis';
import { FAKE_BOT_ID, FAKE_BOT_USER_ID, FAKE_TEAM_ID } from './support/fake-slack';
import { directMessage, eventCallback, mention, reactionAdded } from './support/slack-events';
import { nextTs } from './support/slack-ts';
import { startSlackPlatform, type SlackPlatform } from './support/slack-platform';
import { agentMessage } from '../support/agent-message';

const { prefix, cleanup } = isolatedRedis();
let slack: SlackPlatform;
beforeAll(async () => {
  slack = await startSlackPlatform({ redisUrl: REDIS_URL, prefix });
});
afterAll(async () => {
  await slack?.stop();
  await cleanup();
});

/** Each test talks in channels of its own, so tests never see each other's posts. */
let channels = 0;
const newChannel = (kind: 'D' | 'C') => `${kind}${String((channels += 1)).padStart(6, '0')}`;

/** Waits a moment for anything that should NOT happen (a post, a job) to show up. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('Slack Events API over HTTP', () => {
  it('answers the url_verification challenge', async () => {
    const response = await slack.deliver({ token: 'legacy', challenge: 'challenge-1234', type: 'url_verification' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ challenge: 'challenge-1234' });
  });

  it('answers a direct message in the thread of the message, one conversation per DM', async () => {
    const channel = newChannel('D');
    const first = directMessage({ channel, user: 'U1', text: 'where is my order?' });
    const firstTs = (first.event as { ts: string }).ts;
    expect((await slack.deliver(first)).status).toBe(200);
    await slack.fake.waitForPosts(slack.fake.posted.length + 1);
    expect(slack.fake.postsIn(channel)).toEqual([{ channel, thread_ts: firstTs, text: echoOf('where is my order?') }]);

    const second = directMessage({ channel, user: 'U1', text: 'it is late' });
    expect((await slack.deliver(second)).status).toBe(200);
    await expect.poll(() => slack.fake.postsIn(channel).length).toBe(2);
    const keys = (await slack.inboundMessages()).filter((m) => m.metadata.channel === channel).map((m) => m.conversationKey);
    expect(keys).toEqual([`slack:${FAKE_TEAM_ID}:${channel}`, `slack:${FAKE_TEAM_ID}:${channel}`]);
  });

  it('answers a mention in a channel without the mention, in its thread; each thread is one conversation', async () => {
    const channel = newChannel('C');
    const top = mention({ channel, user: 'U2', text: `<@${FAKE_BOT_USER_ID}> how do I return an item?` });
    const topTs = (top.event as { ts: string }).ts;
    expect((await slack.deliver(top)).status).toBe(200);
    await expect.poll(() => slack.fake.postsIn(channel)).toEqual([{ channel, thread_ts: topTs, text: echoOf('how do I return an item?') }]);

    const inThread = mention({ channel, user: 'U2', text: `thanks <@${FAKE_BOT_USER_ID}|chatbot>`, threadTs: topTs });
    const otherThread = mention({ channel, user: 'U3', text: `<@${FAKE_BOT_USER_ID}> hello` });
    await slack.deliver(inThread);
    await slack.deliver(otherThread);
    await expect.poll(() => slack.fake.postsIn(channel).length).toBe(3);
    expect(slack.fake.postsIn(channel, topTs).map((post) => post.text)).toEqual([echoOf('how do I return an item?'), echoOf('thanks')]);

    const keys = new Map((await slack.inboundMessages()).filter((m) => m.metadata.channel === channel).map((m) => [m.text, m.conversationKey]));
    expect(keys.get('how do I return an item?')).toBe(`slack:${FAKE_TEAM_ID}:${channel}:${topTs}`);
    expect(keys.get('thanks')).toBe(`slack:${FAKE_TEAM_ID}:${channel}:${topTs}`);
    expect(keys.get('hello')).toBe(`slack:${FAKE_TEAM_ID}:${channel}:${(otherThread.event as { ts: string }).ts}`);
  });

  it('ignores bots, its own messages, edits, other subtypes and channel chatter (200, nothing queued, no reply)', async () => {
    const channel = newChannel('D');
    const before = await slack.inboundJobCount();
    const ignored = [
      directMessage({ channel, user: 'U9', text: 'beep', extra: { bot_id: 'B0OTHER', subtype: 'bot_message' } }),
      directMessage({ channel, user: 'U9', text: 'a bot without subtype', extra: { bot_id: 'B0OTHER' } }),
      directMessage({ channel, user: FAKE_BOT_USER_ID, text: 'my own reply', extra: { bot_id: FAKE_BOT_ID } }),
      directMessage({ channel, user: FAKE_BOT_USER_ID, text: 'my own message' }),
      directMessage({ channel, user: 'U1', text: 'edited', extra: { subtype: 'message_changed', message: { text: 'edited' } } }),
      directMessage({ channel, user: 'U1', text: '', extra: { subtype: 'message_deleted' } }),
      directMessage({ channel, user: 'U1', text: 'joined', extra: { subtype: 'channel_join' } }),
      directMessage({ channel, user: 'U1', text: 'chatter in a channel', extra: { channel_type: 'channel' } }),
    ];
    for (const body of ignored) expect((await slack.deliver(body)).status).toBe(200);
    await settle();
    expect(await slack.inboundJobCount()).toBe(before);
    expect(slack.fake.postsIn(channel)).toEqual([]);
  });

  it('acknowledges and ignores event types it does not handle', async () => {
    const before = await slack.inboundJobCount();
    const reaction = eventCallback({ type: 'reaction_added', user: 'U1', reaction: 'thumbsup', item: { type: 'message', channel: 'C1', ts: nextTs() } });
    expect((await slack.deliver(reaction)).status).toBe(200);
    expect((await slack.deliver({ type: 'app_rate_limited', team_id: FAKE_TEAM_ID })).status).toBe(200);
    expect(await slack.inboundJobCount()).toBe(before);
  });

  it('refuses a wrong or missing signature and a stale timestamp with 401, queueing nothing', async () => {
    const channel = newChannel('D');
    const before = await slack.inboundJobCount();
    const body = () => directMessage({ channel, user: 'U1', text: 'sneaky' });
    expect((await slack.deliver(body(), { secret: 'not-the-secret' })).status).toBe(401);
    expect((await slack.deliver(body(), { secret: null })).status).toBe(401);
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    expect((await slack.deliver(body(), { timestamp: sixMinutesAgo })).status).toBe(401);
    const fourMinutesAgo = Math.floor(Date.now() / 1000) - 4 * 60;
    expect((await slack.deliver(body(), { timestamp: fourMinutesAgo })).status).toBe(200);
    await expect.poll(() => slack.fake.postsIn(channel).length).toBe(1);
    expect(await slack.inboundJobCount()).toBe(before + 1);
  });

  it('answers a correctly signed but malformed body with 400', async () => {
    expect((await slack.deliver('{"type": "event_callback", ')).status).toBe(400);
  });

  it(`refuses a message over ${MAX_MESSAGE_LENGTH} characters politely in its thread, once, and queues nothing`, async () => {
    const channel = newChannel('D');
    const before = await slack.inboundJobCount();
    const long = directMessage({ channel, user: 'U1', text: 'x'.repeat(MAX_MESSAGE_LENGTH + 1) });
    expect((await slack.deliver(long)).status).toBe(200);
    expect((await slack.deliver(long, { retryNum: 1 })).status).toBe(200);
    const posts = slack.fake.postsIn(channel);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.thread_ts).toBe((long.event as { ts: string }).ts);
    expect(posts[0]!.text).toBe(messageTooLongReply('en'));
    expect(await slack.inboundJobCount()).toBe(before);

    const exactlyAtLimit = directMessage({ channel, user: 'U1', text: 'y'.repeat(MAX_MESSAGE_LENGTH) });
    await slack.deliver(exactlyAtLimit);
    await expect.poll(() => slack.fake.postsIn(channel).length).toBe(2);
    expect(slack.fake.postsIn(channel)[1]!.text).toBe(echoOf('y'.repeat(MAX_MESSAGE_LENGTH)));
  });

  it('queues nothing for a mention with no words and stays healthy', async () => {
    const channel = newChannel('C');
    const before = await slack.inboundJobCount();
    expect((await slack.deliver(mention({ channel, user: 'U1', text: `<@${FAKE_BOT_USER_ID}>   ` }))).status).toBe(200);
    expect((await slack.deliver(directMessage({ channel: newChannel('D'), user: 'U1', text: '  ' }))).status).toBe(200);
    await settle();
    expect(await slack.inboundJobCount()).toBe(before);
    expect(slack.fake.postsIn(channel)).toEqual([]);
  });

  it('answers a retried event (X-Slack-Retry-Num) of a message already queued only once', async () => {
    const channel = newChannel('D');
    const body = directMessage({ channel, user: 'U1', text: 'retry me' });
    expect((await slack.deliver(body)).status).toBe(200);
    expect((await slack.deliver(body, { retryNum: 1 })).status).toBe(200);
    expect((await slack.deliver(body, { retryNum: 2 })).status).toBe(200);
    await expect.poll(() => slack.fake.postsIn(channel).length).toBe(1);
    await settle();
    expect(slack.fake.postsIn(channel).map((post) => post.text)).toEqual([echoOf('retry me')]);
  });

  it('decodes Slack entities on the way in and escapes them on the way out', async () => {
    const channel = newChannel('D');
    await slack.deliver(directMessage({ channel, user: 'U1', text: 'is &lt;b&gt; &amp; co open?' }));
    await expect.poll(() => slack.fake.postsIn(channel).length).toBe(1);
    const [queued] = (await slack.inboundMessages()).filter((m) => m.metadata.channel === channel);
    expect(queued!.text).toBe('is <b> & co open?');
    expect(slack.fake.postsIn(channel)[0]!.text).toBe('echo: is &lt;b&gt; &amp; co open?');
  });

  it('waits out a 429 from chat.postMessage (Retry-After) and still delivers the reply exactly once', async () => {
    const channel = newChannel('D');
    slack.fake.rateLimitNextPosts = 1;
    const limitedBefore = slack.fake.rateLimitedResponses;
    const sentAt = Date.now();
    await slack.deliver(directMessage({ channel, user: 'U1', text: 'rate limited' }));
    await expect.poll(() => slack.fake.postsIn(channel).length, { timeout: 8000 }).toBe(1);
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(1000);
    expect(slack.fake.rateLimitedResponses).toBe(limitedBefore + 1);
    expect(slack.fake.postsIn(channel)[0]!.text).toBe(echoOf('rate limited'));
  });

  it('delivers an outbound message once per idempotency key, and an unsolicited one to its conversation', async () => {
    const channel = newChannel('C');
    const reply = agentMessage({
      channel: 'slack',
      conversationKey: `slack:${FAKE_TEAM_ID}:${channel}:1700000000.000001`,
      text: 'An agent here: your refund is on its way.',
      idempotencyKey: `agent-${channel}`,
    });
    await slack.adapter.deliver(reply);
    await slack.adapter.deliver(reply);
    expect(slack.fake.postsIn(channel)).toEqual([{ channel, thread_ts: '1700000000.000001', text: reply.text }]);
    await expect(slack.adapter.deliver({ ...reply, idempotencyKey: 'other', conversationKey: 'web:abc' })).rejects.toThrow(/not a Slack conversation key/);
  });

  it("posts an agent's reply under the agent's name in bold, the name escaped so it cannot mention or link", async () => {
    const channel = newChannel('D');
    const conversationKey = `slack:${FAKE_TEAM_ID}:${channel}`;
    await slack.adapter.deliver(agentMessage({ channel: 'slack', conversationKey, text: 'Your refund is on its way.', agentName: 'Sam' }));
    await slack.adapter.deliver(agentMessage({ channel: 'slack', conversationKey, text: 'Hi', agentName: '<!channel> <@U1> & <b>' }));
    expect(slack.fake.postsIn(channel).map((post) => post.text)).toEqual(['*Sam:* Your refund is on its way.', '*&lt;!channel&gt; &lt;@U1&gt; &amp; &lt;b&gt;:* Hi']);
  });

  it('fills a reply template with the user’s values escaped, so a value cannot mention the channel or link', async () => {
    const channel = newChannel('D');
    const reply = OutboundMessageSchema.parse({
      ...agentMessage({ channel: 'slack', conversationKey: `slack:${FAKE_TEAM_ID}:${channel}`, text: 'Order {order_id} is on its way to {email}.' }),
      kind: 'bot',
      variables: { order_id: '<!channel>', email: '<https://evil.example|you@example.com>' },
    });
    await slack.adapter.deliver(reply);
    expect(slack.fake.postsIn(channel)[0]!.text).toBe('Order &lt;!channel&gt; is on its way to &lt;https://evil.example|you@example.com&gt;.');
  });
});

describe('Slack reactions as ratings', () => {
  /** A DM answered by the bot; returns its conversation key and the ts of the bot's reply. */
  async function answeredDirectMessage() {
    const channel = newChannel('D');
    await slack.deliver(directMessage({ channel, user: 'U1', text: 'where is my order?' }));
    await expect.poll(() => slack.fake.postsIn(channel).length).toBe(1);
    const [post] = slack.fake.postsIn(channel);
    return { channel, conversationKey: `slack:${FAKE_TEAM_ID}:${channel}`, replyTs: slack.fake.timestamps.get(post!)! };
  }

  it("passes a thumbs down (or up, any skin tone) on a reply of the bot on as the rating of that reply; removing the user's last one takes it back", async () => {
    const { channel, conversationKey, replyTs } = await answeredDirectMessage();
    const before = (await slack.ratings()).length;

    const reactions = [
      reactionAdded({ channel, ts: replyTs, user: 'U1', reaction: '-1' }),
      reactionAdded({ channel, ts: replyTs, user: 'U1', reaction: '+1::skin-tone-3' }),
      // The thumbs down is still on the reply: it is rated unhelpful again.
      reactionAdded({ channel, ts: replyTs, user: 'U1', reaction: '+1::skin-tone-3', removed: true }),
      reactionAdded({ channel, ts: replyTs, user: 'U1', reaction: '-1', removed: true }),
    ];
    for (const body of reactions) expect((await slack.deliver(body)).status).toBe(200);
    const ratings = (await slack.ratings()).slice(before);
    expect(ratings.map((r) => r.helpful)).toEqual([false, true, false, null]);
    for (const rating of ratings) expect(rating).toMatchObject({ channel: 'slack', conversationKey, replyId: ratings[0]!.replyId });
  });

  it("ignores other emoji, reactions on the user's own messages and the bot's own reactions (200, nothing queued)", async () => {
    const { channel, replyTs } = await answeredDirectMessage();
    const [question] = (await slack.inboundMessages()).filter((m) => m.metadata.channel === channel);
    const before = (await slack.ratings()).length;
    const ignored = [
      reactionAdded({ channel, ts: replyTs, user: 'U1', reaction: 'tada' }),
      reactionAdded({ channel, ts: String(question!.metadata.threadTs), user: 'U1', reaction: '-1' }),
      reactionAdded({ channel, ts: replyTs, user: FAKE_BOT_USER_ID, reaction: '+1' }),
    ];
    for (const body of ignored) expect((await slack.deliver(body)).status).toBe(200);
    await settle();
    expect((await slack.ratings()).length).toBe(before);
  });
});

describe('Slack replies with buttons', () => {
  const BUTTONS = [
    { type: 'reply', label: 'Track order', text: 'track my order' },
    { type: 'reply', label: '<!channel> <b>now</b>' },
    { type: 'link', label: 'Opening hours', url: 'https://shop.example/hours' },
  ] as const;

  /** The bot answers `question` (a DM or a mention) with a reply carrying BUTTONS; returns that reply, the message it was posted as, and the question as queued. */
  async function replyWithButtons(question: Record<string, unknown>) {
    const { channel } = question.event as { channel: string };
    expect((await slack.deliver(question)).status).toBe(200);
    await expect.poll(() => slack.fake.postsIn(channel).length).toBeGreaterThan(0);
    const queued: InboundMessage = (await slack.inboundMessages()).find((m) => m.nativeMessageId.endsWith((question.event as { ts: string }).ts))!;
    const reply = OutboundMessageSchema.parse({
      ...agentMessage({ channel: 'slack', conversationKey: queued.conversationKey, text: 'Pick one, <@U1> & co:' }),
      kind: 'bot',
      replyTo: queued.nativeMessageId,
      metadata: queued.metadata,
      buttons: BUTTONS,
    });
    await slack.adapter.deliver(reply);
    const post = slack.fake.postsIn(channel).find((candidate) => candidate.blocks)!;
    return { reply, post, queued };
  }

  it('posts Block Kit: the escaped text in a section, the buttons in an actions block, the text kept as the fallback', async () => {
    const channel = newChannel('D');
    const { reply, post, queued } = await replyWithButtons(directMessage({ channel, user: 'U1', text: 'what can I do?' }));
    expect(post).toEqual({
      channel,
      thread_ts: queued.metadata.threadTs,
      text: 'Pick one, &lt;@U1&gt; &amp; co:',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: 'Pick one, &lt;@U1&gt; &amp; co:', verbatim: true } },
        {
          type: 'actions',
          block_id: 'chatbot.buttons',
          elements: [
            { type: 'button', action_id: 'chatbot.button.0', text: { type: 'plain_text', text: 'Track order' }, value: `${reply.id}:0` },
            { type: 'button', action_id: 'chatbot.button.1', text: { type: 'plain_text', text: '<!channel> <b>now</b>' }, value: `${reply.id}:1` },
            { type: 'button', action_id: 'chatbot.link.2', text: { type: 'plain_text', text: 'Opening hours' }, url: 'https://shop.example/hours' },
          ],
        },
      ],
    });
  });

  it("acknowledges a click and queues the button's text as the user's next message in the same DM and thread, answered there", async () => {
    const channel = newChannel('D');
    const { reply, post, queued } = await replyWithButtons(directMessage({ channel, user: 'U1', text: 'what can I do?' }));
    const response = await slack.click(post, 'Track order', 'U1');
    expect(response.status).toBe(200);
    await expect.poll(() => slack.fake.postsIn(channel).map((p) => p.text)).toContain(echoOf('track my order'));
    const click = (await slack.inboundMessages()).find((m) => m.nativeMessageId === `button:${reply.id}`);
    expect(click).toMatchObject({ conversationKey: queued.conversationKey, user: { id: 'U1' }, text: 'track my order', metadata: { channel, threadTs: post.thread_ts } });
    expect(slack.fake.postsIn(channel).find((p) => p.text === echoOf('track my order'))!.thread_ts).toBe(post.thread_ts);
  });

  it('queues one message per reply however often it is clicked, and nothing for a link, a forged click or a bad signature', async () => {
    const channel = newChannel('D');
    const { reply, post } = await replyWithButtons(directMessage({ channel, user: 'U1', text: 'what can I do?' }));
    const other = newChannel('D');
    const before = await slack.inboundJobCount();
    const clicks = [
      slack.click(post, 'Track order', 'U1'),
      slack.click(post, 'Track order', 'U1'),
      slack.click(post, '<!channel> <b>now</b>', 'U1'),
      slack.click(post, 'Opening hours', 'U1'),
      // The value of a real button, but Slack says the click happened in another DM.
      slack.click(post, 'Track order', 'U2', { from: { channel: other } }),
    ];
    expect((await Promise.all(clicks)).map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect((await slack.click(post, 'Track order', 'U1', { secret: 'not-the-secret' })).status).toBe(401);
    await expect.poll(() => slack.fake.postsIn(channel).filter((p) => p.text.startsWith('echo: ')).length).toBe(2);
    await settle();
    expect(await slack.inboundJobCount()).toBe(before + 1);
    const queued = (await slack.inboundMessages()).filter((m) => m.nativeMessageId === `button:${reply.id}`);
    expect(queued).toHaveLength(1);
    expect(slack.fake.postsIn(other)).toEqual([]);
    // A click on another button later still changes nothing: the first choice stands.
    await slack.click(post, '<!channel> <b>now</b>', 'U1');
    await settle();
    expect(await slack.inboundJobCount()).toBe(before + 1);
  });

  it('in a channel, takes a click in the thread of the reply (shared by the thread) and refuses one claiming another thread', async () => {
    const channel = newChannel('C');
    const question = mention({ channel, user: 'U1', text: `<@${FAKE_BOT_USER_ID}> what can I do?` });
    const { reply, post, queued } = await replyWithButtons(question);
    const before = await slack.inboundJobCount();
    expect((await slack.click(post, 'Track order', 'U2', { from: { channel, threadTs: '1700000000.999999' } })).status).toBe(200);
    await settle();
    expect(await slack.inboundJobCount()).toBe(before);

    expect((await slack.click(post, 'Track order', 'U2')).status).toBe(200);
    await expect.poll(() => slack.fake.postsIn(channel, post.thread_ts).map((p) => p.text)).toContain(echoOf('track my order'));
    const click = (await slack.inboundMessages()).find((m) => m.nativeMessageId === `button:${reply.id}`);
    expect(click).toMatchObject({ conversationKey: queued.conversationKey, user: { id: 'U2' }, text: 'track my order' });
  });
});

describe('50 events each delivered 3 times (Slack retries)', () => {
  it('produce exactly 50 replies, each in its own thread', async () => {
    const channel = newChannel('C');
    const events = Array.from({ length: 50 }, (_, i) => mention({ channel, user: `U${i}`, text: `<@${FAKE_BOT_USER_ID}> question ${i}` }));
    // Ten events at a time, each with its two retries racing the original.
    for (let i = 0; i < events.length; i += 10) {
      const batch = events.slice(i, i + 10).flatMap((body) => [0, 1, 2].map((retry) => slack.deliver(body, retry === 0 ? {} : { retryNum: retry })));
      const statuses = (await Promise.all(batch)).map((response) => response.status);
      expect(new Set(statuses)).toEqual(new Set([200]));
    }
    await expect.poll(() => slack.fake.postsIn(channel).length, { timeout: 10_000 }).toBe(50);
    await settle();
    const posts = slack.fake.postsIn(channel);
    expect(posts).toHaveLength(50);
    const expected = events.map((body, i) => ({ channel, thread_ts: (body.event as { ts: string }).ts, text: echoOf(`question ${i}`) }));
    expect([...posts].sort((a, b) => a.thread_ts!.localeCompare(b.thread_ts!))).toEqual(expected);
  });
});

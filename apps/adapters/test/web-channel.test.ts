import { randomUUID } from 'node:crypto';
import { InboundMessageSchema, MAX_MESSAGE_LENGTH, OutboundMessageSchema, inboundJobId } from '@chatbot/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdapterMetrics, WebAdapter } from '../src';
import { agentMessage, deliverAgentMessage } from './support/agent-message';
import { echoOf } from './support/fake-worker';
import { queuedRatings } from './support/queued-ratings';
import { TestSocket } from './support/test-socket';
import { startWebPlatform, type WebPlatform } from './support/web-platform';
import { unusedContext } from './support/unused-context';

let platform: WebPlatform;
beforeAll(async () => {
  platform = await startWebPlatform();
});
afterAll(async () => {
  await platform?.stop();
});

describe('web channel: sessions', () => {
  it('creates a session for a browser that has none', async () => {
    const [socket, welcome] = await TestSocket.greet(platform.wsUrl);
    expect(welcome.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(welcome.resumed).toBe(false);
    expect(welcome.history).toEqual([]);
    await socket.close();
  });

  it('issues a new session instead of resuming one it never issued (or that expired)', async () => {
    const unknown = randomUUID();
    const [socket, welcome] = await TestSocket.greet(platform.wsUrl, { sessionId: unknown });
    expect(welcome.resumed).toBe(false);
    expect(welcome.sessionId).not.toBe(unknown);
    await socket.close();
  });
});

describe('web channel: a message and its reply', () => {
  it('queues the message on `inbound` with the web envelope, acks it, and shows the reply', async () => {
    const [socket, { sessionId }] = await TestSocket.greet(platform.wsUrl);
    socket.send({ type: 'message', clientMessageId: 'm1', text: '  where is my order?  ' });

    expect(await socket.next('ack')).toEqual({ type: 'ack', clientMessageId: 'm1', duplicate: false });
    const job = await platform.inbound.getJob(inboundJobId('web', `${sessionId}:m1`));
    const message = InboundMessageSchema.parse(job?.data);
    expect(message).toMatchObject({
      channel: 'web',
      nativeMessageId: `${sessionId}:m1`,
      conversationKey: `web:${sessionId}`,
      user: { id: sessionId },
      text: 'where is my order?',
      seq: 1,
      metadata: { sessionId, clientMessageId: 'm1' },
    });

    const reply = await socket.next('reply');
    expect(reply).toMatchObject({ text: echoOf('where is my order?'), replyTo: 'm1', kind: 'bot', buttons: [], seq: 2 });
    await socket.close();
  });

  it('queues a resent clientMessageId once and answers it once', async () => {
    const [socket, { sessionId }] = await TestSocket.greet(platform.wsUrl);
    const before = await platform.inboundJobCount();
    socket.send({ type: 'message', clientMessageId: 'same', text: 'hello' });
    expect((await socket.next('ack')).duplicate).toBe(false);
    socket.send({ type: 'message', clientMessageId: 'same', text: 'hello' });
    expect((await socket.next('ack')).duplicate).toBe(true);

    await socket.next('reply');
    expect(await platform.inboundJobCount()).toBe(before + 1);
    const [reload, welcome] = await TestSocket.greet(platform.wsUrl, { sessionId });
    expect(welcome.history.map((entry) => [entry.role, entry.text])).toEqual([
      ['user', 'hello'],
      ['bot', echoOf('hello')],
    ]);
    await Promise.all([socket.close(), reload.close()]);
  });

  it('keeps HTML as plain text: queued verbatim, not refused, not escaped', async () => {
    const html = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    const [socket, { sessionId }] = await TestSocket.greet(platform.wsUrl);
    socket.send({ type: 'message', clientMessageId: 'html', text: html });
    await socket.next('ack');
    const job = await platform.inbound.getJob(inboundJobId('web', `${sessionId}:html`));
    expect(job?.data.text).toBe(html);
    expect((await socket.next('reply')).text).toBe(echoOf(html));
    await socket.close();
  });

  it('fills a reply template with the user’s values as typed (the page shows text, never HTML)', async () => {
    const [socket, { sessionId }] = await TestSocket.greet(platform.wsUrl);
    const reply = {
      ...agentMessage({ channel: 'web', conversationKey: `web:${sessionId}`, text: 'Order {order_id} is on its way.' }),
      variables: { order_id: '<b>48213</b>' },
    };
    await platform.adapter.deliver(reply);
    expect((await socket.next('reply')).text).toBe('Order <b>48213</b> is on its way.');
    await socket.close();
  });
});

describe('web channel: a person joins', () => {
  const XSS_NAME = '<img src=x onerror=alert(1)> @everyone';

  it('says "Sam joined the chat" once before Sam\'s first reply, shows the sender, and keeps both in history', async () => {
    const [socket, { sessionId }] = await TestSocket.greet(platform.wsUrl);
    const conversationKey = `web:${sessionId}`;
    const first = agentMessage({ channel: 'web', conversationKey, text: 'Hi, Sam here.', agentName: 'Sam' });
    await platform.adapter.deliver(first);
    await platform.adapter.deliver(first); // a retried delivery announces nothing new
    await platform.adapter.deliver(agentMessage({ channel: 'web', conversationKey, text: 'Your refund is on its way.', agentName: 'Sam' }));

    const expected = [
      { seq: 1, kind: 'joined', text: 'Sam joined the chat', sender: 'Sam' },
      { seq: 2, kind: 'agent', text: 'Hi, Sam here.', sender: 'Sam' },
      { seq: 3, kind: 'agent', text: 'Your refund is on its way.', sender: 'Sam' },
    ];
    // The retry pushes seq 1 and 2 again, which the page ignores as repeats.
    const live = new Map<number, unknown>();
    while (!live.has(3)) {
      const frame = await socket.next('reply');
      live.set(frame.seq, frame);
    }
    expect([...live.values()]).toMatchObject(expected);
    await socket.close();

    const [reloaded, welcome] = await TestSocket.greet(platform.wsUrl, { sessionId });
    expect(welcome.history).toMatchObject(expected.map((entry) => ({ role: 'bot', ...entry })));
    await reloaded.close();
  });

  it("announces another agent in the conversation's language, and a name with markup as plain text", async () => {
    const [socket, { sessionId }] = await TestSocket.greet(platform.wsUrl);
    const conversationKey = `web:${sessionId}`;
    await platform.adapter.deliver(agentMessage({ channel: 'web', conversationKey, text: '您好', agentName: 'Sam', language: 'zh' }));
    await platform.adapter.deliver(agentMessage({ channel: 'web', conversationKey, text: 'Hello', agentName: XSS_NAME }));

    const [reloaded, welcome] = await TestSocket.greet(platform.wsUrl, { sessionId });
    expect(welcome.history.map((entry) => [entry.role === 'bot' && entry.kind, entry.text, entry.role === 'bot' && entry.sender])).toEqual([
      ['joined', 'Sam 已加入对话', 'Sam'],
      ['agent', '您好', 'Sam'],
      ['joined', `${XSS_NAME} joined the chat`, XSS_NAME],
      ['agent', 'Hello', XSS_NAME],
    ]);
    await Promise.all([socket.close(), reloaded.close()]);
  });
});

describe('web channel: buttons', () => {
  const BUTTONS = [
    { type: 'reply', label: 'Track order', text: 'track my order' },
    { type: 'reply', label: '<b>Talk</b> to a human' },
    { type: 'link', label: 'Opening hours', url: 'https://shop.example/hours' },
  ] as const;

  /** A session whose last reply carries BUTTONS. */
  async function sessionWithButtons() {
    const [socket, welcome] = await TestSocket.greet(platform.wsUrl);
    const { sessionId } = welcome;
    const reply = OutboundMessageSchema.parse({
      ...agentMessage({ channel: 'web', conversationKey: `web:${sessionId}`, text: 'Pick one:' }),
      kind: 'bot',
      buttons: BUTTONS,
    });
    await platform.adapter.deliver(reply);
    return { socket, sessionId, reply, frame: await socket.next('reply') };
  }

  it('sends the buttons with the reply, and again in the history a reloaded page gets', async () => {
    const { socket, sessionId, reply, frame } = await sessionWithButtons();
    expect(frame).toMatchObject({ id: reply.id, text: 'Pick one:', buttons: BUTTONS });
    await socket.close();
    const [reloaded, welcome] = await TestSocket.greet(platform.wsUrl, { sessionId });
    expect(welcome.history).toEqual([expect.objectContaining({ role: 'bot', id: reply.id, buttons: BUTTONS })]);
    await reloaded.close();
  });

  it("takes a click (the button's text, as clientMessageId button-<reply id>) once per reply, as the user's message", async () => {
    const { socket, sessionId, reply } = await sessionWithButtons();
    const clickId = `button-${reply.id}`;
    const before = await platform.inboundJobCount();
    socket.send({ type: 'message', clientMessageId: clickId, text: 'track my order' });
    expect(await socket.next('ack')).toEqual({ type: 'ack', clientMessageId: clickId, duplicate: false });
    expect((await socket.next('reply')).text).toBe(echoOf('track my order'));
    const job = await platform.inbound.getJob(inboundJobId('web', `${sessionId}:${clickId}`));
    expect(InboundMessageSchema.parse(job?.data)).toMatchObject({ conversationKey: `web:${sessionId}`, text: 'track my order' });

    // The same click again (another tab, a reload) and another button of the same reply: the first choice stands.
    socket.send({ type: 'message', clientMessageId: clickId, text: 'track my order' });
    expect(await socket.next('ack')).toMatchObject({ duplicate: true });
    socket.send({ type: 'message', clientMessageId: clickId, text: '<b>Talk</b> to a human' });
    expect(await socket.next('ack')).toMatchObject({ duplicate: true });
    expect(await platform.inboundJobCount()).toBe(before + 1);
    await socket.close();
  });

  it('refuses a click on a reply of another chat, on a link, or with a text no button of the reply sends, and queues nothing', async () => {
    const other = await sessionWithButtons();
    const { socket, reply } = await sessionWithButtons();
    const before = await platform.inboundJobCount();
    const clicks = [
      { clientMessageId: `button-${other.reply.id}`, text: 'track my order' },
      { clientMessageId: `button-${reply.id}`, text: 'Opening hours' },
      { clientMessageId: `button-${reply.id}`, text: 'Track order' },
      { clientMessageId: `button-${randomUUID()}`, text: 'track my order' },
    ];
    for (const click of clicks) {
      socket.send({ type: 'message', ...click });
      expect(await socket.next('error')).toMatchObject({ code: 'unknown_reply', clientMessageId: click.clientMessageId });
    }
    expect(await platform.inboundJobCount()).toBe(before);
    await Promise.all([socket.close(), other.socket.close()]);
  });
});

describe('web channel: rating replies', () => {
  async function sessionWithReply() {
    const [socket, { sessionId }] = await TestSocket.greet(platform.wsUrl);
    socket.send({ type: 'message', clientMessageId: 'q1', text: 'where is my order?' });
    const reply = await socket.next('reply');
    return { socket, sessionId, reply };
  }

  it('queues a thumbs down for the worker, acks it, shows it again after a reload, and lets the user take it back', async () => {
    const { socket, sessionId, reply } = await sessionWithReply();
    socket.send({ type: 'feedback', replyId: reply.id, helpful: false });
    expect(await socket.next('feedback_ack')).toEqual({ type: 'feedback_ack', replyId: reply.id, helpful: false });
    expect(await queuedRatings(platform.redis, platform.prefix)).toContainEqual({
      channel: 'web',
      conversationKey: `web:${sessionId}`,
      replyId: reply.id,
      helpful: false,
    });
    await socket.close();

    const [reload, welcome] = await TestSocket.greet(platform.wsUrl, { sessionId });
    expect(welcome.history.find((entry) => entry.role === 'bot')).toMatchObject({ id: reply.id, helpful: false });
    expect(welcome.history.find((entry) => entry.role === 'user')).not.toHaveProperty('helpful');

    // Taking the rating back: queued as null, and the reply shows no rating after the next reload.
    reload.send({ type: 'feedback', replyId: reply.id, helpful: null });
    expect(await reload.next('feedback_ack')).toEqual({ type: 'feedback_ack', replyId: reply.id, helpful: null });
    expect(await queuedRatings(platform.redis, platform.prefix)).toContainEqual(expect.objectContaining({ replyId: reply.id, helpful: null }));
    await reload.close();
    const [again, afterWithdrawal] = await TestSocket.greet(platform.wsUrl, { sessionId });
    expect(afterWithdrawal.history.find((entry) => entry.role === 'bot')).not.toHaveProperty('helpful');
    await again.close();
  });

  it("refuses a rating of a reply that is not this session's, or that a human agent wrote, and queues nothing", async () => {
    const other = await sessionWithReply();
    const [socket, { sessionId }] = await TestSocket.greet(platform.wsUrl);
    await deliverAgentMessage(platform, sessionId, 'a person here');
    const agentReply = await socket.next('reply');
    const before = (await queuedRatings(platform.redis, platform.prefix)).length;

    for (const replyId of [other.reply.id, agentReply.id, randomUUID()]) {
      socket.send({ type: 'feedback', replyId, helpful: true });
      expect(await socket.next('error')).toMatchObject({ code: 'unknown_reply' });
    }
    expect((await queuedRatings(platform.redis, platform.prefix)).length).toBe(before);
    await Promise.all([socket.close(), other.socket.close()]);
  });

  it('asks for a hello before a rating', async () => {
    const socket = await TestSocket.open(platform.wsUrl);
    socket.send({ type: 'feedback', replyId: randomUUID(), helpful: true });
    expect(await socket.next('error')).toMatchObject({ code: 'hello_required' });
    await socket.close();
  });
});

describe('web channel: history and reconnects', () => {
  it('shows the whole history to a reloaded page (hello with the session id)', async () => {
    const [first, { sessionId }] = await TestSocket.greet(platform.wsUrl);
    for (const text of ['one', 'two']) {
      first.send({ type: 'message', clientMessageId: text, text });
      await first.next('reply');
    }
    await first.close();

    const [reloaded, welcome] = await TestSocket.greet(platform.wsUrl, { sessionId });
    expect(welcome.resumed).toBe(true);
    expect(welcome.sessionId).toBe(sessionId);
    expect(welcome.history.map((entry) => [entry.seq, entry.role, entry.text])).toEqual([
      [1, 'user', 'one'],
      [2, 'bot', echoOf('one')],
      [3, 'user', 'two'],
      [4, 'bot', echoOf('two')],
    ]);
    await reloaded.close();
  });

  it('re-sends, after lastSeq, a reply that arrived while the socket was down', async () => {
    const [socket, { sessionId }] = await TestSocket.greet(platform.wsUrl);
    socket.send({ type: 'message', clientMessageId: 'q', text: 'question' });
    const { seq: lastSeq } = await socket.next('reply');
    await socket.close();

    // An agent's message is delivered while nobody is connected.
    await deliverAgentMessage(platform, sessionId, 'an agent will call you back');

    const [back, welcome] = await TestSocket.greet(platform.wsUrl, { sessionId, lastSeq });
    expect(welcome.history).toEqual([expect.objectContaining({ seq: lastSeq + 1, role: 'bot', kind: 'agent', replyTo: null, text: 'an agent will call you back' })]);
    await back.close();
  });

  it('delivers a reply to a socket held by another adapters process (Redis pub/sub)', async () => {
    const metrics = new AdapterMetrics();
    const other = new WebAdapter({ port: 0, host: '127.0.0.1', redis: platform.redis, prefix: platform.prefix, metrics });
    await other.start(unusedContext('other'));
    try {
      const [socket, { sessionId }] = await TestSocket.greet(`${other.url.replace('http', 'ws')}/ws`);
      await platform.adapter.deliver({
        id: randomUUID(),
        channel: 'web',
        conversationKey: `web:${sessionId}`,
        replyTo: `${sessionId}:m9`,
        text: 'from the other process',
        variables: {},
        buttons: [{ type: 'reply', label: 'Thanks' }],
        kind: 'bot',
        intent: null,
        confidence: null,
        modelVersion: null,
        language: null,
        idempotencyKey: 'cross-1',
        metadata: {},
        createdAt: new Date().toISOString(),
      });
      expect(await socket.next('reply')).toMatchObject({ text: 'from the other process', replyTo: 'm9', buttons: [{ type: 'reply', label: 'Thanks' }], seq: 1 });
      await socket.close();
    } finally {
      await other.stop();
    }
  });
});

describe('web channel: bad input', () => {
  /** Sends one bad frame; expects an error frame, nothing queued, and a connection that still answers. */
  async function expectRefused(frames: unknown[], code: string, clientMessageId?: string) {
    const [socket] = await TestSocket.greet(platform.wsUrl);
    const before = await platform.inboundJobCount();
    for (const frame of frames) socket.send(frame);
    const error = await socket.next('error');
    expect(error.code).toBe(code);
    expect(error.message.length).toBeGreaterThan(5);
    expect(error.clientMessageId).toBe(clientMessageId);
    socket.send({ type: 'ping' });
    await socket.next('pong');
    expect(await platform.inboundJobCount()).toBe(before);
    await socket.close();
    return error;
  }

  it('refuses malformed JSON', async () => {
    await expectRefused(['{"type":"message", text'], 'invalid_json');
  });

  it('refuses an unknown frame type and names the known ones', async () => {
    const error = await expectRefused([{ type: 'typing' }], 'unknown_type');
    expect(error.message).toContain('hello, message, feedback, ping');
  });

  it('refuses an empty (or whitespace-only) message', async () => {
    await expectRefused([{ type: 'message', clientMessageId: 'e', text: ' \n\t ' }], 'empty_message', 'e');
  });

  it(`refuses a message over ${MAX_MESSAGE_LENGTH} characters, and accepts one of exactly ${MAX_MESSAGE_LENGTH}`, async () => {
    const error = await expectRefused([{ type: 'message', clientMessageId: 'long', text: 'x'.repeat(MAX_MESSAGE_LENGTH + 1) }], 'message_too_long', 'long');
    expect(error.message).toContain(String(MAX_MESSAGE_LENGTH));

    const [socket] = await TestSocket.greet(platform.wsUrl);
    socket.send({ type: 'message', clientMessageId: 'max', text: 'y'.repeat(MAX_MESSAGE_LENGTH) });
    expect(await socket.next('ack')).toMatchObject({ clientMessageId: 'max' });
    await socket.close();
  });

  it('refuses a message frame with missing or malformed fields', async () => {
    await expectRefused([{ type: 'message', clientMessageId: 'has spaces', text: 'hi' }], 'invalid_frame');
    await expectRefused([{ type: 'message', clientMessageId: 'n' }], 'invalid_frame', 'n');
  });

  it('refuses a message sent before hello', async () => {
    const socket = await TestSocket.open(platform.wsUrl);
    socket.send({ type: 'message', clientMessageId: 'early', text: 'hi' });
    expect(await socket.next('error')).toMatchObject({ code: 'hello_required', clientMessageId: 'early' });
    socket.send({ type: 'hello' });
    await socket.next('welcome');
    await socket.close();
  });

  it('closes the socket with 1009 on a frame over the max payload, queueing nothing', async () => {
    const socket = await TestSocket.open(platform.wsUrl);
    const before = await platform.inboundJobCount();
    socket.send({ type: 'message', clientMessageId: 'huge', text: 'z'.repeat(200_000) });
    expect((await socket.closed).code).toBe(1009);
    expect(await platform.inboundJobCount()).toBe(before);
  });
});

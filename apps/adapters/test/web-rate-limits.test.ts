import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InboundMessageSchema } from '@chatbot/core';
import { TestSocket } from './support/test-socket';
import { startWebPlatform, type WebPlatform } from './support/web-platform';

// Long enough that a slow machine still sends the test's burst within one window.
const WINDOW_MS = 3000;
/** Behind a trusted proxy, X-Forwarded-For says who the client is. */
const from = (address: string) => ({ 'x-forwarded-for': address });

let platform: WebPlatform;
beforeAll(async () => {
  // One proxy in front (the test client plays it): the client is the entry that proxy added.
  platform = await startWebPlatform({ rateLimits: { messagesPerWindow: 3, sessionsPerWindow: 2, windowMs: WINDOW_MS }, trustProxy: 1 });
});
afterAll(async () => {
  await platform?.stop();
});

async function queuedTextsOf(sessionId: string): Promise<string[]> {
  const jobs = await platform.inbound.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed']);
  return jobs
    .map((job) => InboundMessageSchema.parse(job.data))
    .filter((message) => message.conversationKey === `web:${sessionId}`)
    .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt))
    .map((message) => message.text);
}

async function refusedCount(limit: 'messages' | 'sessions'): Promise<number> {
  const { values } = await platform.metrics.rateLimited.get();
  return values.find((value) => value.labels.limit === limit)?.value ?? 0;
}

describe('web channel: rate limits', () => {
  it("refuses a session's messages over the limit without storing or queueing them, says when to try again, and takes them after the wait", async () => {
    const [socket, { sessionId }] = await TestSocket.greet(platform.wsUrl, {}, from('203.0.113.1'));
    for (const id of ['m1', 'm2', 'm3', 'm4']) socket.send({ type: 'message', clientMessageId: id, text: `question ${id}` });
    for (const id of ['m1', 'm2', 'm3']) expect(await socket.next('ack')).toMatchObject({ clientMessageId: id });
    const refusal = await socket.next('error');
    expect(refusal).toMatchObject({
      code: 'rate_limited',
      clientMessageId: 'm4',
      message: expect.stringMatching(/Too many messages in a minute: this one was not sent/),
    });
    expect(refusal.retryAfterMs).toBeGreaterThan(0);
    expect(refusal.retryAfterMs).toBeLessThanOrEqual(WINDOW_MS);
    expect(await queuedTextsOf(sessionId)).toEqual(['question m1', 'question m2', 'question m3']);
    expect(await refusedCount('messages')).toBe(1);

    // Another session is not held back by this one.
    const [other] = await TestSocket.greet(platform.wsUrl, {}, from('203.0.113.1'));
    other.send({ type: 'message', clientMessageId: 'x1', text: 'hello' });
    expect(await other.next('ack')).toMatchObject({ clientMessageId: 'x1' });

    await new Promise((resolve) => setTimeout(resolve, refusal.retryAfterMs! + 50));
    socket.send({ type: 'message', clientMessageId: 'm4', text: 'question m4' });
    expect(await socket.next('ack')).toMatchObject({ clientMessageId: 'm4', duplicate: false });
    expect(await queuedTextsOf(sessionId)).toEqual(['question m1', 'question m2', 'question m3', 'question m4']);
    const [reload, welcome] = await TestSocket.greet(platform.wsUrl, { sessionId }, from('203.0.113.1'));
    expect(welcome.history.filter((entry) => entry.role === 'user').map((entry) => entry.text)).toEqual(['question m1', 'question m2', 'question m3', 'question m4']);
    await Promise.all([socket.close(), other.close(), reload.close()]);
  });

  it('refuses a chat over the limit of its address, new or resumed, and closes the socket (1013), while other addresses still work', async () => {
    const [first, { sessionId }] = await TestSocket.greet(platform.wsUrl, {}, from('198.51.100.7'));
    const [second] = await TestSocket.greet(platform.wsUrl, {}, from('198.51.100.7'));
    const third = await TestSocket.open(platform.wsUrl, from('198.51.100.7'));
    third.send({ type: 'hello' });
    const refusal = await third.next('error');
    expect(refusal).toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/Too many chats opened from your address/) });
    expect(refusal).not.toHaveProperty('clientMessageId');
    expect(await third.closed).toEqual({ code: 1013, reason: 'too many chats' });
    expect(await refusedCount('sessions')).toBe(1);

    // Resuming counts as well, so chats cannot be hoarded to multiply the message allowance.
    const hoarder = await TestSocket.open(platform.wsUrl, from('198.51.100.7'));
    hoarder.send({ type: 'hello', sessionId });
    expect(await hoarder.next('error')).toMatchObject({ code: 'rate_limited' });
    const [elsewhere, fresh] = await TestSocket.greet(platform.wsUrl, {}, from('198.51.100.8'));
    expect(fresh.resumed).toBe(false);

    await new Promise((resolve) => setTimeout(resolve, refusal.retryAfterMs! + 50));
    const [resumed, welcome] = await TestSocket.greet(platform.wsUrl, { sessionId }, from('198.51.100.7'));
    expect(welcome).toMatchObject({ resumed: true, sessionId });
    await Promise.all([first.close(), second.close(), resumed.close(), elsewhere.close()]);
  });
});

describe('web channel: a client forging X-Forwarded-For behind a trusted proxy', () => {
  it('is counted by the address the proxy saw, whatever it wrote in front of it', async () => {
    const forged = (claim: string) => from(`${claim}, 203.0.113.50`);
    const [first] = await TestSocket.greet(platform.wsUrl, {}, forged('10.1.1.1'));
    const [second] = await TestSocket.greet(platform.wsUrl, {}, forged('10.2.2.2'));
    const third = await TestSocket.open(platform.wsUrl, forged('10.3.3.3'));
    third.send({ type: 'hello' });
    expect(await third.next('error')).toMatchObject({ code: 'rate_limited' });
    await Promise.all([first.close(), second.close()]);
  });
});

describe('web channel: rate limits without a trusted proxy', () => {
  it('counts new sessions by the connecting address, whatever X-Forwarded-For claims', async () => {
    const direct = await startWebPlatform({ fakeWorker: false, rateLimits: { messagesPerWindow: 3, sessionsPerWindow: 1, windowMs: 60_000 } });
    try {
      const [first] = await TestSocket.greet(direct.wsUrl, {}, from('192.0.2.1'));
      const second = await TestSocket.open(direct.wsUrl, from('192.0.2.2'));
      second.send({ type: 'hello' });
      expect(await second.next('error')).toMatchObject({ code: 'rate_limited' });
      await first.close();
    } finally {
      await direct.stop();
    }
  });
});

import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, createRedis, platformEventChannel, publishPlatformEvent, type InboxChange, type Logger, type Redis } from '@chatbot/core';
import { setConversationStatus } from '@chatbot/db';
import { buildApiServer } from '../src/index';
import { ADMIN_TOKEN, REDIS_URL, useAdminApi } from './support/admin-api-harness';
import { storeMessage } from './support/conversation-fixtures';
import { EventStreamClient, type ReceivedEvent } from './support/event-stream-client';
import { createAgentKey, waitingConversation } from './support/inbox-fixtures';

/**
 * GET /api/v1/inbox/events: the live inbox as server-sent events, fed by Redis pub/sub so that a
 * change made through any API process or by a worker reaches every dashboard.
 */
const api = useAdminApi();
let baseUrl: string;
const streams: EventStreamClient[] = [];
let publisher: Redis;

beforeAll(async () => {
  await api.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
  publisher = createRedis(REDIS_URL);
});

afterAll(() => {
  for (const stream of streams) stream.close();
  publisher.disconnect();
});

/** Opens the stream on `base` and waits for its `ready` event (from then on, no change is missed). */
async function openInboxStream(token: string | null = ADMIN_TOKEN, base = baseUrl): Promise<EventStreamClient> {
  const stream = await EventStreamClient.open(`${base}/api/v1/inbox/events`, token);
  streams.push(stream);
  if (stream.status === 200) await stream.next((event) => event.type === 'ready');
  return stream;
}

const changeOf = (conversationId: string, change: InboxChange) => (event: ReceivedEvent) =>
  event.type === 'inbox.changed' && JSON.stringify(event.data) === JSON.stringify({ conversationId, change });

/** A second API process on the same database and Redis prefix, as a deployment with several runs. */
async function secondApiProcess(inboxStream: { maxClients?: number; keepAliveMs?: number } = {}) {
  const app = await buildApiServer({
    redis: api.redis,
    db: api.db,
    redisPrefix: api.prefix,
    logger: createLogger('second-api', 'silent') as Logger,
    adminToken: ADMIN_TOKEN,
    inboxStream,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

describe('the live inbox stream', () => {
  it('is a text/event-stream that starts with `ready` and tells the client how soon to reconnect', async () => {
    const stream = await openInboxStream();
    expect(stream.status).toBe(200);
    expect(stream.response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(stream.response.headers['cache-control']).toBe('no-cache');
    expect(stream.events[0]).toEqual({ type: 'ready', data: {} });
  });

  it('refuses a caller without a key or with a wrong one (401), and lets viewers and agents in', async () => {
    for (const token of [null, 'not-a-key-at-all']) {
      const refused = await openInboxStream(token);
      expect(refused.status).toBe(401);
      expect(refused.response.headers['content-type']).toMatch(/^application\/json/);
      expect((await refused.json()).error.code).toBe('unauthorized');
    }
    const viewer = await api.call('POST', '/api/v1/api-keys', { body: { name: 'stream-viewer', role: 'viewer' } });
    const agent = await createAgentKey(api, 'Sam');
    for (const token of [viewer.json.key as string, agent.key]) expect((await openInboxStream(token)).status).toBe(200);
  });

  it('tells of a handoff, a claim, a reply, a note, a release and a close, in that order', async () => {
    const stream = await openInboxStream();
    const sam = await createAgentKey(api, 'Sam');
    const id = await waitingConversation(api);
    await stream.next(changeOf(id, 'handed_off'));
    for (const [path, body, change] of [
      ['claim', undefined, 'claimed'],
      ['replies', { text: 'Sam here, one moment.' }, 'replied'],
      ['notes', { text: 'asked for the order number' }, 'noted'],
      ['release', undefined, 'released'],
    ] as const) {
      expect((await api.call('POST', `/api/v1/conversations/${id}/${path}`, { token: sam.key, body })).status, path).toBeLessThan(300);
      await stream.next(changeOf(id, change));
    }
    await api.call('POST', `/api/v1/conversations/${id}/handoff`);
    await api.call('POST', `/api/v1/conversations/${id}/close`, { body: { reason: 'solved by phone' } });
    await stream.next(changeOf(id, 'closed'));
    const ours = stream.events.filter((event) => (event.data as { conversationId?: string }).conversationId === id);
    expect(ours.map((event) => (event.data as { change: string }).change)).toEqual(['handed_off', 'claimed', 'replied', 'noted', 'released', 'handed_off', 'closed']);
  });

  it('carries a change made through another API process, and one a worker publishes to Redis', async () => {
    const other = await secondApiProcess();
    try {
      const here = await openInboxStream();
      const there = await openInboxStream(ADMIN_TOKEN, other.url);
      const sam = await createAgentKey(api, 'Sam');
      const id = await waitingConversation(api);
      // Claimed through the other process: this one's dashboards hear of it too, and the other's of the handoff made here.
      const claimed = await fetch(`${other.url}/api/v1/conversations/${id}/claim`, { method: 'POST', headers: { authorization: `Bearer ${sam.key}` } });
      expect(claimed.status).toBe(200);
      await here.next(changeOf(id, 'claimed'));
      await there.next(changeOf(id, 'handed_off'));

      // The worker hands off in the database and publishes on its own connection.
      const { conversation } = await storeMessage(api.db, { text: 'a person, please' });
      await setConversationStatus(api.db, conversation.id, 'handed_off');
      await publishPlatformEvent(publisher, api.prefix, 'inbox.changed', { conversationId: conversation.id, change: 'handed_off' });
      await Promise.all([here.next(changeOf(conversation.id, 'handed_off')), there.next(changeOf(conversation.id, 'handed_off'))]);
    } finally {
      await other.app.close();
    }
  });

  it('ignores a malformed message on the channel and goes on streaming', async () => {
    const stream = await openInboxStream();
    await publisher.publish(platformEventChannel(api.prefix, 'inbox.changed'), '{"conversationId":"<script>","change":"hacked"}');
    await publisher.publish(platformEventChannel(api.prefix, 'inbox.changed'), 'not json');
    const id = await waitingConversation(api);
    const from = stream.events.length;
    await stream.next(changeOf(id, 'handed_off'), { from });
    expect(stream.events.slice(from).filter((event) => event.type === 'inbox.changed')).toEqual([
      { type: 'inbox.changed', data: { conversationId: id, change: 'handed_off' } },
    ]);
  });
});

describe("the stream's upkeep", () => {
  it('tells its clients to read the inbox again when Redis dropped its subscription and it is back, and goes on streaming', async () => {
    const stream = await openInboxStream();
    const from = stream.events.length;
    const clients = String(await publisher.call('CLIENT', 'LIST', 'TYPE', 'pubsub'));
    const subscription = clients.split('\n').find((line) => line.includes(` name=${api.prefix}:inbox-events `));
    await publisher.call('CLIENT', 'KILL', 'ID', /\bid=(\d+)/.exec(subscription!)![1]!);
    await stream.next((event) => event.type === 'ready', { from });
    const id = await waitingConversation(api);
    await stream.next(changeOf(id, 'handed_off'), { from });
  });

  it('sends keep-alive comments, refuses a stream over the cap (503), frees its place when a client goes, and ends its streams when the server closes', async () => {
    const other = await secondApiProcess({ maxClients: 1, keepAliveMs: 50 });
    let closed = false;
    try {
      const first = await openInboxStream(ADMIN_TOKEN, other.url);
      await expect.poll(() => first.comments.length).toBeGreaterThanOrEqual(2);
      expect(first.comments[0]).toBe('keep-alive');

      const refused = await openInboxStream(ADMIN_TOKEN, other.url);
      expect(refused.status).toBe(503);
      expect((await refused.json()).error).toEqual({
        code: 'unavailable',
        message: expect.stringContaining('INBOX_STREAM_MAX_CLIENTS'),
      });

      first.close();
      let reopened = await openInboxStream(ADMIN_TOKEN, other.url);
      while (reopened.status === 503) reopened = await openInboxStream(ADMIN_TOKEN, other.url);

      const open = streams.at(-1)!;
      await other.app.close();
      closed = true;
      await open.ended; // the server closed although a client was still listening
    } finally {
      if (!closed) await other.app.close();
    }
  });
});

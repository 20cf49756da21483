import { randomUUID } from 'node:crypto';
import { INBOUND_QUEUE, inboundJobId, openQueue } from '@chatbot/core';
import { Worker } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { useAdminApi } from './support/admin-api-harness';

const api = useAdminApi();
const closers: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

/** Puts messages on `inbound` that a worker fails for good (one attempt each), as a poison message is. */
async function failedMessages(ids: string[]): Promise<void> {
  const queue = openQueue(INBOUND_QUEUE, api.redis, api.prefix);
  closers.push(() => queue.close());
  for (const id of ids) {
    const message = {
      id: randomUUID(),
      channel: 'web',
      nativeMessageId: id,
      conversationKey: `web:${id}`,
      user: { id },
      text: `poison ${id}`,
      metadata: {},
      seq: 1,
      receivedAt: new Date().toISOString(),
    };
    await queue.add('message', message, { jobId: inboundJobId('web', id), attempts: 1 });
  }
  const worker = new Worker(
    INBOUND_QUEUE,
    async () => {
      throw new Error('cannot handle this message');
    },
    { connection: api.redis.duplicate(), prefix: api.prefix },
  );
  await expect.poll(() => queue.getFailedCount(), { timeout: 10_000 }).toBe(ids.length);
  await worker.close();
}

describe('dead letters', () => {
  it('lists the jobs that failed for good, with what they said and why they failed', async () => {
    await failedMessages(['dl-1', 'dl-2']);
    const { status, json } = await api.call('GET', '/api/v1/dead-letters?queue=inbound');
    expect(status).toBe(200);
    expect(json.items).toHaveLength(2);
    expect(json.items).toContainEqual(
      expect.objectContaining({
        queue: 'inbound',
        jobId: 'web.dl-1',
        conversationKey: 'web:dl-1',
        text: 'poison dl-1',
        failedReason: 'cannot handle this message',
        attemptsMade: 1,
      }),
    );
    expect((await api.call('GET', '/api/v1/dead-letters')).json.items).toHaveLength(2);
    expect((await api.call('GET', '/api/v1/dead-letters?queue=nowhere')).status).toBe(404);
  });

  it('re-drives one, then all of a queue, each in the audit log; a viewer may look but not re-drive', async () => {
    const viewer = (await api.call('POST', '/api/v1/api-keys', { body: { name: 'dl-viewer', role: 'viewer' } })).json.key;
    expect((await api.call('GET', '/api/v1/dead-letters', { token: viewer })).status).toBe(200);
    expect((await api.call('POST', '/api/v1/dead-letters/inbound/web.dl-1/retry', { token: viewer })).status).toBe(403);

    const one = await api.call('POST', '/api/v1/dead-letters/inbound/web.dl-1/retry');
    expect(one).toMatchObject({ status: 200, json: { queue: 'inbound', jobId: 'web.dl-1', state: 'waiting' } });
    expect((await api.call('POST', '/api/v1/dead-letters/inbound/web.dl-1/retry')).status).toBe(404); // not failed any more
    const all = await api.call('POST', '/api/v1/dead-letters/inbound/retry');
    expect(all).toMatchObject({ status: 200, json: { queue: 'inbound', retried: 1 } });
    expect((await api.call('GET', '/api/v1/dead-letters')).json.items).toEqual([]);

    const audit = (await api.call('GET', '/api/v1/audit-log?action=dead-letter.retry')).json.items;
    expect(audit).toContainEqual(expect.objectContaining({ target: 'inbound/web.dl-1', actor: 'admin-token' }));
    expect((await api.call('GET', '/api/v1/audit-log?action=dead-letter.retry-all')).json.items).toContainEqual(
      expect.objectContaining({ target: 'inbound', details: { count: 1 } }),
    );
  });
});

import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { OutboundMessageSchema, outboundQueueName } from '@chatbot/core';
import { useAdminApi } from './support/admin-api-harness';
import { storeMessage } from './support/conversation-fixtures';

const api = useAdminApi();
let webQueue: Queue | undefined;
afterAll(() => webQueue?.close());

describe('human handoff', () => {
  it('hands a conversation off and releases it', async () => {
    const { conversation } = await storeMessage(api.db, { text: 'I want a human' });
    const handedOff = await api.call('POST', `/api/v1/conversations/${conversation.id}/handoff`);
    expect(handedOff.json).toEqual({ id: conversation.id, status: 'handed_off' });
    expect((await api.db.conversation.findUniqueOrThrow({ where: { id: conversation.id } })).status).toBe('handed_off');
    expect((await api.call('GET', '/api/v1/conversations?status=handed_off')).json.items.map((c: { id: string }) => c.id)).toEqual([conversation.id]);

    await api.call('POST', `/api/v1/conversations/${conversation.id}/release`);
    expect((await api.db.conversation.findUniqueOrThrow({ where: { id: conversation.id } })).status).toBe('open');
    const actions = (await api.db.auditLog.findMany({ where: { target: conversation.id }, orderBy: { createdAt: 'asc' } })).map((e) => e.action);
    expect(actions).toEqual(['conversation.handoff', 'conversation.release']);
  });

  it("stores an agent's reply and queues it for the conversation's channel", async () => {
    const { conversation } = await storeMessage(api.db, { channel: 'web', conversationKey: 'web:session-42', text: 'hello?' });
    await api.call('POST', `/api/v1/conversations/${conversation.id}/handoff`);

    const response = await api.call('POST', `/api/v1/conversations/${conversation.id}/replies`, { body: { text: 'Hi, this is Sam from support.' } });
    expect(response.status).toBe(201);
    expect(response.json.turn).toMatchObject({ direction: 'outbound', kind: 'agent', text: 'Hi, this is Sam from support.', channel: 'web' });

    webQueue = new Queue(outboundQueueName('web'), { connection: api.redis, prefix: api.prefix });
    const job = await webQueue.getJob(response.json.jobId);
    expect(job).toBeDefined();
    const message = OutboundMessageSchema.parse(job!.data);
    expect(message).toMatchObject({
      id: response.json.turn.id,
      channel: 'web',
      conversationKey: 'web:session-42',
      replyTo: null,
      kind: 'agent',
      text: 'Hi, this is Sam from support.',
      idempotencyKey: response.json.jobId,
    });

    // A second reply is a second job: job ids are unique per reply.
    const second = await api.call('POST', `/api/v1/conversations/${conversation.id}/replies`, { body: { text: 'Still there?' } });
    expect(second.json.jobId).not.toBe(response.json.jobId);
    expect(await webQueue.getWaitingCount()).toBe(2);

    const detail = await api.call('GET', `/api/v1/conversations/${conversation.id}`);
    expect(detail.json.turns.at(-1)).toMatchObject({ kind: 'agent', text: 'Still there?' });
  });

  it('is 404 for an unknown conversation and 400 for an empty reply, which stores nothing', async () => {
    const { conversation } = await storeMessage(api.db, { text: 'hi' });
    expect((await api.call('POST', '/api/v1/conversations/0197a000-0000-7000-8000-000000000000/replies', { body: { text: 'hello' } })).status).toBe(404);
    expect((await api.call('POST', '/api/v1/conversations/0197a000-0000-7000-8000-000000000000/handoff')).status).toBe(404);
    const empty = await api.call('POST', `/api/v1/conversations/${conversation.id}/replies`, { body: { text: '  ' } });
    expect(empty.status).toBe(400);
    expect(empty.json.error.message).toContain('empty');
    expect(await api.db.turn.count({ where: { conversationId: conversation.id, kind: 'agent' } })).toBe(0);
  });
});

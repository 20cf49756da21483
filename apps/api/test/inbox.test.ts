import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_MESSAGE_LENGTH, OutboundMessageSchema, outboundQueueName } from '@chatbot/core';
import { useAdminApi } from './support/admin-api-harness';
import { createAgentKey, waitingConversation } from './support/inbox-fixtures';

const api = useAdminApi();
const queues: Queue[] = [];
afterAll(() => Promise.all(queues.map((queue) => queue.close())));

function outboundQueue(channel: string): Queue {
  const queue = new Queue(outboundQueueName(channel), { connection: api.redis, prefix: api.prefix });
  queues.push(queue);
  return queue;
}

const inbox = async (token: string) => {
  const response = await api.call('GET', '/api/v1/inbox?limit=200', { token });
  expect(response.status, JSON.stringify(response.json)).toBe(200);
  return response.json as { items: Array<{ id: string; waitingSince: string; claim: { agent: string; at: string } | null }>; total: number };
};
const conversationRow = (id: string) => api.db.conversation.findUniqueOrThrow({ where: { id } });
const agentTurns = (conversationId: string) => api.db.turn.count({ where: { conversationId, kind: 'agent' } });

describe('the inbox (GET /api/v1/inbox)', () => {
  it("lists the conversations waiting for a person, longest waiting first, with the bot's guesses, the slots collected and who has each", async () => {
    const sam = await createAgentKey(api, 'Sam');
    const first = await waitingConversation(api, {
      channel: 'web',
      language: 'en',
      text: 'my parcel A-1001 never came',
      intent: 'order_status',
      confidence: 0.41,
      topIntents: [
        { intent: 'order_status', score: 0.41 },
        { intent: 'complaint', score: 0.33 },
        { intent: 'return_refund', score: 0.12 },
        { intent: 'greeting', score: 0.01 },
      ],
      dialogueState: {
        slots: { order_number: { value: 'A-1001', text: 'A-1001', turnId: null, setAt: '2026-12-08T09:00:00.000Z' } },
        form: null,
        paused: [],
      },
    });
    const second = await waitingConversation(api, { channel: 'slack', language: 'zh', text: '我要找人工客服', intent: 'human_handoff' });
    const backWithTheBot = await waitingConversation(api, { text: 'never mind' });
    await api.call('POST', `/api/v1/conversations/${backWithTheBot}/release`);
    await api.call('POST', `/api/v1/conversations/${second}/claim`, { token: sam.key });

    const { items, total } = await inbox(sam.key);
    const ours = items.filter((item) => [first, second, backWithTheBot].includes(item.id));
    expect(ours.map((item) => item.id)).toEqual([first, second]);
    expect(total).toBe(items.length);
    expect(ours[0]).toEqual({
      id: first,
      channel: 'web',
      userId: expect.any(String),
      userName: expect.any(String),
      language: 'en',
      waitingSince: expect.any(String),
      lastMessageAt: expect.any(String),
      intentGuesses: [
        { intent: 'order_status', score: 0.41 },
        { intent: 'complaint', score: 0.33 },
        { intent: 'return_refund', score: 0.12 },
      ],
      slots: { order_number: { value: 'A-1001', text: 'A-1001', turnId: null, setAt: '2026-12-08T09:00:00.000Z' } },
      claim: null,
    });
    expect(ours[1]).toMatchObject({ channel: 'slack', language: 'zh', slots: {}, claim: { agentId: sam.id, agent: 'Sam', at: expect.any(String) } });
    expect(Date.parse(ours[0]!.waitingSince)).toBeLessThanOrEqual(Date.parse(ours[1]!.waitingSince));
  });

  it('is readable by admins and viewers too, and refuses a malformed page (400)', async () => {
    const viewer = await api.call('POST', '/api/v1/api-keys', { body: { name: 'inbox-watcher', role: 'viewer' } });
    expect((await api.call('GET', '/api/v1/inbox', { token: viewer.json.key })).status).toBe(200);
    expect((await api.call('GET', '/api/v1/inbox')).status).toBe(200);
    expect((await api.call('GET', '/api/v1/inbox?limit=0')).status).toBe(400);
  });
});

describe("an agent's work on a conversation", () => {
  it("claims it, replies through the user's channel under the agent's name, writes a note the user never sees, and releases it to the bot", async () => {
    const sam = await createAgentKey(api, 'Sam');
    const id = await waitingConversation(api, { channel: 'web', conversationKey: 'web:session-inbox-loop', text: 'can a person help me?' });

    const claimed = await api.call('POST', `/api/v1/conversations/${id}/claim`, { token: sam.key });
    expect(claimed.status).toBe(200);
    expect(claimed.json).toEqual({ id, claimedBy: 'Sam', claimedAt: expect.any(String) });
    expect(await conversationRow(id)).toMatchObject({ claimedById: sam.id });

    const replied = await api.call('POST', `/api/v1/conversations/${id}/replies`, { token: sam.key, body: { text: 'Hi, this is Sam. Let me look.' } });
    expect(replied.status).toBe(201);
    expect(replied.json.turn).toMatchObject({ direction: 'outbound', kind: 'agent', text: 'Hi, this is Sam. Let me look.', agentName: 'Sam' });
    const job = await outboundQueue('web').getJob(replied.json.jobId);
    expect(OutboundMessageSchema.parse(job!.data)).toMatchObject({
      conversationKey: 'web:session-inbox-loop',
      kind: 'agent',
      agentName: 'Sam',
      text: 'Hi, this is Sam. Let me look.',
    });

    const noted = await api.call('POST', `/api/v1/conversations/${id}/notes`, { token: sam.key, body: { text: 'Customer is upset; offer a refund if late.' } });
    expect(noted.status).toBe(201);
    expect(noted.json).toEqual({
      id: expect.any(String),
      conversationId: id,
      text: 'Customer is upset; offer a refund if late.',
      author: 'Sam',
      createdAt: expect.any(String),
    });
    expect((await api.call('GET', `/api/v1/conversations/${id}/notes`, { token: sam.key })).json.items).toEqual([noted.json]);
    // The note is not a message: no turn, nothing queued for the channel.
    const transcript = (await api.call('GET', `/api/v1/conversations/${id}`, { token: sam.key })).json;
    expect(transcript.turns.map((turn: { text: string }) => turn.text)).not.toContain('Customer is upset; offer a refund if late.');
    expect(await outboundQueue('web').getWaitingCount()).toBe(1);

    const released = await api.call('POST', `/api/v1/conversations/${id}/release`, { token: sam.key });
    expect(released.json).toEqual({ id, status: 'open' });
    expect(await conversationRow(id)).toMatchObject({ status: 'open', claimedById: null, claimedAt: null });
    expect((await inbox(sam.key)).items.map((item) => item.id)).not.toContain(id);

    const audit = await api.db.auditLog.findMany({ where: { target: id }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    expect(audit.map((entry) => [entry.action, entry.actor])).toEqual([
      ['conversation.handoff', 'admin-token'],
      ['conversation.claim', expect.stringMatching(/^agent-/)],
      ['conversation.reply', expect.stringMatching(/^agent-/)],
      ['conversation.note', expect.stringMatching(/^agent-/)],
      ['conversation.release', expect.stringMatching(/^agent-/)],
    ]);
  });

  it('a reply to an unclaimed conversation claims it, so that no second agent answers it too', async () => {
    const [sam, ann] = [await createAgentKey(api, 'Sam'), await createAgentKey(api, 'Ann')];
    const id = await waitingConversation(api);
    expect((await api.call('POST', `/api/v1/conversations/${id}/replies`, { token: ann.key, body: { text: 'Ann here.' } })).status).toBe(201);
    expect(await conversationRow(id)).toMatchObject({ claimedById: ann.id });
    const late = await api.call('POST', `/api/v1/conversations/${id}/replies`, { token: sam.key, body: { text: 'Sam here.' } });
    expect(late.status).toBe(409);
    expect(late.json.error.message).toContain('"Ann"');
  });

  it('of two agents claiming at once, exactly one gets it; the other gets 409 naming who has it', async () => {
    const [sam, ann] = [await createAgentKey(api, 'Sam'), await createAgentKey(api, 'Ann')];
    for (let round = 0; round < 5; round++) {
      const id = await waitingConversation(api);
      const answers = await Promise.all([sam, ann].map((agent) => api.call('POST', `/api/v1/conversations/${id}/claim`, { token: agent.key })));
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
      const winner = answers.find((answer) => answer.status === 200)!.json.claimedBy as string;
      expect(answers.find((answer) => answer.status === 409)!.json.error).toEqual({ code: 'conflict', message: expect.stringContaining(`claimed by "${winner}"`) });
      expect((await conversationRow(id)).claimedById).toBe(winner === 'Sam' ? sam.id : ann.id);
    }
  });

  it('claiming its own conversation again is harmless: the claim keeps its time', async () => {
    const sam = await createAgentKey(api, 'Sam');
    const id = await waitingConversation(api);
    const first = await api.call('POST', `/api/v1/conversations/${id}/claim`, { token: sam.key });
    const again = await api.call('POST', `/api/v1/conversations/${id}/claim`, { token: sam.key });
    expect(again.status).toBe(200);
    expect(again.json.claimedAt).toBe(first.json.claimedAt);
  });

  it('closes a conversation with a reason: it leaves the inbox, its claim ends, and an empty reason is refused (400)', async () => {
    const sam = await createAgentKey(api, 'Sam');
    const id = await waitingConversation(api);
    await api.call('POST', `/api/v1/conversations/${id}/claim`, { token: sam.key });
    expect((await api.call('POST', `/api/v1/conversations/${id}/close`, { token: sam.key, body: { reason: ' ' } })).status).toBe(400);
    expect((await api.call('POST', `/api/v1/conversations/${id}/close`, { token: sam.key })).status).toBe(400);

    const closed = await api.call('POST', `/api/v1/conversations/${id}/close`, { token: sam.key, body: { reason: 'Refund issued by phone' } });
    expect(closed.json).toEqual({ id, status: 'closed', closedReason: 'Refund issued by phone' });
    expect(await conversationRow(id)).toMatchObject({ status: 'closed', claimedById: null, closedReason: 'Refund issued by phone' });
    expect((await inbox(sam.key)).items.map((item) => item.id)).not.toContain(id);
    expect(await api.db.auditLog.findFirst({ where: { target: id, action: 'conversation.close' } })).toMatchObject({ details: { reason: 'Refund issued by phone' } });
  });

  it("revoking an agent's key puts its conversations back in the inbox, unclaimed", async () => {
    const sam = await createAgentKey(api, 'Sam');
    const id = await waitingConversation(api);
    await api.call('POST', `/api/v1/conversations/${id}/claim`, { token: sam.key });
    await api.call('DELETE', `/api/v1/api-keys/${sam.id}`);
    expect(await conversationRow(id)).toMatchObject({ status: 'handed_off', claimedById: null, claimedAt: null });
  });
});

describe('what an agent may not do to a conversation', () => {
  it('replying to a conversation the bot has, or a closed one (409), stores and sends nothing', async () => {
    const sam = await createAgentKey(api, 'Sam');
    const open = await waitingConversation(api, { channel: 'discord', text: 'hello' });
    await api.call('POST', `/api/v1/conversations/${open}/release`);
    const closed = await waitingConversation(api, { channel: 'discord', text: 'bye' });
    await api.call('POST', `/api/v1/conversations/${closed}/close`, { body: { reason: 'spam' } });

    for (const id of [open, closed]) {
      const refused = await api.call('POST', `/api/v1/conversations/${id}/replies`, { token: sam.key, body: { text: 'Hello from a person' } });
      expect(refused.status).toBe(409);
      expect(refused.json.error.message).toContain('not handed off');
      expect(await agentTurns(id)).toBe(0);
      expect((await api.call('POST', `/api/v1/conversations/${id}/claim`, { token: sam.key })).status).toBe(409);
    }
    expect(await outboundQueue('discord').getWaitingCount()).toBe(0);
  });

  it('replying to, releasing or closing a conversation another agent claimed (409), which an admin may still do', async () => {
    const [sam, ann] = [await createAgentKey(api, 'Sam'), await createAgentKey(api, 'Ann')];
    const id = await waitingConversation(api);
    await api.call('POST', `/api/v1/conversations/${id}/claim`, { token: ann.key });

    for (const [path, body] of [
      ['replies', { text: 'I will take it' }],
      ['release', undefined],
      ['close', { reason: 'duplicate' }],
    ] as const) {
      const refused = await api.call('POST', `/api/v1/conversations/${id}/${path}`, { token: sam.key, body });
      expect(refused.status, path).toBe(409);
      expect(refused.json.error.message).toContain('claimed by "Ann"');
    }
    expect(await agentTurns(id)).toBe(0);
    expect(await conversationRow(id)).toMatchObject({ status: 'handed_off', claimedById: ann.id });

    expect((await api.call('POST', `/api/v1/conversations/${id}/release`)).status).toBe(200);
    expect(await conversationRow(id)).toMatchObject({ status: 'open', claimedById: null });
  });

  it(`replying with more than ${MAX_MESSAGE_LENGTH} characters, the channel's limit (400), while exactly that many is sent`, async () => {
    const sam = await createAgentKey(api, 'Sam');
    const id = await waitingConversation(api);
    const tooLong = await api.call('POST', `/api/v1/conversations/${id}/replies`, { token: sam.key, body: { text: 'x'.repeat(MAX_MESSAGE_LENGTH + 1) } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.json.error.message).toContain(`longer than ${MAX_MESSAGE_LENGTH} characters`);
    expect(await agentTurns(id)).toBe(0);
    expect(await conversationRow(id)).toMatchObject({ claimedById: null });

    expect((await api.call('POST', `/api/v1/conversations/${id}/replies`, { token: sam.key, body: { text: 'x'.repeat(MAX_MESSAGE_LENGTH) } })).status).toBe(201);
  });

  it('acting on a conversation that does not exist (404)', async () => {
    const sam = await createAgentKey(api, 'Sam');
    for (const path of ['claim', 'release', 'notes']) {
      const response = await api.call('POST', `/api/v1/conversations/0197a000-0000-7000-8000-000000000000/${path}`, { token: sam.key, body: { text: 'x' } });
      expect(response.status, path).toBe(404);
    }
    expect((await api.call('GET', '/api/v1/conversations/not-a-uuid/notes', { token: sam.key })).status).toBe(404);
  });
});

describe('markup in what agents write', () => {
  it('an XSS payload in a note or an agent display name is stored and answered as plain JSON text, never as markup', async () => {
    const displayName = '<img src=x onerror="alert(1)">Sam';
    const note = '<script>alert("note")</script> & <b>bold</b>';
    const agent = await createAgentKey(api, displayName);
    const id = await waitingConversation(api, { channel: 'web', text: 'hi' });
    await api.call('POST', `/api/v1/conversations/${id}/claim`, { token: agent.key });
    await api.call('POST', `/api/v1/conversations/${id}/notes`, { token: agent.key, body: { text: note } });
    const replied = await api.call('POST', `/api/v1/conversations/${id}/replies`, { token: agent.key, body: { text: 'hello' } });

    expect(await api.db.conversationNote.findFirstOrThrow({ where: { conversationId: id } })).toMatchObject({ text: note, author: displayName });
    const notes = await api.app.inject({ method: 'GET', url: `/api/v1/conversations/${id}/notes`, headers: { authorization: `Bearer ${agent.key}` } });
    expect(notes.headers['content-type']).toMatch(/^application\/json/);
    expect(notes.json().items[0]).toMatchObject({ text: note, author: displayName });
    expect((await inbox(agent.key)).items.find((item) => item.id === id)!.claim!.agent).toBe(displayName);
    // The channels get the name as data, to escape for their own markup.
    expect((await outboundQueue('web').getJob(replied.json.jobId))!.data.agentName).toBe(displayName);
  });

  it('refuses a display name that is not one line of text, and an agent key without one (400)', async () => {
    for (const body of [
      { name: 'no-name', role: 'agent' },
      { name: 'two-lines', role: 'agent', displayName: 'Sam\nAdmin' },
      { name: 'blank', role: 'agent', displayName: '   ' },
    ]) {
      const refused = await api.call('POST', '/api/v1/api-keys', { body });
      expect(refused.status, body.name).toBe(400);
      expect(refused.json.error.message).toContain('displayName');
    }
    expect(await api.db.apiKey.count({ where: { name: { in: ['no-name', 'two-lines', 'blank'] } } })).toBe(0);
  });
});

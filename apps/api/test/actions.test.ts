import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IDEMPOTENCY_HEADER, verifySignature } from '@chatbot/actions-sdk';
import { getAction } from '@chatbot/db';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ActionCallOutcomeJson, ConversationWithTurnsJson, StoredActionJson } from '../src/routes/response-schemas';
import { useAdminApi } from './support/admin-api-harness';
import { storeMessage } from './support/conversation-fixtures';

const api = useAdminApi();
let viewerToken: string;

const SECRET = 'order-lookup-secret-0123456789';
const NEW_SECRET = 'order-lookup-rotated-secret-9876';
// A literal public address: nothing is resolved (there is no DNS here) and nothing is called when saving.
const PUBLIC_URL = 'https://93.184.215.14/actions/order';

const orderLookup = (overrides: Record<string, unknown> = {}) => ({ url: PUBLIC_URL, secret: SECRET, timeoutMs: 5000, interimAfterMs: 1000, ...overrides });

beforeAll(async () => {
  viewerToken = (await api.call('POST', '/api/v1/api-keys', { body: { name: 'action-reader', role: 'viewer' } })).json.key;
});

describe('actions', () => {
  it('saves, reads, replaces and deletes; the secret is never shown nor audited; each change is audited and announces catalogue.changed', async () => {
    const events = await api.listen('catalogue.changed');
    const auditedBefore = await api.db.auditLog.count();

    // The path names it: a name in the body is overruled.
    const saved = await api.call('PUT', '/api/v1/actions/order_lookup', { body: orderLookup({ name: 'other_name' }) });
    expect(saved.status, JSON.stringify(saved.json)).toBe(200);
    expect(saved.json).toEqual({
      name: 'order_lookup',
      url: PUBLIC_URL,
      timeoutMs: 5000,
      interimAfterMs: 1000,
      retries: 1,
      repeatOnRetry: false,
      allowPrivateNetwork: false,
      secretSet: true,
      updatedBy: 'admin-token',
      updatedAt: expect.any(String),
    });
    expect(StoredActionJson.parse(saved.json)).toEqual(saved.json);
    expect((await api.call('GET', '/api/v1/actions')).json).toEqual({ items: [saved.json] });
    expect((await api.call('GET', '/api/v1/actions/order_lookup')).json).toEqual(saved.json);

    // An update without a secret keeps the stored one; one with a secret replaces it.
    const kept = await api.call('PUT', '/api/v1/actions/order_lookup', { body: { url: `${PUBLIC_URL}/v2`, retries: 0 } });
    expect(kept.status, JSON.stringify(kept.json)).toBe(200);
    expect(kept.json).toMatchObject({ url: `${PUBLIC_URL}/v2`, retries: 0, timeoutMs: 8000, secretSet: true });
    expect((await getAction(api.db, 'order_lookup'))!.secret).toBe(SECRET);
    expect((await api.call('PUT', '/api/v1/actions/order_lookup', { body: orderLookup({ secret: NEW_SECRET }) })).status).toBe(200);
    expect((await getAction(api.db, 'order_lookup'))!.secret).toBe(NEW_SECRET);

    expect((await api.call('DELETE', '/api/v1/actions/order_lookup')).json).toEqual({ deleted: 'order_lookup' });
    expect((await api.call('GET', '/api/v1/actions/order_lookup')).json.error.message).toBe('there is no action "order_lookup"');
    expect((await api.call('DELETE', '/api/v1/actions/order_lookup')).status).toBe(404);
    expect((await api.call('GET', '/api/v1/actions')).json).toEqual({ items: [] });

    await vi.waitFor(() =>
      expect(events.map((event) => event.reason)).toEqual([
        'action order_lookup saved',
        'action order_lookup saved',
        'action order_lookup saved',
        'action order_lookup deleted',
      ]),
    );
    const audited = await api.db.auditLog.findMany({ orderBy: { createdAt: 'asc' }, skip: auditedBefore });
    expect(audited.map((entry) => [entry.action, entry.target, entry.actor])).toEqual([
      ['action.save', 'order_lookup', 'admin-token'],
      ['action.save', 'order_lookup', 'admin-token'],
      ['action.save', 'order_lookup', 'admin-token'],
      ['action.delete', 'order_lookup', 'admin-token'],
    ]);
    expect(audited[0]!.details).toEqual({
      url: PUBLIC_URL,
      timeoutMs: 5000,
      interimAfterMs: 1000,
      retries: 1,
      repeatOnRetry: false,
      allowPrivateNetwork: false,
      secret: 'set',
    });
    expect(audited[1]!.details).toMatchObject({ secret: 'kept' });
    const auditLog = await api.call('GET', '/api/v1/audit-log?action=action.save');
    for (const shown of [JSON.stringify(audited), JSON.stringify(auditLog.json), JSON.stringify([saved.json, kept.json])]) {
      expect(shown).not.toContain(SECRET);
      expect(shown).not.toContain(NEW_SECRET);
    }
  });

  it.each([
    [
      'a new action without a secret',
      'fresh_action',
      { url: PUBLIC_URL },
      'body.secret: action "fresh_action" is new, so it needs a secret (at least 16 characters) to sign its requests with',
    ],
    ['a short secret', 'short_secret', orderLookup({ secret: 'too-short' }), 'body.secret: must be at least 16 characters'],
    ['a URL that is not http(s)', 'ftp_action', orderLookup({ url: 'ftp://93.184.215.14/hook' }), 'body.url: must be an http or https URL'],
    ['a URL with a password', 'password_url', orderLookup({ url: 'https://shop:hunter2@93.184.215.14/hook' }), 'body.url: must not carry a user name or password'],
    [
      'an interim message after the timeout',
      'late_interim',
      orderLookup({ timeoutMs: 1000, interimAfterMs: 2000 }),
      'body.interimAfterMs: must be shorter than timeoutMs',
    ],
    ['too many retries', 'many_retries', orderLookup({ retries: 9 }), 'body.retries: '],
    ['a field it does not know (a typo)', 'typo_action', orderLookup({ timeoutMS: 2000 }), 'timeoutMS'],
    ['a name that is not one', 'Order-Lookup', orderLookup(), 'path.name: must start with a lowercase letter and hold only a-z, 0-9 and _'],
  ])('refuses %s with 400 and a message naming the problem; nothing is stored', async (_case, name, body, message) => {
    const auditedBefore = await api.db.auditLog.count();
    const refused = await api.call('PUT', `/api/v1/actions/${name}`, { body });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toEqual({ code: 'bad_request', message: expect.stringContaining(message) });
    expect(JSON.stringify(refused.json)).not.toContain(SECRET);
    expect(await api.db.action.count()).toBe(0);
    expect(await api.db.auditLog.count()).toBe(auditedBefore);
  });

  it('refuses a URL that reaches a loopback, link-local (cloud metadata) or private address unless allowPrivateNetwork is true', async () => {
    const events = await api.listen('catalogue.changed');
    for (const [url, range] of [
      ['http://127.0.0.1/', 'loopback'],
      ['http://169.254.169.254/latest/meta-data/', 'linkLocal'],
      ['http://10.1.2.3:8080/hook', 'private'],
      ['http://[::1]/hook', 'loopback'],
      ['http://localhost:3000/hook', 'loopback'],
    ] as const) {
      const refused = await api.call('PUT', '/api/v1/actions/internal_hook', { body: orderLookup({ url }) });
      expect(refused.status, url).toBe(400);
      expect(refused.json.error.message, url).toMatch(
        new RegExp(`^body\\.url: .* \\(${range}\\), a non-public address; allow private network addresses for this action to call it$`),
      );
    }
    expect(await api.db.action.count()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(events).toEqual([]);

    for (const url of ['http://127.0.0.1/', 'http://169.254.169.254/latest/meta-data/']) {
      const allowed = await api.call('PUT', '/api/v1/actions/internal_hook', { body: orderLookup({ url, allowPrivateNetwork: true }) });
      expect(allowed.status, url).toBe(200);
      expect(allowed.json).toMatchObject({ url, allowPrivateNetwork: true });
    }
    // Taking the permission away again is refused while the URL still needs it.
    const revoked = await api.call('PUT', '/api/v1/actions/internal_hook', { body: { url: 'http://169.254.169.254/latest/meta-data/' } });
    expect(revoked.status).toBe(400);
    expect((await api.call('DELETE', '/api/v1/actions/internal_hook')).status).toBe(200);
  });

  it('lets a viewer read actions, but not write or test them (403)', async () => {
    expect((await api.call('PUT', '/api/v1/actions/viewed', { body: orderLookup() })).status).toBe(200);
    expect((await api.call('GET', '/api/v1/actions', { token: viewerToken })).json.items.map((action: { name: string }) => action.name)).toEqual(['viewed']);
    expect((await api.call('GET', '/api/v1/actions/viewed', { token: viewerToken })).status).toBe(200);
    for (const [method, url, body] of [
      ['PUT', '/api/v1/actions/viewed', orderLookup()],
      ['PUT', '/api/v1/actions/another', orderLookup()],
      ['DELETE', '/api/v1/actions/viewed', undefined],
      ['POST', '/api/v1/actions/viewed/test', {}],
    ] as const) {
      const refused = await api.call(method, url, { token: viewerToken, body });
      expect(refused.status, `${method} ${url}`).toBe(403);
      expect(refused.json.error.message).toBe('"action-reader" is a viewer; this needs an admin key');
    }
    expect((await api.call('GET', '/api/v1/actions/another')).status).toBe(404);
    expect((await api.call('DELETE', '/api/v1/actions/viewed')).status).toBe(200);
  });
});

/** A tiny action server: checks each request's signature with the SDK and answers what `answer` says. */
interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  verified: ReturnType<typeof verifySignature>;
}

describe('POST /api/v1/actions/:name/test', () => {
  const received: Received[] = [];
  let answer: { status: number; body: unknown } = { status: 200, body: {} };
  let server: Server;
  let url: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        received.push({ headers: request.headers, body, verified: verifySignature(SECRET, request.headers, body) });
        response.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    // A loopback URL: allowed for this action only.
    const saved = await api.call('PUT', '/api/v1/actions/order_status', { body: { url, secret: SECRET, retries: 0, allowPrivateNetwork: true } });
    expect(saved.status, JSON.stringify(saved.json)).toBe(200);
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  it('sends a signed sample request marked test: true and shows the answer; the secret is in neither', async () => {
    received.length = 0;
    const reply = {
      text: 'Order {order_id} left the warehouse today.',
      variables: { order_id: '48213' },
      buttons: [
        { type: 'reply', label: 'Track it', text: 'track 48213' },
        { type: 'link', label: 'Open the order', url: 'https://shop.example/orders/48213' },
      ],
    };
    answer = { status: 200, body: reply };
    const auditedBefore = await api.db.auditLog.count();

    const tested = await api.call('POST', '/api/v1/actions/order_status/test', { body: { text: '我的订单在哪里？', language: 'zh', slots: { order_id: '48213' } } });
    expect(tested.status, JSON.stringify(tested.json)).toBe(200);
    const { request, outcome } = tested.json;
    expect(outcome).toEqual({ status: 'ok', httpStatus: 200, latencyMs: expect.any(Number), requests: 1, response: reply });
    expect(ActionCallOutcomeJson.parse(outcome)).toEqual(outcome);
    expect(request).toMatchObject({
      version: 1,
      action: 'order_status',
      test: true,
      conversation: { key: expect.stringMatching(/^test:[0-9a-f-]{36}$/), channel: 'test', language: 'zh' },
      message: { text: '我的订单在哪里？' },
      slots: { order_id: { value: '48213', text: '48213' } },
      form: null,
      entities: [],
      history: [{ role: 'user', text: '我的订单在哪里？', at: expect.any(String) }],
    });

    // What the action server got: exactly that request, signed with the secret, the idempotency key in its header.
    expect(received).toHaveLength(1);
    expect(received[0]!.verified).toEqual({ ok: true });
    expect(JSON.parse(received[0]!.body)).toEqual(request);
    expect(received[0]!.headers[IDEMPOTENCY_HEADER]).toBe(request.idempotencyKey);
    expect(JSON.stringify(tested.json)).not.toContain(SECRET);

    // Each test is a fresh conversation and key: an action that acts once per key never takes it for a retry.
    const again = await api.call('POST', '/api/v1/actions/order_status/test');
    expect(again.json.request).toMatchObject({ message: { text: 'This is a test from the admin dashboard.' }, conversation: { language: 'en' }, slots: {} });
    expect(again.json.request.idempotencyKey).not.toBe(request.idempotencyKey);
    expect(again.json.request.conversation.key).not.toBe(request.conversation.key);

    const audited = await api.db.auditLog.findMany({ orderBy: { createdAt: 'asc' }, skip: auditedBefore });
    expect(audited.map((entry) => [entry.action, entry.target, entry.details])).toEqual([
      ['action.test', 'order_status', { status: 'ok', httpStatus: 200 }],
      ['action.test', 'order_status', { status: 'ok', httpStatus: 200 }],
    ]);
  });

  it('reads like the completion of the form that names the action', async () => {
    expect((await api.call('POST', '/api/v1/intents', { body: { name: 'track_order' } })).status).toBe(201);
    const form = {
      slots: [{ name: 'order_id', entity: 'number', prompt: { en: 'Which order?', zh: '哪个订单？' } }],
      done: { en: 'Looking up {order_id}.', zh: '正在查询 {order_id}。' },
      action: 'order_status',
    };
    const saved = await api.call('PUT', '/api/v1/intents/track_order/form', { body: form });
    expect(saved.status, JSON.stringify(saved.json)).toBe(200);
    answer = { status: 200, body: { text: 'On its way.' } };
    const tested = await api.call('POST', '/api/v1/actions/order_status/test', { body: { slots: { order_id: '48213' } } });
    expect(tested.json.request).toMatchObject({ form: 'track_order', intent: { name: 'track_order', confidence: 1 } });
    expect((await api.call('DELETE', '/api/v1/intents/track_order/form')).status).toBe(200);
  });

  it("shows why a call failed: the action's status, an answer that breaks the contract, an action that is not there", async () => {
    answer = { status: 503, body: { error: 'down for maintenance' } };
    const down = await api.call('POST', '/api/v1/actions/order_status/test');
    expect(down.status).toBe(200);
    expect(down.json.outcome).toEqual({ status: 'error', httpStatus: 503, latencyMs: expect.any(Number), requests: 1, error: 'answered 503' });

    answer = { status: 200, body: { text: 'Both?', replyKey: 'order_status' } };
    const invalid = await api.call('POST', '/api/v1/actions/order_status/test');
    expect(invalid.json.outcome).toMatchObject({
      status: 'error',
      httpStatus: 200,
      error: expect.stringMatching(/^answer is not a valid action response: .*give text or replyKey, not both/),
    });

    // Without permission for private addresses the call is refused where it connects, too.
    await api.db.action.update({ where: { name: 'order_status' }, data: { allowPrivateNetwork: false } });
    const guarded = await api.call('POST', '/api/v1/actions/order_status/test');
    expect(guarded.json.outcome).toMatchObject({ status: 'error', requests: 1, error: expect.stringContaining('a non-public address') });
    await api.db.action.update({ where: { name: 'order_status' }, data: { allowPrivateNetwork: true } });

    expect((await api.call('POST', '/api/v1/actions/ghost/test')).json.error).toEqual({ code: 'not_found', message: 'there is no action "ghost"' });
    for (const body of [{ language: 'fr' }, { text: '' }, { slots: { 'Order Id': '1' } }, { slots: { order_id: 48213 } }, { colour: 'red' }]) {
      const refused = await api.call('POST', '/api/v1/actions/order_status/test', { body });
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.json.error.message, JSON.stringify(body)).toMatch(/^body/);
    }
  });
});

describe('the conversation view', () => {
  it("shows each action call beside the message it answered, and each reply's buttons", async () => {
    const buttons = [
      { type: 'reply' as const, label: 'Track it', text: 'track 48213' },
      { type: 'link' as const, label: 'Open the order', url: 'https://shop.example/orders/48213' },
    ];
    const { conversation, inboundTurn } = await storeMessage(api.db, { text: 'where is order 48213?', intent: 'order_status', reply: 'It left today.', buttons });
    const later = await storeMessage(api.db, {
      text: 'and the other one?',
      intent: 'order_status',
      conversationKey: conversation.conversationKey,
      userId: conversation.userId,
    });
    const finishedAt = new Date('2026-12-06T10:00:01.250Z');
    await api.db.actionCall.create({
      data: {
        conversationId: conversation.id,
        inboundTurnId: inboundTurn.id,
        action: 'order_status',
        replyContext: {},
        status: 'ok',
        attempts: 1,
        httpStatus: 200,
        latencyMs: 240,
        response: { text: 'It left today.', buttons },
        interimSentAt: null,
        createdAt: new Date('2026-12-06T10:00:01.000Z'),
        finishedAt,
      },
    });
    await api.db.actionCall.create({
      data: {
        conversationId: conversation.id,
        inboundTurnId: later.inboundTurn.id,
        action: 'order_status',
        replyContext: {},
        status: 'timeout',
        attempts: 2,
        latencyMs: 8000,
        error: 'no answer within 8000 ms',
        interimSentAt: new Date('2026-12-06T10:05:01.500Z'),
        createdAt: new Date('2026-12-06T10:05:00.000Z'),
      },
    });

    const response = await api.call('GET', `/api/v1/conversations/${conversation.id}`);
    expect(response.status).toBe(200);
    expect(response.json.actionCalls).toEqual([
      {
        id: expect.any(String),
        inboundTurnId: inboundTurn.id,
        action: 'order_status',
        status: 'ok',
        attempts: 1,
        httpStatus: 200,
        latencyMs: 240,
        response: { text: 'It left today.', buttons },
        error: null,
        interimSentAt: null,
        createdAt: '2026-12-06T10:00:01.000Z',
        finishedAt: finishedAt.toISOString(),
      },
      expect.objectContaining({
        inboundTurnId: later.inboundTurn.id,
        status: 'timeout',
        attempts: 2,
        httpStatus: null,
        response: null,
        error: 'no answer within 8000 ms',
        interimSentAt: '2026-12-06T10:05:01.500Z',
        finishedAt: null,
      }),
    ]);
    expect(response.json.turns.map((turn: { direction: string; buttons: unknown }) => [turn.direction, turn.buttons])).toEqual([
      ['inbound', null],
      ['outbound', buttons],
      ['inbound', null],
      ['outbound', null],
    ]);
    expect(ConversationWithTurnsJson.parse(response.json)).toEqual(response.json);

    const quiet = await storeMessage(api.db, { text: 'hello', intent: 'greeting' });
    expect((await api.call('GET', `/api/v1/conversations/${quiet.conversation.id}`)).json.actionCalls).toEqual([]);
  });
});

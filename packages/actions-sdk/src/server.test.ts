import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionRequest } from './contract';
import { serveActions, type ActionServer } from './server';
import { signatureHeaders } from './signature';

const SECRET = 'shop-secret';
const errors: string[] = [];
let server: ActionServer;

const sampleRequest: ActionRequest = {
  version: 1,
  action: 'order_status',
  idempotencyKey: 'msg-1',
  test: false,
  conversation: { key: 'web:s1', channel: 'web', language: 'en' },
  user: { id: 'u1' },
  message: { id: 'msg-1', text: 'order 48213', receivedAt: '2026-12-06T12:00:00.000Z' },
  intent: { name: 'order_status', confidence: 0.97 },
  entities: [{ type: 'order_id', value: '48213', text: '48213', start: 6, end: 11, extractor: 'regex' }],
  slots: { order_id: { value: '48213', text: '48213' } },
  form: 'order_status',
  history: [{ role: 'user', text: 'order 48213', at: '2026-12-06T12:00:00.000Z' }],
};

beforeAll(async () => {
  server = await serveActions({
    secret: SECRET,
    maxBodyBytes: 10_000,
    onError: (_error, path) => errors.push(path),
    actions: {
      '/order-status': (request) => ({ text: `Order ${request.slots.order_id?.value} is on its way`, buttons: [{ type: 'reply', label: 'Talk to a person' }] }),
      '/broken': () => {
        throw new Error('database down');
      },
      '/invalid-answer': () => ({ text: '' }),
    },
  });
});
afterAll(() => server.close());

async function post(path: string, body: string, headers: Record<string, string> = signatureHeaders(SECRET, body)) {
  const response = await fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('the action server helper', () => {
  it('answers a signed request with what the handler returns', async () => {
    expect(await post('/order-status', JSON.stringify(sampleRequest))).toEqual({
      status: 200,
      body: { text: 'Order 48213 is on its way', buttons: [{ type: 'reply', label: 'Talk to a person' }] },
    });
  });

  it('refuses an unsigned or wrongly signed request before reading it', async () => {
    const body = JSON.stringify(sampleRequest);
    expect(await post('/order-status', body, {})).toEqual({ status: 401, body: { error: 'signature refused: missing headers' } });
    expect((await post('/order-status', body, signatureHeaders('guess', body))).status).toBe(401);
  });

  it('refuses malformed JSON, a body that is not a request, an oversized body, a wrong method and an unknown path', async () => {
    expect(await post('/order-status', '{"version":')).toEqual({ status: 400, body: { error: 'body is not JSON' } });
    expect((await post('/order-status', JSON.stringify({ version: 1 }))).status).toBe(400);
    expect((await post('/order-status', JSON.stringify({ ...sampleRequest, message: { ...sampleRequest.message, text: 'x'.repeat(20_000) } }))).status).toBe(413);
    expect((await fetch(`${server.url}/order-status`)).status).toBe(405);
    expect((await post('/nowhere', '{}')).status).toBe(404);
  });

  it('answers GET /healthz, for a launcher or load balancer', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect([response.status, await response.json()]).toEqual([200, { ok: true }]);
  });

  it('answers 500 without details when the handler throws or answers what the platform would refuse, and tells onError', async () => {
    const body = JSON.stringify(sampleRequest);
    expect(await post('/broken', body)).toEqual({ status: 500, body: { error: 'the action failed' } });
    expect(await post('/invalid-answer', body)).toEqual({ status: 500, body: { error: 'the action failed' } });
    expect(errors).toEqual(['/broken', '/invalid-answer']);
  });
});

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifySignature, type ActionRequest } from '@chatbot/actions-sdk';
import { ActionConfigSchema, type ActionConfig } from './action-config';
import { ActionCaller, BREAKER_FAILURES, MAX_RESPONSE_BYTES } from './action-caller';

const SECRET = 'a-shared-secret-of-some-length';

// A business backend with one route per behaviour under test.
type Route = (request: IncomingMessage, response: ServerResponse, body: Buffer) => void;
const seen: Array<{ path: string; verified: boolean; idempotencyKey: string | undefined }> = [];
let failuresBeforeSuccess = 0;
const json = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
};
const routes: Record<string, Route> = {
  '/ok': (_request, response) => json(response, 200, { text: 'Order 48213 left on 1 December', buttons: [{ type: 'reply', label: 'Talk to a person' }] }),
  '/slow': (_request, response) => void setTimeout(() => json(response, 200, { text: 'late' }), 400),
  '/flaky': (_request, response) => (failuresBeforeSuccess-- > 0 ? json(response, 503, { error: 'busy' }) : json(response, 200, { text: 'third time lucky' })),
  '/down': (_request, response) => json(response, 500, { error: 'boom' }),
  '/bad-request': (_request, response) => json(response, 404, { error: 'no such action' }),
  '/not-json': (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end('<html>maintenance</html>');
  },
  '/invalid': (_request, response) => json(response, 200, { text: 42, buttons: 'yes' }),
  '/huge': (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const pump = () => {
      while (sent < 10 * 1024 * 1024) {
        sent += chunk.length;
        if (!response.write(chunk)) return void response.once('drain', pump);
      }
      response.end('{}');
    };
    pump();
  },
  '/redirect': (_request, response) => {
    response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/?token=secret' });
    response.end();
  },
};
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const path = request.url ?? '/';
      seen.push({ path, verified: verifySignature(SECRET, request.headers, body).ok, idempotencyKey: request.headers['idempotency-key'] as string | undefined });
      (routes[path] ?? routes['/bad-request']!)(request, response, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});
beforeEach(() => {
  seen.length = 0;
});

const config = (path: string, overrides: Partial<ActionConfig> = {}): ActionConfig =>
  ActionConfigSchema.parse({
    name: 'order_status',
    url: base + path,
    secret: SECRET,
    timeoutMs: 1000,
    interimAfterMs: 0,
    retries: 2,
    allowPrivateNetwork: true,
    ...overrides,
  });

const request: ActionRequest = {
  version: 1,
  action: 'order_status',
  idempotencyKey: 'msg-1',
  test: false,
  conversation: { key: 'web:s1', channel: 'web', language: 'en' },
  user: { id: 'u1' },
  message: { id: 'msg-1', text: '48213', receivedAt: '2026-12-06T12:00:00.000Z' },
  intent: { name: 'order_status', confidence: 0.9 },
  entities: [],
  slots: { order_id: { value: '48213', text: '48213' } },
  form: 'order_status',
  history: [],
};

describe('calling an action', () => {
  it('POSTs the request signed, with the idempotency key, and returns the validated answer', async () => {
    const outcome = await new ActionCaller().call(config('/ok'), request);
    expect(outcome).toMatchObject({ status: 'ok', httpStatus: 200, requests: 1, response: { text: 'Order 48213 left on 1 December' } });
    expect(seen).toEqual([{ path: '/ok', verified: true, idempotencyKey: 'msg-1' }]);
  });

  it('retries a 5xx answer with backoff, within the configured retries', async () => {
    failuresBeforeSuccess = 2;
    expect(await new ActionCaller().call(config('/flaky'), request)).toMatchObject({ status: 'ok', requests: 3, response: { text: 'third time lucky' } });
    expect(await new ActionCaller().call(config('/down', { retries: 1 }), request)).toMatchObject({
      status: 'error',
      httpStatus: 500,
      requests: 2,
      error: 'answered 500',
    });
  });

  it('gives up at the timeout, retries included', async () => {
    const outcome = await new ActionCaller().call(config('/slow', { timeoutMs: 150 }), request);
    expect(outcome).toMatchObject({ status: 'timeout', error: 'no answer within 150 ms' });
    expect(outcome.latencyMs).toBeLessThan(400);
  });

  it('refuses answers that are not JSON, not a valid response, over 1 MiB, or a redirect, without retrying them', async () => {
    const caller = new ActionCaller();
    expect(await caller.call(config('/not-json'), request)).toMatchObject({ status: 'error', requests: 1, error: 'answer is not JSON' });
    expect(await caller.call(config('/invalid'), request)).toMatchObject({
      status: 'error',
      requests: 1,
      error: expect.stringMatching(/^answer is not a valid action response: text/),
    });
    expect(await caller.call(config('/huge'), request)).toMatchObject({ status: 'error', requests: 1, error: `answer is larger than ${MAX_RESPONSE_BYTES} bytes` });
    const redirected = await caller.call(config('/redirect'), request);
    expect(redirected).toMatchObject({ status: 'error', httpStatus: 302, requests: 1, error: expect.stringContaining('a redirect to 169.254.169.254') });
    expect(redirected.status === 'ok' ? '' : redirected.error).not.toContain('token');
    expect(await caller.call(config('/bad-request'), request)).toMatchObject({ status: 'error', httpStatus: 404, requests: 1 });
  });

  it('refuses a private or loopback address unless the action allows it', async () => {
    const outcome = await new ActionCaller().call(config('/ok', { allowPrivateNetwork: false }), request);
    expect(outcome).toMatchObject({ status: 'error', requests: 1, error: expect.stringContaining('127.0.0.1 (loopback), a non-public address') });
    const named = await new ActionCaller().call(config('/ok', { allowPrivateNetwork: false, url: base.replace('127.0.0.1', 'localhost') + '/ok' }), request);
    expect(named).toMatchObject({ status: 'error', error: expect.stringContaining('non-public address') });
    expect(seen).toEqual([]);
  });

  it('opens the circuit after consecutive failures, answering at once without calling, and the Test call bypasses it', async () => {
    const caller = new ActionCaller();
    const down = config('/down', { retries: 0 });
    for (let i = 0; i < BREAKER_FAILURES; i++) expect((await caller.call(down, request)).status).toBe('error');
    seen.length = 0;
    expect(await caller.call(down, request)).toMatchObject({ status: 'circuit_open', requests: 0, error: expect.stringContaining('circuit open') });
    expect(seen).toEqual([]);
    expect((await caller.call(config('/ok', { retries: 0 }), request)).status).toBe('ok');
    expect((await caller.call(down, request, { bypassBreaker: true })).status).toBe('error');
    expect(seen.map(({ path }) => path)).toEqual(['/ok', '/down']);
  });
});

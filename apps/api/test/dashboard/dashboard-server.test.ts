import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { ACTIONS_QUEUE, FEEDBACK_QUEUE, INBOUND_QUEUE, MAINTENANCE_QUEUE, TRAINING_QUEUE } from '@chatbot/core';
import { describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../src/dashboard/admin-session';
import { ADMIN_TOKEN, useAdminApi } from '../support/admin-api-harness';

const api = useAdminApi();
const PUBLIC_DIR = fileURLToPath(new URL('../../src/dashboard/public/', import.meta.url));

/** The dashboard's own origin, as a browser sends it with the page's requests (fastify's inject host). */
const DASHBOARD_ORIGIN = 'http://localhost:80';

/** Opens a dashboard session with `token` and returns the cookie the browser would keep. */
async function sessionCookie(token: string): Promise<string> {
  const response = await api.app.inject({ method: 'POST', url: '/admin/session', headers: { authorization: `Bearer ${token}` } });
  expect(response.statusCode).toBe(200);
  const setCookie = String(response.headers['set-cookie']);
  return setCookie.split(';')[0]!;
}

async function viewerKey(): Promise<string> {
  const created = await api.call('POST', '/api/v1/api-keys', { body: { name: `viewer-${Date.now()}`, role: 'viewer' } });
  expect(created.status).toBe(201);
  return created.json.key;
}

describe('the dashboard page', () => {
  it('is served at /admin with a policy that forbids inline and foreign scripts', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/admin' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.body).toContain('<script type="module" src="/admin/js/main.js">');
  });

  it('serves every script module of the page, and nothing that is not a file of it', async () => {
    const modules = (await readdir(`${PUBLIC_DIR}js`, { recursive: true })).filter((file) => file.endsWith('.js'));
    expect(modules).toContain('tabs/training.js');
    for (const file of modules) {
      const response = await api.app.inject({ method: 'GET', url: `/admin/js/${file}` });
      expect(response.statusCode, file).toBe(200);
      expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
    }
    expect((await api.app.inject({ method: 'GET', url: '/admin/js/../../admin-session.ts' })).statusCode).toBe(404);
    expect((await api.app.inject({ method: 'GET', url: '/admin/nothing.js' })).statusCode).toBe(404);
  });

  it('never writes markup from strings: no innerHTML, outerHTML, insertAdjacentHTML or document.write', async () => {
    const files = (await readdir(PUBLIC_DIR, { recursive: true })).filter((file) => file.endsWith('.js'));
    for (const file of files) {
      const response = await api.app.inject({ method: 'GET', url: `/admin/${file}` });
      expect(response.body, file).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    }
  });
});

describe('the dashboard session', () => {
  it('answers who the token is and sets an HttpOnly, SameSite=Strict cookie for the queue board', async () => {
    const response = await api.app.inject({ method: 'POST', url: '/admin/session', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ actor: 'admin-token', role: 'admin' });
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/admin/queues');
  });

  it('refuses a wrong or missing token with 401 and sets no cookie', async () => {
    for (const headers of [{ authorization: 'Bearer not-a-valid-token-at-all' }, {}]) {
      const response = await api.app.inject({ method: 'POST', url: '/admin/session', headers });
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe('unauthorized');
      expect(response.headers['set-cookie']).toBeUndefined();
    }
  });

  it('tells a viewer key that it is a viewer', async () => {
    const key = await viewerKey();
    const response = await api.app.inject({ method: 'POST', url: '/admin/session', headers: { authorization: `Bearer ${key}` } });
    expect(response.json()).toMatchObject({ role: 'viewer' });
  });

  it('logs out by clearing the cookie', async () => {
    const response = await api.app.inject({ method: 'DELETE', url: '/admin/session' });
    expect(response.statusCode).toBe(204);
    expect(String(response.headers['set-cookie'])).toMatch(new RegExp(`^${SESSION_COOKIE}=; Path=/admin/queues; Max-Age=0`));
  });
});

describe('the queue board (bull-board at /admin/queues)', () => {
  it('sends a visitor without a session to the login page, and answers its API with 401', async () => {
    const page = await api.app.inject({ method: 'GET', url: '/admin/queues' });
    expect(page.statusCode).toBe(302);
    expect(page.headers.location).toBe('/admin');
    const apiCall = await api.app.inject({ method: 'GET', url: '/admin/queues/api/queues' });
    expect(apiCall.statusCode).toBe(401);
    const forged = await api.app.inject({ method: 'GET', url: '/admin/queues/api/queues', headers: { cookie: `${SESSION_COOKIE}=guessed-token-value` } });
    expect(forged.statusCode).toBe(401);
  });

  it('shows the platform queues, with their jobs, to a logged-in admin', async () => {
    const cookie = await sessionCookie(ADMIN_TOKEN);
    const page = await api.app.inject({ method: 'GET', url: '/admin/queues', headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Chatbot queues');

    const inbound = new Queue(INBOUND_QUEUE, { connection: api.redis, prefix: api.prefix });
    await inbound.add('message', { text: 'hello' }, { jobId: 'board-test-1' });
    await inbound.close();
    const response = await api.app.inject({ method: 'GET', url: '/admin/queues/api/queues?activeQueue=inbound&status=waiting', headers: { cookie } });
    expect(response.statusCode).toBe(200);
    const queues = response.json().queues as Array<{ name: string; counts: Record<string, number> }>;
    expect(queues.map((queue) => queue.name).sort()).toEqual(
      [INBOUND_QUEUE, ACTIONS_QUEUE, FEEDBACK_QUEUE, MAINTENANCE_QUEUE, 'outbound.discord', 'outbound.slack', 'outbound.web', TRAINING_QUEUE].sort(),
    );
    expect(queues.find((queue) => queue.name === INBOUND_QUEUE)!.counts.waiting).toBe(1);
  });

  it('lets a viewer look but not act (403, nothing changed), and lets an admin act, audited', async () => {
    const training = new Queue(TRAINING_QUEUE, { connection: api.redis, prefix: api.prefix });
    const viewer = await sessionCookie(await viewerKey());
    expect((await api.app.inject({ method: 'GET', url: '/admin/queues/api/queues', headers: { cookie: viewer } })).statusCode).toBe(200);

    const refused = await api.app.inject({
      method: 'PUT',
      url: `/admin/queues/api/queues/${TRAINING_QUEUE}/pause`,
      headers: { cookie: viewer, origin: DASHBOARD_ORIGIN },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toMatch(/viewer/);
    expect(await training.isPaused()).toBe(false);

    const admin = await sessionCookie(ADMIN_TOKEN);
    const paused = await api.app.inject({ method: 'PUT', url: `/admin/queues/api/queues/${TRAINING_QUEUE}/pause`, headers: { cookie: admin, origin: DASHBOARD_ORIGIN } });
    expect(paused.statusCode).toBe(200);
    expect(await training.isPaused()).toBe(true);
    await training.resume();
    await training.close();

    const audit = await api.call('GET', '/api/v1/audit-log?action=queue.action');
    expect(audit.json.items).toEqual([
      expect.objectContaining({ actor: 'admin-token', target: `/admin/queues/api/queues/${TRAINING_QUEUE}/pause`, details: { method: 'PUT', status: 200 } }),
    ]);
  });

  it('refuses a queue action whose Origin is another site or missing (the cookie alone does not authorise a write)', async () => {
    const training = new Queue(TRAINING_QUEUE, { connection: api.redis, prefix: api.prefix });
    const admin = await sessionCookie(ADMIN_TOKEN);
    const pause = (headers: Record<string, string>) =>
      api.app.inject({ method: 'PUT', url: `/admin/queues/api/queues/${TRAINING_QUEUE}/pause`, headers: { cookie: admin, ...headers } });
    for (const headers of [{ origin: 'https://evil.example' }, {}] as Array<Record<string, string>>) {
      const refused = await pause(headers);
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.message).toMatch(/cross-site request refused/);
    }
    expect(await training.isPaused()).toBe(false);
    await training.close();
  });
});

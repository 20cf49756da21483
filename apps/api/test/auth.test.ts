import { describe, expect, it, vi } from 'vitest';
import { createLogger } from '@chatbot/core';
import { hashApiKey } from '@chatbot/db';
import { ADMIN_TOKEN, useAdminApi } from './support/admin-api-harness';

const api = useAdminApi();

const intentNames = async () => (await api.db.intent.findMany({ select: { name: true } })).map((intent) => intent.name);

describe('authentication', () => {
  it.each([
    ['no Authorization header', null],
    ['an unknown token', 'not-a-real-token-at-all'],
  ])('answers 401 with a JSON error to %s, and changes nothing', async (_case, token) => {
    const auditBefore = await api.db.auditLog.count();
    const response = await api.call('POST', '/api/v1/intents', { token, body: { name: 'sneaky' } });
    expect(response.status).toBe(401);
    expect(response.json).toEqual({ error: { code: 'unauthorized', message: expect.stringMatching(/Bearer|token/) } });
    expect(await intentNames()).not.toContain('sneaky');
    expect(await api.db.auditLog.count()).toBe(auditBefore);
  });

  it('answers 401 to reads without a token too', async () => {
    const response = await api.call('GET', '/api/v1/conversations', { token: null });
    expect(response.status).toBe(401);
  });

  it('accepts ADMIN_TOKEN and records its writes as "admin-token"', async () => {
    const response = await api.call('POST', '/api/v1/intents', { body: { name: 'by_admin_token' } });
    expect(response.status).toBe(201);
    const entry = await api.db.auditLog.findFirst({ where: { action: 'intent.create', target: 'by_admin_token' } });
    expect(entry).toMatchObject({ actor: 'admin-token' });
  });
});

describe('API keys', () => {
  it('shows a new key once and stores only its sha256 hash', async () => {
    const created = await api.call('POST', '/api/v1/api-keys', { body: { name: 'ci-bot', role: 'admin' } });
    expect(created.status).toBe(201);
    const key: string = created.json.key;
    expect(key).toMatch(/^cbk_[A-Za-z0-9_-]{40,}$/);
    const row = await api.db.apiKey.findUniqueOrThrow({ where: { id: created.json.id } });
    expect(row.keyHash).toBe(hashApiKey(key));
    expect(row.keyHash).not.toContain(key);

    const listed = await api.call('GET', '/api/v1/api-keys');
    expect(JSON.stringify(listed.json)).not.toContain(key);
    expect(JSON.stringify(listed.json)).not.toContain(row.keyHash);
    expect(listed.json.items).toContainEqual(expect.objectContaining({ name: 'ci-bot', role: 'admin' }));
  });

  it('an admin key can write, and the audit log names the key', async () => {
    const { json } = await api.call('POST', '/api/v1/api-keys', { body: { name: 'alice', role: 'admin' } });
    const response = await api.call('POST', '/api/v1/intents', { token: json.key, body: { name: 'by_alice' } });
    expect(response.status).toBe(201);
    expect(await api.db.auditLog.findFirst({ where: { target: 'by_alice' } })).toMatchObject({ actor: 'alice', action: 'intent.create' });
  });

  it('a viewer key reads but gets 403 on every write, which changes nothing', async () => {
    const { json } = await api.call('POST', '/api/v1/api-keys', { body: { name: 'watcher', role: 'viewer' } });
    expect((await api.call('GET', '/api/v1/intents', { token: json.key })).status).toBe(200);
    expect((await api.call('GET', '/api/v1/review-queue', { token: json.key })).status).toBe(200);

    const auditBefore = await api.db.auditLog.count();
    for (const [method, url, body] of [
      ['POST', '/api/v1/intents', { name: 'by_viewer' }],
      ['POST', '/api/v1/model-versions/rollback', undefined],
      ['POST', '/api/v1/api-keys', { name: 'escalate', role: 'admin' }],
      ['DELETE', '/api/v1/end-users/web/anyone', undefined],
    ] as const) {
      const response = await api.call(method, url, { token: json.key, body });
      expect(response.status, `${method} ${url}`).toBe(403);
      expect(response.json.error.code).toBe('forbidden');
    }
    expect(await intentNames()).not.toContain('by_viewer');
    expect(await api.db.apiKey.count({ where: { name: 'escalate' } })).toBe(0);
    expect(await api.db.auditLog.count()).toBe(auditBefore);
  });

  it('viewers cannot list keys either', async () => {
    const { json } = await api.call('POST', '/api/v1/api-keys', { body: { name: 'curious', role: 'viewer' } });
    expect((await api.call('GET', '/api/v1/api-keys', { token: json.key })).status).toBe(403);
  });

  it('a revoked key stops working', async () => {
    const { json } = await api.call('POST', '/api/v1/api-keys', { body: { name: 'temp', role: 'admin' } });
    expect((await api.call('GET', '/api/v1/intents', { token: json.key })).status).toBe(200);
    const revoked = await api.call('DELETE', `/api/v1/api-keys/${json.id}`);
    expect(revoked.json.revokedAt).not.toBeNull();
    expect((await api.call('GET', '/api/v1/intents', { token: json.key })).status).toBe(401);
    expect(await api.db.auditLog.findFirst({ where: { action: 'api-key.revoke', target: json.id } })).toMatchObject({ actor: 'admin-token' });
  });

  it('refuses a key with an unknown role (400, nothing stored)', async () => {
    const response = await api.call('POST', '/api/v1/api-keys', { body: { name: 'root', role: 'superuser' } });
    expect(response.status).toBe(400);
    expect(response.json.error.message).toContain('body.role');
    expect(await api.db.apiKey.count({ where: { name: 'root' } })).toBe(0);
  });
});

describe('audit log', () => {
  it('lists writes newest first, filterable by actor', async () => {
    const response = await api.call('GET', '/api/v1/audit-log?actor=admin-token&limit=5');
    expect(response.status).toBe(200);
    expect(response.json.items.length).toBeGreaterThan(0);
    expect(response.json.items.every((entry: { actor: string }) => entry.actor === 'admin-token')).toBe(true);
    const times = response.json.items.map((entry: { createdAt: string }) => entry.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
  });
});

describe('without ADMIN_TOKEN and without API keys', () => {
  const logger = createLogger('admin-api-test', 'silent');
  const warn = vi.spyOn(logger, 'warn');
  const locked = useAdminApi({ adminToken: undefined, logger });

  it('answers 401 to everything, even the former admin token, and says in the log how to set ADMIN_TOKEN', async () => {
    for (const url of ['/api/v1/conversations', '/api/v1/openapi.json']) {
      expect((await locked.call('GET', url)).status).toBe(401);
    }
    expect((await locked.call('GET', '/api/v1/intents', { token: ADMIN_TOKEN })).status).toBe(401);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('set ADMIN_TOKEN'));
  });
});

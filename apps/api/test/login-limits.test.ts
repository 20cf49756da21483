import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, useAdminApi } from './support/admin-api-harness';

// Behind one TLS-terminating proxy (the test plays it): X-Forwarded-For / -Proto are the proxy's word.
const proxied = useAdminApi({ trustProxy: 1, failedLoginsPerMinute: 3 });
const direct = useAdminApi();

const login = (api: typeof proxied, token: string, headers: Record<string, string> = {}) =>
  api.app.inject({ method: 'POST', url: '/admin/session', headers: { authorization: `Bearer ${token}`, ...headers } });
const listIntents = (token: string, address: string) =>
  proxied.app.inject({ method: 'GET', url: '/api/v1/intents', headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': address } });

describe('failed logins', () => {
  it('refuses an address for the rest of the minute once it has used up its wrong tokens (429), even with the right one; other addresses go on', async () => {
    // 3 failed logins a minute are allowed; the attempt after them is one too many.
    for (let i = 0; i < 4; i++) expect((await listIntents(`wrong-token-${i}-0123456789`, '203.0.113.5')).statusCode).toBe(401);
    const refused = await listIntents(ADMIN_TOKEN, '203.0.113.5');
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error).toMatchObject({
      code: 'too_many_requests',
      message: expect.stringMatching(/too many failed logins from your address; try again in \d+ s/),
    });
    expect((await login(proxied, ADMIN_TOKEN, { 'x-forwarded-for': '203.0.113.5' })).statusCode).toBe(429); // the dashboard's login too
    expect((await listIntents(ADMIN_TOKEN, '203.0.113.6')).statusCode).toBe(200);
  });

  it('does not count requests without a token (not a guess), nor successful ones', async () => {
    for (let i = 0; i < 5; i++)
      expect((await proxied.app.inject({ method: 'GET', url: '/api/v1/intents', headers: { 'x-forwarded-for': '203.0.113.7' } })).statusCode).toBe(401);
    for (let i = 0; i < 5; i++) expect((await listIntents(ADMIN_TOKEN, '203.0.113.7')).statusCode).toBe(200);
  });
});

describe('the dashboard session cookie behind a TLS-terminating proxy', () => {
  it('is Secure when the trusted proxy says the request came over HTTPS', async () => {
    const cookie = String((await login(proxied, ADMIN_TOKEN, { 'x-forwarded-proto': 'https' })).headers['set-cookie']);
    expect(cookie).toContain('; Secure');
  });

  it('does not believe X-Forwarded-Proto without a trusted proxy', async () => {
    const cookie = String((await login(direct, ADMIN_TOKEN, { 'x-forwarded-proto': 'https' })).headers['set-cookie']);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).not.toContain('Secure');
  });
});

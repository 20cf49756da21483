import { describe, expect, it } from 'vitest';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signBody, signatureHeaders, verifySignature } from './signature';

const SECRET = 'shop-secret';
const BODY = '{"action":"order_status"}';
const NOW = new Date('2026-12-06T12:00:00Z');

describe('request signatures', () => {
  it('accepts a body signed with the shared secret within the replay window', () => {
    const headers = signatureHeaders(SECRET, BODY, NOW);
    expect(headers[SIGNATURE_HEADER]).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(verifySignature(SECRET, headers, BODY, { now: new Date(NOW.getTime() + 60_000) })).toEqual({ ok: true });
    expect(verifySignature(SECRET, headers, Buffer.from(BODY), { now: NOW })).toEqual({ ok: true });
  });

  it('refuses a changed body, another secret, and a signature for another time', () => {
    const headers = signatureHeaders(SECRET, BODY, NOW);
    expect(verifySignature(SECRET, headers, BODY.replace('status', 'cancel'), { now: NOW })).toEqual({ ok: false, reason: 'bad signature' });
    expect(verifySignature('other-secret', headers, BODY, { now: NOW })).toEqual({ ok: false, reason: 'bad signature' });
    const moved = { ...headers, [TIMESTAMP_HEADER]: String(Number(headers[TIMESTAMP_HEADER]) + 1) };
    expect(verifySignature(SECRET, moved, BODY, { now: NOW })).toEqual({ ok: false, reason: 'bad signature' });
  });

  it('refuses a replay after the window, and requests without or with malformed headers', () => {
    const headers = signatureHeaders(SECRET, BODY, NOW);
    expect(verifySignature(SECRET, headers, BODY, { now: new Date(NOW.getTime() + 301_000) })).toEqual({ ok: false, reason: 'outside the replay window' });
    expect(verifySignature(SECRET, headers, BODY, { now: new Date(NOW.getTime() - 301_000) })).toEqual({ ok: false, reason: 'outside the replay window' });
    expect(verifySignature(SECRET, {}, BODY)).toEqual({ ok: false, reason: 'missing headers' });
    expect(verifySignature(SECRET, { ...headers, [TIMESTAMP_HEADER]: '12e5' }, BODY)).toEqual({ ok: false, reason: 'bad timestamp' });
    expect(verifySignature(SECRET, { ...headers, [SIGNATURE_HEADER]: 'v1=00' }, BODY, { now: NOW })).toEqual({ ok: false, reason: 'bad signature' });
  });

  it('signs "<timestamp>.<body>" with HMAC-SHA256, so any language can verify it', async () => {
    const { createHmac } = await import('node:crypto');
    const expected = createHmac('sha256', SECRET).update(`1765000000.${BODY}`).digest('hex');
    expect(signBody(SECRET, 1765000000, BODY)).toBe(`v1=${expected}`);
  });
});

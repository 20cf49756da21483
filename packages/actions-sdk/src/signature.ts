import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Every request to an action is signed like Stripe's and Slack's webhooks: HMAC-SHA256, keyed with the
 * action's shared secret, over "<unix seconds>.<raw body>". The timestamp travels in its own header and
 * a request older (or newer) than the replay window is refused, so a captured request cannot be replayed
 * later. Verify against the raw bytes: a body parsed and serialised again is not the one that was signed.
 */

export const TIMESTAMP_HEADER = 'x-chatbot-timestamp';
export const SIGNATURE_HEADER = 'x-chatbot-signature';
export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** How far a request's timestamp may be from the receiver's clock. */
export const DEFAULT_REPLAY_WINDOW_SECONDS = 300;

const SCHEME = 'v1';

/** The signature header's value for a body sent at `timestampSeconds`. */
export function signBody(secret: string, timestampSeconds: number, body: string | Buffer): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`${timestampSeconds}.`);
  hmac.update(body);
  return `${SCHEME}=${hmac.digest('hex')}`;
}

/** The headers that sign `body` (with the current time unless one is given). */
export function signatureHeaders(secret: string, body: string | Buffer, now: Date = new Date()): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return { [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: signBody(secret, timestamp, body) };
}

export type VerifyResult = { ok: true } | { ok: false; reason: 'missing headers' | 'bad timestamp' | 'outside the replay window' | 'bad signature' };

export interface VerifyOptions {
  replayWindowSeconds?: number;
  now?: Date;
}

/** Checks a request's signature headers against its raw body. Header names are lower-case, as node:http gives them. */
export function verifySignature(
  secret: string,
  headers: Readonly<Record<string, string | string[] | undefined>>,
  rawBody: string | Buffer,
  options: VerifyOptions = {},
): VerifyResult {
  const timestampHeader = single(headers[TIMESTAMP_HEADER]);
  const signatureHeader = single(headers[SIGNATURE_HEADER]);
  if (timestampHeader === undefined || signatureHeader === undefined) return { ok: false, reason: 'missing headers' };
  if (!/^\d{1,12}$/.test(timestampHeader)) return { ok: false, reason: 'bad timestamp' };
  const timestamp = Number(timestampHeader);
  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(nowSeconds - timestamp) > (options.replayWindowSeconds ?? DEFAULT_REPLAY_WINDOW_SECONDS)) return { ok: false, reason: 'outside the replay window' };
  const expected = Buffer.from(signBody(secret, timestamp, rawBody));
  const given = Buffer.from(signatureHeader);
  return given.length === expected.length && timingSafeEqual(given, expected) ? { ok: true } : { ok: false, reason: 'bad signature' };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

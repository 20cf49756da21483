import { createHash, timingSafeEqual } from 'node:crypto';
import type { RateLimit } from '@chatbot/core';
import { findUsableApiKey, type Db } from '@chatbot/db';
import { ApiError } from './api-error';

export type Role = 'admin' | 'viewer';

/** Who is calling: the audit log's actor and what they may do. */
export interface Principal {
  actor: string;
  role: Role;
}

/** The actor name the bootstrap token writes into the audit log. */
export const ADMIN_TOKEN_ACTOR = 'admin-token';

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(authorization: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
}

/**
 * Resolves `Authorization: Bearer <token>` to a principal: ADMIN_TOKEN is an admin; otherwise the
 * token must be an unrevoked API key. Anything else is 401.
 */
export async function authenticate(db: Db, adminToken: string | undefined, authorization: string | undefined): Promise<Principal> {
  const token = bearerToken(authorization);
  if (!token) throw new ApiError(401, 'missing credentials: send "Authorization: Bearer <token>" with ADMIN_TOKEN or an API key');
  if (adminToken !== undefined && sameSecret(token, adminToken)) return { actor: ADMIN_TOKEN_ACTOR, role: 'admin' };
  const key = await findUsableApiKey(db, token);
  if (!key) throw new ApiError(401, 'invalid credentials: the token is neither ADMIN_TOKEN nor a valid API key');
  return { actor: key.name, role: key.role };
}

/**
 * Authentication with a brake on guessing: each failed attempt (a token that is not valid) counts
 * against the caller's address, and an address over the limit is refused (429) before its token is
 * even looked at, until the window ends. A missing token is not a guess and does not count.
 */
export class Authenticator {
  constructor(
    private readonly db: Db,
    private readonly adminToken: string | undefined,
    private readonly failures: RateLimit,
  ) {}

  async authenticate(authorization: string | undefined, address: string): Promise<Principal> {
    const waitMs = await this.failures.retryAfter(address);
    if (waitMs > 0) throw new ApiError(429, `too many failed logins from your address; try again in ${Math.ceil(waitMs / 1000)} s`);
    try {
      return await authenticate(this.db, this.adminToken, authorization);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401 && bearerToken(authorization)) await this.failures.take(address);
      throw error;
    }
  }
}

/** Viewers read; everything else needs an admin. */
export function authorize(principal: Principal, required: Role): void {
  if (required === 'admin' && principal.role !== 'admin') {
    throw new ApiError(403, `"${principal.actor}" is a viewer; this needs an admin key`);
  }
}

/** Constant-time comparison (hashing first makes the lengths equal). */
function sameSecret(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}

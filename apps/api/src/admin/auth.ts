import { createHash, timingSafeEqual } from 'node:crypto';
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

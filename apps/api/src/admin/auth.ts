import { createHash, timingSafeEqual } from 'node:crypto';
import type { RateLimit } from '@chatbot/core';
import { agentDisplayName, findUsableApiKey, type ApiKeyRole, type Db, type InboxAgent } from '@chatbot/db';
import { ApiError } from './api-error';

export type Role = ApiKeyRole;

/** Who may call something: the roles allowed, e.g. `ADMINS` or `['admin', 'agent']`. */
export type Access = readonly Role[];
export const ADMINS: Access = ['admin'];
/** Admins and viewers: who may read by default. Agents read only what lets them work the inbox. */
export const READERS: Access = ['admin', 'viewer'];
/** Who may read conversations (and the inbox of those waiting for a person). */
export const CONVERSATION_READERS: Access = ['admin', 'viewer', 'agent'];
/** Who works handed-off conversations: agents, and admins standing in for them (whom claims do not stop). */
export const HANDLERS: Access = ['agent', 'admin'];
/** Agents only: what needs a person's name that end users see (claiming). */
export const AGENTS: Access = ['agent'];

/** Who is calling: the audit log's actor and what they may do. */
export interface Principal {
  actor: string;
  role: Role;
  /** For an agent key: who claims conversations and signs replies (the key's id and display name). */
  agent?: InboxAgent;
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
  return { actor: key.name, role: key.role, ...(key.role === 'agent' ? { agent: { id: key.id, displayName: agentDisplayName(key) } } : {}) };
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

/** 403 unless the caller's role is among `allowed`. */
export function authorize(principal: Principal, allowed: Access): void {
  if (!allowed.includes(principal.role)) {
    throw new ApiError(403, `"${principal.actor}" is ${withArticle(principal.role)}; this needs ${withArticle(allowed.join(' or '))} key`);
  }
}

/** "an admin", "a viewer", "an agent or admin". */
function withArticle(roles: string): string {
  return `${/^[aeiou]/.test(roles) ? 'an' : 'a'} ${roles}`;
}

/** Constant-time comparison (hashing first makes the lengths equal). */
function sameSecret(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}

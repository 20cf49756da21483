import type { Db } from '@chatbot/db';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, toApiError } from '../admin/api-error';
import { bearerToken, type Authenticator, type Principal } from '../admin/auth';

/**
 * The browser-side credential of the pages that cannot send an Authorization header themselves
 * (bull-board's own UI): the same token the admin typed, in an HttpOnly cookie that scripts cannot
 * read and other sites cannot send (SameSite=Strict). It is checked like a bearer token on every
 * request, so revoking the key ends the session too.
 */
export const SESSION_COOKIE = 'chatbot_admin_session';
const SESSION_MAX_AGE_SECONDS = 8 * 3600;

export interface SessionDeps {
  db: Db;
  authenticator: Authenticator;
}

/** The principal behind the session cookie; ApiError 401 when there is none or it is not valid. */
export function authenticateSession(deps: SessionDeps, request: FastifyRequest): Promise<Principal> {
  const token = readCookie(request.headers.cookie, SESSION_COOKIE);
  return deps.authenticator.authenticate(token === undefined ? undefined : `Bearer ${token}`, request.ip);
}

/**
 * `POST <path>` with `Authorization: Bearer <token>`: checks the token, answers who it is
 * (`{ actor, role }`, so the page can hide what a viewer or agent may not do; for an agent also
 * `agent: { id, displayName }`, so it can tell its own claims from others') and sets the session cookie.
 * `DELETE <path>` clears it (log out).
 */
export function registerSessionRoutes(app: FastifyInstance, deps: SessionDeps, path: string, cookiePath: string): void {
  app.post(path, async (request, reply) => {
    let principal: Principal;
    try {
      principal = await deps.authenticator.authenticate(request.headers.authorization, request.ip);
    } catch (error) {
      return sendApiError(reply, toApiError(error));
    }
    const token = bearerToken(request.headers.authorization)!; // authenticate() accepted it
    const secure = request.protocol === 'https' ? '; Secure' : '';
    reply.header(
      'set-cookie',
      `${SESSION_COOKIE}=${encodeURIComponent(token)}; Path=${cookiePath}; Max-Age=${SESSION_MAX_AGE_SECONDS}; HttpOnly; SameSite=Strict${secure}`,
    );
    return reply.send({ actor: principal.actor, role: principal.role, ...(principal.agent ? { agent: principal.agent } : {}) });
  });
  app.delete(path, async (_request, reply) => {
    reply.header('set-cookie', `${SESSION_COOKIE}=; Path=${cookiePath}; Max-Age=0; HttpOnly; SameSite=Strict`);
    return reply.code(204).send();
  });
}

/** The admin API's error format, for the dashboard's own routes. */
export function sendApiError(reply: FastifyReply, error: ApiError): FastifyReply {
  if (error.status === 401) reply.header('www-authenticate', 'Bearer');
  return reply.code(error.status).send(error.toBody());
}

/** One cookie's value from a Cookie header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0 || part.slice(0, separator).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(separator + 1).trim()) || undefined;
    } catch {
      return undefined; // malformed escapes: no credential
    }
  }
  return undefined;
}

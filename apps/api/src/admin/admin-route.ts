import { recordAuditEntry } from '@chatbot/db';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { EVENT_STREAM_HEADERS } from '../live/server-sent-events';
import type { AdminDeps } from './admin-deps';
import { ApiError, describeZodError } from './api-error';
import { ADMINS, authorize, READERS, type Access, type Principal } from './auth';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Schema = z.ZodType;
const NoInput = z.strictObject({});
type NoInput = typeof NoInput;

export interface RouteInput<P extends Schema, Q extends Schema, B extends Schema> {
  params: z.output<P>;
  query: z.output<Q>;
  body: z.output<B>;
  principal: Principal;
  /** Records this write in the audit log under the caller's name. */
  audit: Audit;
}

export type Audit = (action: string, target: string | null, details?: Record<string, unknown>) => Promise<void>;

/**
 * One admin API endpoint: its zod schemas validate the request and describe it in openapi.json,
 * so the description cannot drift from what the code accepts.
 */
export interface AdminRoute<P extends Schema = NoInput, Q extends Schema = NoInput, B extends Schema = NoInput> {
  method: HttpMethod;
  /** Path below /api/v1 in fastify's syntax, e.g. `/conversations/:id`. */
  path: string;
  summary: string;
  /**
   * The roles that may call it. Unless given: GET routes admins and viewers, every other method admins
   * only; agent keys only ever reach routes that name them.
   */
  access?: Access;
  params?: P;
  query?: Q;
  body?: B;
  /** Status of a successful answer (200 unless given). */
  status?: number;
  /** What a successful answer holds, as JSON (dates as ISO strings): described in openapi.json, not checked at run time. */
  response?: Schema;
  /**
   * The answer is a stream of server-sent events (text/event-stream), not JSON: the handler returns a
   * Readable, which fastify pipes to the client and destroys when the client goes away.
   */
  eventStream?: boolean;
  handler(input: RouteInput<P, Q, B>): Promise<unknown>;
}

/** A route of any schemas, for lists of routes (each was checked by defineRoute when written). */
export type AnyAdminRoute = AdminRoute<Schema, Schema, Schema>;

/** Identity function that lets TypeScript infer the handler's input types from the schemas. */
export function defineRoute<P extends Schema = NoInput, Q extends Schema = NoInput, B extends Schema = NoInput>(route: AdminRoute<P, Q, B>): AdminRoute<P, Q, B> {
  return route;
}

export function allowedRoles(route: AnyAdminRoute): Access {
  return route.access ?? (route.method === 'GET' ? READERS : ADMINS);
}

/** Registers a route: authenticate, authorise, validate, run, answer. Nothing runs before the caller is known. */
export function registerAdminRoute(app: FastifyInstance, deps: AdminDeps, route: AnyAdminRoute): void {
  app.route({
    method: route.method,
    url: route.path,
    handler: async (request, reply) => {
      const principal = await deps.authenticator.authenticate(request.headers.authorization, request.ip);
      authorize(principal, allowedRoles(route));
      const result = await route.handler({
        params: parseInput('path', route.params ?? NoInput, request.params ?? {}),
        query: parseInput('query', route.query ?? NoInput, request.query ?? {}),
        body: parseInput('body', route.body ?? z.unknown(), request.body ?? {}),
        principal,
        audit: async (action, target, details) => {
          await recordAuditEntry(deps.db, { actor: principal.actor, action, target, details: details ?? null });
        },
      });
      if (route.eventStream) void reply.headers(EVENT_STREAM_HEADERS);
      return reply.code(route.status ?? 200).send(result);
    },
  });
}

function parseInput(where: string, schema: Schema, value: unknown): unknown {
  const result = schema.safeParse(value);
  if (!result.success) throw new ApiError(400, describeZodError(where, result.error));
  return result.data;
}

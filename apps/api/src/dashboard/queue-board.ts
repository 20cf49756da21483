import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { platformQueueNames, type Redis } from '@chatbot/core';
import { recordAuditEntry } from '@chatbot/db';
import { Queue } from 'bullmq';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError, toApiError } from '../admin/api-error';
import { ADMINS, authorize, READERS, type Principal } from '../admin/auth';
import { authenticateSession, sendApiError, type SessionDeps } from './admin-session';

export interface QueueBoardOptions extends SessionDeps {
  redis: Redis;
  prefix: string;
  channels: string[];
  /** Where the board is mounted, e.g. /admin/queues. */
  basePath: string;
  /** The dashboard page: where a visitor without a session is sent to log in. */
  loginPath: string;
}

/**
 * bull-board (the BullMQ queue dashboard) behind the dashboard's session cookie: any valid key may
 * look, only an admin may act (retry, clean, pause: every non-GET), and each action is audited.
 */
export async function registerQueueBoard(app: FastifyInstance, options: QueueBoardOptions): Promise<void> {
  const queues = platformQueueNames(options.channels).map((name) => new Queue(name, { connection: options.redis, prefix: options.prefix }));
  app.addHook('onClose', async () => {
    await Promise.all(queues.map((queue) => queue.close()));
  });

  const serverAdapter = new FastifyAdapter().setBasePath(options.basePath);
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Chatbot queues', miscLinks: [{ text: 'Admin dashboard', url: options.loginPath }] } },
  });

  const principals = new WeakMap<FastifyRequest, Principal>();
  await app.register(async (scope) => {
    scope.addHook('onRequest', async (request, reply) => {
      try {
        const principal = await authenticateSession(options, request);
        // Jobs hold every conversation's messages: agents, who see conversations through the inbox, do not read them here.
        authorize(principal, READERS);
        if (request.method !== 'GET' && request.method !== 'HEAD') {
          authorize(principal, ADMINS);
          // The cookie rides along with any request to this host: a write must come from the dashboard's own pages.
          assertSameOrigin(request);
        }
        principals.set(request, principal);
      } catch (error) {
        const apiError = toApiError(error);
        // A person opening the board without a session goes to the login page; its scripts get the error.
        const isPage = request.method === 'GET' && !request.url.startsWith(`${options.basePath}/api/`);
        if (apiError.status === 401 && isPage) return reply.redirect(options.loginPath);
        return sendApiError(reply, apiError);
      }
    });
    scope.addHook('onResponse', async (request, reply) => {
      const principal = principals.get(request);
      if (!principal || request.method === 'GET' || request.method === 'HEAD') return;
      await recordAuditEntry(options.db, {
        actor: principal.actor,
        action: 'queue.action',
        target: request.url.split('?')[0]!,
        details: { method: request.method, status: reply.statusCode },
      });
    });
    await scope.register(serverAdapter.registerPlugin(), { prefix: options.basePath });
  });
}

/** Refuses a cookie-authenticated write whose Origin is missing or another site's (cross-site request forgery). */
function assertSameOrigin(request: FastifyRequest): void {
  const origin = request.headers.origin;
  const originHost = origin && URL.canParse(origin) ? new URL(origin).host : undefined;
  // As a URL writes it (no default port), like the Origin header.
  const ownHost = new URL(`${request.protocol}://${request.host}`).host;
  if (originHost !== ownHost) throw new ApiError(403, `cross-site request refused: queue actions must come from the dashboard itself (Origin ${origin ?? 'missing'})`);
}

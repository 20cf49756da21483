import type { FastifyInstance } from 'fastify';
import { ACTION_CONTRACT_SCHEMAS, actionRoutes } from './routes/actions';
import { apiKeyRoutes } from './routes/api-keys';
import { auditLogRoutes } from './routes/audit-log';
import { conversationNoteRoutes } from './routes/conversation-notes';
import { conversationRoutes } from './routes/conversations';
import { deadLetterRoutes } from './routes/dead-letters';
import { endUserRoutes } from './routes/end-users';
import { entityRoutes } from './routes/entities';
import { formRoutes } from './routes/forms';
import { handoffRoutes } from './routes/handoff';
import { inboxRoutes } from './routes/inbox';
import { intentRoutes } from './routes/intents';
import { labelRoutes } from './routes/labels';
import { modelVersionRoutes } from './routes/model-versions';
import { reviewQueueRoutes } from './routes/review-queue';
import { trainingRunRoutes } from './routes/training-runs';
import type { AdminDeps } from './admin/admin-deps';
import { registerAdminRoute, type AnyAdminRoute } from './admin/admin-route';
import { ApiError, toApiError } from './admin/api-error';
import { openApiRoute } from './admin/openapi';

export const ADMIN_API_PREFIX = '/api/v1';

/** Every admin route, one module per resource (a new resource is one file and one line here). */
export function adminRoutes(deps: AdminDeps): AnyAdminRoute[] {
  const routes = [
    ...apiKeyRoutes(deps),
    ...auditLogRoutes(deps),
    ...conversationRoutes(deps),
    ...handoffRoutes(deps),
    ...inboxRoutes(deps),
    ...conversationNoteRoutes(deps),
    ...endUserRoutes(deps),
    ...reviewQueueRoutes(deps),
    ...labelRoutes(deps),
    ...intentRoutes(deps),
    ...formRoutes(deps),
    ...entityRoutes(deps),
    ...actionRoutes(deps),
    ...trainingRunRoutes(deps),
    ...modelVersionRoutes(deps),
    ...deadLetterRoutes(deps),
  ];
  return [...routes, openApiRoute(routes, ADMIN_API_PREFIX, ACTION_CONTRACT_SCHEMAS)];
}

/** Mounts the admin API under /api/v1, with its own JSON error format `{ error: { code, message } }`. */
export async function registerAdminApi(app: FastifyInstance, deps: AdminDeps): Promise<void> {
  await app.register(
    async (scope) => {
      scope.setErrorHandler((error, request, reply) => {
        const apiError = toApiError(error);
        // Refusals the API means to give (even 503 when it is full) are not failures of the API.
        if (apiError.code === 'internal') request.log.error({ err: error }, 'admin API request failed');
        if (apiError.status === 401) void reply.header('www-authenticate', 'Bearer');
        return reply.code(apiError.status).send(apiError.toBody());
      });
      scope.setNotFoundHandler((request, reply) => {
        const apiError = new ApiError(404, `no such endpoint: ${request.method} ${request.url.split('?')[0]} (see ${ADMIN_API_PREFIX}/openapi.json)`);
        return reply.code(404).send(apiError.toBody());
      });
      for (const route of adminRoutes(deps)) registerAdminRoute(scope, deps, route);
    },
    { prefix: ADMIN_API_PREFIX },
  );
}

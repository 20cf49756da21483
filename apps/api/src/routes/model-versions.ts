import { publishPlatformEvent } from '@chatbot/core';
import { activateModelVersion, findRollbackTarget, getActiveModelVersion, listModelVersions, RecordNotFoundError, type ModelVersion } from '@chatbot/db';
import { z } from 'zod';
import type { AdminDeps } from '../admin/admin-deps';
import { defineRoute, type AnyAdminRoute } from '../admin/admin-route';
import { ApiError } from '../admin/api-error';
import { queryInteger } from '../admin/query-params';

/** Trained models: which one serves, promoting another, and rolling back. */
export function modelVersionRoutes(deps: AdminDeps): AnyAdminRoute[] {
  /** Makes `version` the active one and tells every worker to load it. */
  const activate = async (version: string): Promise<ModelVersion> => {
    const activated = await activateModelVersion(deps.db, version);
    await publishPlatformEvent(deps.redis, deps.prefix, 'model.promoted', { version: activated.version, artefactPath: activated.artefactPath });
    return activated;
  };

  return [
    defineRoute({
      method: 'GET',
      path: '/model-versions',
      summary: 'Model versions, newest first, with their evaluation metrics and which one is active',
      query: z.strictObject({ limit: queryInteger(1, 200).default(50) }),
      handler: async ({ query }) => ({ items: await listModelVersions(deps.db, query) }),
    }),
    defineRoute({
      method: 'POST',
      path: '/model-versions/:version/promote',
      summary: 'Make this version the active one; workers swap it in without a restart',
      params: z.strictObject({ version: z.string().min(1).max(100) }),
      handler: async ({ params, audit }) => {
        const previous = await getActiveModelVersion(deps.db);
        const promoted = await activate(params.version);
        await audit('model.promote', promoted.version, { previous: previous?.version ?? null });
        return promoted;
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/model-versions/rollback',
      summary: 'Go back to the version that was active before the current one',
      handler: async ({ audit }) => {
        const previous = await getActiveModelVersion(deps.db);
        const target = await findRollbackTarget(deps.db).catch((error: unknown) => {
          // Nothing earlier was ever promoted: a state the client cannot fix by changing the request.
          throw error instanceof RecordNotFoundError ? new ApiError(409, error.message) : error;
        });
        const activated = await activate(target.version);
        await audit('model.rollback', activated.version, { from: previous?.version ?? null });
        return activated;
      },
    }),
  ];
}

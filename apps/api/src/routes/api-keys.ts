import { createApiKey, CreateApiKeySchema, listApiKeys, revokeApiKey } from '@chatbot/db';
import { z } from 'zod';
import type { AdminDeps } from '../admin/admin-deps';
import { defineRoute, type AnyAdminRoute } from '../admin/admin-route';
import { ADMINS } from '../admin/auth';

/** API keys for people and tools; admins only, even to list them. */
export function apiKeyRoutes(deps: AdminDeps): AnyAdminRoute[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/api-keys',
      summary: 'List API keys (names, roles, revocation; never the keys)',
      access: ADMINS,
      handler: async () => ({ items: await listApiKeys(deps.db) }),
    }),
    defineRoute({
      method: 'POST',
      path: '/api-keys',
      summary:
        'Create an API key (admin, viewer, or agent with the display name end users see); the answer holds the key, which is shown this once and stored only as a hash',
      body: CreateApiKeySchema,
      status: 201,
      handler: async ({ body, audit }) => {
        const { apiKey, key } = await createApiKey(deps.db, body);
        await audit('api-key.create', apiKey.id, { name: apiKey.name, role: apiKey.role, displayName: apiKey.displayName });
        return { ...apiKey, key };
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/api-keys/:id',
      summary: 'Revoke an API key',
      params: z.strictObject({ id: z.string().min(1) }),
      handler: async ({ params, audit }) => {
        const apiKey = await revokeApiKey(deps.db, params.id);
        await audit('api-key.revoke', apiKey.id, { name: apiKey.name });
        return apiKey;
      },
    }),
  ];
}

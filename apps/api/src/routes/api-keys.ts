import { createApiKey, CreateApiKeySchema, listApiKeys, revokeApiKey } from '@chatbot/db';
import { z } from 'zod';
import type { AdminDeps } from '../admin/admin-deps';
import { defineRoute, type AnyAdminRoute } from '../admin/admin-route';

/** API keys for people and tools; admins only, even to list them. */
export function apiKeyRoutes(deps: AdminDeps): AnyAdminRoute[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/api-keys',
      summary: 'List API keys (names, roles, revocation; never the keys)',
      role: 'admin',
      handler: async () => ({ items: await listApiKeys(deps.db) }),
    }),
    defineRoute({
      method: 'POST',
      path: '/api-keys',
      summary: 'Create an API key; the answer holds the key, which is shown this once and stored only as a hash',
      body: CreateApiKeySchema.strict(),
      status: 201,
      handler: async ({ body, audit }) => {
        const { apiKey, key } = await createApiKey(deps.db, body);
        await audit('api-key.create', apiKey.id, { name: apiKey.name, role: apiKey.role });
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

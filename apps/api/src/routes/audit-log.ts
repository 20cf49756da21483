import { listAuditEntries } from '@chatbot/db';
import { z } from 'zod';
import type { AdminDeps } from '../admin/admin-deps';
import { defineRoute, type AnyAdminRoute } from '../admin/admin-route';
import { pagination } from '../admin/query-params';

/** Who changed what, newest first. */
export function auditLogRoutes(deps: AdminDeps): AnyAdminRoute[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/audit-log',
      summary: 'Audit entries (every write through this API), newest first',
      query: z.strictObject({ actor: z.string().min(1).optional(), action: z.string().min(1).optional(), ...pagination }),
      handler: async ({ query }) => ({ items: await listAuditEntries(deps.db, query) }),
    }),
  ];
}

import { ChannelNameSchema } from '@chatbot/core';
import { deleteEndUserData } from '@chatbot/db';
import { z } from 'zod';
import type { AdminDeps } from '../admin/admin-deps';
import { defineRoute, type AnyAdminRoute } from '../admin/admin-route';

/** Privacy requests about one end user. */
export function endUserRoutes(deps: AdminDeps): AnyAdminRoute[] {
  return [
    defineRoute({
      method: 'DELETE',
      path: '/end-users/:channel/:userId',
      summary: 'Delete everything stored about one end user: their conversations, turns and labels',
      params: z.strictObject({ channel: ChannelNameSchema, userId: z.string().min(1).max(200) }),
      handler: async ({ params, audit }) => {
        const deleted = await deleteEndUserData(deps.db, params.channel, params.userId);
        // The audit entry names the user (the request has to be provable) but keeps none of their messages.
        await audit('end-user.delete', `${params.channel}:${params.userId}`, deleted);
        return { deleted };
      },
    }),
  ];
}

import { ChannelNameSchema } from '@chatbot/core';
import { listReviewQueue } from '@chatbot/db';
import { z } from 'zod';
import type { AdminDeps } from '../admin/admin-deps';
import { defineRoute, type AnyAdminRoute } from '../admin/admin-route';
import { pagination, queryBoolean } from '../admin/query-params';
import { ReviewQueueJson } from './response-schemas';

/** User messages the bot did not understand, waiting for a label. */
export function reviewQueueRoutes(deps: AdminDeps): AnyAdminRoute[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/review-queue',
      summary: 'Fallbacks, out-of-scope and unhelpful-marked messages, newest first, with the top-3 guesses and the entities found',
      response: ReviewQueueJson,
      query: z.strictObject({ channel: ChannelNameSchema.optional(), includeLabelled: queryBoolean.default(false), ...pagination }),
      handler: ({ query }) => listReviewQueue(deps.db, query),
    }),
  ];
}

import { InboxChangeSchema } from '@chatbot/core';
import { listInbox } from '@chatbot/db';
import { parseDialogueState } from '@chatbot/dialogue';
import { z } from 'zod';
import type { AdminDeps } from '../admin/admin-deps';
import { defineRoute, type AnyAdminRoute } from '../admin/admin-route';
import { ApiError } from '../admin/api-error';
import { CONVERSATION_READERS } from '../admin/auth';
import { pagination } from '../admin/query-params';
import { InboxJson } from './response-schemas';

/** The agent inbox: conversations waiting for a person, and its changes live (claiming and answering them: handoff.ts). */
export function inboxRoutes(deps: AdminDeps): AnyAdminRoute[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/inbox',
      summary:
        "Conversations waiting for a person, longest waiting first: since when, channel, language, the model's guesses for the newest message, the slots collected, who claimed it",
      access: CONVERSATION_READERS,
      query: z.strictObject(pagination),
      response: InboxJson,
      handler: async ({ query }) => {
        const { items, total } = await listInbox(deps.db, query);
        return {
          // Read as the worker reads it (none before any form), so junk left in the column (a bad slot) is not shown as collected.
          items: items.map(({ dialogueState, ...item }) => ({ ...item, slots: parseDialogueState(dialogueState).slots })),
          total,
        };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/inbox/events',
      summary:
        'The inbox live, as server-sent events: `ready` when the stream starts (or comes back after the API lost Redis): read GET /inbox now; ' +
        `\`inbox.changed\` with \`{ conversationId, change }\` (${InboxChangeSchema.options.join(', ')}) whenever any process changes one: read it again. ` +
        'A comment line every 25 s keeps proxies from closing it',
      access: CONVERSATION_READERS,
      eventStream: true,
      handler: async ({ principal }) => {
        const stream = deps.inboxEvents.open();
        if (stream) return stream;
        deps.logger.warn({ actor: principal.actor, clients: deps.inboxEvents.clientCount }, 'refused an inbox event stream: INBOX_STREAM_MAX_CLIENTS are open');
        throw new ApiError(503, 'this API process streams the inbox to as many dashboards as it may (INBOX_STREAM_MAX_CLIENTS); try again shortly');
      },
    }),
  ];
}

import { ChannelNameSchema } from '@chatbot/core';
import { getConversationWithTurns, listActionCalls, listConversations, type StoredActionCall } from '@chatbot/db';
import { parseDialogueState } from '@chatbot/dialogue';
import { z } from 'zod';
import type { AdminDeps } from '../admin/admin-deps';
import { defineRoute, type AnyAdminRoute } from '../admin/admin-route';
import { CONVERSATION_READERS } from '../admin/auth';
import { pagination, queryDate, queryNumber } from '../admin/query-params';
import { ConversationWithTurnsJson } from './response-schemas';

export const ConversationParams = z.strictObject({ id: z.string().min(1) });

/** An action call as the conversation view shows it: an allow-list, so what the worker keeps for itself stays there. */
function actionCallView(call: StoredActionCall) {
  const { id, inboundTurnId, action, status, attempts, httpStatus, latencyMs, response, error, interimSentAt, createdAt, finishedAt } = call;
  return { id, inboundTurnId, action, status, attempts, httpStatus, latencyMs, response, error, interimSentAt, createdAt, finishedAt };
}

/** Browsing conversations; agents may too (the human handoff: handoff.ts; internal notes: conversation-notes.ts). */
export function conversationRoutes(deps: AdminDeps): AnyAdminRoute[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/conversations',
      summary: 'List conversations, most recently active first, filtered and searched',
      access: CONVERSATION_READERS,
      query: z.strictObject({
        channel: ChannelNameSchema.optional(),
        status: z.enum(['open', 'handed_off', 'closed']).optional(),
        intent: z.string().min(1).max(100).optional(),
        maxConfidence: queryNumber(0, 1).optional(),
        from: queryDate.optional(),
        to: queryDate.optional(),
        q: z.string().trim().min(1).max(200).optional(),
        ...pagination,
      }),
      handler: ({ query }) => listConversations(deps.db, query),
    }),
    defineRoute({
      method: 'GET',
      path: '/conversations/:id',
      summary:
        'One conversation with all its turns (their labels, the entities found in each user message, what the dialogue policy did, the buttons of each reply), what it has collected (slots, the active form) and the actions called for it',
      access: CONVERSATION_READERS,
      params: ConversationParams,
      response: ConversationWithTurnsJson,
      handler: async ({ params }) => {
        const conversation = await getConversationWithTurns(deps.db, params.id);
        const actionCalls = (await listActionCalls(deps.db, conversation.id)).map(actionCallView);
        // Read as the worker reads it, so junk left in the column (a bad slot) is not shown as collected.
        return { ...conversation, dialogueState: conversation.dialogueState === null ? null : parseDialogueState(conversation.dialogueState), actionCalls };
      },
    }),
  ];
}

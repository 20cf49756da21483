import { ChannelNameSchema, agentReplyJobId } from '@chatbot/core';
import {
  AgentReplyTextSchema,
  getConversationWithTurns,
  listActionCalls,
  listConversations,
  recordAgentReply,
  setConversationStatus,
  type ConversationStatus,
  type StoredActionCall,
} from '@chatbot/db';
import { parseDialogueState } from '@chatbot/dialogue';
import { z } from 'zod';
import type { AdminDeps } from '../admin/admin-deps';
import { defineRoute, type AnyAdminRoute } from '../admin/admin-route';
import { pagination, queryDate, queryNumber } from '../admin/query-params';
import { ConversationWithTurnsJson } from './response-schemas';

const ConversationParams = z.strictObject({ id: z.string().min(1) });

/** An action call as the conversation view shows it: an allow-list, so what the worker keeps for itself stays there. */
function actionCallView(call: StoredActionCall) {
  const { id, inboundTurnId, action, status, attempts, httpStatus, latencyMs, response, error, interimSentAt, createdAt, finishedAt } = call;
  return { id, inboundTurnId, action, status, attempts, httpStatus, latencyMs, response, error, interimSentAt, createdAt, finishedAt };
}

/** Browsing conversations, and the human handoff: reply into one, hand it off, release it. */
export function conversationRoutes(deps: AdminDeps): AnyAdminRoute[] {
  const statusChange = (path: string, status: ConversationStatus, summary: string) =>
    defineRoute({
      method: 'POST',
      path: `/conversations/:id/${path}`,
      summary,
      params: ConversationParams,
      handler: async ({ params, audit }) => {
        await setConversationStatus(deps.db, params.id, status);
        await audit(`conversation.${path}`, params.id, { status });
        return { id: params.id, status };
      },
    });

  return [
    defineRoute({
      method: 'GET',
      path: '/conversations',
      summary: 'List conversations, most recently active first, filtered and searched',
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
      params: ConversationParams,
      response: ConversationWithTurnsJson,
      handler: async ({ params }) => {
        const conversation = await getConversationWithTurns(deps.db, params.id);
        const actionCalls = (await listActionCalls(deps.db, conversation.id)).map(actionCallView);
        // Read as the worker reads it, so junk left in the column (a bad slot) is not shown as collected.
        return { ...conversation, dialogueState: conversation.dialogueState === null ? null : parseDialogueState(conversation.dialogueState), actionCalls };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/conversations/:id/replies',
      summary: "Send a human agent's reply into the conversation's channel",
      params: ConversationParams,
      body: z.strictObject({ text: AgentReplyTextSchema }),
      status: 201,
      handler: async ({ params, body, audit }) => {
        const { conversation, turn } = await recordAgentReply(deps.db, params.id, body.text);
        const jobId = agentReplyJobId(turn.id);
        await deps.queues.replies.publish({
          id: turn.id,
          channel: conversation.channel,
          conversationKey: conversation.conversationKey,
          replyTo: null,
          text: turn.text,
          kind: 'agent',
          language: conversation.language,
          idempotencyKey: jobId,
          // Adapters address a reply from conversationKey (channel + workspace + thread, or web session);
          // inbound metadata is not stored, so there is none to copy.
          metadata: {},
          createdAt: turn.createdAt.toISOString(),
        });
        await audit('conversation.reply', conversation.id, { turnId: turn.id, jobId });
        return { turn, jobId };
      },
    }),
    statusChange('handoff', 'handed_off', 'Hand the conversation to a human: the bot stays silent until it is released'),
    statusChange('release', 'open', 'Give the conversation back to the bot'),
  ];
}

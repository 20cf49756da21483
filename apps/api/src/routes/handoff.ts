import { agentReplyJobId } from '@chatbot/core';
import { AgentReplyTextSchema, claimConversation, closeConversation, CloseReasonSchema, recordAgentReply, releaseConversation, setConversationStatus } from '@chatbot/db';
import { z } from 'zod';
import type { AdminDeps } from '../admin/admin-deps';
import { defineRoute, type AnyAdminRoute } from '../admin/admin-route';
import { AGENTS, HANDLERS } from '../admin/auth';
import { announceInboxChange } from '../admin/inbox-changed';
import { ConversationParams } from './conversations';

/**
 * The human handoff: hand a conversation to people, claim it, answer it, give it back to the bot or
 * close it. A claim keeps other agents out (409 naming who has it); admins stand in for agents and
 * are not stopped by claims. Each change is announced to the dashboards' live inbox.
 */
export function handoffRoutes(deps: AdminDeps): AnyAdminRoute[] {
  return [
    defineRoute({
      method: 'POST',
      path: '/conversations/:id/handoff',
      summary: 'Hand the conversation to a human: the bot stays silent until it is released, and it waits in the inbox',
      params: ConversationParams,
      handler: async ({ params, audit }) => {
        await setConversationStatus(deps.db, params.id, 'handed_off');
        await audit('conversation.handoff', params.id, { status: 'handed_off' });
        await announceInboxChange(deps, params.id, 'handed_off');
        return { id: params.id, status: 'handed_off' };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/conversations/:id/claim',
      summary: 'Claim a handed-off conversation for the calling agent (atomic: of two agents claiming at once, the other gets 409 naming who has it)',
      access: AGENTS,
      params: ConversationParams,
      handler: async ({ params, principal, audit }) => {
        const claim = await claimConversation(deps.db, params.id, principal.agent!); // AGENTS only: an agent key
        await audit('conversation.claim', params.id, { claimedBy: claim.claimedBy });
        await announceInboxChange(deps, params.id, 'claimed');
        return claim;
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/conversations/:id/replies',
      summary:
        "Send a human's reply into the conversation's channel. An agent's needs the conversation handed off and not claimed by another agent (409), claims it, and carries the agent's display name",
      access: HANDLERS,
      params: ConversationParams,
      body: z.strictObject({ text: AgentReplyTextSchema }),
      status: 201,
      handler: async ({ params, body, principal, audit }) => {
        const { conversation, turn, waitedMs } = await recordAgentReply(deps.db, params.id, body.text, principal.agent ?? null);
        const jobId = agentReplyJobId(turn.id);
        await deps.queues.replies.publish({
          id: turn.id,
          channel: conversation.channel,
          conversationKey: conversation.conversationKey,
          replyTo: null,
          text: turn.text,
          kind: 'agent',
          ...(turn.agentName === null ? {} : { agentName: turn.agentName }),
          language: conversation.language,
          idempotencyKey: jobId,
          // Adapters address a reply from conversationKey (channel + workspace + thread, or web session);
          // inbound metadata is not stored, so there is none to copy.
          metadata: {},
          createdAt: turn.createdAt.toISOString(),
        });
        if (waitedMs !== null) deps.metrics.observeAgentFirstReply(waitedMs);
        await audit('conversation.reply', conversation.id, { turnId: turn.id, jobId });
        await announceInboxChange(deps, conversation.id, 'replied');
        return { turn, jobId };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/conversations/:id/release',
      summary: 'Give the conversation back to the bot (its claim ends). An agent may release only a handed-off conversation that nobody else claimed',
      access: HANDLERS,
      params: ConversationParams,
      handler: async ({ params, principal, audit }) => {
        await releaseConversation(deps.db, params.id, principal.agent ?? null);
        await audit('conversation.release', params.id, { status: 'open' });
        await announceInboxChange(deps, params.id, 'released');
        return { id: params.id, status: 'open' };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/conversations/:id/close',
      summary: "Close the conversation with a reason (its claim ends; the user's next message reaches the bot). Agents: as for release",
      access: HANDLERS,
      params: ConversationParams,
      body: z.strictObject({ reason: CloseReasonSchema }),
      handler: async ({ params, body, principal, audit }) => {
        const closed = await closeConversation(deps.db, params.id, body.reason, principal.agent ?? null);
        await audit('conversation.close', params.id, { reason: closed.closedReason });
        await announceInboxChange(deps, params.id, 'closed');
        return { id: closed.id, status: closed.status, closedReason: closed.closedReason };
      },
    }),
  ];
}

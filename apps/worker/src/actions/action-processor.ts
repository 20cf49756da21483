import type { Job } from 'bullmq';
import type { ActionCallOutcome, ActionConfig } from '@chatbot/actions';
import type { ActionRequest } from '@chatbot/actions-sdk';
import {
  ActionJobSchema,
  ActionReplyContextSchema,
  renderTemplate,
  type CatalogueLanguage,
  type ConversationSequence,
  type InboundMessage,
  type InboxEvent,
  type Logger,
  type OutboundDraft,
} from '@chatbot/core';
import { StoredEntitySchema, beginActionCall, findExchange, markInterimSent, recordActionReply, type Db } from '@chatbot/db';
import { parseDialogueState } from '@chatbot/dialogue';
import type { BotCatalogue } from '../bot-catalogue';
import { replyLanguage } from '../reply-chooser';
import { enqueueReply, enqueueStoredReply, replyKey } from '../stored-reply';
import type { WorkerMetrics } from '../worker-metrics';
import { buildActionRequest, HISTORY_TURNS } from './action-request';
import { composeActionReply, type ActionResult } from './action-reply';
import { INTERIM_TEXT } from './action-texts';

export interface ActionProcessorDeps {
  db: Db;
  sequence: Pick<ConversationSequence, 'markDone'>;
  catalogue: () => BotCatalogue;
  /** Calls the action (ActionCaller#call): never throws, every failure is an outcome. */
  callAction: (config: ActionConfig, request: ActionRequest) => Promise<ActionCallOutcome>;
  publishReply: (reply: OutboundDraft) => Promise<unknown>;
  /** Tells the agents' live inbox that the action's answer handed the conversation off (the `inbox.changed` platform event). */
  announceInboxChange: (event: InboxEvent) => Promise<unknown>;
  metrics: WorkerMetrics;
  logger: Logger;
}

/**
 * Answers a message through its action: calls the business's endpoint (an interim "Let me check..."
 * if it is slow), turns the answer (or the failure) into the reply, stores it with the call's outcome
 * and the new dialogue state in one transaction, queues it, and lets the conversation's next message
 * go. Safe to run twice: a call already finished is not made again, its stored reply is re-sent; a
 * call started by a job that died is made again only if the action allows it (repeatOnRetry).
 */
export function createActionProcessor(deps: ActionProcessorDeps) {
  return async function processAction(job: Job): Promise<{ status: string }> {
    const { actionCallId, message } = ActionJobSchema.parse(job.data);
    const log = deps.logger.child({ conversationId: message.conversationKey, messageId: message.id, jobId: job.id });
    const { call, inboundTurn, conversation, history } = await beginActionCall(deps.db, actionCallId, message, HISTORY_TURNS);
    if (call.status !== 'pending') {
      log.info({ action: call.action, status: call.status }, 'action call was finished before (retry); re-sending its reply');
      const exchange = await findExchange(deps.db, message.channel, message.nativeMessageId);
      if (exchange) await enqueueStoredReply(deps.publishReply, message, exchange);
      await deps.sequence.markDone(message.conversationKey, message.seq);
      return { status: call.status };
    }

    const bot = deps.catalogue();
    const language = replyLanguage(conversation.language);
    const state = parseDialogueState(conversation.dialogueState);
    const config = bot.actions.get(call.action);
    let result: ActionResult;
    if (!config) result = { status: 'not_configured' };
    else if (call.attempts > 0 && !config.repeatOnRetry) result = { status: 'not_repeated' };
    else {
      const entities = StoredEntitySchema.array().safeParse(inboundTurn.entities);
      const request = buildActionRequest({
        action: call.action,
        message,
        language,
        intent: { name: inboundTurn.intent, confidence: inboundTurn.confidence ?? 0 },
        entities: entities.success ? entities.data : [],
        state,
        form: formOf(inboundTurn.dialogueEvents),
        history,
      });
      const interim = call.interimSentAt === null ? scheduleInterim(deps, config, message, language, actionCallId) : null;
      const stopTimer = deps.metrics.actionCallDuration.startTimer({ action: call.action });
      result = await deps.callAction(config, request);
      stopTimer();
      await interim?.settle();
    }
    deps.metrics.actionCalls.inc({ action: call.action, status: result.status });
    const failure = result.status === 'ok' || result.status === 'not_configured' ? null : result;
    if (failure)
      log.warn({ action: call.action, status: failure.status, error: 'error' in failure ? failure.error : undefined }, 'action call failed; the user gets an apology');

    const reply = composeActionReply({
      result,
      context: ActionReplyContextSchema.parse(call.replyContext),
      state,
      language,
      bot,
      messageId: message.id,
      now: new Date(),
    });
    const text = renderTemplate(reply.template, reply.variables);
    const template = Object.keys(reply.variables).length > 0 ? { template: reply.template, variables: reply.variables } : null;
    const buttons = reply.buttons.length > 0 ? reply.buttons : null;
    const recorded = await recordActionReply(
      deps.db,
      {
        actionCallId,
        status: result.status,
        httpStatus: 'httpStatus' in result ? result.httpStatus : null,
        latencyMs: 'latencyMs' in result ? result.latencyMs : null,
        response: result.status === 'ok' ? result.response : null,
        error: 'error' in result ? result.error : null,
        reply: {
          text,
          kind: reply.kind,
          latencyMs: Date.now() - new Date(message.receivedAt).getTime(),
          template,
          buttons,
        },
        dialogueState: reply.state,
        handoff: reply.handoff,
      },
      inboundTurn,
    );
    // Written now: sent as written. Written by an earlier job (a retry): sent as it was stored then.
    if (recorded.created) {
      const written = { id: recorded.replyTurnId, kind: reply.kind, text, replyTemplate: template, buttons };
      await enqueueReply(deps.publishReply, message, written, { inboundTurn, language: conversation.language });
    } else await enqueueStoredReply(deps.publishReply, message, recorded.exchange);
    if (recorded.created && reply.handoff) {
      deps.metrics.handoffs.inc({ channel: message.channel });
      await deps.announceInboxChange({ conversationId: conversation.id, change: 'handed_off' });
    }
    await deps.sequence.markDone(message.conversationKey, message.seq);
    deps.metrics.messagesProcessed.inc({ channel: message.channel, outcome: reply.handoff ? 'handoff' : failure ? 'action_failed' : 'action' });
    deps.metrics.replyLatency.observe({ channel: message.channel }, (Date.now() - new Date(message.receivedAt).getTime()) / 1000);
    log.info({ action: call.action, status: result.status, latencyMs: 'latencyMs' in result ? result.latencyMs : null }, 'message answered by its action');
    return { status: result.status };
  };
}

/** The form whose completion named the action, from the turn's dialogue events (null when an intent named it). */
function formOf(events: unknown): string | null {
  if (!Array.isArray(events)) return null;
  const requested = events.find((event): event is { type: 'action_requested'; intent: string } => event?.type === 'action_requested' && typeof event.intent === 'string');
  return requested?.intent ?? null;
}

/**
 * After the action's interimAfterMs without an answer, tells the user the bot is on it, once per
 * message (a retried job that sent it already does not send it again). `settle` cancels it if it has
 * not gone, or waits until it has, so it never arrives after the answer.
 */
function scheduleInterim(deps: ActionProcessorDeps, config: ActionConfig, message: InboundMessage, language: CatalogueLanguage, actionCallId: string) {
  if (config.interimAfterMs === 0) return null;
  let sending: Promise<void> | null = null;
  const timer = setTimeout(() => {
    sending = deps
      .publishReply({
        id: crypto.randomUUID(),
        channel: message.channel,
        conversationKey: message.conversationKey,
        replyTo: message.nativeMessageId,
        text: INTERIM_TEXT[language],
        kind: 'bot',
        language,
        idempotencyKey: `${replyKey(message)}.interim`,
        metadata: message.metadata,
        createdAt: new Date().toISOString(),
      })
      .then(() => markInterimSent(deps.db, actionCallId, new Date()))
      .then(() => deps.metrics.interimMessages.inc({ action: config.name }))
      .catch((err: unknown) => deps.logger.warn({ err, action: config.name }, 'could not send the interim message'));
  }, config.interimAfterMs);
  return {
    async settle(): Promise<void> {
      clearTimeout(timer);
      await sending;
    },
  };
}

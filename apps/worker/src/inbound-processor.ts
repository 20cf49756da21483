import { DelayedError, type Job } from 'bullmq';
import {
  type ActionJob,
  type ConversationSequence,
  InboundMessageSchema,
  renderTemplate,
  type InboundMessage,
  type InboxEvent,
  type Logger,
  type OutboundDraft,
} from '@chatbot/core';
import { getConversationState, recordExchange, setConversationStatus, type ConversationState, type Db } from '@chatbot/db';
import { emptyDialogueState, parseDialogueState } from '@chatbot/dialogue';
import type { Prediction } from '@chatbot/model';
import type { BotCatalogue } from './bot-catalogue';
import { chosenButtonText } from './button-choice';
import { composeReply, deferredReply, runDialogue, type ComposedReply } from './dialogue-turn';
import { HANDOFF_ENTRY, shouldHandOff } from './handoff-policy';
import { replyToPrediction } from './prediction-reply';
import { answerLanguage } from './reply-chooser';
import { enqueueStoredReply } from './stored-reply';
import type { WorkerMetrics } from './worker-metrics';

export interface InboundProcessorDeps {
  db: Db;
  /** The conversation's message order (Redis in the worker; `pnpm bot test` runs a story's steps in order itself). */
  sequence: Pick<ConversationSequence, 'check' | 'markDone'>;
  classify: (text: string) => Promise<{ prediction: Prediction; modelVersion: string }>;
  /** The bot's replies, forms and entities as they are now (refreshed when an admin edits them). */
  catalogue: () => BotCatalogue;
  /** The IANA time zone the bot reads dates in ("tomorrow at 3"); UTC by default. */
  timeZone?: string;
  /** Queues a reply on its channel's outbound queue (core's OutboundPublisher). */
  publishReply: (reply: OutboundDraft) => Promise<unknown>;
  /** Queues a message whose reply an action gives, and hands its place in the conversation's order to that job (core's ActionPublisher). */
  publishAction: (job: ActionJob, inboundJobId: string) => Promise<unknown>;
  /** Tells the agents' live inbox that a conversation was handed off or its user wrote to the person who has it (the `inbox.changed` platform event). */
  announceInboxChange: (event: InboxEvent) => Promise<unknown>;
  metrics: WorkerMetrics;
  logger: Logger;
  /** How long to wait before retrying a message whose predecessor in the conversation is unanswered. */
  orderRetryMs?: number;
}

/**
 * Answers one inbound message: waits for its turn in the conversation, classifies it,
 * chooses the reply, stores both turns in one transaction and queues the reply.
 * Human handoff: a user asking for a human, or a second fallback in a row, gets the handoff
 * notice (a 'system' reply) and the conversation is marked handed_off; while it is, the bot
 * stores the user's messages but stays silent (an agent answers through the API).
 * Safe to run twice for the same message (a retry after a crash): the stored exchange
 * is found and its reply re-queued under the same job id, so the user sees one reply.
 */
export function createInboundProcessor(deps: InboundProcessorDeps) {
  return async function processInbound(job: Job, token?: string): Promise<{ replyTurnId: string | null; duplicate: boolean }> {
    const message = InboundMessageSchema.parse(job.data);
    const log = deps.logger.child({ conversationId: message.conversationKey, messageId: message.id, jobId: job.id });

    const turn = await waitForTurn(deps, message);
    if (turn === 'wait' || turn === 'busy') {
      await job.moveToDelayed(Date.now() + (deps.orderRetryMs ?? 20), token);
      throw new DelayedError();
    }

    const state = await getConversationState(deps.db, message.channel, message.conversationKey);
    const understood = withChosenButton(message, state);
    const { prediction, modelVersion } = await deps.classify(understood.text);
    const bot = deps.catalogue();
    const language = answerLanguage(prediction.language, state?.language);
    // While a person has the conversation, the bot only stores what the user says.
    const silent = state?.status === 'handed_off';
    const dialogue = silent ? null : runDialogue(bot, { storedState: state?.dialogueState, message: understood, prediction, language, timeZone: deps.timeZone ?? 'UTC' });
    // The dialogue layer owns the turn when a form is involved; otherwise the bot answers the intent as before.
    const owned = dialogue?.decision.handled === true;
    const handOff = owned ? dialogue.decision.handoff : !silent && shouldHandOff(prediction, state?.lastUserTurn ?? null);
    const slots = dialogue?.decision.state ?? emptyDialogueState();
    // The bot's answer, unless it stays silent or hands off: the policy's when it took the turn, else the prediction's.
    const answer = silent || handOff ? null : (owned && dialogue.decision.reply) || replyToPrediction(bot, prediction, slots, language, message.id);
    // An answer that is an action's (a completed form's, or an intent's) is given by an action job, after the turn is stored.
    const deferred = deferredReply(bot, answer, slots, language, message.id);
    const reply: (ComposedReply & { kind: 'bot' | 'system' }) | null = handOff
      ? { ...composeReply(bot, { kind: 'intent', intent: HANDOFF_ENTRY }, slots, language, message.id), kind: 'system' }
      : answer && !deferred
        ? { ...composeReply(bot, answer, slots, language, message.id), kind: 'bot' }
        : null;
    const latencyMs = Date.now() - new Date(message.receivedAt).getTime();
    const stored = await recordExchange(deps.db, {
      channel: message.channel,
      conversationKey: message.conversationKey,
      user: message.user,
      language,
      inbound: {
        id: message.id,
        nativeMessageId: message.nativeMessageId,
        text: message.text,
        receivedAt: new Date(message.receivedAt),
        intent: prediction.intent,
        confidence: prediction.confidence,
        outOfScope: prediction.outOfScope,
        topIntents: prediction.top,
        modelVersion,
        entities: dialogue?.entities ?? null,
        dialogueEvents: owned ? dialogue.decision.events : null,
      },
      // Written whenever the policy ran on a conversation with a state (slots expire) or took the turn.
      ...(dialogue && (owned || state?.dialogueState) ? { dialogueState: dialogue.decision.state } : {}),
      pendingAction: deferred && { action: deferred.action, replyContext: deferred.context },
      reply: reply && {
        text: renderTemplate(reply.template, reply.variables),
        kind: reply.kind,
        latencyMs,
        template: Object.keys(reply.variables).length > 0 ? { template: reply.template, variables: reply.variables } : null,
        buttons: reply.buttons.length > 0 ? reply.buttons : null,
      },
    });
    const { replyTurn } = stored;
    if (!stored.created) {
      // Handled before (a retry after a crash): nothing new was stored; re-send the stored reply.
      log.info('message was handled before (retry); re-sending the stored reply, if any');
      // The handoff notice was stored but the crash may have come before the status change.
      if (replyTurn?.kind === 'system' && stored.conversation.status === 'open') await handOffConversation(deps, stored.conversation.id, message.channel);
      // The crash may have come before the action job was queued: queue it (once: its id is fixed); it answers and moves the conversation on.
      if (stored.actionCall?.status === 'pending') {
        await deps.publishAction({ actionCallId: stored.actionCall.id, message }, String(job.id));
        return { replyTurnId: null, duplicate: true };
      }
      await enqueueStoredReply(deps.publishReply, message, stored);
      await deps.sequence.markDone(message.conversationKey, message.seq);
      deps.metrics.messagesProcessed.inc({ channel: message.channel, outcome: 'duplicate' });
      return { replyTurnId: replyTurn?.id ?? null, duplicate: true };
    }
    if (handOff) await handOffConversation(deps, stored.conversation.id, message.channel);
    else if (silent) await deps.announceInboxChange({ conversationId: stored.conversation.id, change: 'user_message' });
    if (stored.actionCall) {
      await deps.publishAction({ actionCallId: stored.actionCall.id, message }, String(job.id));
      deps.metrics.messagesProcessed.inc({ channel: message.channel, outcome: 'action' });
      log.info(
        { intent: prediction.intent, confidence: prediction.confidence, modelVersion, action: stored.actionCall.action },
        'message stored; an action will answer it',
      );
      return { replyTurnId: null, duplicate: false };
    }
    await enqueueStoredReply(deps.publishReply, message, stored);
    await deps.sequence.markDone(message.conversationKey, message.seq);

    const outcome = silent ? 'silent' : handOff ? 'handoff' : reply?.source === 'form' ? 'form' : reply?.source === prediction.intent ? 'answered' : 'fallback';
    deps.metrics.messagesProcessed.inc({ channel: message.channel, outcome });
    deps.metrics.replyLatency.observe({ channel: message.channel }, (Date.now() - new Date(message.receivedAt).getTime()) / 1000);
    log.info(
      { intent: prediction.intent, confidence: prediction.confidence, outOfScope: prediction.outOfScope, modelVersion, outcome },
      silent ? 'message stored; an agent has this conversation' : 'message answered',
    );
    return { replyTurnId: replyTurn?.id ?? null, duplicate: false };
  };
}

/** Gives the conversation to people: the inbox is told at once, and the handoff is counted for /metrics. */
async function handOffConversation(deps: InboundProcessorDeps, conversationId: string, channel: string): Promise<void> {
  await setConversationStatus(deps.db, conversationId, 'handed_off');
  await deps.announceInboxChange({ conversationId, change: 'handed_off' });
  deps.metrics.handoffs.inc({ channel });
}

/**
 * The message as the bot should understand it: a bare number typed after a reply with buttons is that
 * button's text (see chosenButtonText), unless a form is asking for something (where "2" is an answer).
 * The turn stores what the user typed.
 */
function withChosenButton(message: InboundMessage, state: ConversationState | null): InboundMessage {
  if (!state?.lastUserTurn || parseDialogueState(state.dialogueState).form !== null) return message;
  const chosen = chosenButtonText(message.text, state.lastUserTurn.replyButtons);
  return chosen === null ? message : { ...message, text: chosen };
}

/**
 * How long a message whose predecessor is being answered right now waits in hand (checking every
 * 10 ms) before it is put back as a delayed job. Put back, it would rejoin the queue behind the whole
 * backlog (after an outage: thousands of jobs) and its conversation would crawl.
 */
const ORDER_WAIT_MS = 250;

/**
 * The message's turn in its conversation. While an earlier message is being answered right now (the
 * usual case: the previous job of the conversation is in another slot), it waits in hand, up to
 * ORDER_WAIT_MS; an earlier message that is merely queued (or held by a worker that died) is not
 * worth holding a slot for.
 */
async function waitForTurn(deps: InboundProcessorDeps, message: InboundMessage): Promise<'ready' | 'busy' | 'wait' | 'done'> {
  const check = () => deps.sequence.check(message.conversationKey, message.seq, new Date(message.receivedAt));
  const giveUpAt = Date.now() + ORDER_WAIT_MS;
  let turn = await check();
  while (turn === 'busy' && Date.now() < giveUpAt) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    turn = await check();
  }
  return turn;
}

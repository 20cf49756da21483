import { DelayedError, type Job } from 'bullmq';
import {
  type ConversationSequence,
  InboundMessageSchema,
  inboundJobId,
  outboundJobId,
  renderTemplate,
  type InboundMessage,
  type Logger,
  type OutboundDraft,
} from '@chatbot/core';
import { getConversationState, recordExchange, ReplyTemplateSchema, setConversationStatus, type Db, type Exchange, type Turn } from '@chatbot/db';
import { emptyDialogueState, type Reply } from '@chatbot/dialogue';
import type { Prediction } from '@chatbot/model';
import type { BotCatalogue } from './bot-catalogue';
import { composeReply, runDialogue, type ComposedReply } from './dialogue-turn';
import { HANDOFF_ENTRY, shouldHandOff } from './handoff-policy';
import { answerLanguage, FALLBACK_INTENT } from './reply-chooser';
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
    const { prediction, modelVersion } = await deps.classify(message.text);
    const bot = deps.catalogue();
    const language = answerLanguage(prediction.language, state?.language);
    // While a person has the conversation, the bot only stores what the user says.
    const silent = state?.status === 'handed_off';
    const dialogue = silent ? null : runDialogue(bot, { storedState: state?.dialogueState, message, prediction, language, timeZone: deps.timeZone ?? 'UTC' });
    // The dialogue layer owns the turn when a form is involved; otherwise the bot answers the intent as before.
    const owned = dialogue?.decision.handled === true;
    const handOff = owned ? dialogue.decision.handoff : !silent && shouldHandOff(prediction, state?.lastUserTurn ?? null);
    const slots = dialogue?.decision.state ?? emptyDialogueState();
    const reply: (ComposedReply & { kind: 'bot' | 'system' }) | null = silent
      ? null
      : handOff
        ? { ...composeReply(bot, { kind: 'intent', intent: HANDOFF_ENTRY }, slots, language, message.id), kind: 'system' }
        : { ...composeReply(bot, (owned && dialogue.decision.reply) || replyToPrediction(prediction), slots, language, message.id), kind: 'bot' };
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
      reply: reply && {
        text: renderTemplate(reply.template, reply.variables),
        kind: reply.kind,
        latencyMs,
        template: Object.keys(reply.variables).length > 0 ? { template: reply.template, variables: reply.variables } : null,
      },
    });
    const { replyTurn } = stored;
    if (!stored.created) {
      // Handled before (a retry after a crash): nothing new was stored; re-send the stored reply.
      log.info('message was handled before (retry); re-sending the stored reply, if any');
      // The handoff notice was stored but the crash may have come before the status change.
      if (replyTurn?.kind === 'system' && stored.conversation.status === 'open') await setConversationStatus(deps.db, stored.conversation.id, 'handed_off');
      await enqueueStoredReply(deps, message, stored);
      await deps.sequence.markDone(message.conversationKey, message.seq);
      deps.metrics.messagesProcessed.inc({ channel: message.channel, outcome: 'duplicate' });
      return { replyTurnId: replyTurn?.id ?? null, duplicate: true };
    }
    if (handOff) await setConversationStatus(deps.db, stored.conversation.id, 'handed_off');
    await enqueueStoredReply(deps, message, stored);
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

/** Queues the stored reply of an exchange (none when the bot stayed silent), under the message's reply key. */
async function enqueueStoredReply(deps: InboundProcessorDeps, message: InboundMessage, { replyTurn, inboundTurn, conversation }: Exchange): Promise<void> {
  if (!replyTurn) return;
  const idempotencyKey = outboundJobId(inboundJobId(message.channel, message.nativeMessageId));
  await deps.publishReply({
    id: replyTurn.id,
    channel: message.channel,
    conversationKey: message.conversationKey,
    replyTo: message.nativeMessageId,
    // A reply with the user's values goes as its template, for the channel to escape them into.
    ...storedReplyText(replyTurn),
    kind: replyTurn.kind === 'system' ? 'system' : 'bot',
    intent: inboundTurn.intent,
    confidence: inboundTurn.confidence,
    modelVersion: inboundTurn.modelVersion,
    language: conversation.language,
    idempotencyKey,
    metadata: message.metadata,
    createdAt: new Date().toISOString(),
  });
}

/** The text to send for a stored reply turn: its template and values, or its plain text. */
function storedReplyText(replyTurn: Turn): { text: string; variables: Record<string, string> } {
  const template = ReplyTemplateSchema.safeParse(replyTurn.replyTemplate);
  return template.success ? { text: template.data.template, variables: template.data.variables } : { text: replyTurn.text, variables: {} };
}

/** The catalogue reply for a prediction the dialogue layer did not take: its intent's, or the fallback. */
function replyToPrediction(prediction: Prediction): Reply {
  return { kind: 'intent', intent: prediction.outOfScope || !prediction.intent ? FALLBACK_INTENT : prediction.intent };
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

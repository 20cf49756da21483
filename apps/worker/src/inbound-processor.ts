import { DelayedError, type Job, type Queue } from 'bullmq';
import {
  ConversationSequence,
  InboundMessageSchema,
  inboundJobId,
  outboundJobId,
  type InboundMessage,
  type Logger,
  type OutboundMessage,
} from '@chatbot/core';
import { findExchange, recordExchange, type Db } from '@chatbot/db';
import type { Prediction } from '@chatbot/model';
import { chooseReply, type ReplyCatalogue } from './reply-chooser';
import type { WorkerMetrics } from './worker-metrics';

export interface InboundProcessorDeps {
  db: Db;
  sequence: ConversationSequence;
  classify: (text: string) => Promise<{ prediction: Prediction; modelVersion: string }>;
  catalogue: () => ReplyCatalogue;
  outboundQueue: (channel: string) => Queue;
  metrics: WorkerMetrics;
  logger: Logger;
  /** How long to wait before retrying a message whose predecessor in the conversation is unanswered. */
  orderRetryMs?: number;
}

/**
 * Answers one inbound message: waits for its turn in the conversation, classifies it,
 * chooses the reply, stores both turns in one transaction and queues the reply.
 * Safe to run twice for the same message (a retry after a crash): the stored exchange
 * is found and its reply re-queued under the same job id, so the user sees one reply.
 */
export function createInboundProcessor(deps: InboundProcessorDeps) {
  return async function processInbound(job: Job, token?: string): Promise<{ replyTurnId: string | null; duplicate: boolean }> {
    const message = InboundMessageSchema.parse(job.data);
    const log = deps.logger.child({ conversationId: message.conversationKey, messageId: message.id, jobId: job.id });

    const turn = await deps.sequence.check(message.conversationKey, message.seq, new Date(message.receivedAt));
    if (turn === 'wait') {
      await job.moveToDelayed(Date.now() + (deps.orderRetryMs ?? 20), token);
      throw new DelayedError();
    }

    const existing = await findExchange(deps.db, message.channel, message.nativeMessageId);
    if (existing) {
      log.info('message was handled before (retry); re-sending the stored reply, if any');
      const { replyTurn } = existing;
      if (replyTurn) await enqueueReply(deps, message, { text: replyTurn.text, turnId: replyTurn.id, language: existing.conversation.language }, existing.inboundTurn);
      await deps.sequence.markDone(message.conversationKey, message.seq);
      deps.metrics.messagesProcessed.inc({ channel: message.channel, outcome: 'duplicate' });
      return { replyTurnId: replyTurn?.id ?? null, duplicate: true };
    }

    const { prediction, modelVersion } = await deps.classify(message.text);
    const reply = chooseReply(deps.catalogue(), prediction, message.id);
    const latencyMs = Date.now() - new Date(message.receivedAt).getTime();
    const stored = await recordExchange(deps.db, {
      channel: message.channel,
      conversationKey: message.conversationKey,
      user: message.user,
      language: reply.language,
      inbound: {
        nativeMessageId: message.nativeMessageId,
        text: message.text,
        receivedAt: new Date(message.receivedAt),
        intent: prediction.intent,
        confidence: prediction.confidence,
        outOfScope: prediction.outOfScope,
        topIntents: prediction.top,
        modelVersion,
      },
      reply: { text: reply.text, kind: 'bot', latencyMs },
    });
    const { replyTurn } = stored;
    if (replyTurn) await enqueueReply(deps, message, { text: replyTurn.text, turnId: replyTurn.id, language: reply.language }, stored.inboundTurn);
    await deps.sequence.markDone(message.conversationKey, message.seq);

    const outcome = reply.source === prediction.intent ? 'answered' : 'fallback';
    deps.metrics.messagesProcessed.inc({ channel: message.channel, outcome });
    deps.metrics.replyLatency.observe({ channel: message.channel }, (Date.now() - new Date(message.receivedAt).getTime()) / 1000);
    log.info({ intent: prediction.intent, confidence: prediction.confidence, outOfScope: prediction.outOfScope, modelVersion, outcome }, 'message answered');
    return { replyTurnId: replyTurn?.id ?? null, duplicate: !stored.created };
  };
}

async function enqueueReply(
  deps: InboundProcessorDeps,
  message: InboundMessage,
  reply: { text: string; turnId: string; language: string | null },
  inboundTurn: { intent: string | null; confidence: number | null; modelVersion: string | null },
): Promise<void> {
  const jobId = outboundJobId(inboundJobId(message.channel, message.nativeMessageId));
  const outbound: OutboundMessage = {
    id: reply.turnId,
    channel: message.channel,
    conversationKey: message.conversationKey,
    replyTo: message.nativeMessageId,
    text: reply.text,
    quickReplies: [],
    kind: 'bot',
    intent: inboundTurn.intent,
    confidence: inboundTurn.confidence,
    modelVersion: inboundTurn.modelVersion,
    language: reply.language,
    idempotencyKey: jobId,
    metadata: message.metadata,
    createdAt: new Date().toISOString(),
  };
  await deps.outboundQueue(message.channel).add('reply', outbound, {
    jobId,
    attempts: 8,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: { age: 3600, count: 10000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  });
}


import { randomUUID } from 'node:crypto';
import { InboundMessageSchema, messageFailedReply, replyLanguageOf, type OutboundDraft } from '@chatbot/core';
import type { Job } from 'bullmq';

/** The idempotency key of the apology for inbound job `jobId`: one apology per message, however often it is re-driven. */
export function apologyKey(jobId: string): string {
  return `failed.${jobId}`;
}

/**
 * The apology to send when an inbound job has failed for good (its last attempt, or an
 * UnrecoverableError): the message is in the dead-letter set for an admin to re-drive, and the user
 * hears that something went wrong instead of nothing; `seq` is the message's place in its
 * conversation, to be marked answered so the next messages do not wait behind it. Null while the job
 * will be tried again, or when its payload is not a message (nobody to answer).
 */
export function apologyFor(
  job: Pick<Job, 'id' | 'data' | 'attemptsMade' | 'opts'>,
  error: Error,
  /** Where the message is in the job's payload (an action job carries it as `message`). */
  messageOf: (data: unknown) => unknown = (data) => data,
): { reply: OutboundDraft; seq: number } | null {
  const final = error.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
  const message = InboundMessageSchema.safeParse(messageOf(job.data));
  if (!final || !message.success || !job.id) return null;
  const language = replyLanguageOf(message.data.text);
  const reply: OutboundDraft = {
    id: randomUUID(),
    channel: message.data.channel,
    conversationKey: message.data.conversationKey,
    replyTo: message.data.nativeMessageId,
    text: messageFailedReply(language),
    kind: 'system',
    language,
    idempotencyKey: apologyKey(job.id),
    metadata: message.data.metadata,
    createdAt: new Date().toISOString(),
  };
  return { reply, seq: message.data.seq };
}

import { inboundJobId, outboundJobId, type InboundMessage, type OutboundDraft } from '@chatbot/core';
import { ReplyTemplateSchema, StoredButtonSchema, type Exchange, type Turn } from '@chatbot/db';

/**
 * Queues the stored reply of an exchange (none when the bot stayed silent or an action has yet to
 * answer), under the message's reply key: sending it again after a crash is sending it once.
 */
export async function enqueueStoredReply(publishReply: PublishReply, message: InboundMessage, exchange: Exchange): Promise<void> {
  const { replyTurn, inboundTurn, conversation } = exchange;
  if (!replyTurn) return;
  await enqueueReply(publishReply, message, replyTurn, { inboundTurn, language: conversation.language });
}

type PublishReply = (reply: OutboundDraft) => Promise<unknown>;
/** A reply turn as stored (or as just written): what is sent of it. */
export type SentReply = Pick<Turn, 'id' | 'kind' | 'text' | 'replyTemplate' | 'buttons'>;

/** Queues a reply turn to the message, under the message's reply key. */
export async function enqueueReply(
  publishReply: PublishReply,
  message: InboundMessage,
  reply: SentReply,
  context: { inboundTurn: Pick<Turn, 'intent' | 'confidence' | 'modelVersion'>; language: string | null },
): Promise<void> {
  const { inboundTurn, language } = context;
  await publishReply({
    id: reply.id,
    channel: message.channel,
    conversationKey: message.conversationKey,
    replyTo: message.nativeMessageId,
    // A reply with the user's values goes as its template, for the channel to escape them into.
    ...storedReplyText(reply),
    buttons: storedButtons(reply),
    kind: reply.kind === 'system' ? 'system' : 'bot',
    intent: inboundTurn.intent,
    confidence: inboundTurn.confidence,
    modelVersion: inboundTurn.modelVersion,
    language,
    idempotencyKey: replyKey(message),
    metadata: message.metadata,
    createdAt: new Date().toISOString(),
  });
}

/** The idempotency key of the reply to a message (its outbound job id). */
export function replyKey(message: InboundMessage): string {
  return outboundJobId(inboundJobId(message.channel, message.nativeMessageId));
}

/** The text to send for a stored reply turn: its template and values, or its plain text. */
function storedReplyText(replyTurn: SentReply): { text: string; variables: Record<string, string> } {
  const template = ReplyTemplateSchema.safeParse(replyTurn.replyTemplate);
  return template.success ? { text: template.data.template, variables: template.data.variables } : { text: replyTurn.text, variables: {} };
}

function storedButtons(replyTurn: SentReply) {
  const buttons = StoredButtonSchema.array().safeParse(replyTurn.buttons);
  return buttons.success ? buttons.data : [];
}

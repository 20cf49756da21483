import { randomUUID } from 'node:crypto';
import { recordExchange, type Db, type Exchange, type ExchangeInput, type StoredButton } from '@chatbot/db';

export interface StoredMessage {
  channel?: string;
  userId?: string;
  conversationKey?: string;
  text: string;
  /** null with outOfScope: the model did not understand it. */
  intent?: string | null;
  confidence?: number;
  outOfScope?: boolean;
  topIntents?: Array<{ intent: string; score: number }>;
  receivedAt?: Date;
  reply?: string;
  /** Buttons sent with the reply (default: none). */
  buttons?: StoredButton[];
  language?: string;
  /** The inbound turn's id (what a dialogue state's slot names as the turn that set it). */
  id?: string;
  /** The entities the worker looked for and found (default: none looked for). */
  entities?: ExchangeInput['inbound']['entities'];
  dialogueEvents?: ExchangeInput['inbound']['dialogueEvents'];
  /** The conversation's dialogue state after this message (default: left as it is). */
  dialogueState?: object;
}

/** Stores one user message and the bot's reply, as the worker does. */
export async function storeMessage(db: Db, message: StoredMessage): Promise<Exchange> {
  const channel = message.channel ?? 'web';
  const userId = message.userId ?? `user-${randomUUID().slice(0, 8)}`;
  const outOfScope = message.outOfScope ?? message.intent === null;
  const { conversation, inboundTurn, replyTurn, actionCall } = await recordExchange(db, {
    channel,
    conversationKey: message.conversationKey ?? `${channel}:${userId}`,
    user: { id: userId, displayName: userId },
    language: message.language ?? 'en',
    ...(message.dialogueState === undefined ? {} : { dialogueState: message.dialogueState }),
    inbound: {
      ...(message.id === undefined ? {} : { id: message.id }),
      nativeMessageId: randomUUID(),
      text: message.text,
      receivedAt: message.receivedAt ?? new Date(),
      intent: outOfScope ? null : (message.intent ?? 'greeting'),
      confidence: message.confidence ?? (outOfScope ? 0.2 : 0.9),
      outOfScope,
      topIntents: message.topIntents ?? [],
      modelVersion: 'v-test',
      entities: message.entities ?? null,
      dialogueEvents: message.dialogueEvents ?? null,
    },
    reply: { text: message.reply ?? 'a reply', kind: 'bot', latencyMs: 5, buttons: message.buttons ?? null },
  });
  return { conversation, inboundTurn, replyTurn, actionCall };
}

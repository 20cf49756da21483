import { classifyMessageText, replyLanguageOf, type InboundDraft, type CatalogueLanguage } from '@chatbot/core';
import { MessageType, type Message } from 'discord.js';
import { DISCORD_CHANNEL, conversationKeyOf } from './conversation-key';

/** What the adapter does with one MESSAGE_CREATE. */
export type InboundDecision =
  | { action: 'ignore'; reason: string }
  /** Addressed to the bot but without text: how messages look when the Message Content intent is off. */
  | { action: 'no-content'; conversationKey: string }
  | { action: 'too-long'; conversationKey: string; language: CatalogueLanguage }
  | { action: 'publish'; draft: InboundDraft };

/** The parts of a discord.js Message the decision depends on. */
export interface MessageFacts {
  id: string;
  type: MessageType;
  content: string;
  author: { id: string; bot: boolean; displayName: string };
  /** Set for messages sent by a webhook or by Discord itself (joins, pins). */
  webhookOrSystem: boolean;
  guildId: string | null;
  channelId: string;
  inThread: boolean;
  /** The bot is in the message's user mentions (an @mention, or a reply to the bot that pings it). */
  mentionsBot: boolean;
}

export function factsOf(message: Message, botUserId: string): MessageFacts {
  return {
    id: message.id,
    type: message.type,
    content: message.content,
    author: { id: message.author.id, bot: message.author.bot, displayName: message.member?.displayName ?? message.author.displayName },
    webhookOrSystem: message.webhookId !== null || message.system,
    guildId: message.guildId,
    channelId: message.channelId,
    inThread: message.channel.isThread(),
    mentionsBot: message.mentions.users.has(botUserId),
  };
}

const USER_MESSAGE_TYPES: ReadonlySet<MessageType> = new Set([MessageType.Default, MessageType.Reply]);

/**
 * Decides whether a message is for the bot and normalises it: DMs always are, guild messages only
 * when they mention the bot (the mention is removed from the text). Bots (this one included),
 * webhooks and system messages are ignored, so the bot never answers itself or another bot.
 */
export function decideInbound(facts: MessageFacts, botUserId: string): InboundDecision {
  if (facts.author.id === botUserId) return { action: 'ignore', reason: 'own message' };
  if (facts.author.bot || facts.webhookOrSystem) return { action: 'ignore', reason: 'bot, webhook or system message' };
  if (!USER_MESSAGE_TYPES.has(facts.type)) return { action: 'ignore', reason: `message type ${facts.type}` };
  if (facts.guildId !== null && !facts.mentionsBot) return { action: 'ignore', reason: 'guild message not mentioning the bot' };

  const conversationKey = conversationKeyOf(facts);
  if (facts.content.trim() === '') return { action: 'no-content', conversationKey };
  const verdict = classifyMessageText(withoutMention(facts.content, botUserId));
  if (verdict.status === 'empty') return { action: 'ignore', reason: 'only a mention' };
  if (verdict.status === 'too-long') return { action: 'too-long', conversationKey, language: replyLanguageOf(facts.content) };
  return {
    action: 'publish',
    draft: {
      channel: DISCORD_CHANNEL,
      nativeMessageId: facts.id,
      conversationKey,
      user: { id: facts.author.id, displayName: facts.author.displayName },
      text: verdict.text,
      metadata: { guildId: facts.guildId, channelId: facts.channelId, messageId: facts.id },
    },
  };
}

/** Removes the bot's mentions (`<@id>`, and the legacy nickname form `<@!id>`). */
export function withoutMention(content: string, botUserId: string): string {
  return content.replace(new RegExp(`\\s*<@!?${botUserId}>\\s*`, 'g'), ' ').trim();
}

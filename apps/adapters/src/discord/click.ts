import type { ButtonInteraction } from 'discord.js';
import { parseButtonValue } from '../button-clicks';
import { conversationKeyOf } from './conversation-key';
import { DISCORD_BUTTON_PREFIX } from './reply-payloads';

/** The parts of a button interaction (INTERACTION_CREATE, component type Button) the decision depends on. */
export interface ClickFacts {
  customId: string;
  user: { id: string; bot: boolean; displayName: string };
  guildId: string | null;
  channelId: string | null;
  inThread: boolean;
  /** The message the button is on, and who wrote it. */
  message: { id: string; authorId: string };
}

export function clickFactsOf(interaction: ButtonInteraction): ClickFacts {
  const member = interaction.member;
  return {
    customId: interaction.customId,
    user: {
      id: interaction.user.id,
      bot: interaction.user.bot,
      displayName: member && 'displayName' in member ? member.displayName : interaction.user.displayName,
    },
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    inThread: interaction.channel?.isThread() ?? false,
    message: { id: interaction.message.id, authorId: interaction.message.author.id },
  };
}

/** What a button interaction means: a click on one of the bot's reply buttons, or nothing to act on. */
export type ClickDecision =
  | {
      action: 'click';
      replyId: string;
      index: number;
      /** The conversation the click comes from: the one a message by this user, here, would belong to. */
      conversationKey: string;
      user: { id: string; displayName: string };
      metadata: { guildId: string | null; channelId: string; messageId: string };
    }
  | { action: 'ignore'; reason: string };

/**
 * Reads a button click. Only the reply id and the button index come from the custom_id; the
 * conversation is keyed from the guild, channel and user Discord reports, exactly as a message
 * written there by that user would be (per user in a channel or DM, shared in a thread), so that
 * the adapter can check it against the conversation it sent the reply to.
 */
export function decideClick(facts: ClickFacts, botUserId: string): ClickDecision {
  if (facts.message.authorId !== botUserId) return { action: 'ignore', reason: 'button on a message of someone else' };
  if (!facts.customId.startsWith(DISCORD_BUTTON_PREFIX)) return { action: 'ignore', reason: 'not one of the adapter’s buttons' };
  const value = parseButtonValue(facts.customId.slice(DISCORD_BUTTON_PREFIX.length));
  if (!value) return { action: 'ignore', reason: 'not one of the adapter’s buttons' };
  if (facts.user.bot) return { action: 'ignore', reason: 'clicked by a bot' };
  if (facts.channelId === null) return { action: 'ignore', reason: 'click outside a channel' };
  const conversationKey = conversationKeyOf({ guildId: facts.guildId, channelId: facts.channelId, inThread: facts.inThread, author: facts.user });
  return {
    action: 'click',
    ...value,
    conversationKey,
    user: { id: facts.user.id, displayName: facts.user.displayName },
    metadata: { guildId: facts.guildId, channelId: facts.channelId, messageId: facts.message.id },
  };
}

import { classifyMessageText, replyLanguageOf, type InboundDraft, type OutboundMessage, type CatalogueLanguage } from '@chatbot/core';
import { z } from 'zod';
import { parseButtonValue } from '../button-clicks';
import { toPlainText } from './slack-text';

export const SLACK_CHANNEL = 'slack';

/** The fields of an Events API envelope (`event_callback`) and its message event that the adapter reads. */
const EnvelopeSchema = z.object({ team_id: z.string().min(1) });
const MessageEventSchema = z.object({
  type: z.enum(['message', 'app_mention']),
  /** Edits (`message_changed`), deletions, joins, bot posts, file shares...: all carry a subtype. */
  subtype: z.string().optional(),
  channel: z.string().min(1),
  /** `im` for direct messages; message events from other channel types are not for us. */
  channel_type: z.string().optional(),
  user: z.string().optional(),
  bot_id: z.string().optional(),
  text: z.string().default(''),
  ts: z.string().min(1),
  thread_ts: z.string().optional(),
});

/** A Slack message's id across workspaces: `<team>:<channel>:<ts>`. */
export function slackMessageId(team: string, channel: string, ts: string): string {
  return `${team}:${channel}:${ts}`;
}

/** Where a reply goes: a channel (DM or public/private channel) and the thread in it. */
export interface SlackReplyAddress {
  channel: string;
  threadTs?: string;
}

/** What to do with one Slack event. */
export type SlackEventDecision =
  | { action: 'publish'; draft: InboundDraft }
  | { action: 'refuse'; nativeMessageId: string; address: SlackReplyAddress; length: number; language: CatalogueLanguage }
  | { action: 'ignore'; reason: string };

/**
 * Decides what a `message` or `app_mention` event means for the bot, and normalises it.
 * - nativeMessageId = `<team>:<channel>:<ts>`: it names the message, not the delivery, so a Slack
 *   retry (same event) and a second event about the same message both deduplicate on it.
 * - conversationKey: a DM is one conversation (`slack:<team>:<channel>`); in a channel each thread
 *   is one (`slack:<team>:<channel>:<thread_ts>`), a top-level mention starting a new thread.
 * - the reply always goes in the thread of the message (thread_ts = the message's thread_ts or ts).
 */
export function interpretSlackEvent(body: unknown, event: unknown, botUserId: string): SlackEventDecision {
  const envelope = EnvelopeSchema.safeParse(body);
  const parsed = MessageEventSchema.safeParse(event);
  if (!envelope.success || !parsed.success) return { action: 'ignore', reason: 'not a message event the adapter understands' };
  const message = parsed.data;
  const team = envelope.data.team_id;

  if (message.type === 'message' && message.channel_type !== 'im') return { action: 'ignore', reason: 'channel message without a mention' };
  if (message.subtype !== undefined) return { action: 'ignore', reason: `subtype ${message.subtype}` };
  if (message.bot_id !== undefined) return { action: 'ignore', reason: 'written by a bot' };
  if (message.user === undefined) return { action: 'ignore', reason: 'no author' };
  if (message.user === botUserId) return { action: 'ignore', reason: 'own message' };

  const verdict = classifyMessageText(toPlainText(message.text, botUserId));
  if (verdict.status === 'empty') return { action: 'ignore', reason: 'empty message' };

  const threadTs = message.thread_ts ?? message.ts;
  const isDirectMessage = message.type === 'message';
  const nativeMessageId = slackMessageId(team, message.channel, message.ts);
  const address: SlackReplyAddress = { channel: message.channel, threadTs };
  if (verdict.status === 'too-long') {
    return { action: 'refuse', nativeMessageId, address, length: verdict.length, language: replyLanguageOf(message.text) };
  }

  return {
    action: 'publish',
    draft: {
      channel: SLACK_CHANNEL,
      nativeMessageId,
      conversationKey: isDirectMessage ? `${SLACK_CHANNEL}:${team}:${message.channel}` : `${SLACK_CHANNEL}:${team}:${message.channel}:${threadTs}`,
      user: { id: message.user },
      text: verdict.text,
      metadata: { team, channel: message.channel, threadTs },
    },
  };
}

const ReplyMetadataSchema = z.object({ channel: z.string().min(1), threadTs: z.string().min(1) });

/**
 * Where to post a reply: the thread of the message it answers (from the metadata the inbound
 * message carried), or, for an unsolicited message (an agent's), the conversation itself.
 */
export function slackReplyAddressOf(message: Pick<OutboundMessage, 'conversationKey' | 'metadata'>): SlackReplyAddress {
  const metadata = ReplyMetadataSchema.safeParse(message.metadata);
  if (metadata.success) return { channel: metadata.data.channel, threadTs: metadata.data.threadTs };
  const [channel, , slackChannel, threadTs, ...rest] = message.conversationKey.split(':');
  if (channel !== SLACK_CHANNEL || !slackChannel || rest.length > 0) throw new Error(`not a Slack conversation key: ${message.conversationKey}`);
  return threadTs === undefined ? { channel: slackChannel } : { channel: slackChannel, threadTs };
}

const ReactionEventSchema = z.object({
  type: z.enum(['reaction_added', 'reaction_removed']),
  user: z.string().min(1),
  reaction: z.string().min(1),
  item: z.object({ type: z.literal('message'), channel: z.string().min(1), ts: z.string().min(1) }),
});

/** Slack's names for thumbs up and down; a skin tone comes after "::" ("+1::skin-tone-3"). */
const RATING_OF_REACTION = new Map([
  ['+1', true],
  ['thumbsup', true],
  ['-1', false],
  ['thumbsdown', false],
]);

/** What a reaction event means: a thumbs up or down added or removed by a user, or nothing. */
export type SlackReactionDecision =
  { action: 'rate'; team: string; channel: string; ts: string; user: string; reaction: string; helpful: boolean; added: boolean } | { action: 'ignore'; reason: string };

/**
 * A thumbs up or down added to a message is a rating of it, and removing it takes that rating back
 * (whether that message is a reply of the bot is the index's to say).
 */
export function interpretSlackReaction(body: unknown, event: unknown, botUserId: string): SlackReactionDecision {
  const envelope = EnvelopeSchema.safeParse(body);
  const parsed = ReactionEventSchema.safeParse(event);
  if (!envelope.success || !parsed.success) return { action: 'ignore', reason: 'not a reaction to a message' };
  const reaction = parsed.data;
  if (reaction.user === botUserId) return { action: 'ignore', reason: 'own reaction' };
  const helpful = RATING_OF_REACTION.get(reaction.reaction.split('::')[0]!);
  if (helpful === undefined) return { action: 'ignore', reason: `reaction ${reaction.reaction} is not a rating` };
  return {
    action: 'rate',
    team: envelope.data.team_id,
    channel: reaction.item.channel,
    ts: reaction.item.ts,
    user: reaction.user,
    reaction: reaction.reaction,
    helpful,
    added: reaction.type === 'reaction_added',
  };
}

const BlockActionsSchema = z.object({
  type: z.literal('block_actions'),
  team: z
    .object({ id: z.string().min(1) })
    .nullable()
    .optional(),
  user: z.object({ id: z.string().min(1), team_id: z.string().optional() }),
  /** Absent for clicks outside a conversation (a modal, the Home tab): not ours. */
  channel: z.object({ id: z.string().min(1) }).optional(),
  message: z.object({ ts: z.string().min(1), thread_ts: z.string().optional() }).optional(),
  container: z.object({ thread_ts: z.string().optional() }).loose().optional(),
  actions: z.array(z.object({ type: z.string(), action_id: z.string(), value: z.string().optional() }).loose()).min(1),
});

/** What a block_actions interaction means: a click on one of the bot's reply buttons, or nothing to act on. */
export type SlackClickDecision =
  | {
      action: 'click';
      replyId: string;
      index: number;
      /** The conversation the click comes from, derived from where Slack says it happened. */
      conversationKey: string;
      user: string;
      team: string;
      /** Where the answer goes: the channel and thread of the message that carried the buttons. */
      address: SlackReplyAddress;
    }
  | { action: 'ignore'; reason: string };

/**
 * Reads a `block_actions` payload (its signature already checked by Bolt). Only the reply id and the
 * button index come from the button; the conversation is keyed from the team, channel and thread the
 * payload names, exactly as a message typed there would be (a DM channel, whose id starts with "D",
 * is one conversation; in a channel, the thread is). The adapter then checks that against its record.
 */
export function interpretSlackButtonClick(body: unknown, botUserId: string): SlackClickDecision {
  const parsed = BlockActionsSchema.safeParse(body);
  if (!parsed.success) return { action: 'ignore', reason: 'not a block_actions payload the adapter understands' };
  const { team, user, channel, message, container, actions } = parsed.data;
  const [clicked] = actions;
  if (clicked!.action_id.startsWith('chatbot.link.')) return { action: 'ignore', reason: 'link button (Slack opened the URL)' };
  if (clicked!.type !== 'button' || clicked!.value === undefined) return { action: 'ignore', reason: `not a reply button (${clicked!.type})` };
  const value = parseButtonValue(clicked!.value);
  if (!value) return { action: 'ignore', reason: 'button value is not one of the adapter’s' };
  if (!channel || !message) return { action: 'ignore', reason: 'click outside a conversation' };
  if (user.id === botUserId) return { action: 'ignore', reason: 'own click' };
  const teamId = team?.id ?? user.team_id;
  if (!teamId) return { action: 'ignore', reason: 'no team' };

  const isDirectMessage = channel.id.startsWith('D');
  // In a channel every conversation is a thread (a top-level message starts one); a DM may have none.
  const threadTs = message.thread_ts ?? container?.thread_ts ?? (isDirectMessage ? undefined : message.ts);
  const conversationKey = isDirectMessage ? `${SLACK_CHANNEL}:${teamId}:${channel.id}` : `${SLACK_CHANNEL}:${teamId}:${channel.id}:${threadTs}`;
  const address: SlackReplyAddress = threadTs === undefined ? { channel: channel.id } : { channel: channel.id, threadTs };
  return { action: 'click', ...value, conversationKey, user: user.id, team: teamId, address };
}

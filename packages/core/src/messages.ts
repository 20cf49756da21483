import { ButtonSchema, MAX_BUTTONS } from '@chatbot/actions-sdk';
import { z } from 'zod';
import { MAX_MESSAGE_LENGTH, classifyMessageText, storableText } from './message-text';

/** Channel names are short lowercase identifiers; they appear in queue names and job ids. */
export const ChannelNameSchema = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'channel must be a lowercase identifier such as "web" or "slack"');
export type ChannelName = z.infer<typeof ChannelNameSchema>;

export const EndUserSchema = z.object({
  id: z.string().min(1).max(200),
  displayName: z.string().max(200).transform(storableText).optional(),
});
export type EndUser = z.infer<typeof EndUserSchema>;

/** Small channel-specific facts (thread ts, guild id, ...) the outbound half needs to reply. */
export const MetadataSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));
export type Metadata = z.infer<typeof MetadataSchema>;

/** An end user's text, trimmed; empty or over-long text is refused by the rule every channel applies. */
const MessageTextSchema = z.string().transform((text, context) => {
  const verdict = classifyMessageText(text);
  if (verdict.status === 'ok') return verdict.text;
  context.addIssue({ code: 'custom', message: verdict.status === 'empty' ? 'message is empty' : `message is longer than ${MAX_MESSAGE_LENGTH} characters` });
  return z.NEVER;
});

/**
 * What an adapter hands to the platform after verifying and normalising a native message.
 * The publisher adds `id`, `seq` and `receivedAt` (see InboundMessageSchema).
 */
export const InboundDraftSchema = z.object({
  channel: ChannelNameSchema,
  /** The channel's own id for the message; with `channel` it is the deduplication key. */
  nativeMessageId: z.string().min(1).max(300),
  /** Identifies one conversation: channel + workspace/guild + channel/thread, or a web session. */
  conversationKey: z.string().min(1).max(500),
  user: EndUserSchema,
  text: MessageTextSchema,
  metadata: MetadataSchema.default({}),
});
export type InboundDraft = z.input<typeof InboundDraftSchema>;

export const InboundMessageSchema = InboundDraftSchema.extend({
  id: z.uuid(),
  /** Position of this message within its conversation, assigned at enqueue; workers answer in this order. */
  seq: z.number().int().positive(),
  receivedAt: z.iso.datetime(),
});
export type InboundMessage = z.infer<typeof InboundMessageSchema>;

export const OutboundKindSchema = z.enum(['bot', 'agent', 'system']);
export type OutboundKind = z.infer<typeof OutboundKindSchema>;

/**
 * The name a human agent shows end users ("Sam joined the chat", the sender of a Slack or Discord reply):
 * one line of plain text that each channel escapes for its markup, like any other text it sends.
 */
export const AgentNameSchema = z
  .string()
  .trim()
  .min(1, 'a display name is empty')
  .max(80, 'a display name is at most 80 characters')
  .regex(/^[^\p{Cc}\p{Cs}]+$/u, 'a display name is one line of text, without control characters');

export const OutboundMessageSchema = z
  .object({
    id: z.uuid(),
    channel: ChannelNameSchema,
    conversationKey: z.string().min(1).max(500),
    /** nativeMessageId of the inbound message this answers (null for an agent's unsolicited reply). */
    replyTo: z.string().nullable(),
    /** The reply; a template with `{name}` placeholders when `variables` has values (see renderTemplate). */
    text: z.string().min(1),
    /** Values the user gave (slots), which each channel escapes for its markup as it fills the template. */
    variables: z.record(z.string(), z.string()).default({}),
    /**
     * Buttons under the reply (from the catalogue or an action): 'reply' ones send their text as the
     * user's next message, 'link' ones open a URL. Labels are plain text: each channel renders them
     * natively (web chat buttons, Slack Block Kit, Discord components) or as a numbered list.
     */
    buttons: z.array(ButtonSchema).max(MAX_BUTTONS).default([]),
    kind: OutboundKindSchema.default('bot'),
    /** kind 'agent': who wrote it, for channels that show the sender (absent for a reply sent with the admin token). */
    agentName: AgentNameSchema.optional(),
    intent: z.string().nullable().default(null),
    confidence: z.number().nullable().default(null),
    modelVersion: z.string().nullable().default(null),
    language: z.string().nullable().default(null),
    /** Same value for every attempt to send this reply; delivery is deduplicated on it. */
    idempotencyKey: z.string().min(1),
    /** Copied from the inbound message so the outbound half can address the reply (thread, channel id). */
    metadata: MetadataSchema.default({}),
    createdAt: z.iso.datetime(),
  })
  .refine((message) => message.agentName === undefined || message.kind === 'agent', { message: "only an agent's reply carries agentName", path: ['agentName'] });
export type OutboundMessage = z.infer<typeof OutboundMessageSchema>;
export type OutboundDraft = z.input<typeof OutboundMessageSchema>;

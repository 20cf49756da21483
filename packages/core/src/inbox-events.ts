import { z } from 'zod';

/**
 * What happened to a conversation that people handle, as the agent inbox's live view hears it:
 * - `handed_off`: it now waits for a person (the worker's handoff, or an admin's);
 * - `claimed`, `released` (back to the bot), `closed`: an agent's or admin's decision;
 * - `replied`: a person answered the user; `noted`: an internal note was added;
 * - `user_message`: the user wrote again while a person has it.
 */
export const InboxChangeSchema = z.enum(['handed_off', 'claimed', 'released', 'closed', 'replied', 'noted', 'user_message']);
export type InboxChange = z.infer<typeof InboxChangeSchema>;

/**
 * One change, published as the platform event `inbox.changed`. It names the conversation and what
 * happened, nothing more: the database stays the one truth, and a dashboard re-reads the inbox.
 */
export const InboxEventSchema = z.object({ conversationId: z.uuid(), change: InboxChangeSchema });
export type InboxEvent = z.infer<typeof InboxEventSchema>;

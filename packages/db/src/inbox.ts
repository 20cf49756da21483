import { z } from 'zod';
import { agentDisplayName } from './api-keys';
import type { Db } from './database';
import { TopIntentsSchema } from './exchanges';

export const InboxFilterSchema = z.object({
  limit: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).default(0),
});
export type InboxFilter = z.input<typeof InboxFilterSchema>;

/** A conversation waiting for a person, with what an agent needs to pick it up. */
export interface InboxItem {
  id: string;
  channel: string;
  userId: string;
  userName: string | null;
  language: string | null;
  /** When it was handed off: the inbox is sorted by it, longest waiting first. */
  waitingSince: Date;
  lastMessageAt: Date;
  /** The model's three best guesses for the user's newest message, best first (none before any). */
  intentGuesses: Array<{ intent: string; score: number }>;
  /** The conversation's dialogue state (JSON, for @chatbot/dialogue to parse): its slots are what the bot collected. */
  dialogueState: unknown;
  /** The agent who has it (their key's id and display name), or null while anyone may take it. */
  claim: { agentId: string; agent: string; at: Date } | null;
}

/** How many conversations wait for a person (handed off), for the API's /metrics. */
export function countInbox(db: Db): Promise<number> {
  return db.conversation.count({ where: { status: 'handed_off' } });
}

/** The handed-off conversations, longest waiting first, and how many wait in all. */
export async function listInbox(db: Db, filter: InboxFilter = {}): Promise<{ items: InboxItem[]; total: number }> {
  const { limit, offset } = InboxFilterSchema.parse(filter);
  const where = { status: 'handed_off' } as const;
  const [rows, total] = await Promise.all([
    db.conversation.findMany({
      where,
      orderBy: [{ handedOffAt: 'asc' }, { id: 'asc' }],
      take: limit,
      skip: offset,
      select: {
        id: true,
        channel: true,
        userId: true,
        userName: true,
        language: true,
        handedOffAt: true,
        lastMessageAt: true,
        dialogueState: true,
        claimedAt: true,
        claimedBy: { select: { id: true, name: true, displayName: true } },
        turns: { where: { direction: 'inbound' }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 1, select: { topIntents: true } },
      },
    }),
    db.conversation.count({ where }),
  ]);
  return {
    items: rows.map(({ handedOffAt, claimedAt, claimedBy, turns, ...row }) => {
      const guesses = TopIntentsSchema.safeParse(turns[0]?.topIntents);
      return {
        ...row,
        // A CHECK constraint keeps it set on every handed-off conversation.
        waitingSince: handedOffAt!,
        intentGuesses: guesses.success ? guesses.data.slice(0, 3) : [],
        claim: claimedBy ? { agentId: claimedBy.id, agent: agentDisplayName(claimedBy), at: claimedAt! } : null, // written together
      };
    }),
    total,
  };
}

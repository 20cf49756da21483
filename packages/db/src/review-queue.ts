import { ChannelNameSchema } from '@chatbot/core';
import { z } from 'zod';
import type { Db } from './database';
import { StoredEntitySchema, TopIntentsSchema, type StoredEntity } from './exchanges';
import type { Prisma } from './generated/prisma/client';

export const ReviewQueueFilterSchema = z.object({
  channel: ChannelNameSchema.optional(),
  /** Also show turns an admin has labelled already (their current label is included). */
  includeLabelled: z.boolean().default(false),
  limit: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).default(0),
});
export type ReviewQueueFilter = z.input<typeof ReviewQueueFilterSchema>;

const EntitiesSchema = z.array(StoredEntitySchema);

export interface ReviewItem {
  turnId: string;
  conversationId: string;
  channel: string;
  text: string;
  intent: string | null;
  confidence: number | null;
  outOfScope: boolean;
  /** The model's three best guesses, best first. */
  topIntents: Array<{ intent: string; score: number }>;
  /** The entities found in the message (null: none were looked for). */
  entities: StoredEntity[] | null;
  modelVersion: string | null;
  createdAt: Date;
  reply: { text: string; kind: string; helpful: boolean | null } | null;
  label: { intent: string | null; createdBy: string; createdAt: Date } | null;
}

/** The user messages the bot did not understand: out of scope (or below threshold), or answered unhelpfully. */
const NEEDS_REVIEW: Prisma.TurnWhereInput = {
  direction: 'inbound',
  OR: [{ outOfScope: true }, { intent: null }, { reply: { is: { helpful: false } } }],
};

/** The review queue, newest first, and how many items it holds in all. */
export async function listReviewQueue(db: Db, filter: ReviewQueueFilter = {}): Promise<{ items: ReviewItem[]; total: number }> {
  const { channel, includeLabelled, limit, offset } = ReviewQueueFilterSchema.parse(filter);
  const where: Prisma.TurnWhereInput = { ...NEEDS_REVIEW, channel, ...(includeLabelled ? {} : { labels: { none: {} } }) };
  const [turns, total] = await Promise.all([
    db.turn.findMany({
      where,
      include: {
        reply: { select: { text: true, kind: true, helpful: true } },
        labels: { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 1 },
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
      skip: offset,
    }),
    db.turn.count({ where }),
  ]);
  const items = turns.map((turn): ReviewItem => {
    const label = turn.labels[0];
    const topIntents = TopIntentsSchema.safeParse(turn.topIntents);
    const entities = EntitiesSchema.safeParse(turn.entities);
    return {
      turnId: turn.id,
      conversationId: turn.conversationId,
      channel: turn.channel,
      text: turn.text,
      intent: turn.intent,
      confidence: turn.confidence,
      outOfScope: turn.outOfScope,
      topIntents: topIntents.success ? topIntents.data.slice(0, 3) : [],
      entities: entities.success ? entities.data : null,
      modelVersion: turn.modelVersion,
      createdAt: turn.createdAt,
      reply: turn.reply,
      label: label ? { intent: label.intent, createdBy: label.createdBy, createdAt: label.createdAt } : null,
    };
  });
  return { items, total };
}

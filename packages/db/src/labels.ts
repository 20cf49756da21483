import { z } from 'zod';
import { IntentNameSchema } from './catalogue-editing';
import type { Db } from './database';
import { RecordNotFoundError } from './errors';
import type { Label } from './generated/prisma/client';

export const TurnLabelSchema = z.object({
  turnId: z.uuid('turnId must be a turn id (uuid)'),
  /** The intent the user meant, or null for "out of scope". */
  intent: IntentNameSchema.nullable(),
});

export const LabelTurnsSchema = z.object({
  labels: z.array(TurnLabelSchema).min(1, 'give at least one label').max(1000),
  /** Create intents that do not exist yet instead of refusing them. */
  createIntent: z.boolean().default(false),
  createdBy: z.string().min(1).max(200),
});
export type LabelTurnsInput = z.input<typeof LabelTurnsSchema>;

/** A label names an intent the catalogue does not have, and creating it was not asked for. */
export class UnknownIntentError extends Error {
  override name = 'UnknownIntentError';
  constructor(readonly intents: string[]) {
    const names = intents.map((name) => `"${name}"`).join(', ');
    super(`unknown intent${intents.length > 1 ? 's' : ''}: ${names} (create it first, or set createIntent to create it while labelling)`);
  }
}

/**
 * Labels user messages, all or none: every turn must be a stored user message and every intent
 * known (or created here when `createIntent`). Returns the new labels and the intents it created.
 */
export async function labelTurns(db: Db, input: LabelTurnsInput): Promise<{ labels: Label[]; createdIntents: string[] }> {
  const { labels, createIntent, createdBy } = LabelTurnsSchema.parse(input);
  const turnIds = [...new Set(labels.map((label) => label.turnId))];
  const intentNames = [...new Set(labels.flatMap((label) => (label.intent === null ? [] : [label.intent])))];
  return db.$transaction(async (tx) => {
    const found = await tx.turn.findMany({ where: { id: { in: turnIds }, direction: 'inbound' }, select: { id: true } });
    const missing = turnIds.filter((id) => !found.some((turn) => turn.id === id));
    if (missing.length > 0) throw new RecordNotFoundError(`no user message with id ${missing.join(', ')}`);

    const known = await tx.intent.findMany({ where: { name: { in: intentNames } }, select: { name: true } });
    const unknown = intentNames.filter((name) => !known.some((intent) => intent.name === name));
    if (unknown.length > 0 && !createIntent) throw new UnknownIntentError(unknown);
    const created = await tx.intent.createManyAndReturn({ data: unknown.map((name) => ({ name })), skipDuplicates: true, select: { name: true } });

    const stored = await tx.label.createManyAndReturn({ data: labels.map(({ turnId, intent }) => ({ turnId, intent, createdBy })) });
    return { labels: stored, createdIntents: created.map((intent) => intent.name) };
  });
}

import { MAX_MESSAGE_LENGTH } from '@chatbot/core';
import { z } from 'zod';
import type { Db } from './database';
import { RecordNotFoundError } from './errors';
import type { IntentExample } from './generated/prisma/client';

/** An example is what a user could type: the same limits as a message. */
const ExampleTextSchema = z.string().trim().min(1, 'an example is empty').max(MAX_MESSAGE_LENGTH, `an example is at most ${MAX_MESSAGE_LENGTH} characters`);

export const AddIntentExamplesSchema = z.object({
  texts: z.array(ExampleTextSchema).min(1, 'give at least one example').max(1000, 'at most 1000 examples at once'),
  createdBy: z.string().trim().min(1).max(200),
});
export type AddIntentExamplesInput = z.input<typeof AddIntentExamplesSchema>;

/** Adding a phrase that is an example of another intent already: the model cannot learn both. */
export class ConflictingExampleError extends Error {
  override name = 'ConflictingExampleError';
}

/**
 * Adds phrases an admin wrote to an intent's training examples. A phrase it has already is left as
 * it is (counted in `alreadyPresent`); one that belongs to another intent refuses the whole request
 * with ConflictingExampleError, and RecordNotFoundError when the intent does not exist.
 */
export async function addIntentExamples(db: Db, intentName: string, input: AddIntentExamplesInput): Promise<{ added: IntentExample[]; alreadyPresent: number }> {
  const { texts, createdBy } = AddIntentExamplesSchema.parse(input);
  const distinct = [...new Set(texts)];
  return db.$transaction(async (tx) => {
    const intent = await tx.intent.findUnique({ where: { name: intentName }, select: { id: true } });
    if (!intent) throw new RecordNotFoundError(`intent "${intentName}" does not exist`);
    const existing = await tx.intentExample.findMany({ where: { text: { in: distinct } }, include: { intent: { select: { name: true } } } });
    const elsewhere = existing.filter((example) => example.intentId !== intent.id);
    if (elsewhere.length > 0) {
      const named = elsewhere.slice(0, 3).map((example) => `"${example.text}" (${example.intent.name})`);
      throw new ConflictingExampleError(`already an example of another intent: ${named.join(', ')}${elsewhere.length > 3 ? ` and ${elsewhere.length - 3} more` : ''}`);
    }
    const present = new Set(existing.map((example) => example.text));
    const fresh = distinct.filter((text) => !present.has(text));
    await tx.intentExample.createMany({ data: fresh.map((text) => ({ intentId: intent.id, text, createdBy })) });
    const added = await tx.intentExample.findMany({ where: { intentId: intent.id, text: { in: fresh } }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    return { added, alreadyPresent: distinct.length - fresh.length };
  });
}

/** An intent's written examples, oldest first; RecordNotFoundError when the intent does not exist. */
export async function listIntentExamples(db: Db, intentName: string): Promise<IntentExample[]> {
  const intent = await db.intent.findUnique({ where: { name: intentName }, include: { examples: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] } } });
  if (!intent) throw new RecordNotFoundError(`intent "${intentName}" does not exist`);
  return intent.examples;
}

/** Deletes one written example; returns it with its intent's name. */
export async function deleteIntentExample(db: Db, id: string): Promise<IntentExample & { intent: string }> {
  const example = z.uuid().safeParse(id).success ? await db.intentExample.findUnique({ where: { id }, include: { intent: { select: { name: true } } } }) : null;
  if (!example) throw new RecordNotFoundError(`intent example ${id} does not exist`);
  await db.intentExample.delete({ where: { id } });
  return { ...example, intent: example.intent.name };
}

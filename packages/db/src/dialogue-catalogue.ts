import { z } from 'zod';
import type { Db } from './database';
import { RecordNotFoundError } from './errors';
import type { Prisma } from './generated/prisma/client';

/**
 * The bot's forms (one per intent) and custom entities, stored as JSON definitions. The store keeps
 * them as given: the caller checks a definition (@chatbot/dialogue's checkForm, @chatbot/entities'
 * checkCustomEntity) before saving it, and parses it again when reading it.
 */
export interface StoredForm {
  intent: string;
  definition: unknown;
  updatedBy: string;
  updatedAt: Date;
}
export interface StoredCustomEntity {
  name: string;
  definition: unknown;
  updatedBy: string;
  updatedAt: Date;
}

const DefinitionSchema = z.record(z.string(), z.unknown());
const AuthorSchema = z.string().trim().min(1).max(200);

export async function listForms(db: Db): Promise<StoredForm[]> {
  const forms = await db.form.findMany({ include: { intent: { select: { name: true } } }, orderBy: { intent: { name: 'asc' } } });
  return forms.map(({ intent, definition, updatedBy, updatedAt }) => ({ intent: intent.name, definition, updatedBy, updatedAt }));
}

/** Creates or replaces the form of an intent; RecordNotFoundError when the intent does not exist. */
export async function saveForm(db: Db, intentName: string, definition: object, updatedBy: string): Promise<StoredForm> {
  const json = DefinitionSchema.parse(definition) as Prisma.InputJsonObject;
  const author = AuthorSchema.parse(updatedBy);
  const intent = await db.intent.findUnique({ where: { name: intentName }, select: { id: true } });
  if (!intent) throw new RecordNotFoundError(`intent "${intentName}" does not exist`);
  const form = await db.form.upsert({
    where: { intentId: intent.id },
    create: { intentId: intent.id, definition: json, updatedBy: author },
    update: { definition: json, updatedBy: author },
  });
  return { intent: intentName, definition: form.definition, updatedBy: form.updatedBy, updatedAt: form.updatedAt };
}

/** Removes an intent's form; RecordNotFoundError when it has none. */
export async function deleteForm(db: Db, intentName: string): Promise<void> {
  const deleted = await db.form.deleteMany({ where: { intent: { name: intentName } } });
  if (deleted.count === 0) throw new RecordNotFoundError(`intent "${intentName}" has no form`);
}

export async function listCustomEntities(db: Db): Promise<StoredCustomEntity[]> {
  const entities = await db.customEntity.findMany({ orderBy: { name: 'asc' } });
  return entities.map(({ name, definition, updatedBy, updatedAt }) => ({ name, definition, updatedBy, updatedAt }));
}

/** Creates or replaces a custom entity. */
export async function saveCustomEntity(db: Db, name: string, definition: object, updatedBy: string): Promise<StoredCustomEntity> {
  const json = DefinitionSchema.parse(definition) as Prisma.InputJsonObject;
  const author = AuthorSchema.parse(updatedBy);
  const entity = await db.customEntity.upsert({
    where: { name },
    create: { name, definition: json, updatedBy: author },
    update: { definition: json, updatedBy: author },
  });
  return { name, definition: entity.definition, updatedBy: entity.updatedBy, updatedAt: entity.updatedAt };
}

/** Removes a custom entity; RecordNotFoundError when there is none of that name. */
export async function deleteCustomEntity(db: Db, name: string): Promise<void> {
  const deleted = await db.customEntity.deleteMany({ where: { name } });
  if (deleted.count === 0) throw new RecordNotFoundError(`there is no custom entity "${name}"`);
}

/** The author of what seedDialogueCatalogue writes: an admin's save replaces it with their own name. */
const SEED_AUTHOR = 'default-bot';

/**
 * Adds the default bot's forms and custom entities that the database does not have yet (a form only
 * where its intent exists), and brings those still as seeded up to date; one an admin has saved is
 * left exactly as it is.
 */
export async function seedDialogueCatalogue(
  db: Db,
  seed: { forms: ReadonlyArray<{ intent: string; definition: object }>; customEntities: ReadonlyArray<{ name: string; definition: object }> },
): Promise<{ forms: number; customEntities: number }> {
  return db.$transaction(async (tx) => {
    const intents = await tx.intent.findMany({ where: { name: { in: seed.forms.map((form) => form.intent) } }, select: { id: true, name: true } });
    const idOf = new Map(intents.map((intent) => [intent.name, intent.id]));
    const forms = await tx.form.createMany({
      data: seed.forms.flatMap(({ intent, definition }) => {
        const intentId = idOf.get(intent);
        return intentId ? [{ intentId, definition: definition as Prisma.InputJsonObject, updatedBy: SEED_AUTHOR }] : [];
      }),
      skipDuplicates: true,
    });
    const customEntities = await tx.customEntity.createMany({
      data: seed.customEntities.map(({ name, definition }) => ({ name, definition: definition as Prisma.InputJsonObject, updatedBy: SEED_AUTHOR })),
      skipDuplicates: true,
    });
    // What nobody has edited since it was seeded follows the files (a newer version of the default bot).
    for (const { intent, definition } of seed.forms) {
      const intentId = idOf.get(intent);
      if (intentId) await tx.form.updateMany({ where: { intentId, updatedBy: SEED_AUTHOR }, data: { definition: definition as Prisma.InputJsonObject } });
    }
    for (const { name, definition } of seed.customEntities) {
      await tx.customEntity.updateMany({ where: { name, updatedBy: SEED_AUTHOR }, data: { definition: definition as Prisma.InputJsonObject } });
    }
    return { forms: forms.count, customEntities: customEntities.count };
  });
}

import type { Logger } from '@chatbot/core';
import { listCustomEntities, listForms, loadResponseCatalogue, type Db } from '@chatbot/db';
import { FormSchema, type Form } from '@chatbot/dialogue';
import { CustomEntitySchema, EntityExtractor, type CustomEntity } from '@chatbot/entities';
import type { ReplyCatalogue } from './reply-chooser';

/** What the worker answers with: the reply texts, the forms by intent, and the entities to look for. */
export interface BotCatalogue {
  replies: ReplyCatalogue;
  forms: ReadonlyMap<string, Form>;
  entities: EntityExtractor;
  /** The custom entities `entities` was built from (as JSON): a refresh that finds the same ones keeps it. */
  entitiesSource: string;
}

/**
 * Reads the bot's catalogue from the store. A form or custom entity that no longer parses (written
 * straight into the database, or by an older version) is left out with a warning rather than stopping
 * every message: the API checks them when they are saved.
 */
export async function loadBotCatalogue(db: Db, logger: Logger, previous?: BotCatalogue): Promise<BotCatalogue> {
  const [replies, storedForms, storedEntities] = await Promise.all([loadResponseCatalogue(db), listForms(db), listCustomEntities(db)]);
  const forms = new Map<string, Form>();
  for (const stored of storedForms) {
    const parsed = FormSchema.safeParse({ ...(stored.definition as object), intent: stored.intent });
    if (parsed.success) forms.set(stored.intent, parsed.data);
    else logger.warn({ intent: stored.intent, problems: parsed.error.issues.map((issue) => issue.message) }, 'stored form is invalid; the intent is answered without it');
  }
  const customEntities: CustomEntity[] = [];
  for (const stored of storedEntities) {
    const parsed = CustomEntitySchema.safeParse({ ...(stored.definition as object), name: stored.name });
    if (parsed.success) customEntities.push(parsed.data);
    else logger.warn({ entity: stored.name, problems: parsed.error.issues.map((issue) => issue.message) }, 'stored custom entity is invalid; it is not looked for');
  }
  // Building an extractor compiles every pattern into a sandbox of its own: not worth redoing on each refresh.
  const entitiesSource = JSON.stringify(customEntities);
  const entities = previous?.entitiesSource === entitiesSource ? previous.entities : new EntityExtractor(customEntities);
  return { replies, forms, entities, entitiesSource };
}

/** A catalogue with replies only (no forms, no custom entities). */
export function repliesOnly(replies: ReplyCatalogue): BotCatalogue {
  return { replies, forms: new Map(), entities: new EntityExtractor([]), entitiesSource: '[]' };
}

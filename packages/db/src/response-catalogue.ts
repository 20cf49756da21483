import { CATALOGUE_LANGUAGES, IntentCatalogueSchema, type CatalogueLanguage, type IntentCatalogue, type ResponseTexts } from '@chatbot/core';
import type { Db } from './database';
import { buttonsColumn } from './intent-options';

/** Every intent's reply texts per language, in their configured order. */
export async function loadResponseCatalogue(db: Db): Promise<Map<string, ResponseTexts>> {
  const intents = await db.intent.findMany({
    include: { responses: { orderBy: [{ position: 'asc' }, { id: 'asc' }] } },
    orderBy: { name: 'asc' },
  });
  const catalogue = new Map<string, ResponseTexts>();
  for (const intent of intents) {
    const texts: ResponseTexts = { en: [], zh: [] };
    for (const response of intent.responses) {
      if (isCatalogueLanguage(response.language)) texts[response.language].push(response.text);
    }
    catalogue.set(intent.name, texts);
  }
  return catalogue;
}

/**
 * Adds the intents (with their responses, buttons and action) that the database does not have yet.
 * An intent that exists is left exactly as it is, so edits admins made through the API survive every
 * restart. Safe when several processes seed at once. Returns how many intents it created.
 */
export async function seedIntentCatalogue(db: Db, catalogue: IntentCatalogue): Promise<{ created: number }> {
  const intents = IntentCatalogueSchema.parse(catalogue);
  return db.$transaction(async (tx) => {
    // ON CONFLICT DO NOTHING: returns only the rows this call inserted.
    const created = await tx.intent.createManyAndReturn({
      data: intents.map(({ name, description, buttons, action }) => ({ name, description, buttons: buttonsColumn(buttons), action })),
      skipDuplicates: true,
      select: { id: true, name: true },
    });
    const byName = new Map(intents.map((intent) => [intent.name, intent]));
    const responses = created.flatMap(({ id, name }) =>
      CATALOGUE_LANGUAGES.flatMap((language) => (byName.get(name)?.responses[language] ?? []).map((text, position) => ({ intentId: id, language, text, position }))),
    );
    await tx.response.createMany({ data: responses });
    return { created: created.length };
  });
}

function isCatalogueLanguage(language: string): language is CatalogueLanguage {
  return (CATALOGUE_LANGUAGES as readonly string[]).includes(language);
}

import { z } from 'zod';

/**
 * The reply catalogue: every intent with its reply texts per language. The same shape is the default
 * bot's intents.json, what the database is seeded with, and what admins edit through the API.
 */

/** Languages the bot answers in; every intent has reply texts for each. */
export const CATALOGUE_LANGUAGES = ['en', 'zh'] as const;
export type CatalogueLanguage = (typeof CATALOGUE_LANGUAGES)[number];
export type ResponseTexts = Record<CatalogueLanguage, string[]>;

const ResponseTextsSchema = z.object({
  en: z.array(z.string().trim().min(1)),
  zh: z.array(z.string().trim().min(1)),
});

export const IntentCatalogueSchema = z
  .array(
    z.object({
      name: z.string().trim().min(1).max(100),
      description: z.string().optional(),
      responses: ResponseTextsSchema,
    }),
  )
  .refine((intents) => new Set(intents.map((intent) => intent.name)).size === intents.length, 'intent names must be unique');
export type IntentCatalogue = z.input<typeof IntentCatalogueSchema>;

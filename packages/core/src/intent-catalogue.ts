import { ActionNameSchema, ButtonSchema } from '@chatbot/actions-sdk';
import { z } from 'zod';

/**
 * The reply catalogue: every intent with its reply texts per language, the buttons under its reply
 * and the action that answers it, if any. The same shape is the default bot's intents.json, what the
 * database is seeded with, and what admins edit through the API.
 */

/** Languages the bot answers in; every intent has reply texts for each. */
export const CATALOGUE_LANGUAGES = ['en', 'zh'] as const;
export type CatalogueLanguage = (typeof CATALOGUE_LANGUAGES)[number];
export type ResponseTexts = Record<CatalogueLanguage, string[]>;

/**
 * Most buttons under one intent's reply, per language: five fit one row in Slack and Discord, and a
 * reply that joins two catalogue answers (an interrupting intent's, then another's) stays within
 * what one message may carry (MAX_BUTTONS).
 */
export const MAX_CATALOGUE_BUTTONS = 5;

const CatalogueButtonsSchema = z.array(ButtonSchema).max(MAX_CATALOGUE_BUTTONS, `at most ${MAX_CATALOGUE_BUTTONS} buttons per language`);

/** An intent's buttons per language; a language left out has none. */
export const IntentButtonsSchema = z.strictObject({ en: CatalogueButtonsSchema.default([]), zh: CatalogueButtonsSchema.default([]) });
export type IntentButtons = z.infer<typeof IntentButtonsSchema>;

/** The action an intent names: an action's name (the bot may not have it configured, or not yet). */
export const IntentActionSchema = ActionNameSchema;

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
      /** Quick replies and links offered under the intent's reply. */
      buttons: IntentButtonsSchema.optional(),
      /** An action that answers the intent instead of its reply, while the bot has it configured. */
      action: IntentActionSchema.optional(),
    }),
  )
  .refine((intents) => new Set(intents.map((intent) => intent.name)).size === intents.length, 'intent names must be unique');
export type IntentCatalogue = z.input<typeof IntentCatalogueSchema>;

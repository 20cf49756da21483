import { CATALOGUE_LANGUAGES, IntentActionSchema, IntentButtonsSchema } from '@chatbot/core';
import { z } from 'zod';
import type { Db } from './database';
import { RecordNotFoundError } from './errors';
import { Prisma, type Intent, type Response } from './generated/prisma/client';
import { buttonsColumn } from './intent-options';

/** An intent name is also a model class label: letters, digits, '_', '.', '-'; no spaces. */
export const IntentNameSchema = z
  .string()
  .trim()
  .max(100)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}_.-]*$/u, 'intent names are letters, digits, "_", "." or "-", such as "order_status"');

export const CatalogueLanguageSchema = z.enum(CATALOGUE_LANGUAGES);
const ResponseTextSchema = z.string().trim().min(1, 'response text is empty').max(4000);
const DescriptionSchema = z.string().trim().max(1000).nullable();
/** Buttons under the intent's reply per language (a language left out has none); null: none at all. */
const ButtonsSchema = IntentButtonsSchema.nullable();
/** The action that answers the intent instead of its reply while it is configured; null: the reply answers. */
const ActionSchema = IntentActionSchema.nullable();

export const CreateIntentSchema = z.object({
  name: IntentNameSchema,
  description: DescriptionSchema.default(null),
  /** Reply texts per language, in order. */
  responses: z.partialRecord(CatalogueLanguageSchema, z.array(ResponseTextSchema)).default({}),
  buttons: ButtonsSchema.default(null),
  action: ActionSchema.default(null),
});
export type CreateIntentInput = z.input<typeof CreateIntentSchema>;

// Renaming is left out on purpose: labels and trained models refer to intents by name.
// Each field given replaces what the intent had (buttons: all of them, in every language).
export const UpdateIntentSchema = z
  .object({ description: DescriptionSchema.optional(), buttons: ButtonsSchema.optional(), action: ActionSchema.optional() })
  .refine((update) => Object.values(update).some((value) => value !== undefined), 'give description, buttons or action');
export type UpdateIntentInput = z.input<typeof UpdateIntentSchema>;

export const CreateResponseSchema = z.object({
  language: CatalogueLanguageSchema,
  text: ResponseTextSchema,
  /** Place among the intent's texts in this language; appended at the end when left out. */
  position: z.number().int().min(0).optional(),
});
export type CreateResponseInput = z.input<typeof CreateResponseSchema>;

export const UpdateResponseSchema = z
  .object({ text: ResponseTextSchema.optional(), position: z.number().int().min(0).optional() })
  .refine((update) => update.text !== undefined || update.position !== undefined, 'give text or position');
export type UpdateResponseInput = z.input<typeof UpdateResponseSchema>;

/** Creating an intent whose name is taken. */
export class DuplicateIntentError extends Error {
  override name = 'DuplicateIntentError';
}

export type IntentWithResponses = Intent & { responses: Response[] };

const RESPONSE_ORDER = [{ language: 'asc' }, { position: 'asc' }, { id: 'asc' }] as const satisfies Prisma.ResponseOrderByWithRelationInput[];

/** Every intent with its reply texts (only those of `language` when given), by name. */
export function listIntents(db: Db, options: { language?: string } = {}): Promise<IntentWithResponses[]> {
  const language = options.language === undefined ? undefined : CatalogueLanguageSchema.parse(options.language);
  return db.intent.findMany({
    include: { responses: { where: { language }, orderBy: [...RESPONSE_ORDER] } },
    orderBy: { name: 'asc' },
  });
}

export async function getIntent(db: Db, name: string): Promise<IntentWithResponses> {
  const intent = await db.intent.findUnique({ where: { name }, include: { responses: { orderBy: [...RESPONSE_ORDER] } } });
  if (!intent) throw new RecordNotFoundError(`intent "${name}" does not exist`);
  return intent;
}

export async function createIntent(db: Db, input: CreateIntentInput): Promise<IntentWithResponses> {
  const { name, description, responses, buttons, action } = CreateIntentSchema.parse(input);
  const data = Object.entries(responses).flatMap(([language, texts]) => (texts ?? []).map((text, position) => ({ language, text, position })));
  try {
    return await db.intent.create({
      data: { name, description, buttons: buttonsColumn(buttons), action, responses: { create: data } },
      include: { responses: { orderBy: [...RESPONSE_ORDER] } },
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new DuplicateIntentError(`intent "${name}" exists already`);
    }
    throw error;
  }
}

export async function updateIntent(db: Db, name: string, input: UpdateIntentInput): Promise<IntentWithResponses> {
  const { description, buttons, action } = UpdateIntentSchema.parse(input);
  await getIntent(db, name);
  return db.intent.update({
    where: { name },
    data: { description, buttons: buttons === undefined ? undefined : buttonsColumn(buttons), action },
    include: { responses: { orderBy: [...RESPONSE_ORDER] } },
  });
}

/** Deletes an intent and its reply texts. Labels keep the name (see schema.prisma). */
export async function deleteIntent(db: Db, name: string): Promise<void> {
  const deleted = await db.intent.deleteMany({ where: { name } });
  if (deleted.count === 0) throw new RecordNotFoundError(`intent "${name}" does not exist`);
}

export async function addResponse(db: Db, intentName: string, input: CreateResponseInput): Promise<Response> {
  const { language, text, position } = CreateResponseSchema.parse(input);
  const intent = await getIntent(db, intentName);
  const last = intent.responses.filter((response) => response.language === language).at(-1);
  return db.response.create({ data: { intentId: intent.id, language, text, position: position ?? (last ? last.position + 1 : 0) } });
}

export async function updateResponse(db: Db, id: string, input: UpdateResponseInput): Promise<Response> {
  const update = UpdateResponseSchema.parse(input);
  await findResponse(db, id);
  return db.response.update({ where: { id }, data: update });
}

export async function deleteResponse(db: Db, id: string): Promise<Response> {
  const response = await findResponse(db, id);
  await db.response.delete({ where: { id } });
  return response;
}

async function findResponse(db: Db, id: string): Promise<Response> {
  const response = z.uuid().safeParse(id).success ? await db.response.findUnique({ where: { id } }) : null;
  if (!response) throw new RecordNotFoundError(`response ${id} does not exist`);
  return response;
}

import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { IntentCatalogueSchema, describeIssues, type IntentCatalogue } from '@chatbot/core';
import { checkForm, type Form } from '@chatbot/dialogue';
import { CustomEntitySchema, checkCustomEntity, type CustomEntity } from '@chatbot/entities';
import { readBaseTrainingData, type BaseTrainingData } from '@chatbot/nlp';
import { z } from 'zod';

/** The bot the platform ships with: data/default-bot at the repository root. */
export const DEFAULT_BOT_DIR = fileURLToPath(new URL('../../../data/default-bot/', import.meta.url));

export interface BotData extends BaseTrainingData {
  catalogue: IntentCatalogue;
  /** forms.json: the forms some intents start (collecting an order number, say). */
  forms: Form[];
  /** entities.json: the bot's own entities (an order number's pattern). */
  customEntities: CustomEntity[];
  /** actions.json: the actions its forms name, as paths on the shop backend `pnpm start` runs (examples/shop-backend). */
  actions: BotAction[];
}

/** An action of the bot, before it is pointed at a backend: the URL is the backend's address plus `path`. */
export const BotActionSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/),
  path: z.string().regex(/^\/[A-Za-z0-9/_-]*$/, 'must be a URL path such as /order-status'),
  timeoutMs: z.int().positive().optional(),
  interimAfterMs: z.int().min(0).optional(),
  retries: z.int().min(0).optional(),
});
export type BotAction = z.infer<typeof BotActionSchema>;

/**
 * Reads a bot directory: intents.json (the reply catalogue), train.jsonl (examples), oos.jsonl
 * (out-of-scope examples), and, when present, forms.json and entities.json. A malformed file is
 * named in the error with what is wrong; forms are checked as the admin API checks them.
 */
export async function readBotData(dir = DEFAULT_BOT_DIR): Promise<BotData> {
  const catalogue = await readBotCatalogue(dir);
  const customEntities = await readCustomEntities(dir);
  const forms = await readForms(dir, catalogue, customEntities);
  const actions = await readActions(dir);
  return { catalogue, forms, customEntities, actions, ...(await readBaseTrainingData(dir)) };
}

/** The bot's training data alone (what the trainer and the API's pre-training check read). */
export function readBotTrainingData(dir = DEFAULT_BOT_DIR): Promise<BaseTrainingData> {
  return readBaseTrainingData(dir);
}

async function readBotCatalogue(dir: string): Promise<IntentCatalogue> {
  const catalogueFile = `${dir}/intents.json`;
  const parsed = IntentCatalogueSchema.safeParse(JSON.parse(await readFile(catalogueFile, 'utf8')));
  if (!parsed.success) throw new Error(`${catalogueFile}: ${describeIssues(parsed.error.issues)}`);
  return parsed.data;
}

async function readJsonArray(file: string): Promise<unknown[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const parsed = z.array(z.unknown()).safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${file}: must be a JSON array`);
  return parsed.data;
}

/** The bot's own entities alone (entities.json; none when the folder has no such file), checked. */
export function readBotEntities(dir = DEFAULT_BOT_DIR): Promise<CustomEntity[]> {
  return readCustomEntities(dir);
}

async function readCustomEntities(dir: string): Promise<CustomEntity[]> {
  const file = `${dir}/entities.json`;
  return (await readJsonArray(file)).map((candidate, index) => {
    const parsed = CustomEntitySchema.safeParse(candidate);
    if (!parsed.success) throw new Error(`${file}: entity ${index + 1}: ${describeIssues(parsed.error.issues)}`);
    const check = checkCustomEntity(parsed.data);
    if (!check.ok) throw new Error(`${file}: entity "${parsed.data.name}": ${check.reason}`);
    return parsed.data;
  });
}

async function readActions(dir: string): Promise<BotAction[]> {
  const file = `${dir}/actions.json`;
  return (await readJsonArray(file)).map((candidate, index) => {
    const parsed = BotActionSchema.safeParse(candidate);
    if (!parsed.success) throw new Error(`${file}: action ${index + 1}: ${describeIssues(parsed.error.issues)}`);
    return parsed.data;
  });
}

async function readForms(dir: string, catalogue: IntentCatalogue, customEntities: readonly CustomEntity[]): Promise<Form[]> {
  const file = `${dir}/forms.json`;
  const known = { intents: new Set(catalogue.map((intent) => intent.name)), entityTypes: new Set(customEntities.map((entity) => entity.name)) };
  return (await readJsonArray(file)).map((candidate, index) => {
    const check = checkForm(candidate, known);
    if (!check.ok) throw new Error(`${file}: form ${index + 1}: ${check.reasons.join(' ')}`);
    return check.form;
  });
}

import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { IntentCatalogueSchema, describeIssues, type IntentCatalogue } from '@chatbot/core';
import { readBaseTrainingData, type BaseTrainingData } from '@chatbot/nlp';

/** The bot the platform ships with: data/default-bot at the repository root. */
export const DEFAULT_BOT_DIR = fileURLToPath(new URL('../../../data/default-bot/', import.meta.url));

export interface BotData extends BaseTrainingData {
  catalogue: IntentCatalogue;
}

/**
 * Reads a bot directory: intents.json (the reply catalogue), train.jsonl (examples), oos.jsonl
 * (out-of-scope examples). A malformed intents.json is named in the error with what is wrong.
 */
export async function readBotData(dir = DEFAULT_BOT_DIR): Promise<BotData> {
  return { catalogue: await readBotCatalogue(dir), ...(await readBaseTrainingData(dir)) };
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

import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { readBaseTrainingData, type BaseTrainingData } from '@chatbot/nlp';

/** The bot the platform ships with: data/default-bot at the repository root. */
export const DEFAULT_BOT_DIR = fileURLToPath(new URL('../../../data/default-bot/', import.meta.url));

const CatalogueSchema = z.array(
  z.object({
    name: z.string().min(1),
    description: z.string().optional(),
    responses: z.object({ en: z.array(z.string().min(1)), zh: z.array(z.string().min(1)) }),
  }),
);
export type IntentCatalogue = z.infer<typeof CatalogueSchema>;

export interface BotData extends BaseTrainingData {
  catalogue: IntentCatalogue;
}

/** Reads a bot directory: intents.json (replies), train.jsonl (examples), oos.jsonl (out-of-scope examples). */
export async function readBotData(dir = DEFAULT_BOT_DIR): Promise<BotData> {
  const catalogueFile = `${dir}/intents.json`;
  const parsed = CatalogueSchema.safeParse(JSON.parse(await readFile(catalogueFile, 'utf8')));
  if (!parsed.success) throw new Error(`${catalogueFile}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return { catalogue: parsed.data, ...(await readBaseTrainingData(dir)) };
}

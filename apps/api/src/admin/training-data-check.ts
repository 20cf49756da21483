import { loadLabelledExamples, type Db } from '@chatbot/db';
import { normalizeText, OUT_OF_SCOPE, readJsonlFile } from '@chatbot/nlp';
import type { TrainingSettings } from './admin-deps';

export interface IntentShortfall {
  intent: string;
  examples: number;
}

/**
 * Intents that would have fewer than the minimum number of examples in the next training run's
 * data: the base examples plus every labelled message, one example per normalised text, where a
 * label wins over a base example of the same text (the trainer builds its dataset the same way).
 */
export async function findIntentShortfalls(db: Db, settings: TrainingSettings): Promise<IntentShortfall[]> {
  const intentByText = new Map<string, string | null>();
  for (const example of await readJsonlFile(settings.baseDataPath)) intentByText.set(normalizeText(example.text), example.intent);
  for (const example of await loadLabelledExamples(db)) intentByText.set(normalizeText(example.text), example.intent);

  const counts = new Map<string, number>();
  for (const intent of intentByText.values()) {
    if (intent !== null && intent !== OUT_OF_SCOPE) counts.set(intent, (counts.get(intent) ?? 0) + 1);
  }
  return [...counts]
    .filter(([, examples]) => examples < settings.minExamplesPerIntent)
    .map(([intent, examples]) => ({ intent, examples }))
    .sort((a, b) => a.examples - b.examples || a.intent.localeCompare(b.intent));
}

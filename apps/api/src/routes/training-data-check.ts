import { loadRetrainingExamples, type Db } from '@chatbot/db';
import { readBotTrainingData } from '@chatbot/default-bot';
import { buildTrainingSplit, intentShortfalls, type IntentShortfall } from '@chatbot/nlp';
import type { TrainingSettings } from '../admin/admin-deps';

/**
 * The intents that would have too few examples in the next training run: the trainer's own split of
 * the base data plus every labelled message (buildTrainingSplit), checked against the same minimum,
 * so a request the trainer would refuse is refused here, before it is queued.
 */
export async function findIntentShortfalls(db: Db, settings: TrainingSettings): Promise<IntentShortfall[]> {
  const { split } = buildTrainingSplit(await readBotTrainingData(settings.baseDataDir), await loadRetrainingExamples(db));
  return intentShortfalls(split, settings.minExamplesPerIntent);
}

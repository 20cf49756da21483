import { intentCount, intentShortfalls, type TrainingSplit } from '@chatbot/nlp';

/** The data cannot make a useful model; `reasons` say what to add. Nothing was trained. */
export class TrainingRefusedError extends Error {
  override name = 'TrainingRefusedError';
  constructor(readonly reasons: string[]) {
    super(`training refused: ${reasons.join('; ')}`);
  }
}

/**
 * Refuses a split in which some intent has fewer than `minimum` examples to learn and validate
 * (TRAINING_MIN_EXAMPLES_PER_INTENT, the same setting the admin API checks before queueing a run).
 */
export function assertEnoughExamples(split: TrainingSplit, minimum: number): void {
  const reasons = intentShortfalls(split, minimum).map(
    ({ intent, examples }) => `intent "${intent}" has ${examples} example${examples === 1 ? '' : 's'}, at least ${minimum} are needed (label more messages with it)`,
  );
  const intents = intentCount(split);
  if (intents < 2) reasons.push(`a model needs at least 2 intents, the data has ${intents}`);
  if (reasons.length > 0) throw new TrainingRefusedError(reasons);
}

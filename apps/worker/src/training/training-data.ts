import { normalizeText, OUT_OF_SCOPE, stratifiedSplit, type Example } from '@chatbot/nlp';
import type { LabelledExample } from '@chatbot/db';
import type { BotData } from '../default-bot';

/** One seed for every split and every model, so the same data always gives the same split and model. */
export const TRAINING_SEED = 42;
const BASE_VALIDATION_FRACTION = 0.1;
const OUT_OF_SCOPE_VALIDATION_FRACTION = 0.3;
const LABELLED_VALIDATION_FRACTION = 0.2;
/** Fewer examples than this for an intent and a run is refused before any training. */
export const MIN_EXAMPLES_PER_INTENT = 5;

/** Training data and the held-out validation split; out-of-scope examples carry the OUT_OF_SCOPE intent. */
export interface TrainingSplit {
  train: Example[];
  validation: Example[];
  outOfScopeTrain: Example[];
  outOfScopeValidation: Example[];
}

export interface TrainingDataSummary {
  intents: number;
  train: number;
  validation: number;
  outOfScopeTrain: number;
  outOfScopeValidation: number;
  labelled: number;
  /** Base examples dropped because an admin labelled the same text (labels win). */
  baseOverriddenByLabels: number;
}

/** The data cannot make a useful model; `reasons` say what to add. Nothing was trained. */
export class TrainingRefusedError extends Error {
  override name = 'TrainingRefusedError';
  constructor(readonly reasons: string[]) {
    super(`training refused: ${reasons.join('; ')}`);
  }
}

/**
 * Splits the base (shipped) data. The default model made at start-up and every retrained model
 * use this same split, so a retrained model is compared with the default model on examples
 * neither was trained on.
 */
export function splitBaseData(bot: Pick<BotData, 'train' | 'outOfScope'>): TrainingSplit {
  const inScope = stratifiedSplit(bot.train, BASE_VALIDATION_FRACTION, TRAINING_SEED);
  const outOfScope = stratifiedSplit(asOutOfScope(bot.outOfScope), OUT_OF_SCOPE_VALIDATION_FRACTION, TRAINING_SEED);
  return { train: inScope.train, validation: inScope.holdout, outOfScopeTrain: outOfScope.train, outOfScopeValidation: outOfScope.holdout };
}

/**
 * The retraining data: the base data plus every labelled message, deduplicated by normalised text.
 * A label wins over base data with the same text (wherever that sits in the split); of several
 * turns with the same text, the newest label counts. Labelled messages are split stratified on
 * their own, so the base split stays the same as labels accumulate. Each text appears once, so never
 * on both sides of the split.
 */
export function buildTrainingSplit(bot: Pick<BotData, 'train' | 'outOfScope'>, labelled: readonly LabelledExample[]): { split: TrainingSplit; summary: TrainingDataSummary } {
  const labelledByText = new Map<string, Example>();
  for (const { text, intent } of labelled) labelledByText.set(normalizeText(text), { text, intent: intent ?? OUT_OF_SCOPE });
  const labelledSplit = stratifiedSplit([...labelledByText.values()], LABELLED_VALIDATION_FRACTION, TRAINING_SEED);
  const base = splitBaseData(bot);

  // Base examples whose text is labelled, or seen before (train is filled before validation), are dropped.
  const seen = new Set(labelledByText.keys());
  let baseOverriddenByLabels = 0;
  const unseenBase = (examples: readonly Example[]) =>
    examples.filter(({ text }) => {
      const key = normalizeText(text);
      if (labelledByText.has(key)) baseOverriddenByLabels++;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  const isOutOfScope = (e: Example) => e.intent === OUT_OF_SCOPE;
  const inScope = (e: Example) => !isOutOfScope(e);
  const train = [...unseenBase(base.train), ...labelledSplit.train.filter(inScope)];
  const outOfScopeTrain = [...unseenBase(base.outOfScopeTrain), ...labelledSplit.train.filter(isOutOfScope)];
  const validation = [...unseenBase(base.validation), ...labelledSplit.holdout.filter(inScope)];
  const outOfScopeValidation = [...unseenBase(base.outOfScopeValidation), ...labelledSplit.holdout.filter(isOutOfScope)];

  const split = { train, validation, outOfScopeTrain, outOfScopeValidation };
  return {
    split,
    summary: {
      intents: new Set(train.map((e) => e.intent)).size,
      train: train.length,
      validation: validation.length,
      outOfScopeTrain: outOfScopeTrain.length,
      outOfScopeValidation: outOfScopeValidation.length,
      labelled: labelledByText.size,
      baseOverriddenByLabels,
    },
  };
}

/** Refuses a split in which some intent has too few examples to learn and validate. */
export function assertEnoughExamples(split: TrainingSplit, minimum = MIN_EXAMPLES_PER_INTENT): void {
  const counts = new Map<string, number>();
  for (const { intent } of [...split.train, ...split.validation]) counts.set(intent, (counts.get(intent) ?? 0) + 1);
  const reasons = [...counts]
    .filter(([, count]) => count < minimum)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([intent, count]) => `intent "${intent}" has ${count} example${count === 1 ? '' : 's'}, at least ${minimum} are needed (label more messages with it)`);
  if (counts.size < 2) reasons.push(`a model needs at least 2 intents, the data has ${counts.size}`);
  if (reasons.length > 0) throw new TrainingRefusedError(reasons);
}

function asOutOfScope(examples: readonly Example[]): Example[] {
  return examples.map(({ text }) => ({ text, intent: OUT_OF_SCOPE }));
}

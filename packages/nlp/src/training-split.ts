import { join } from 'node:path';
import { readJsonlFile } from './dataset';
import { normalizeText } from './normalise';
import { stratifiedSplit } from './split';
import { OUT_OF_SCOPE, type Example } from './types';

/**
 * The data a bot is retrained on, and how it is split. Shared by the trainer (which builds the split)
 * and the admin API (which refuses a training request that the trainer would refuse), so that both
 * apply the same rule.
 */

/** One seed for every split and every model, so the same data always gives the same split and model. */
export const TRAINING_SEED = 42;
const BASE_VALIDATION_FRACTION = 0.1;
const OUT_OF_SCOPE_VALIDATION_FRACTION = 0.3;
const LABELLED_VALIDATION_FRACTION = 0.2;

/** The examples a bot ships with: in-scope ones, and out-of-scope ones (whatever their intent field says). */
export interface BaseTrainingData {
  train: Example[];
  outOfScope: Example[];
}

/** A text an admin gave an intent (a labelled message or a written training phrase), or null for "out of scope". */
export interface LabelledText {
  text: string;
  intent: string | null;
}

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
  /** Distinct texts admins gave an intent: labelled messages and written training phrases. */
  labelled: number;
  /** Base examples dropped because an admin labelled the same text (labels win). */
  baseOverriddenByLabels: number;
}

export interface IntentShortfall {
  intent: string;
  /** Its examples in training plus validation data. */
  examples: number;
}

/** Reads a bot directory's examples: train.jsonl and oos.jsonl. */
export async function readBaseTrainingData(dir: string): Promise<BaseTrainingData> {
  return { train: await readJsonlFile(join(dir, 'train.jsonl')), outOfScope: await readJsonlFile(join(dir, 'oos.jsonl')) };
}

/**
 * Splits the base (shipped) data. The default model made at start-up and every retrained model
 * use this same split, so a retrained model is compared with the default model on examples
 * neither was trained on.
 */
export function splitBaseData(base: BaseTrainingData): TrainingSplit {
  const inScope = stratifiedSplit(base.train, BASE_VALIDATION_FRACTION, TRAINING_SEED);
  const outOfScope = stratifiedSplit(asOutOfScope(base.outOfScope), OUT_OF_SCOPE_VALIDATION_FRACTION, TRAINING_SEED);
  return { train: inScope.train, validation: inScope.holdout, outOfScopeTrain: outOfScope.train, outOfScopeValidation: outOfScope.holdout };
}

/**
 * The retraining data: the base data plus every labelled message, deduplicated by normalised text.
 * A label wins over base data with the same text (wherever that sits in the split); of several
 * labelled messages with the same text, the last one given counts (pass them oldest first).
 * Labelled messages are split stratified on their own, so the base split stays the same as labels
 * accumulate. Each text appears once, so never on both sides of the split.
 */
export function buildTrainingSplit(base: BaseTrainingData, labelled: readonly LabelledText[]): { split: TrainingSplit; summary: TrainingDataSummary } {
  const labelledByText = new Map<string, Example>();
  for (const { text, intent } of labelled) labelledByText.set(normalizeText(text), { text, intent: intent ?? OUT_OF_SCOPE });
  const labelledSplit = stratifiedSplit([...labelledByText.values()], LABELLED_VALIDATION_FRACTION, TRAINING_SEED);
  const baseSplit = splitBaseData(base);

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
  const train = [...unseenBase(baseSplit.train), ...labelledSplit.train.filter(inScope)];
  const outOfScopeTrain = [...unseenBase(baseSplit.outOfScopeTrain), ...labelledSplit.train.filter(isOutOfScope)];
  const validation = [...unseenBase(baseSplit.validation), ...labelledSplit.holdout.filter(inScope)];
  const outOfScopeValidation = [...unseenBase(baseSplit.outOfScopeValidation), ...labelledSplit.holdout.filter(isOutOfScope)];

  return {
    split: { train, validation, outOfScopeTrain, outOfScopeValidation },
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

/** The intents with fewer than `minimum` examples in training plus validation data, by name. */
export function intentShortfalls(split: TrainingSplit, minimum: number): IntentShortfall[] {
  const counts = new Map<string, number>();
  for (const { intent } of [...split.train, ...split.validation]) counts.set(intent, (counts.get(intent) ?? 0) + 1);
  return [...counts]
    .filter(([, examples]) => examples < minimum)
    .map(([intent, examples]) => ({ intent, examples }))
    .sort((a, b) => (a.intent < b.intent ? -1 : a.intent > b.intent ? 1 : 0));
}

/** The number of intents in training plus validation data. */
export function intentCount(split: TrainingSplit): number {
  return new Set([...split.train, ...split.validation].map((e) => e.intent)).size;
}

function asOutOfScope(examples: readonly Example[]): Example[] {
  return examples.map(({ text }) => ({ text, intent: OUT_OF_SCOPE }));
}

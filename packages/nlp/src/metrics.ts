import { OUT_OF_SCOPE } from './types';

export interface IntentScores {
  intent: string;
  precision: number;
  recall: number;
  f1: number;
  /** Number of gold items with this intent. */
  support: number;
}

export interface EvaluationReport {
  n: number;
  /** Over all items, out-of-scope included. */
  accuracy: number;
  /** Mean F1 over the labels that occur in gold, out-of-scope included when present. */
  macroF1: number;
  /** Over gold in-scope items; predicting out-of-scope for one counts as wrong (CLINC150 protocol). */
  inScopeAccuracy: number;
  /** Share of gold out-of-scope items predicted out-of-scope; null when gold has none. */
  oosRecall: number | null;
  /** Share of out-of-scope predictions that are gold out-of-scope; null when gold has none. */
  oosPrecision: number | null;
  /** One entry per label in `labels`, sorted by intent. */
  perIntent: IntentScores[];
  /** Every label seen in gold or predicted, sorted. */
  labels: string[];
  /** confusion[goldIndex][predictedIndex], indices into `labels`. */
  confusion: number[][];
  /** The most frequent mistakes, most frequent first. */
  topConfusions: Array<{ gold: string; predicted: string; count: number }>;
}

export interface EvaluateOptions {
  outOfScopeLabel?: string;
  /** How many mistakes `topConfusions` lists (default 10). */
  topConfusionCount?: number;
}

// Every ratio in the report is 0 when its denominator is 0 (no items, no predictions of a label).
const ratio = (numerator: number, denominator: number) => (denominator === 0 ? 0 : numerator / denominator);
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Scores predictions against gold labels.
 *
 * Macro-F1 averages over the labels that occur in gold only. A label that is predicted but never gold
 * has F1 0 by definition; averaging it in would punish one stray prediction as much as failing a whole
 * intent. Those predictions are not free: each one lowers the recall (and F1) of the gold intent it was
 * taken from, and they show in the confusion matrix and in `perIntent` (support 0, precision 0).
 */
export function evaluate(gold: readonly string[], predicted: readonly string[], options: EvaluateOptions = {}): EvaluationReport {
  if (gold.length !== predicted.length) {
    throw new RangeError(`gold has ${gold.length} labels but predicted has ${predicted.length}; they must pair up`);
  }
  const outOfScope = options.outOfScopeLabel ?? OUT_OF_SCOPE;
  const topConfusionCount = options.topConfusionCount ?? 10;
  const n = gold.length;

  const labels = [...new Set([...gold, ...predicted])].sort(byCodeUnits);
  const indexOf = new Map(labels.map((label, index) => [label, index]));
  const confusion = labels.map(() => labels.map(() => 0));
  for (let i = 0; i < n; i++) confusion[indexOf.get(gold[i]!)!]![indexOf.get(predicted[i]!)!]!++;

  const perIntent = labels.map((intent, index): IntentScores => {
    const truePositives = confusion[index]![index]!;
    const support = confusion[index]!.reduce((sum, count) => sum + count, 0);
    const predictedCount = confusion.reduce((sum, row) => sum + row[index]!, 0);
    const precision = ratio(truePositives, predictedCount);
    const recall = ratio(truePositives, support);
    return { intent, precision, recall, f1: ratio(2 * precision * recall, precision + recall), support };
  });
  const goldIntents = perIntent.filter((scores) => scores.support > 0);

  let correct = 0;
  let inScope = 0;
  let inScopeCorrect = 0;
  for (let i = 0; i < n; i++) {
    const isCorrect = gold[i] === predicted[i];
    if (isCorrect) correct++;
    if (gold[i] !== outOfScope) {
      inScope++;
      if (isCorrect) inScopeCorrect++;
    }
  }
  const oosScores = perIntent.find((scores) => scores.intent === outOfScope);
  const goldHasOos = oosScores !== undefined && oosScores.support > 0;

  const topConfusions = labels
    .flatMap((goldLabel, g) => labels.map((predictedLabel, p) => ({ gold: goldLabel, predicted: predictedLabel, count: g === p ? 0 : confusion[g]![p]! })))
    .filter((cell) => cell.count > 0)
    .sort((a, b) => b.count - a.count || byCodeUnits(a.gold, b.gold) || byCodeUnits(a.predicted, b.predicted))
    .slice(0, topConfusionCount);

  return {
    n,
    accuracy: ratio(correct, n),
    macroF1: ratio(
      goldIntents.reduce((sum, scores) => sum + scores.f1, 0),
      goldIntents.length,
    ),
    inScopeAccuracy: ratio(inScopeCorrect, inScope),
    oosRecall: goldHasOos ? oosScores.recall : null,
    oosPrecision: goldHasOos ? oosScores.precision : null,
    perIntent,
    labels,
    confusion,
    topConfusions,
  };
}

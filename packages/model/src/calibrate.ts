/**
 * Thresholds sit halfway between two observed scores, never on one: a score that lands on the threshold
 * would flip with the last bit of float rounding (the tfjs and Float32Array paths differ there).
 */
function midpoint(below: number, above: number): number {
  return (below + above) / 2;
}

/** One validation example as the threshold sees it. */
export interface ScoredExample {
  /** The gold label; the out-of-scope label for out-of-scope examples. */
  gold: string;
  /** The best in-scope intent and its score. */
  intent: string;
  score: number;
  /** The explicit out-of-scope class beat every in-scope intent. */
  outOfScopeWins: boolean;
}

/**
 * Without out-of-scope examples the threshold may only cost this share of the correctly recognised
 * validation texts: it then rejects what looks less certain than nearly everything the model gets right.
 */
const IN_SCOPE_KEPT_WITHOUT_OOS_DATA = 0.99;

/**
 * With out-of-scope data, the threshold may cost at most this much in-scope accuracy (absolute) compared
 * with no threshold: wrongly refusing a real request is the mistake users notice most.
 */
const MAX_IN_SCOPE_ACCURACY_COST = 0.01;

/**
 * The out-of-scope threshold. With out-of-scope validation examples it maximises in-scope accuracy
 * plus out-of-scope recall among the thresholds that cost at most MAX_IN_SCOPE_ACCURACY_COST of
 * in-scope accuracy; without them it keeps IN_SCOPE_KEPT_WITHOUT_OOS_DATA of the correct in-scope answers.
 */
export function calibrateThreshold(examples: readonly ScoredExample[], outOfScopeLabel: string): number {
  const inScope = examples.filter((e) => e.gold !== outOfScopeLabel);
  const outOfScope = examples.filter((e) => e.gold === outOfScopeLabel);
  if (inScope.length === 0) return 0;

  if (outOfScope.length === 0) {
    const correctScores = inScope
      .filter((e) => !e.outOfScopeWins && e.intent === e.gold)
      .map((e) => e.score)
      .sort((a, b) => a - b);
    if (correctScores.length === 0) return 0;
    const lowestKept = Math.floor((1 - IN_SCOPE_KEPT_WITHOUT_OOS_DATA) * correctScores.length);
    return midpoint(correctScores[lowestKept - 1] ?? 0, correctScores[lowestKept]!);
  }

  // A threshold t predicts "in scope" for score >= t; try t between every two neighbouring scores.
  const scores = [...new Set(examples.map((e) => e.score))].sort((a, b) => a - b);
  const candidates = [0, ...scores.slice(1).map((score, i) => midpoint(scores[i]!, score))];
  const rates = (threshold: number) => {
    const accepted = (e: ScoredExample) => !e.outOfScopeWins && e.score >= threshold;
    return {
      inScopeAccuracy: inScope.filter((e) => accepted(e) && e.intent === e.gold).length / inScope.length,
      outOfScopeRecall: outOfScope.filter((e) => !accepted(e)).length / outOfScope.length,
    };
  };
  const floor = rates(0).inScopeAccuracy - MAX_IN_SCOPE_ACCURACY_COST;
  let best = { threshold: 0, objective: -Infinity };
  for (const threshold of candidates) {
    const { inScopeAccuracy, outOfScopeRecall } = rates(threshold);
    // Scores only fall as the threshold rises, so once below the floor no later candidate qualifies.
    if (inScopeAccuracy < floor) break;
    const objective = inScopeAccuracy + outOfScopeRecall;
    if (objective > best.objective) best = { threshold, objective };
  }
  return best.threshold;
}

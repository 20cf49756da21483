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
 * With out-of-scope data, the threshold may cost at most this much in-scope accuracy (absolute) compared
 * with no threshold: wrongly refusing a real request is the mistake users notice most.
 */
const MAX_IN_SCOPE_ACCURACY_COST = 0.01;

/**
 * The out-of-scope threshold. With out-of-scope validation examples it maximises in-scope accuracy
 * plus out-of-scope recall among the thresholds that cost at most MAX_IN_SCOPE_ACCURACY_COST of
 * in-scope accuracy. Without them nothing says what out-of-scope texts look like, so the threshold only
 * weighs the model's own answers: a fallback is better than a wrong answer and worse than a right one, so it
 * maximises the right answers kept plus the wrong answers refused (the lowest such threshold). This replaced
 * "keep 99% of the right answers", which refused 1% of right answers whatever the model's errors looked like
 * (-0.9 point on SNIPS and SMP2017 validation splits for the few wrong answers it caught).
 */
export function calibrateThreshold(examples: readonly ScoredExample[], outOfScopeLabel: string): number {
  const inScope = examples.filter((e) => e.gold !== outOfScopeLabel);
  const outOfScope = examples.filter((e) => e.gold === outOfScopeLabel);
  if (inScope.length === 0) return 0;

  // A threshold t predicts "in scope" for score >= t; try t between every two neighbouring scores.
  const scores = [...new Set(examples.map((e) => e.score))].sort((a, b) => a - b);
  const candidates = [0, ...scores.slice(1).map((score, i) => midpoint(scores[i]!, score))];
  if (outOfScope.length === 0) return bestThresholdWithoutOutOfScopeData(inScope, candidates);

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

function bestThresholdWithoutOutOfScopeData(inScope: readonly ScoredExample[], candidates: readonly number[]): number {
  // Sorted by score, a sweep counts for each candidate the right answers at or above it and the wrong below.
  const sorted = [...inScope].sort((a, b) => a.score - b.score);
  let rightBelow = 0;
  let wrongBelow = 0;
  let next = 0;
  const rightTotal = sorted.filter((e) => e.intent === e.gold).length;
  let best = { threshold: 0, objective: -Infinity };
  for (const threshold of candidates) {
    for (; next < sorted.length && sorted[next]!.score < threshold; next++) {
      if (sorted[next]!.intent === sorted[next]!.gold) rightBelow++;
      else wrongBelow++;
    }
    const objective = rightTotal - rightBelow + wrongBelow;
    if (objective > best.objective) best = { threshold, objective };
  }
  return best.threshold;
}

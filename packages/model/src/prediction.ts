import type { Language } from '@chatbot/nlp';

export interface Prediction {
  /** The recognised intent; null when the text is out of scope. */
  intent: string | null;
  /** Score of the best in-scope intent (what the out-of-scope threshold is compared with). */
  confidence: number;
  outOfScope: boolean;
  /** The best in-scope intents with their scores, best first. */
  top: Array<{ intent: string; score: number }>;
  language: Language;
}

/** How class probabilities become a prediction. */
export interface DecisionRule {
  labels: readonly string[];
  /** Index of the explicit out-of-scope class in `labels`, or -1 when the model has none. */
  outOfScopeIndex: number;
  /** A best in-scope score below this means out of scope. */
  threshold: number;
  topK: number;
}

/** Softmax of `count` logits starting at `offset`, in place. */
export function softmaxInPlace(values: Float32Array, offset: number, count: number): void {
  let max = -Infinity;
  for (let i = 0; i < count; i++) max = Math.max(max, values[offset + i]!);
  let sum = 0;
  for (let i = 0; i < count; i++) sum += values[offset + i] = Math.exp(values[offset + i]! - max);
  for (let i = 0; i < count; i++) values[offset + i]! /= sum;
}

/** The best in-scope classes, best first, and whether the explicit out-of-scope class beat them all. */
export function rankInScope(probabilities: Float32Array, offset: number, rule: DecisionRule): { top: Array<{ intent: string; score: number }>; outOfScopeWins: boolean } {
  const top: Array<{ intent: string; score: number }> = [];
  for (let c = 0; c < rule.labels.length; c++) {
    if (c === rule.outOfScopeIndex) continue;
    const score = probabilities[offset + c]!;
    if (top.length === rule.topK && score <= top[top.length - 1]!.score) continue;
    let at = top.length;
    while (at > 0 && top[at - 1]!.score < score) at--;
    top.splice(at, 0, { intent: rule.labels[c]!, score });
    if (top.length > rule.topK) top.pop();
  }
  const best = top[0]?.score ?? 0;
  const outOfScopeWins = rule.outOfScopeIndex >= 0 && probabilities[offset + rule.outOfScopeIndex]! > best;
  return { top, outOfScopeWins };
}

/**
 * The prediction for one row of probabilities. A text without any known feature (empty, only
 * punctuation or emoji) carries no evidence for an intent, so it is out of scope whatever the bias says.
 */
export function decide(probabilities: Float32Array, offset: number, rule: DecisionRule, language: Language, hasFeatures: boolean): Prediction {
  const { top, outOfScopeWins } = rankInScope(probabilities, offset, rule);
  const confidence = top[0]?.score ?? 0;
  const outOfScope = !hasFeatures || outOfScopeWins || confidence < rule.threshold;
  return { intent: outOfScope ? null : top[0]!.intent, confidence, outOfScope, top, language };
}

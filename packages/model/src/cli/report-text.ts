import type { ModelEvaluation } from '../evaluate-model';

const percent = (x: number) => `${(x * 100).toFixed(2)}%`;

/** A human-readable evaluation report. */
export function formatEvaluation(evaluation: ModelEvaluation): string {
  const lines = [
    `examples           ${evaluation.n}`,
    `architecture       ${evaluation.architecture} (backend ${evaluation.backend})`,
    `accuracy           ${percent(evaluation.accuracy)}`,
    `macro-F1           ${percent(evaluation.macroF1)}`,
    `in-scope accuracy  ${percent(evaluation.inScopeAccuracy)}`,
  ];
  if (evaluation.oosRecall !== null) lines.push(`out-of-scope recall ${percent(evaluation.oosRecall)}`);
  lines.push(`threshold          ${evaluation.threshold.toFixed(3)}`);
  const weakest = evaluation.perIntent
    .filter((s) => s.support > 0)
    .sort((a, b) => a.f1 - b.f1)
    .slice(0, 10);
  lines.push('', 'weakest intents (F1, precision, recall, support):');
  for (const s of weakest)
    lines.push(`  ${s.intent.padEnd(32)} ${percent(s.f1).padStart(7)} ${percent(s.precision).padStart(7)} ${percent(s.recall).padStart(7)} ${s.support}`);
  if (evaluation.topConfusions.length > 0) {
    lines.push('', 'most frequent mistakes (gold -> predicted: count):');
    for (const c of evaluation.topConfusions) lines.push(`  ${c.gold} -> ${c.predicted}: ${c.count}`);
  }
  return lines.join('\n');
}

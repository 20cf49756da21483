import type { ModelEvaluation } from '../evaluate-model';
import type { ModelMetadata } from '../metadata';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const percent = (x: number) => `${(x * 100).toFixed(2)}%`;

/** Line chart of per-epoch values, each series scaled to its own [0, max]. */
function trainingCurves(history: ModelMetadata['history']): string {
  if (history.length === 0) return '<p>No training history stored in this model.</p>';
  const width = 640;
  const height = 240;
  const pad = 36;
  const x = (epoch: number) => pad + ((epoch - 1) / Math.max(1, history.length - 1)) * (width - 2 * pad);
  const series: Array<{ name: string; color: string; values: Array<number | undefined>; max: number }> = [
    { name: 'loss', color: '#c0392b', values: history.map((h) => h.loss), max: 0 },
    { name: 'validation loss', color: '#e67e22', values: history.map((h) => h.valLoss), max: 0 },
    { name: 'accuracy', color: '#2980b9', values: history.map((h) => h.accuracy), max: 1 },
    { name: 'validation accuracy', color: '#27ae60', values: history.map((h) => h.valAccuracy), max: 1 },
  ];
  const lossMax = Math.max(...history.flatMap((h) => [h.loss, h.valLoss ?? 0]), 1e-9);
  const lines = series.map(({ name, color, values, max }) => {
    const scale = max === 0 ? lossMax : max;
    const points = values
      .map((v, i) => (v === undefined ? null : `${x(i + 1).toFixed(1)},${(height - pad - (v / scale) * (height - 2 * pad)).toFixed(1)}`))
      .filter((p) => p !== null)
      .join(' ');
    return `<polyline fill="none" stroke="${color}" stroke-width="2" points="${points}"><title>${name}</title></polyline>`;
  });
  const legend = series.map((s, i) => `<text x="${pad + i * 150}" y="16" fill="${s.color}" font-size="12">${s.name}</text>`).join('');
  return `<svg width="${width}" height="${height}" role="img" aria-label="training curves">
<rect x="${pad}" y="${pad}" width="${width - 2 * pad}" height="${height - 2 * pad}" fill="none" stroke="#ccc"/>${legend}${lines.join('')}
<text x="${pad}" y="${height - 8}" font-size="11">epoch 1</text><text x="${width - pad - 50}" y="${height - 8}" font-size="11">epoch ${history.length}</text>
<text x="4" y="${pad + 4}" font-size="10">acc 1 / loss ${lossMax.toFixed(2)}</text></svg>`;
}

/** Heat map of the confusion matrix restricted to the labels involved in the most frequent mistakes. */
function confusionHeatMap(evaluation: ModelEvaluation): string {
  const involved = [...new Set(evaluation.topConfusions.flatMap((c) => [c.gold, c.predicted]))].sort();
  if (involved.length === 0) return '<p>No mistakes.</p>';
  const index = involved.map((label) => evaluation.labels.indexOf(label));
  const max = Math.max(1, ...index.flatMap((g) => index.map((p) => (g === p ? 0 : evaluation.confusion[g]![p]!))));
  const header = involved.map((l) => `<th class="rot"><div>${escapeHtml(l)}</div></th>`).join('');
  const rows = involved.map((gold, gi) => {
    const cells = involved.map((_, pi) => {
      const count = evaluation.confusion[index[gi]!]![index[pi]!]!;
      const shade = gi === pi ? 'background:#eef' : `background:rgba(192,57,43,${(count / max).toFixed(3)})`;
      return `<td style="${shade}" title="${count}">${count || ''}</td>`;
    });
    return `<tr><th>${escapeHtml(gold)}</th>${cells.join('')}</tr>`;
  });
  return `<table class="heat"><tr><th>gold \\ predicted</th>${header}</tr>${rows.join('')}</table>`;
}

/** Horizontal bars of per-intent F1, weakest first. */
function f1Bars(evaluation: ModelEvaluation): string {
  const scores = evaluation.perIntent.filter((s) => s.support > 0).sort((a, b) => a.f1 - b.f1);
  const rows = scores.map(
    (s) =>
      `<div class="bar"><span class="label">${escapeHtml(s.intent)}</span><span class="fill" style="width:${(s.f1 * 300).toFixed(0)}px"></span> ${percent(s.f1)} <small>(P ${percent(s.precision)}, R ${percent(s.recall)}, n ${s.support})</small></div>`,
  );
  return rows.join('\n');
}

function thresholdText(metadata: ModelMetadata, evaluation: ModelEvaluation): string {
  const calibrated = metadata.threshold.toFixed(3);
  return evaluation.threshold === metadata.threshold ? calibrated : `${evaluation.threshold.toFixed(3)} (calibrated ${calibrated})`;
}

/** A self-contained HTML evaluation report (inline SVG and CSS, no scripts, no external files). */
export function renderHtmlReport(metadata: ModelMetadata, evaluation: ModelEvaluation): string {
  const summary: Array<[string, string]> = [
    ['architecture', `${metadata.architecture} (trained on ${metadata.backend}, evaluated on ${evaluation.backend})`],
    ['examples', String(evaluation.n)],
    ['accuracy', percent(evaluation.accuracy)],
    ['macro-F1', percent(evaluation.macroF1)],
    ['in-scope accuracy', percent(evaluation.inScopeAccuracy)],
    ...(evaluation.oosRecall === null ? [] : ([['out-of-scope recall', percent(evaluation.oosRecall)]] as Array<[string, string]>)),
    ['out-of-scope threshold', thresholdText(metadata, evaluation)],
    ['created', metadata.createdAt],
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Intent model evaluation</title>
<style>
body{font-family:system-ui,sans-serif;margin:2em;color:#222}
table.summary td{padding:2px 12px}
table.heat{border-collapse:collapse;font-size:11px}
table.heat td{width:22px;height:22px;text-align:center;border:1px solid #eee}
table.heat th{text-align:right;padding-right:6px;font-weight:normal}
th.rot{height:140px;vertical-align:bottom}th.rot div{transform:rotate(-60deg);width:22px;white-space:nowrap}
.bar{font-size:12px;margin:2px 0}.bar .label{display:inline-block;width:240px;text-align:right;margin-right:6px}
.bar .fill{display:inline-block;height:10px;background:#2980b9}
</style></head><body>
<h1>Intent model evaluation</h1>
<table class="summary">${summary.map(([k, v]) => `<tr><td>${k}</td><td><b>${escapeHtml(v)}</b></td></tr>`).join('')}</table>
<h2>Training curves</h2>${trainingCurves(metadata.history)}
<h2>Confusion matrix (labels in the most frequent mistakes)</h2>${confusionHeatMap(evaluation)}
<h2>Per-intent F1</h2>${f1Bars(evaluation)}
</body></html>
`;
}

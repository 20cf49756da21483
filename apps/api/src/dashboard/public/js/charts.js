// Charts as inline SVG built through the DOM (no library, nothing to download): training curves
// per epoch and the confusion-matrix heat map. Colours come from attributes, which the page's
// Content-Security-Policy allows (inline styles are not).
import { h, s } from './dom.js';

const WIDTH = 480;
const HEIGHT = 240;
const MARGIN = { top: 16, right: 16, bottom: 36, left: 48 };

/**
 * A line chart of values per epoch. `series`: [{ name, colour, points: [{ x, y }] }].
 * The y range covers every point (from 0 unless `yFrom` says otherwise).
 */
export function lineChart({ title, series, yLabel, yFrom = 0, yTo }) {
  const points = series.flatMap((line) => line.points);
  const xMax = Math.max(1, ...points.map((p) => p.x));
  const yMax = yTo ?? Math.max(yFrom + 1e-6, ...points.map((p) => p.y));
  const innerWidth = WIDTH - MARGIN.left - MARGIN.right;
  const innerHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (value) => MARGIN.left + (xMax === 1 ? innerWidth / 2 : ((value - 1) / (xMax - 1)) * innerWidth);
  const y = (value) => MARGIN.top + innerHeight - ((value - yFrom) / (yMax - yFrom)) * innerHeight;

  const yTicks = [0, 0.25, 0.5, 0.75, 1].map((share) => yFrom + share * (yMax - yFrom));
  const xTicks = [...new Set([1, Math.ceil(xMax / 4), Math.ceil(xMax / 2), Math.ceil((3 * xMax) / 4), xMax])].filter((t) => t >= 1);
  return h(
    'figure',
    { class: 'chart' },
    h('figcaption', {}, title),
    s(
      'svg',
      { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': title },
      yTicks.map((tick) => [
        s('line', { x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y(tick), y2: y(tick), class: 'grid' }),
        s('text', { x: MARGIN.left - 6, y: y(tick) + 4, 'text-anchor': 'end', class: 'tick' }, tick.toFixed(2)),
      ]),
      xTicks.map((tick) => s('text', { x: x(tick), y: HEIGHT - MARGIN.bottom + 16, 'text-anchor': 'middle', class: 'tick' }, tick)),
      s('text', { x: MARGIN.left + innerWidth / 2, y: HEIGHT - 4, 'text-anchor': 'middle', class: 'axis-label' }, 'epoch'),
      s(
        'text',
        { x: 12, y: MARGIN.top + innerHeight / 2, transform: `rotate(-90 12 ${MARGIN.top + innerHeight / 2})`, 'text-anchor': 'middle', class: 'axis-label' },
        yLabel,
      ),
      series.map((line) => [
        s('polyline', {
          points: line.points.map((p) => `${x(p.x)},${y(p.y)}`).join(' '),
          fill: 'none',
          stroke: line.colour,
          'stroke-width': 2,
          dataset: { series: line.name },
        }),
        line.points.map((p) => s('circle', { cx: x(p.x), cy: y(p.y), r: 2.5, fill: line.colour }, s('title', {}, `${line.name} epoch ${p.x}: ${p.y.toFixed(4)}`))),
      ]),
    ),
    h(
      'div',
      { class: 'legend' },
      series.map((line) =>
        h(
          'span',
          { class: 'legend-item' },
          s('svg', { width: 12, height: 12, class: 'swatch' }, s('rect', { width: 12, height: 12, rx: 2, fill: line.colour })),
          line.name,
        ),
      ),
    ),
  );
}

/**
 * The labels worth showing in a heat map: those in the most frequent mistakes, most confused first,
 * at most `limit` of them.
 */
export function confusedLabels(evaluation, limit = 10) {
  const labels = [];
  for (const { gold, predicted } of evaluation.topConfusions) {
    for (const label of [gold, predicted]) if (!labels.includes(label) && labels.length < limit) labels.push(label);
  }
  return labels;
}

/**
 * Confusion-matrix heat map over `labels`: rows are the true intents, columns the predicted ones.
 * Right answers are green (darker for a higher recall), mistakes red (darker for more); every cell
 * shows its count.
 */
export function confusionHeatMap(evaluation, labels) {
  const index = new Map(evaluation.labels.map((label, i) => [label, i]));
  const count = (gold, predicted) => evaluation.confusion[index.get(gold)]?.[index.get(predicted)] ?? 0;
  const cell = 34;
  const labelWidth = Math.min(180, 8 + 7 * Math.max(...labels.map((l) => l.length)));
  const size = labels.length * cell;
  // Column labels are slanted to the right: leave them room past the last column.
  const width = labelWidth + size + labelWidth / 2;
  const height = labelWidth + size + 8;
  const maxMistakes = Math.max(1, ...labels.flatMap((g) => labels.filter((p) => p !== g).map((p) => count(g, p))));
  const rowTotal = (gold) => evaluation.confusion[index.get(gold)]?.reduce((sum, value) => sum + value, 0) || 1;

  return s(
    'svg',
    { viewBox: `0 0 ${width} ${height}`, class: 'heatmap', role: 'img', 'aria-label': 'Confusion matrix of the most confused intents' },
    labels.map((label, i) => [
      s('text', { x: labelWidth - 6, y: labelWidth + i * cell + cell / 2 + 4, 'text-anchor': 'end', class: 'tick' }, label),
      s(
        'text',
        { x: labelWidth + i * cell + cell / 2 + 4, y: labelWidth - 6, transform: `rotate(-60 ${labelWidth + i * cell + cell / 2 + 4} ${labelWidth - 6})`, class: 'tick' },
        label,
      ),
    ]),
    labels.map((gold, row) =>
      labels.map((predicted, column) => {
        const value = count(gold, predicted);
        const correct = gold === predicted;
        // Right answers by the intent's recall; mistakes against the most frequent one, so it stands out.
        const strength = value === 0 ? 0 : 0.15 + 0.85 * (value / (correct ? rowTotal(gold) : maxMistakes));
        return s(
          'g',
          { class: 'cell', dataset: { gold, predicted, count: String(value) } },
          s('rect', {
            x: labelWidth + column * cell,
            y: labelWidth + row * cell,
            width: cell - 2,
            height: cell - 2,
            fill: value === 0 ? '#f3f4f6' : correct ? '#059669' : '#dc2626',
            'fill-opacity': value === 0 ? 1 : strength.toFixed(2),
          }),
          s(
            'text',
            {
              x: labelWidth + column * cell + cell / 2 - 1,
              y: labelWidth + row * cell + cell / 2 + 3,
              'text-anchor': 'middle',
              class: strength > 0.55 ? 'cell-count on-dark' : 'cell-count',
            },
            value,
          ),
          s('title', {}, `true ${gold}, predicted ${predicted}: ${value}`),
        );
      }),
    ),
  );
}

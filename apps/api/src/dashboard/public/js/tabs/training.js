// Training runs: start one, watch its progress live, read its evaluation (curves per epoch,
// headline figures, per-intent F1 and a heat map of the most frequent confusions).
import { query } from '../api.js';
import { confusedLabels, confusionHeatMap, lineChart } from '../charts.js';
import { h, replaceChildren } from '../dom.js';
import { DASH, dateTime, decimal, duration, percent } from '../format.js';
import { actionButton, badge, poll, stat, table } from '../widgets.js';

const POLL_MS = 1000;
const UNFINISHED = new Set(['queued', 'running']);
const COLOURS = { train: '#2563eb', validation: '#d97706' };

function progressBar(progress) {
  const share = progress ? progress.epoch / progress.epochs : 0;
  const bar = h('progress', { max: 1, value: share, id: 'run-progress' });
  return h('div', { class: 'progress' }, bar, h('span', {}, progress ? `epoch ${progress.epoch} of at most ${progress.epochs}` : 'waiting for a trainer'));
}

function curves(history) {
  if (!history?.length) return h('p', { class: 'muted' }, 'Curves appear after the first epoch.');
  const series = (name, key, colour) => ({ name, colour, points: history.filter((p) => typeof p[key] === 'number').map((p) => ({ x: p.epoch, y: p[key] })) });
  const loss = [series('train loss', 'loss', COLOURS.train), series('validation loss', 'valLoss', COLOURS.validation)].filter((line) => line.points.length > 0);
  const accuracy = [series('train accuracy', 'accuracy', COLOURS.train), series('validation accuracy', 'valAccuracy', COLOURS.validation)].filter(
    (line) => line.points.length > 0,
  );
  return h(
    'div',
    { class: 'charts', id: 'training-curves' },
    lineChart({ title: 'Loss per epoch', series: loss, yLabel: 'loss' }),
    lineChart({ title: 'Accuracy per epoch', series: accuracy, yLabel: 'accuracy', yTo: 1 }),
  );
}

function evaluationView(metrics) {
  const evaluation = metrics.evaluation;
  const active = metrics.activeModel;
  const promotion = metrics.promotion;
  const labels = confusedLabels(evaluation);
  const byF1 = [...evaluation.perIntent].filter((scores) => scores.support > 0).sort((a, b) => a.f1 - b.f1 || a.intent.localeCompare(b.intent));
  return h(
    'section',
    { class: 'evaluation', id: 'evaluation' },
    h('h3', {}, `Evaluation on the held-out split (${evaluation.n} messages)`),
    h(
      'div',
      { class: 'stats' },
      stat('macro-F1', decimal(evaluation.macroF1), { dataset: { metric: 'macroF1' } }),
      stat('accuracy', percent(evaluation.accuracy), { dataset: { metric: 'accuracy' } }),
      stat('in-scope accuracy', percent(evaluation.inScopeAccuracy), { dataset: { metric: 'inScopeAccuracy' } }),
      stat('out-of-scope recall', percent(evaluation.oosRecall), { dataset: { metric: 'oosRecall' } }),
      active && 'evaluation' in active
        ? stat(`macro-F1 of ${active.version} (was active)`, decimal(active.evaluation.macroF1), { dataset: { metric: 'activeMacroF1' } })
        : null,
    ),
    active && 'error' in active ? h('p', { class: 'error' }, `The active model ${active.version} could not be scored: ${active.error}`) : null,
    promotion
      ? h('p', { id: 'promotion-decision' }, promotion.promote ? badge('gate passed', 'ok') : badge('held for an admin', 'warning'), ' ', promotion.reason)
      : null,
    metrics.data
      ? h(
          'p',
          { class: 'muted' },
          `Data: ${metrics.data.train} training and ${metrics.data.validation} held-out messages over ${metrics.data.intents} intents, ${metrics.data.labelled} given by admins (labelled messages and training phrases); trained in ${decimal(metrics.trainingSeconds, 1)} s.`,
        )
      : null,
    h(
      'div',
      { class: 'split' },
      h(
        'div',
        {},
        h('h3', {}, 'Per-intent F1 (weakest first)'),
        table(
          ['Intent', 'F1', 'Precision', 'Recall', 'Support'],
          byF1.map((scores) => ({
            attributes: { dataset: { intent: scores.intent } },
            cells: [
              scores.intent,
              h('span', { class: 'bar-cell' }, h('meter', { min: 0, max: 1, value: scores.f1 }), decimal(scores.f1, 2)),
              decimal(scores.precision, 2),
              decimal(scores.recall, 2),
              scores.support,
            ],
          })),
          { class: 'per-intent', id: 'per-intent' },
        ),
      ),
      h(
        'div',
        { id: 'confusions' },
        h('h3', {}, 'Most frequent confusions'),
        labels.length === 0
          ? h('p', { class: 'muted' }, 'No mistakes on the held-out split.')
          : [
              h('p', { class: 'muted' }, 'Rows: true intent; columns: predicted. Green: right (darker: higher recall); red: mistaken (darker: more often).'),
              confusionHeatMap(evaluation, labels),
            ],
      ),
    ),
  );
}

export default {
  id: 'training',
  title: 'Training',
  mount(view, context) {
    const runs = h('div', { class: 'panel', id: 'training-runs' });
    const detail = h('div', { class: 'panel', id: 'run-detail' });
    let selectedId = null;
    let stopPolling = () => undefined;

    function showRun(run) {
      selectedId = run.id;
      const unfinished = UNFINISHED.has(run.status);
      replaceChildren(
        detail,
        h('h2', {}, 'Run ', h('code', {}, run.id.slice(0, 8)), ' ', badge(run.status)),
        h(
          'p',
          { class: 'muted' },
          `Requested by ${run.requestedBy} at ${dateTime(run.createdAt)}; ${run.finishedAt ? `took ${duration(run.startedAt, run.finishedAt)}` : 'not finished'}.`,
        ),
        unfinished
          ? h(
              'div',
              { class: 'run-controls' },
              progressBar(run.progress),
              actionButton(
                context,
                'Cancel run',
                async () => {
                  const { cancellation } = await context.api.post(`/training-runs/${run.id}/cancel`);
                  context.notify(cancellation === 'done' ? 'Run cancelled.' : 'Cancel requested: the trainer stops at its next epoch.');
                },
                { class: 'danger admin-only' },
              ),
            )
          : null,
        run.error ? h('p', { class: 'error', id: 'run-error' }, run.error) : null,
        curves(run.progress?.history),
        run.metrics?.evaluation ? evaluationView(run.metrics) : null,
      );
    }

    async function load() {
      const { items } = await context.api.get(`/training-runs${query({ limit: 20 })}`);
      selectedId ??= items[0]?.id ?? null;
      replaceChildren(
        runs,
        items.length === 0
          ? h('p', { class: 'muted' }, 'No training runs yet.')
          : table(
              ['Requested', 'Status', 'By', 'Progress', 'Took', 'Model version', 'macro-F1'],
              items.map((run) => ({
                attributes: {
                  class: 'clickable',
                  dataset: { runId: run.id, status: run.status },
                  'aria-current': String(run.id === selectedId),
                  onclick: () => {
                    selectedId = run.id;
                    showRun(run);
                    void load();
                  },
                },
                cells: [
                  dateTime(run.createdAt),
                  badge(run.status),
                  run.requestedBy,
                  run.progress ? `${run.progress.epoch}/${run.progress.epochs}` : DASH,
                  duration(run.startedAt, run.finishedAt),
                  run.metrics?.modelVersion ?? DASH,
                  decimal(run.metrics?.evaluation?.macroF1),
                ],
              })),
            ),
      );
      const selected = items.find((run) => run.id === selectedId);
      if (selected) showRun(selected);
      else replaceChildren(detail, h('p', { class: 'muted' }, 'Start a run to retrain the model on the base data, every labelled message and every training phrase.'));
      return items;
    }

    /** Polls while some run is queued or running; one read when none is. */
    async function watch() {
      stopPolling();
      const items = await load();
      if (items.some((run) => UNFINISHED.has(run.status))) {
        stopPolling = poll(async () => {
          const latest = await load();
          if (!latest.some((run) => UNFINISHED.has(run.status))) stopPolling();
        }, POLL_MS);
      }
    }

    view.append(
      h(
        'div',
        { class: 'toolbar' },
        h('h2', {}, 'Training runs'),
        actionButton(
          context,
          'Start training run',
          async () => {
            const run = await context.api.post('/training-runs');
            selectedId = run.id;
            context.notify('Training run queued.');
            await watch();
          },
          { class: 'primary admin-only', id: 'start-training' },
        ),
      ),
      runs,
      detail,
    );
    watch().catch((error) => context.notify(error.message, 'error'));
    return () => stopPolling();
  },
};

// Model versions: how each scored, which one serves, promote another, roll back.
import { h, replaceChildren } from '../dom.js';
import { DASH, dateTime, decimal, percent } from '../format.js';
import { actionButton, badge, table } from '../widgets.js';

/** Retrained versions carry their held-out evaluation; the default model its validation figures. */
function headline(metrics) {
  return metrics?.heldOut ?? metrics?.validation ?? {};
}

export default {
  id: 'models',
  title: 'Model versions',
  mount(view, context) {
    const versions = h('div', { class: 'panel', id: 'model-versions' });

    async function activate(path, message) {
      const version = await context.api.post(path);
      context.notify(`${message} ${version.version} is active; workers swap it in without a restart.`);
      await load();
    }

    async function load() {
      const { items } = await context.api.get('/model-versions');
      replaceChildren(
        versions,
        items.length === 0
          ? h('p', { class: 'muted' }, 'No model versions yet: the worker trains the default model when it first starts.')
          : table(
              ['Version', 'Created', 'Status', 'macro-F1', 'Accuracy', 'Out-of-scope recall', 'Held-out messages', 'Training run', ''],
              items.map((version) => {
                const figures = headline(version.metrics);
                return {
                  attributes: { dataset: { version: version.version, active: String(version.isActive) } },
                  cells: [
                    h('code', {}, version.version),
                    dateTime(version.createdAt),
                    version.isActive ? badge('active', 'ok') : version.promotedAt ? badge('was active', 'muted') : badge('never active', 'muted'),
                    decimal(figures.macroF1),
                    percent(figures.accuracy),
                    percent(figures.oosRecall),
                    figures.n ?? DASH,
                    version.trainingRunId ? h('a', { href: '#training' }, version.trainingRunId.slice(0, 8)) : 'default model',
                    version.isActive
                      ? ''
                      : actionButton(context, 'Promote', () => activate(`/model-versions/${encodeURIComponent(version.version)}/promote`, 'Promoted:'), {
                          class: 'primary admin-only',
                        }),
                  ],
                };
              }),
            ),
      );
    }

    view.append(
      h(
        'div',
        { class: 'toolbar' },
        h('h2', {}, 'Model versions'),
        actionButton(context, 'Roll back to the previous version', () => activate('/model-versions/rollback', 'Rolled back:'), {
          class: 'danger admin-only',
          id: 'rollback',
        }),
      ),
      h(
        'p',
        { class: 'muted' },
        'Figures are on each version’s held-out split. Promoting or rolling back tells every worker to load that version in the background and swap it in between batches.',
      ),
      versions,
    );
    load().catch((error) => context.notify(error.message, 'error'));
  },
};

// Review queue: the messages the bot did not understand. Label one or many: with an existing
// intent (pick it), a new intent (type its name: it is created), or "out of scope".
import { query } from '../api.js';
import { h, replaceChildren } from '../dom.js';
import { dateTime, decimal } from '../format.js';
import { actionButton, badge, entityChips, intentDatalist } from '../widgets.js';

const DATALIST_ID = 'review-intent-names';

/** An intent name box offering the existing intents; typing another name means a new intent. */
function intentInput(attributes = {}) {
  return h('input', { list: DATALIST_ID, placeholder: 'intent: pick or type new', autocomplete: 'off', ...attributes });
}

export default {
  id: 'review',
  title: 'Review queue',
  mount(view, context) {
    let intentNames = new Set();
    let includeLabelled = false;
    const selected = new Set();
    const summary = h('p', { class: 'muted', id: 'review-summary' });
    const list = h('ol', { class: 'review-list', id: 'review-list' });
    const datalist = h('span');
    const bulkIntent = intentInput({ id: 'bulk-intent', 'aria-label': 'Intent for the selected messages' });
    const selectedCount = h('span', { class: 'muted', id: 'bulk-count' }, '0 selected');
    const selectAll = h('input', { type: 'checkbox', id: 'select-all', 'aria-label': 'Select all' });

    /** Labels the turns; a name that is not an intent yet is created (the API's createIntent). */
    async function label(turnIds, intent) {
      if (turnIds.length === 0) throw new Error('Select at least one message first.');
      if (intent === '') throw new Error('Pick an intent or type the name of a new one (or use "Out of scope").');
      const createIntent = intent !== null && !intentNames.has(intent);
      const labels = turnIds.map((turnId) => ({ turnId, intent }));
      const result =
        labels.length === 1 ? await context.api.post('/labels', { ...labels[0], createIntent }) : await context.api.post('/labels/bulk', { labels, createIntent });
      const created = result.createdIntents.length > 0 ? ` (new intent ${result.createdIntents.join(', ')} created: add its replies under Intents)` : '';
      context.notify(`Labelled ${labels.length} message${labels.length === 1 ? '' : 's'} as ${intent ?? 'out of scope'}${created}.`);
      await load();
    }

    function updateSelection() {
      selectedCount.textContent = `${selected.size} selected`;
    }

    function itemView(item) {
      const checkbox = h('input', { type: 'checkbox', 'aria-label': 'Select', checked: selected.has(item.turnId) });
      checkbox.addEventListener('change', () => {
        if (checkbox.checked) selected.add(item.turnId);
        else selected.delete(item.turnId);
        updateSelection();
      });
      const intent = intentInput({ 'aria-label': 'Intent for this message' });
      return h(
        'li',
        { class: 'review-item', dataset: { turnId: item.turnId } },
        checkbox,
        h(
          'div',
          { class: 'review-body' },
          h('div', { class: 'review-text' }, item.text),
          entityChips(item.entities),
          h(
            'div',
            { class: 'turn-meta' },
            `${item.channel} · ${dateTime(item.createdAt)} · `,
            item.outOfScope ? badge('fell back', 'warning') : badge(item.intent ?? 'no intent', 'intent'),
            item.reply?.helpful === false ? [' ', badge('marked unhelpful', 'warning')] : '',
            item.label ? [' · labelled ', badge(item.label.intent ?? 'out of scope', 'label')] : '',
          ),
          h(
            'div',
            { class: 'guesses' },
            'Model guessed: ',
            item.topIntents.length === 0
              ? 'nothing'
              : item.topIntents.map((guess) =>
                  h(
                    'button',
                    { type: 'button', class: 'chip', title: 'Use this intent', onclick: () => (intent.value = guess.intent) },
                    `${guess.intent} ${decimal(guess.score, 2)}`,
                  ),
                ),
          ),
          item.reply ? h('div', { class: 'turn-meta' }, 'Bot replied: ', h('q', {}, item.reply.text)) : null,
        ),
        h(
          'div',
          { class: 'review-actions admin-only' },
          intent,
          actionButton(context, 'Label', () => label([item.turnId], intent.value.trim()), { class: 'primary' }),
          actionButton(context, 'Out of scope', () => label([item.turnId], null)),
        ),
      );
    }

    async function load() {
      const [queue, intents] = await Promise.all([context.api.get(`/review-queue${query({ includeLabelled, limit: 200 })}`), context.api.get('/intents')]);
      intentNames = new Set(intents.items.map((intent) => intent.name));
      replaceChildren(datalist, intentDatalist(DATALIST_ID, [...intentNames].sort()));
      const shown = new Set(queue.items.map((item) => item.turnId));
      for (const turnId of selected) if (!shown.has(turnId)) selected.delete(turnId);
      selectAll.checked = selected.size > 0 && selected.size === shown.size;
      updateSelection();
      summary.textContent = `${queue.total} message${queue.total === 1 ? '' : 's'} ${includeLabelled ? 'in the queue (labelled ones included)' : 'waiting for a label'}`;
      replaceChildren(list, queue.items.length === 0 ? h('li', { class: 'muted' }, 'Nothing to review.') : queue.items.map(itemView));
    }

    const reload = () => load().catch((error) => context.notify(error.message, 'error'));
    selectAll.addEventListener('change', () => {
      for (const checkbox of list.querySelectorAll('.review-item > input[type="checkbox"]')) {
        checkbox.checked = selectAll.checked;
        checkbox.dispatchEvent(new Event('change'));
      }
    });
    const showLabelled = h('input', { type: 'checkbox', id: 'include-labelled' });
    showLabelled.addEventListener('change', () => {
      includeLabelled = showLabelled.checked;
      reload();
    });

    view.append(
      h('h2', {}, 'Review queue'),
      h('div', { class: 'toolbar' }, summary, h('label', {}, showLabelled, ' show labelled messages too')),
      h(
        'div',
        { class: 'bulk-bar admin-only', id: 'bulk-bar' },
        h('label', {}, selectAll, ' all'),
        selectedCount,
        bulkIntent,
        actionButton(context, 'Label selected', () => label([...selected], bulkIntent.value.trim()), { class: 'primary', id: 'bulk-label' }),
        actionButton(context, 'Selected are out of scope', () => label([...selected], null), { id: 'bulk-out-of-scope' }),
      ),
      datalist,
      list,
    );
    reload();
  },
};

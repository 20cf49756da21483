// The training phrases admins write for an intent: shown under its replies, learnt by the next training run.
import { h, replaceChildren } from '../dom.js';
import { actionButton } from '../widgets.js';

/** A section that loads and edits one intent's phrases (a failed load is reported with context.notify). */
export function examplesSection(context, intentName) {
  const path = `/intents/${encodeURIComponent(intentName)}/examples`;
  const section = h('section', { class: 'examples', id: 'intent-examples' }, h('h3', {}, 'Training phrases'), h('p', { class: 'muted' }, 'Loading…'));

  function exampleRow(example) {
    return h(
      'li',
      { class: 'example', dataset: { exampleId: example.id } },
      h('span', {}, example.text),
      actionButton(
        context,
        'Delete',
        async () => {
          await context.api.delete(`/intent-examples/${example.id}`);
          context.notify('Phrase deleted.');
          await load();
        },
        { class: 'admin-only' },
      ),
    );
  }

  function addForm() {
    const texts = h('textarea', { rows: 4, placeholder: 'One phrase per line, as users would write it', 'aria-label': 'New training phrases' });
    return h(
      'div',
      { class: 'add-response admin-only' },
      texts,
      actionButton(
        context,
        'Add phrases',
        async () => {
          const lines = texts.value
            .split('\n')
            .map((line) => line.trim())
            .filter((line) => line !== '');
          const { added, alreadyPresent } = await context.api.post(path, { texts: lines });
          context.notify(
            `${added.length} phrase${added.length === 1 ? '' : 's'} added to ${intentName}${alreadyPresent ? ` (${alreadyPresent} it had already)` : ''}; the next training run learns them.`,
          );
          await load();
        },
        { class: 'primary' },
      ),
    );
  }

  async function load() {
    const { items } = await context.api.get(path);
    replaceChildren(
      section,
      h('h3', {}, `Training phrases (${items.length})`),
      h('p', { class: 'muted' }, 'Examples of what users write when they mean this intent. They count with the labelled messages; start a training run to use them.'),
      items.length === 0 ? h('p', { class: 'muted' }, 'No phrases written yet.') : null,
      h('ul', { class: 'examples-list' }, items.map(exampleRow)),
      addForm(),
    );
  }

  load().catch((error) => context.notify(error.message, 'error'));
  return section;
}

// Small building blocks the tabs share.
import { h } from './dom.js';

/**
 * A button that runs an async action: disabled while it runs, and the API's error message shown
 * to the admin when it fails. Buttons that write carry `admin-only` (hidden from viewers).
 */
export function actionButton(context, label, run, attributes = {}) {
  const button = h('button', { type: 'button', ...attributes }, label);
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await run();
    } catch (error) {
      context.notify(error.message, 'error');
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

/** A table; `rows` are arrays of cells (nodes or text), or `{ cells, attributes }` for a row's own attributes. */
export function table(headers, rows, attributes = {}) {
  return h(
    'table',
    attributes,
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        headers.map((header) => h('th', {}, header)),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((row) => {
        const { cells, attributes: rowAttributes = {} } = Array.isArray(row) ? { cells: row } : row;
        return h(
          'tr',
          rowAttributes,
          cells.map((cell) => h('td', {}, cell)),
        );
      }),
    ),
  );
}

/** A coloured label such as a run status or the active model's badge. */
export function badge(text, kind = text) {
  return h('span', { class: 'badge', dataset: { kind } }, text);
}

/** A number with its name, for evaluation figures. */
export function stat(name, value, attributes = {}) {
  return h('div', { class: 'stat', ...attributes }, h('span', { class: 'stat-value' }, value), h('span', { class: 'stat-name' }, name));
}

/** Runs `load` every `intervalMs` until the returned function is called; one load at a time. */
export function poll(load, intervalMs) {
  let stopped = false;
  const tick = async () => {
    await load().catch(() => undefined);
    if (!stopped) timer = setTimeout(tick, intervalMs);
  };
  let timer = setTimeout(tick, intervalMs);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

/** The `<datalist>` of intent names that label inputs offer (typing a name not in it creates an intent). */
export function intentDatalist(id, names) {
  return h(
    'datalist',
    { id },
    names.map((name) => h('option', { value: name })),
  );
}

/** An entity as "type = value" (with its unit: "money = 20 USD"). */
export function entityText(entity) {
  return `${entity.type} = ${entity.value}${entity.unit ? ` ${entity.unit}` : ''}`;
}

/** The entities found in a user message, one chip each (the span it was found in as the title); null when there are none. */
export function entityChips(entities) {
  if (!Array.isArray(entities) || entities.length === 0) return null;
  return h(
    'div',
    { class: 'entities' },
    'Entities: ',
    entities.map((entity) => h('span', { class: 'entity', title: `"${entity.text}" (${entity.extractor})`, dataset: { type: entity.type } }, entityText(entity))),
  );
}

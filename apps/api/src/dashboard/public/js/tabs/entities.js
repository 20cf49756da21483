// Entities: the types the bot can find in a message (built-in ones, and the bot's own regular
// expressions and lookup lists), a JSON editor for the custom ones, and "Try it" with the real extractor.
import { h, replaceChildren } from '../dom.js';
import { definitionEditor } from '../definition-editor.js';
import { dateTime } from '../format.js';
import { actionButton, badge, table } from '../widgets.js';

const STARTER = { kind: 'regex', pattern: '\\b\\d{5,10}\\b' };

export default {
  id: 'entities',
  title: 'Entities',
  mount(view, context) {
    const list = h('div', { class: 'panel', id: 'entity-list' });
    const editorPanel = h('div', { class: 'panel', id: 'entity-editor' });
    const tryPanel = h('div', { class: 'panel', id: 'entity-try' });
    const editor = definitionEditor(context, { id: 'entity', label: 'Custom entity (JSON)', rows: 10 });
    const name = h('input', { id: 'entity-name', placeholder: 'order_id', 'aria-label': 'Entity name', autocomplete: 'off', readonly: !context.isAdmin });
    let selectedName = null;

    function edit(entity) {
      selectedName = entity?.name ?? null;
      for (const row of list.querySelectorAll('[data-entity]')) row.setAttribute('aria-current', String(row.dataset.entity === selectedName));
      name.value = entity?.name ?? '';
      const { name: _name, ...definition } = entity?.definition ?? STARTER;
      editor.show(definition);
      deleteButton.hidden = !entity;
    }

    let deleteArmed = false;
    const deleteButton = actionButton(
      context,
      'Delete',
      async () => {
        if (!deleteArmed) {
          deleteArmed = true;
          deleteButton.textContent = `Really delete ${selectedName}?`;
          return;
        }
        deleteArmed = false;
        deleteButton.textContent = 'Delete';
        await context.api.delete(`/entities/${encodeURIComponent(selectedName)}`);
        context.notify(`Custom entity ${selectedName} deleted.`);
        edit(null);
        await load();
      },
      { class: 'danger admin-only', id: 'entity-delete', hidden: true },
    );

    replaceChildren(
      editorPanel,
      h('h3', {}, 'Custom entity'),
      h(
        'p',
        { class: 'muted' },
        'A regular expression ({"kind": "regex", "pattern": "...", "ignoreCase": true}; the value is the match, or its first group) or a lookup list ({"kind": "lookup", "values": [{"value": "red", "synonyms": ["crimson"]}]}).',
      ),
      h('label', { class: 'field' }, 'Name', name),
      editor.element,
      h(
        'div',
        { class: 'row-actions admin-only' },
        actionButton(
          context,
          'Save',
          async () => {
            const entityName = name.value.trim();
            if (!entityName) throw new Error('Give the entity a name first.');
            const saved = await editor.save('The entity', (definition) => context.api.put(`/entities/${encodeURIComponent(entityName)}`, definition));
            context.notify(`Custom entity ${saved.name} saved: workers use it from the next message.`);
            selectedName = saved.name;
            await load();
          },
          { class: 'primary', id: 'entity-save' },
        ),
        actionButton(context, 'New', async () => edit(null), { id: 'entity-new' }),
        deleteButton,
      ),
    );

    const tryText = h('textarea', {
      id: 'try-text',
      rows: 2,
      placeholder: 'A message as a user would write it, e.g. "where is order 48213?"',
      'aria-label': 'Text to try',
    });
    const tryLanguage = h(
      'select',
      { id: 'try-language', 'aria-label': 'Language' },
      h('option', { value: 'en' }, 'English'),
      h('option', { value: 'zh' }, '中文 (Chinese)'),
    );
    const tryResult = h('div', { id: 'try-result' });
    replaceChildren(
      tryPanel,
      h('h3', {}, 'Try it'),
      h('p', { class: 'muted' }, 'Runs the extractor with every built-in type and the saved custom entities (save an entity to try its latest version).'),
      tryText,
      h(
        'div',
        { class: 'row-actions' },
        tryLanguage,
        actionButton(
          context,
          'Try it',
          async () => {
            const result = await context.api.post('/entities/test', { text: tryText.value, language: tryLanguage.value });
            replaceChildren(
              tryResult,
              result.entities.length === 0
                ? h('p', { class: 'muted' }, 'Nothing found.')
                : table(
                    ['Type', 'Value', 'Found in', 'By'],
                    result.entities.map((entity) => ({
                      attributes: { dataset: { type: entity.type } },
                      cells: [entity.type, `${entity.value}${entity.unit ? ` ${entity.unit}` : ''}`, entity.text, entity.extractor],
                    })),
                    { id: 'try-entities' },
                  ),
              result.skipped.length > 0 ? h('p', { class: 'warning-text' }, `Not looked for in time: ${result.skipped.join(', ')}`) : null,
            );
          },
          { class: 'primary', id: 'try-run' },
        ),
      ),
      tryResult,
    );

    async function load() {
      const { builtin, custom } = await context.api.get('/entities');
      replaceChildren(
        list,
        h('h3', {}, `Custom entities (${custom.length})`),
        custom.length === 0
          ? h('p', { class: 'muted' }, 'None yet.')
          : table(
              ['Name', 'Kind', 'Saved'],
              custom.map((entity) => ({
                attributes: { class: 'clickable', dataset: { entity: entity.name }, onclick: () => edit(entity) },
                cells: [entity.name, badge(String(entity.definition.kind ?? '?'), 'intent'), `${entity.updatedBy}, ${dateTime(entity.updatedAt)}`],
              })),
              { id: 'custom-entities' },
            ),
        h('h3', {}, 'Built-in'),
        table(
          ['Type', 'Finds'],
          builtin.map((entry) => ({ attributes: { dataset: { builtin: entry.type } }, cells: [h('code', {}, entry.type), entry.description] })),
          { id: 'builtin-entities' },
        ),
      );
      const selected = custom.find((entity) => entity.name === selectedName);
      if (selected) edit(selected);
      else if (selectedName === null && name.value === '') edit(null);
    }

    view.append(h('h2', {}, 'Entities'), h('div', { class: 'split' }, list, h('div', {}, editorPanel, tryPanel)));
    load().catch((error) => context.notify(error.message, 'error'));
  },
};

// Intents and responses: the reply catalogue per language. Every change reaches the workers at once.
import { h, replaceChildren } from '../dom.js';
import { actionButton } from '../widgets.js';
import { buttonsSection } from './intent-buttons.js';
import { formSection } from './intent-form.js';
import { examplesSection } from './intent-examples.js';

const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'zh', name: '中文 (Chinese)' },
];

export default {
  id: 'intents',
  title: 'Intents & responses',
  mount(view, context) {
    const list = h('div', { class: 'panel intent-list', id: 'intent-list' });
    const editor = h('div', { class: 'panel', id: 'intent-editor' }, h('p', { class: 'muted' }, 'Pick an intent to edit its replies.'));
    let selectedName = null;

    function responseRow(response) {
      const text = h('textarea', { rows: 2, 'aria-label': 'Reply text', readonly: !context.isAdmin }, response.text);
      return h(
        'li',
        { class: 'response', dataset: { responseId: response.id } },
        text,
        h(
          'div',
          { class: 'row-actions admin-only' },
          actionButton(context, 'Save', async () => {
            await context.api.patch(`/responses/${response.id}`, { text: text.value });
            context.notify('Reply saved.');
            await load();
          }),
          actionButton(context, 'Delete', async () => {
            await context.api.delete(`/responses/${response.id}`);
            context.notify('Reply deleted.');
            await load();
          }),
        ),
      );
    }

    function languageSection(intent, language) {
      const responses = intent.responses.filter((response) => response.language === language.code).sort((a, b) => a.position - b.position);
      const newText = h('textarea', { rows: 2, placeholder: `New reply in ${language.name}`, 'aria-label': `New ${language.code} reply` });
      return h(
        'section',
        { class: 'language', dataset: { language: language.code } },
        h('h3', {}, `${language.name} (${responses.length})`),
        responses.length === 0 ? h('p', { class: 'muted' }, 'No replies in this language yet.') : null,
        h('ol', { class: 'responses' }, responses.map(responseRow)),
        h(
          'div',
          { class: 'add-response admin-only' },
          newText,
          actionButton(
            context,
            'Add reply',
            async () => {
              await context.api.post(`/intents/${encodeURIComponent(intent.name)}/responses`, { language: language.code, text: newText.value });
              context.notify(`Reply added to ${intent.name}.`);
              await load();
            },
            { class: 'primary' },
          ),
        ),
      );
    }

    function showIntent(intent) {
      selectedName = intent.name;
      for (const item of list.querySelectorAll('[data-intent]')) item.setAttribute('aria-current', String(item.dataset.intent === intent.name));
      const description = h('input', { value: intent.description ?? '', placeholder: 'What users mean by it', 'aria-label': 'Description', readonly: !context.isAdmin });
      let deleteArmed = false;
      const deleteButton = actionButton(
        context,
        'Delete intent',
        async () => {
          // Two clicks: deleting an intent removes its replies and training phrases too.
          if (!deleteArmed) {
            deleteArmed = true;
            deleteButton.textContent = `Really delete ${intent.name}?`;
            return;
          }
          await context.api.delete(`/intents/${encodeURIComponent(intent.name)}`);
          context.notify(`Intent ${intent.name} deleted.`);
          selectedName = null;
          replaceChildren(editor, h('p', { class: 'muted' }, 'Pick an intent to edit its replies.'));
          await load();
        },
        { class: 'danger admin-only' },
      );
      replaceChildren(
        editor,
        h('h2', { id: 'intent-name' }, intent.name),
        h(
          'div',
          { class: 'description' },
          description,
          actionButton(
            context,
            'Save description',
            async () => {
              await context.api.patch(`/intents/${encodeURIComponent(intent.name)}`, { description: description.value.trim() || null });
              context.notify('Description saved.');
              await load();
            },
            { class: 'admin-only' },
          ),
          deleteButton,
        ),
        LANGUAGES.map((language) => languageSection(intent, language)),
        buttonsSection(context, intent, LANGUAGES, load),
        examplesSection(context, intent.name),
        formSection(context, intent.name),
      );
    }

    function newIntentForm() {
      const name = h('input', { name: 'name', placeholder: 'new_intent_name', required: true, 'aria-label': 'New intent name' });
      const form = h('form', { class: 'new-intent admin-only' }, name, h('button', { type: 'submit' }, 'Create intent'));
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        try {
          const intent = await context.api.post('/intents', { name: name.value.trim() });
          selectedName = intent.name;
          name.value = '';
          context.notify(`Intent ${intent.name} created.`);
          await load();
        } catch (error) {
          context.notify(error.message, 'error');
        }
      });
      return form;
    }

    async function load() {
      const { items } = await context.api.get('/intents');
      const count = (intent, code) => intent.responses.filter((response) => response.language === code).length;
      replaceChildren(
        list,
        newIntentForm(),
        h(
          'ul',
          {},
          items.map((intent) =>
            h(
              'li',
              { dataset: { intent: intent.name }, class: 'clickable', onclick: () => showIntent(intent) },
              h('span', { class: 'intent-name' }, intent.name),
              h(
                'span',
                { class: count(intent, 'en') + count(intent, 'zh') === 0 ? 'muted warning-text' : 'muted' },
                `en ${count(intent, 'en')} · zh ${count(intent, 'zh')}`,
              ),
            ),
          ),
        ),
      );
      const selected = items.find((intent) => intent.name === selectedName);
      if (selected) showIntent(selected);
    }

    view.append(h('h2', {}, 'Intents & responses'), h('div', { class: 'split split-narrow' }, list, editor));
    load().catch((error) => context.notify(error.message, 'error'));
  },
};

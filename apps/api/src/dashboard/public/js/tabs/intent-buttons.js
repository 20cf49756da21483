// An intent's buttons (offered under its reply, per language) and its action (chosen from the saved
// actions; while it is configured, it answers the intent instead of the reply): shown under the
// replies, saved together with one PATCH, which the server checks (a refusal names the button).
import { actionSelect } from '../action-select.js';
import { h, replaceChildren } from '../dom.js';
import { actionButton } from '../widgets.js';

/** The server refuses more (see MAX_CATALOGUE_BUTTONS); the editor stops offering "Add" there. */
const MAX_BUTTONS_PER_LANGUAGE = 5;

/** One editable button: its type, its label, and what it sends (reply) or opens (link). */
function buttonRow(context, button, onRemove) {
  const type = h(
    'select',
    { 'aria-label': 'Button type', disabled: !context.isAdmin },
    h('option', { value: 'reply' }, 'Sends a reply'),
    h('option', { value: 'link' }, 'Opens a link'),
  );
  type.value = button.type;
  const label = h('input', { value: button.label, placeholder: 'Label', 'aria-label': 'Button label', readonly: !context.isAdmin });
  const target = h('input', { value: (button.type === 'link' ? button.url : button.text) ?? '', 'aria-label': 'Button target', readonly: !context.isAdmin });
  const describeTarget = () => {
    target.placeholder = type.value === 'link' ? 'https://… (the page it opens)' : 'Text it sends (the label when empty)';
  };
  type.addEventListener('change', describeTarget);
  describeTarget();
  const row = h('li', { class: 'intent-button' }, type, label, target, h('button', { type: 'button', class: 'admin-only', onclick: () => onRemove(row) }, 'Remove'));
  return {
    element: row,
    /** The button as the API takes it; the server says what is wrong with it, if anything. */
    value() {
      if (type.value === 'link') return { type: 'link', label: label.value, url: target.value.trim() };
      const text = target.value.trim();
      return text ? { type: 'reply', label: label.value, text } : { type: 'reply', label: label.value };
    },
  };
}

/** The buttons of one language: a list of rows and "Add button". */
function languageButtons(context, language, buttons) {
  let rows = [];
  const list = h('ol', { class: 'intent-buttons' });
  const add = h('button', { type: 'button', class: 'admin-only' }, 'Add button');
  const render = () => {
    replaceChildren(list, rows.length === 0 ? h('li', { class: 'muted' }, 'None yet.') : rows.map((row) => row.element));
    add.disabled = rows.length >= MAX_BUTTONS_PER_LANGUAGE;
  };
  const remove = (element) => {
    rows = rows.filter((row) => row.element !== element);
    render();
  };
  const append = (button) => rows.push(buttonRow(context, button, remove));
  add.addEventListener('click', () => {
    append({ type: 'reply', label: '' });
    render();
  });
  buttons.forEach(append);
  render();
  return {
    element: h('div', { class: 'language-buttons', dataset: { buttonsLanguage: language.code } }, h('h4', {}, `Buttons in ${language.name}`), list, add),
    values: () => rows.map((row) => row.value()),
  };
}

/** A section that shows and edits `intent`'s buttons and action; `onSaved` reloads what shows the intent. */
export function buttonsSection(context, intent, languages, onSaved) {
  const perLanguage = languages.map((language) => ({ code: language.code, editor: languageButtons(context, language, intent.buttons?.[language.code] ?? []) }));
  const action = actionSelect(context, {
    id: 'intent-action',
    label: 'Action that answers this intent instead of its reply',
    none: 'None: the reply answers',
    missing: 'not configured: the reply answers',
  });
  // Until the saved actions are known, the intent's own stays chosen (a save meanwhile keeps it).
  action.show(intent.action ? [intent.action] : [], intent.action);
  context.api
    .get('/actions')
    .then((actions) =>
      action.show(
        actions.items.map((each) => each.name),
        intent.action,
      ),
    )
    .catch((error) => context.notify(error.message, 'error'));

  return h(
    'section',
    { class: 'intent-buttons-and-action', id: 'intent-buttons' },
    h('h3', {}, 'Buttons and action'),
    h(
      'p',
      { class: 'muted' },
      "Buttons are offered under this intent's reply: a reply button sends its text as the user's next message, a link button opens a page. " +
        'An action, while it is configured, answers the intent instead of the reply (unless the intent has a form: the form asks first, and its own action answers).',
    ),
    perLanguage.map(({ editor }) => editor.element),
    action.element,
    h(
      'div',
      { class: 'row-actions admin-only' },
      actionButton(
        context,
        'Save buttons and action',
        async () => {
          const buttons = Object.fromEntries(perLanguage.map(({ code, editor }) => [code, editor.values()]));
          await context.api.patch(`/intents/${encodeURIComponent(intent.name)}`, { buttons, action: action.chosen() });
          context.notify(`Buttons and action of ${intent.name} saved: workers use them from the next message.`);
          await onSaved();
        },
        { class: 'primary', id: 'intent-buttons-save' },
      ),
    ),
  );
}

// An intent's form (the slots the bot collects before it answers), as JSON, and the action it calls
// when it completes (picked from the saved actions): shown under the intent's training phrases, saved
// with PUT (the server checks it and lists every problem), deleted with DELETE.
import { actionSelect } from '../action-select.js';
import { h, replaceChildren } from '../dom.js';
import { definitionEditor } from '../definition-editor.js';
import { dateTime } from '../format.js';
import { actionButton } from '../widgets.js';

/** What a new form starts from: one slot, a completion reply, both languages. */
function starterForm(intentName) {
  return {
    slots: [
      {
        name: 'order_id',
        entity: 'order_id',
        prompt: { en: 'What is your order number?', zh: '请问您的订单号是多少？' },
      },
    ],
    done: { en: `Thanks, noted for ${intentName}: order {order_id}.`, zh: '谢谢，已记下订单 {order_id}。' },
  };
}

/**
 * The form's action, chosen from the saved actions rather than typed into the JSON: the JSON is shown
 * without it, and the choice is put back into what is saved.
 */
function actionPicker(context) {
  const select = actionSelect(context, {
    id: 'form-action',
    label: 'Action to call when the form completes (its answer is the reply)',
    none: 'None: the completion reply (done) answers',
    missing: 'not configured: done answers',
  });
  return {
    element: select.element,
    show: select.show,
    /** The definition as it is saved: with the chosen action, or without any. */
    withChoice(definition) {
      if (definition === null || typeof definition !== 'object' || Array.isArray(definition)) return definition; // the server says what is wrong
      const { action: _typed, ...rest } = definition;
      const action = select.chosen();
      return action ? { ...rest, action } : rest;
    },
  };
}

/** A section that loads and edits one intent's form (a failed load is reported with context.notify). */
export function formSection(context, intentName) {
  const path = `/intents/${encodeURIComponent(intentName)}/form`;
  const editor = definitionEditor(context, { id: 'form', label: `Form of ${intentName} (JSON)`, rows: 18 });
  const picker = actionPicker(context);
  const status = h('p', { class: 'muted', id: 'form-status' }, 'Loading…');
  let deleteButton = null;
  const section = h('section', { class: 'intent-form', id: 'intent-form' }, h('h3', {}, 'Form'), status);

  function show(stored, actionNames) {
    replaceChildren(
      status,
      stored
        ? `Before answering, the bot collects these slots. Saved by ${stored.updatedBy}, ${dateTime(stored.updatedAt)}.`
        : 'No form: the bot answers this intent at once. To have it collect what it needs first (an order number, a date ...), edit this starting point and save it.',
    );
    const { action, ...definition } = stored ? stored.definition : starterForm(intentName);
    editor.show(definition);
    picker.show(actionNames, action ?? null);
    deleteButton.hidden = !stored;
  }

  async function load() {
    const [stored, actions] = await Promise.all([
      context.api.get(path).catch((error) => {
        if (error.status !== 404) throw error;
        return null;
      }),
      context.api.get('/actions'),
    ]);
    show(
      stored,
      actions.items.map((each) => each.name),
    );
  }

  let deleteArmed = false;
  deleteButton = actionButton(
    context,
    'Delete form',
    async () => {
      // Two clicks: the form's texts are gone once deleted.
      if (!deleteArmed) {
        deleteArmed = true;
        deleteButton.textContent = 'Really delete the form?';
        return;
      }
      deleteArmed = false;
      deleteButton.textContent = 'Delete form';
      await context.api.delete(path);
      context.notify(`Form of ${intentName} deleted: the intent is answered at once again.`);
      await load();
    },
    { class: 'danger admin-only', id: 'form-delete', hidden: true },
  );

  section.append(
    editor.element,
    picker.element,
    h(
      'div',
      { class: 'row-actions admin-only' },
      actionButton(
        context,
        'Save form',
        async () => {
          await editor.save('The form', (definition) => context.api.put(path, picker.withChoice(definition)));
          context.notify(`Form of ${intentName} saved: workers use it from the next message.`);
          await load();
        },
        { class: 'primary', id: 'form-save' },
      ),
      deleteButton,
    ),
  );
  load().catch((error) => context.notify(error.message, 'error'));
  return section;
}

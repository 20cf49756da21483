// Actions: the webhooks the bot calls when a form completes (the shop's order lookup ...). A form to
// create or edit one, whose secret is write-only (left empty on an edit, the saved one is kept), and a
// Test button that sends the action a sample request and shows what it answered.
import { actionAnswerView, callFigures, callStatusBadge } from '../action-views.js';
import { h, replaceChildren } from '../dom.js';
import { dateTime } from '../format.js';
import { actionButton, table } from '../widgets.js';

/** "order_id=48213" per line -> { order_id: '48213' }; blank lines are skipped. */
function parseSlots(text) {
  const slots = {};
  for (const line of text.split('\n').map((each) => each.trim())) {
    if (line === '') continue;
    const at = line.indexOf('=');
    if (at < 1) throw new Error(`"${line}" is not a slot: write name=value, one per line.`);
    slots[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return slots;
}

/** A number input's value, or undefined when it is empty (the API's default then applies). */
function numberOrDefault(input) {
  return input.value.trim() === '' ? undefined : Number(input.value);
}

export default {
  id: 'actions',
  title: 'Actions',
  mount(view, context) {
    const list = h('div', { class: 'panel', id: 'action-list' });
    const editorPanel = h('div', { class: 'panel', id: 'action-editor' });
    const testPanel = h('div', { class: 'panel', id: 'action-test' });
    const readonly = !context.isAdmin;
    const input = (id, label, attributes = {}) => h('input', { id, 'aria-label': label, autocomplete: 'off', readonly, ...attributes });
    const fields = {
      name: input('action-name', 'Action name', { placeholder: 'order_lookup' }),
      url: input('action-url', 'URL', { type: 'url', placeholder: 'https://shop.example/chatbot/actions' }),
      // Never filled in from the server: it does not send the secret back.
      secret: input('action-secret', 'Secret', { type: 'password', autocomplete: 'new-password' }),
      timeoutMs: input('action-timeout', 'Timeout (ms)', { type: 'number', min: 100, step: 100 }),
      interimAfterMs: input('action-interim', 'Interim message after (ms)', { type: 'number', min: 0, step: 100 }),
      retries: input('action-retries', 'Retries', { type: 'number', min: 0, max: 3 }),
      repeatOnRetry: h('input', { id: 'action-repeat', type: 'checkbox', disabled: readonly }),
      allowPrivateNetwork: h('input', { id: 'action-private', type: 'checkbox', disabled: readonly }),
    };
    const secretHint = h('span', { class: 'muted', id: 'action-secret-hint' });
    let selected = null;

    function edit(action) {
      selected = action;
      for (const row of list.querySelectorAll('[data-action]')) row.setAttribute('aria-current', String(row.dataset.action === action?.name));
      fields.name.value = action?.name ?? '';
      fields.url.value = action?.url ?? '';
      fields.secret.value = '';
      fields.secret.placeholder = action ? 'Saved: leave empty to keep it' : 'At least 16 characters';
      secretHint.textContent = action
        ? 'The saved secret is never shown. Type a new one only to replace it (then update your action server too).'
        : 'Shared with your action server, which checks each request’s signature with it.';
      fields.timeoutMs.value = action?.timeoutMs ?? '';
      fields.interimAfterMs.value = action?.interimAfterMs ?? '';
      fields.retries.value = action?.retries ?? '';
      fields.repeatOnRetry.checked = action?.repeatOnRetry ?? false;
      fields.allowPrivateNetwork.checked = action?.allowPrivateNetwork ?? false;
      deleteButton.hidden = !action;
      // Rebuilt only for another action: moving the test box (after a save of this one) would take
      // the focus from an admin typing in it.
      if ((action?.name ?? null) !== testShownFor) showTest();
    }

    let deleteArmed = false;
    const deleteButton = actionButton(
      context,
      'Delete',
      async () => {
        if (!deleteArmed) {
          deleteArmed = true;
          deleteButton.textContent = `Really delete ${selected.name}?`;
          return;
        }
        deleteArmed = false;
        deleteButton.textContent = 'Delete';
        await context.api.delete(`/actions/${encodeURIComponent(selected.name)}`);
        context.notify(`Action ${selected.name} deleted: forms that named it answer with their own completion reply again.`);
        edit(null);
        await load();
      },
      { class: 'danger admin-only', id: 'action-delete', hidden: true },
    );

    async function save() {
      const name = fields.name.value.trim();
      if (!name) throw new Error('Give the action a name first.');
      const body = {
        url: fields.url.value.trim(),
        timeoutMs: numberOrDefault(fields.timeoutMs),
        interimAfterMs: numberOrDefault(fields.interimAfterMs),
        retries: numberOrDefault(fields.retries),
        repeatOnRetry: fields.repeatOnRetry.checked,
        allowPrivateNetwork: fields.allowPrivateNetwork.checked,
      };
      // Empty means "keep the saved secret": the field is left out, not sent empty.
      if (fields.secret.value !== '') body.secret = fields.secret.value;
      const saved = await context.api.put(`/actions/${encodeURIComponent(name)}`, body);
      context.notify(`Action ${saved.name} saved: workers use it from the next message.`);
      await load();
      edit(saved);
    }

    const field = (label, control) => h('label', { class: 'field' }, label, control);
    const checkbox = (control, label) => h('label', { class: 'checkbox-field' }, control, label);
    replaceChildren(
      editorPanel,
      h('h3', {}, 'Action'),
      h(
        'p',
        { class: 'muted' },
        'The bot POSTs a signed JSON request (the conversation, the message, the slots a form collected) to the URL; the answer is the reply. The request and answer are described in openapi.json (components ActionRequest and ActionResponse).',
      ),
      field('Name', fields.name),
      field('URL', fields.url),
      field('Secret', fields.secret),
      secretHint,
      h(
        'div',
        { class: 'field-row' },
        field('Timeout (ms)', fields.timeoutMs),
        field('Interim message after (ms, 0: none)', fields.interimAfterMs),
        field('Retries', fields.retries),
      ),
      checkbox(fields.repeatOnRetry, 'Call again for a message whose job is retried after a crash (only for actions that change nothing)'),
      checkbox(fields.allowPrivateNetwork, 'Allow private network addresses (a backend on your own network; refused by default)'),
      h(
        'div',
        { class: 'row-actions admin-only' },
        actionButton(context, 'Save', save, { class: 'primary', id: 'action-save' }),
        actionButton(context, 'New', async () => edit(null), { id: 'action-new' }),
        deleteButton,
      ),
    );

    const testText = h('textarea', { id: 'action-test-text', rows: 2, placeholder: 'The user’s message (a test sentence when empty)', 'aria-label': 'Test message' });
    const testLanguage = h(
      'select',
      { id: 'action-test-language', 'aria-label': 'Language' },
      h('option', { value: 'en' }, 'English'),
      h('option', { value: 'zh' }, '中文 (Chinese)'),
    );
    const testSlots = h('textarea', { id: 'action-test-slots', rows: 2, placeholder: 'Slots, one per line: order_id=48213', 'aria-label': 'Test slots' });
    const testResult = h('div', { id: 'action-test-result' });
    const testControls = h(
      'div',
      { class: 'admin-only' },
      testText,
      testSlots,
      h(
        'div',
        { class: 'row-actions' },
        testLanguage,
        actionButton(
          context,
          'Test',
          async () => {
            const body = { language: testLanguage.value, slots: parseSlots(testSlots.value) };
            if (testText.value.trim() !== '') body.text = testText.value.trim();
            const { request, outcome } = await context.api.post(`/actions/${encodeURIComponent(selected.name)}/test`, body);
            showOutcome(request, outcome);
          },
          { class: 'primary', id: 'action-test-run' },
        ),
      ),
    );

    function showOutcome(request, outcome) {
      replaceChildren(
        testResult,
        h(
          'p',
          { id: 'action-test-status', dataset: { status: outcome.status } },
          callStatusBadge(outcome.status),
          ` ${callFigures(outcome.httpStatus, outcome.latencyMs, outcome.requests, 'request')}`,
        ),
        outcome.status === 'ok' ? actionAnswerView(outcome.response) : h('p', { class: 'error', id: 'action-test-error' }, outcome.error),
        h('details', {}, h('summary', {}, 'The request sent'), h('pre', { class: 'json-view' }, JSON.stringify(request, null, 2))),
        outcome.status === 'ok'
          ? h('details', {}, h('summary', {}, 'The answer as sent'), h('pre', { class: 'json-view' }, JSON.stringify(outcome.response, null, 2)))
          : null,
      );
    }

    /** The action the test box is shown for (undefined: not shown yet). */
    let testShownFor;
    function showTest() {
      testShownFor = selected?.name ?? null;
      replaceChildren(testResult);
      replaceChildren(
        testPanel,
        h('h3', {}, selected ? `Test ${selected.name}` : 'Test'),
        selected
          ? [
              h('p', { class: 'muted' }, 'Sends the saved action one request marked "test": true, from a conversation of its own, and shows what came back.'),
              testControls,
              testResult,
            ]
          : h('p', { class: 'muted' }, 'Pick a saved action to test it.'),
      );
    }

    async function load() {
      const { items } = await context.api.get('/actions');
      replaceChildren(
        list,
        h('h3', {}, `Actions (${items.length})`),
        items.length === 0
          ? h('p', { class: 'muted' }, 'None yet: add one, then name it in a form (Intents & responses).')
          : table(
              ['Name', 'URL', 'Timeout', 'Saved'],
              items.map((action) => ({
                attributes: { class: 'clickable', dataset: { action: action.name }, onclick: () => edit(action) },
                cells: [
                  h('code', {}, action.name),
                  h('span', { class: 'url' }, action.url),
                  `${action.timeoutMs} ms`,
                  `${action.updatedBy}, ${dateTime(action.updatedAt)}`,
                ],
              })),
              { id: 'actions-table' },
            ),
      );
      if (selected) {
        const current = items.find((action) => action.name === selected.name);
        if (current) edit(current);
      }
    }

    edit(null);
    view.append(h('h2', {}, 'Actions'), h('div', { class: 'split' }, list, h('div', {}, editorPanel, testPanel)));
    load().catch((error) => context.notify(error.message, 'error'));
  },
};

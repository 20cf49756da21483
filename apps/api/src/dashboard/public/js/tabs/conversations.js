// Conversations: filter and search the stored conversations, and read one with all its turns (and,
// under each user message, the action the bot called for it).
import { actionCallView, buttonLabels } from '../action-views.js';
import { query } from '../api.js';
import { h, replaceChildren } from '../dom.js';
import { dateTime, decimal } from '../format.js';
import { badge, entityChips, table } from '../widgets.js';

const CHANNELS = ['web', 'slack', 'discord'];
const STATUSES = ['open', 'handed_off', 'closed'];

function select(name, label, options) {
  return h(
    'label',
    {},
    label,
    h(
      'select',
      { name },
      h('option', { value: '' }, 'any'),
      options.map((option) => h('option', { value: option }, option)),
    ),
  );
}

function filterForm(onSubmit) {
  const form = h(
    'form',
    { class: 'filters', id: 'conversation-filters' },
    select('channel', 'Channel', CHANNELS),
    select('status', 'Status', STATUSES),
    h('label', {}, 'Intent', h('input', { name: 'intent', placeholder: 'order_status' })),
    h('label', {}, 'Confidence below', h('input', { name: 'maxConfidence', type: 'number', min: 0, max: 1, step: 0.05 })),
    h('label', {}, 'From', h('input', { name: 'from', type: 'date' })),
    h('label', {}, 'To', h('input', { name: 'to', type: 'date' })),
    h('label', { class: 'grow' }, 'Search text', h('input', { name: 'q', type: 'search', placeholder: 'words in any message' })),
    h('button', { type: 'submit', class: 'primary' }, 'Apply'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(form));
    // "To" is a whole day: include it up to its end.
    if (values.to) values.to = `${values.to}T23:59:59.999Z`;
    onSubmit(values);
  });
  return form;
}

/** One turn; a user message with the action call that answered it, if there was one. */
function turnView(turn, actionCall) {
  const who = turn.direction === 'inbound' ? 'user' : turn.kind;
  return h(
    'li',
    { class: `turn turn-${who}`, dataset: { turnId: turn.id } },
    h('div', { class: 'turn-meta' }, h('strong', {}, who), ' · ', dateTime(turn.createdAt), turn.modelVersion ? ` · model ${turn.modelVersion}` : ''),
    h('div', { class: 'turn-text' }, turn.text),
    turn.direction === 'inbound'
      ? h(
          'div',
          { class: 'turn-meta' },
          turn.outOfScope ? badge('fell back', 'warning') : badge(turn.intent ?? 'no intent', 'intent'),
          ` confidence ${decimal(turn.confidence, 2)}`,
          turn.label ? [' · labelled ', badge(turn.label.intent ?? 'out of scope', 'label'), ` by ${turn.label.createdBy}`] : '',
        )
      : ratingView(turn.helpful),
    turn.direction === 'inbound' ? entityChips(turn.entities) : buttonLabels(turn.buttons),
    turn.direction === 'inbound' ? dialogueEventsView(turn.dialogueEvents) : null,
    actionCallView(actionCall),
  );
}

/** What the dialogue policy did with a user message, e.g. "slot_filled order_id · confirmation_requested". */
function dialogueEventsView(events) {
  if (!Array.isArray(events) || events.length === 0) return null;
  const describe = (event) => [event.type, event.slot ?? event.intent].filter((part) => typeof part === 'string').join(' ');
  return h('div', { class: 'turn-meta dialogue-events' }, 'Dialogue: ', events.map(describe).join(' · '));
}

/** The slots the conversation has collected and the form it is in: what an agent taking over needs. */
function collectedView(state) {
  const slots = Object.entries(state.slots ?? {});
  const form = state.form ?? null;
  const paused = state.paused ?? [];
  const asking = (progress) => (progress.confirming ? 'confirming' : progress.asking ? `asking for ${progress.asking}` : 'not asking');
  return h(
    'section',
    { class: 'collected', id: 'collected' },
    h('h3', {}, 'Collected'),
    slots.length === 0
      ? h('p', { class: 'muted' }, 'No slots collected.')
      : table(
          ['Slot', 'Value', 'As written', 'Set at'],
          slots.map(([name, slot]) => ({
            attributes: { dataset: { slot: name } },
            cells: [name, `${slot.value}${slot.unit ? ` ${slot.unit}` : ''}`, slot.text, dateTime(slot.setAt)],
          })),
          { id: 'collected-slots' },
        ),
    h('p', { id: 'active-form' }, form ? ['Form: ', badge(form.intent, 'intent'), ` ${asking(form)}`] : h('span', { class: 'muted' }, 'No form in progress.')),
    paused.length > 0
      ? h('p', { class: 'muted', id: 'paused-forms' }, 'Paused: ', paused.map((progress) => `${progress.intent} (${asking(progress)})`).join(', '))
      : null,
  );
}

/** The end user's rating of a reply, when they gave one. */
function ratingView(helpful) {
  if (helpful === null || helpful === undefined) return null;
  return h('div', { class: 'turn-meta' }, helpful ? badge('rated helpful', 'ok') : badge('rated not helpful', 'warning'));
}

export default {
  id: 'conversations',
  title: 'Conversations',
  mount(view, context) {
    const list = h('div', { class: 'panel', id: 'conversation-list' });
    const detail = h('div', { class: 'panel', id: 'conversation-detail' }, h('p', { class: 'muted' }, 'Pick a conversation to read it.'));
    let filters = {};

    async function showConversation(id) {
      const conversation = await context.api.get(`/conversations/${encodeURIComponent(id)}`);
      const callsByTurn = new Map(conversation.actionCalls.map((call) => [call.inboundTurnId, call]));
      replaceChildren(
        detail,
        h('h2', {}, conversation.userName ?? conversation.userId),
        h('p', { class: 'muted' }, `${conversation.channel} · ${conversation.conversationKey} · `, badge(conversation.status)),
        conversation.dialogueState ? collectedView(conversation.dialogueState) : null,
        h(
          'ol',
          { class: 'turns' },
          conversation.turns.map((turn) => turnView(turn, callsByTurn.get(turn.id))),
        ),
      );
    }

    async function load() {
      const { items, total } = await context.api.get(`/conversations${query({ ...filters, limit: 100 })}`);
      replaceChildren(
        list,
        h('p', { class: 'muted' }, `${total} conversation${total === 1 ? '' : 's'}${total > items.length ? `, newest ${items.length} shown` : ''}`),
        table(
          ['Last message', 'Channel', 'User', 'Status', 'Turns'],
          items.map((conversation) => ({
            attributes: {
              class: 'clickable',
              dataset: { conversationId: conversation.id },
              onclick: () => showConversation(conversation.id).catch((error) => context.notify(error.message, 'error')),
            },
            cells: [
              dateTime(conversation.lastMessageAt),
              conversation.channel,
              conversation.userName ?? conversation.userId,
              badge(conversation.status),
              conversation.turnCount,
            ],
          })),
        ),
      );
    }

    const reload = () => load().catch((error) => context.notify(error.message, 'error'));
    view.append(
      h('h2', {}, 'Conversations'),
      filterForm((values) => {
        filters = values;
        reload();
      }),
      h('div', { class: 'split' }, list, detail),
    );
    reload();
  },
};

// Conversations: filter and search the stored conversations, and read one with all its turns
// (transcript.js: what the bot understood of each message, and the action it called).
import { query } from '../api.js';
import { h, replaceChildren } from '../dom.js';
import { dateTime } from '../format.js';
import { transcriptView } from '../transcript.js';
import { badge, table } from '../widgets.js';

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

export default {
  id: 'conversations',
  title: 'Conversations',
  mount(view, context) {
    const list = h('div', { class: 'panel', id: 'conversation-list' });
    const detail = h('div', { class: 'panel', id: 'conversation-detail' }, h('p', { class: 'muted' }, 'Pick a conversation to read it.'));
    let filters = {};

    async function showConversation(id) {
      const conversation = await context.api.get(`/conversations/${encodeURIComponent(id)}`);
      replaceChildren(
        detail,
        h('h2', {}, conversation.userName ?? conversation.userId),
        h('p', { class: 'muted' }, `${conversation.channel} · ${conversation.conversationKey} · `, badge(conversation.status)),
        transcriptView(conversation),
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

// Inbox: the conversations waiting for a person, longest waiting first, with what the bot made of
// them and who has each; kept up to date by the live inbox (inbox-watch.js). Opening one shows it
// to work on (inbox-conversation.js).
import { h, replaceChildren } from '../dom.js';
import { duration } from '../format.js';
import { table } from '../widgets.js';
import { claimText, conversationPanel } from './inbox-conversation.js';

/** How often the waiting times move on while nothing else changes. */
const WAITING_TICK_MS = 30_000;

function intentGuesses(guesses) {
  return guesses.map((guess) => h('span', { class: 'chip-static' }, `${guess.intent} ${guess.score.toFixed(2)}`));
}

function slotList(slots) {
  const entries = Object.entries(slots);
  if (entries.length === 0) return h('span', { class: 'muted' }, 'none');
  return entries.map(([name, slot]) => h('div', { class: 'slot', dataset: { slot: name } }, `${name} = ${slot.value}${slot.unit ? ` ${slot.unit}` : ''}`));
}

/** Asks for the browser's permission to notify (it must come from a click); hidden once answered. */
function notificationButton() {
  if (!('Notification' in window) || Notification.permission !== 'default') return null;
  const button = h('button', { type: 'button', id: 'inbox-notifications' }, 'Notify me of new handoffs');
  button.addEventListener('click', async () => {
    await Notification.requestPermission();
    button.hidden = Notification.permission !== 'default';
  });
  return button;
}

export default {
  id: 'inbox',
  title: 'Inbox',
  roles: ['admin', 'viewer', 'agent'],
  mount(view, context) {
    const list = h('div', { class: 'panel', id: 'inbox-list' }, h('p', { class: 'muted' }, 'Reading the inbox...'));
    const live = h('span', { class: 'badge', id: 'inbox-live' });
    const panel = conversationPanel(context);
    let latest = null;

    function render() {
      if (!latest) return;
      live.textContent = latest.live ? 'live' : 'reconnecting...';
      live.dataset.kind = latest.live ? 'ok' : 'warning';
      const now = new Date().toISOString();
      replaceChildren(
        list,
        latest.items.length === 0
          ? h('p', { class: 'muted' }, 'Nobody is waiting for a person.')
          : [
              h('p', { class: 'muted' }, `${latest.total} waiting${latest.total > latest.items.length ? `, the ${latest.items.length} longest shown` : ''}`),
              table(
                ['Waiting', 'User', 'Channel', 'Intent guesses', 'Slots', 'Who'],
                latest.items.map((item) => ({
                  attributes: {
                    class: 'clickable',
                    'aria-current': item.id === panel.openId() ? 'true' : 'false',
                    dataset: { conversationId: item.id, claimed: item.claim ? 'true' : 'false' },
                    onclick: () => {
                      panel.open(item.id, item);
                      render();
                    },
                  },
                  cells: [
                    duration(item.waitingSince, now),
                    item.userName ?? item.userId,
                    item.language ? `${item.channel} · ${item.language}` : item.channel,
                    intentGuesses(item.intentGuesses),
                    slotList(item.slots),
                    h('span', { class: 'claim' }, claimText(item.claim, context)),
                  ],
                })),
              ),
            ],
      );
    }

    const unsubscribe = context.inbox.subscribe((inbox, changedIds) => {
      latest = inbox;
      render();
      panel.update(inbox, changedIds);
    });
    const ticker = setInterval(render, WAITING_TICK_MS);
    view.append(h('div', { class: 'toolbar' }, h('h2', {}, 'Inbox'), live, notificationButton()), h('div', { class: 'split split-inbox' }, list, panel.element));
    return () => {
      unsubscribe();
      clearInterval(ticker);
    };
  },
};

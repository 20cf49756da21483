// A conversation as its turns read: each message with what the bot understood (intent, confidence,
// entities, what the dialogue policy did, a rating, the action it called) and what it has collected.
// Shared by the Conversations tab and the Inbox, where an agent reads what happened before them.
import { actionCallView, buttonLabels } from './action-views.js';
import { h } from './dom.js';
import { dateTime, decimal } from './format.js';
import { badge, entityChips, table } from './widgets.js';

/** Who wrote a turn: the user, the bot, a system notice, or the agent (by their display name). */
function author(turn) {
  if (turn.direction === 'inbound') return 'user';
  return turn.kind === 'agent' && turn.agentName ? `agent ${turn.agentName}` : turn.kind;
}

/** One turn; a user message with the action call that answered it, if there was one. */
function turnView(turn, actionCall) {
  const who = turn.direction === 'inbound' ? 'user' : turn.kind;
  return h(
    'li',
    { class: `turn turn-${who}`, dataset: { turnId: turn.id } },
    h('div', { class: 'turn-meta' }, h('strong', {}, author(turn)), ' · ', dateTime(turn.createdAt), turn.modelVersion ? ` · model ${turn.modelVersion}` : ''),
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

/** The end user's rating of a reply, when they gave one. */
function ratingView(helpful) {
  if (helpful === null || helpful === undefined) return null;
  return h('div', { class: 'turn-meta' }, helpful ? badge('rated helpful', 'ok') : badge('rated not helpful', 'warning'));
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

/** A conversation (GET /conversations/:id) as what it collected and its turns, oldest first. */
export function transcriptView(conversation) {
  const callsByTurn = new Map(conversation.actionCalls.map((call) => [call.inboundTurnId, call]));
  return [
    conversation.dialogueState ? collectedView(conversation.dialogueState) : null,
    h(
      'ol',
      { class: 'turns' },
      conversation.turns.map((turn) => turnView(turn, callsByTurn.get(turn.id))),
    ),
  ];
}

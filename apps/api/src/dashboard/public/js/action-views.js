// How actions' answers and calls read: shared by the Actions tab (its Test button) and the
// conversation view (the calls the bot made). Every value is shown as text: an action's answer comes
// from outside the platform.
import { h } from './dom.js';
import { DASH } from './format.js';
import { badge } from './widgets.js';

/** The badge colour of a call's status (the worker's statuses and the Test button's). */
const STATUS_KIND = { ok: 'ok', pending: 'running', timeout: 'warning', not_repeated: 'warning' };

export function callStatusBadge(status) {
  return badge(status, STATUS_KIND[status] ?? 'failed');
}

/**
 * A reply's buttons as labels, never as links or clickable buttons: a link button shows its URL as
 * the title, "↗" marking that it opens a page.
 */
export function buttonLabels(buttons) {
  if (!Array.isArray(buttons) || buttons.length === 0) return null;
  return h(
    'div',
    { class: 'buttons' },
    'Buttons: ',
    buttons.map((button) =>
      h(
        'span',
        { class: 'button-label', dataset: { type: button.type }, title: button.type === 'link' ? button.url : `sends "${button.text ?? button.label}"` },
        button.type === 'link' ? `${button.label} ↗` : button.label,
      ),
    ),
  );
}

/** "name = value" for each entry of an object (variables, slots), or null when it has none. */
function pairs(label, values, id) {
  const entries = Object.entries(values ?? {});
  if (entries.length === 0) return null;
  return h('div', { class: 'turn-meta', dataset: { part: id } }, `${label}: `, entries.map(([name, value]) => `${name} = ${value ?? '(cleared)'}`).join(' · '));
}

/** What an action answered (ActionResponse): the reply, its buttons, the slots it set, what it asked for. */
export function actionAnswerView(response) {
  if (!response || typeof response !== 'object') return null;
  return h(
    'div',
    { class: 'action-answer' },
    response.text !== undefined
      ? h('div', { class: 'turn-text', dataset: { part: 'text' } }, response.text)
      : response.replyKey !== undefined
        ? h('div', { class: 'turn-meta', dataset: { part: 'replyKey' } }, 'Catalogue reply of ', h('code', {}, response.replyKey))
        : h('div', { class: 'turn-meta muted' }, 'No reply text.'),
    pairs('Variables', response.variables, 'variables'),
    buttonLabels(response.buttons),
    pairs('Sets slots', response.slots, 'slots'),
    response.startForm ? h('div', { class: 'turn-meta', dataset: { part: 'startForm' } }, 'Starts the form of ', h('code', {}, response.startForm)) : null,
    response.handoff ? h('div', { class: 'turn-meta' }, badge('hands off to a person', 'warning')) : null,
  );
}

/** "HTTP 200 · 240 ms · 1 request" for a call or a test outcome. */
export function callFigures(httpStatus, latencyMs, count, noun) {
  const latency = typeof latencyMs === 'number' ? `${Math.round(latencyMs)} ms` : DASH;
  return `HTTP ${httpStatus ?? DASH} · ${latency} · ${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** One call the bot made for a user message: the action, how it went, and its answer or why there is none. */
export function actionCallView(call) {
  if (!call) return null;
  return h(
    'div',
    { class: 'action-call', dataset: { actionCall: call.id, status: call.status } },
    h(
      'div',
      { class: 'turn-meta' },
      'Action ',
      h('code', {}, call.action),
      ' ',
      callStatusBadge(call.status),
      ` ${callFigures(call.httpStatus, call.latencyMs, call.attempts, 'attempt')}`,
      call.interimSentAt ? ' · asked the user to wait' : '',
    ),
    call.error ? h('div', { class: 'error action-error' }, call.error) : null,
    actionAnswerView(call.response),
  );
}

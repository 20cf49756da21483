// One conversation of the inbox, to work on: who has it, Claim / Release / Close with a reason,
// the transcript (transcript.js), a reply box that answers through the user's channel, and the
// internal notes, which the user never sees. It reads the conversation again whenever the live
// inbox says it changed, so two agents see each other's claims, replies and notes.
import { h, replaceChildren } from '../dom.js';
import { dateTime } from '../format.js';
import { transcriptView } from '../transcript.js';
import { actionButton, badge } from '../widgets.js';

/** "claimed by Sam", "claimed by you", or a badge while anyone may take it. */
export function claimText(claim, context) {
  if (!claim) return badge('waiting', 'handed_off');
  return claim.agentId === context.agent?.id ? badge('claimed by you', 'ok') : `claimed by ${claim.agent}`;
}

/** A text box with the button that sends what is in it (then empties it); hidden from viewers, who only read. */
function sendForm(context, { id, label, placeholder, rows = 3 }, send) {
  const text = h('textarea', { id: `${id}-text`, rows, placeholder, 'aria-label': placeholder });
  const button = actionButton(
    context,
    label,
    async () => {
      if (!text.value.trim()) return context.notify('Write something first.', 'error');
      await send(text.value);
      text.value = '';
    },
    { id: `${id}-send`, class: 'primary' },
  );
  return h('div', { class: 'send-form admin-only', id }, text, button);
}

function noteView(note) {
  return h(
    'li',
    { class: 'note' },
    h('div', { class: 'turn-meta' }, h('strong', {}, note.author), ' · ', dateTime(note.createdAt)),
    h('div', { class: 'note-text' }, note.text),
  );
}

/** What the conversation's status means for the people on it. */
function statusLine(conversation) {
  if (conversation.status === 'open') return 'Back with the bot: it answers the user again.';
  if (conversation.status === 'closed') return `Closed: ${conversation.closedReason ?? ''}`;
  return null;
}

/**
 * The panel beside the inbox list. `open(id, item)` shows a conversation (item: its inbox entry);
 * `update(inbox, changedIds)` is called with every read of the live inbox.
 */
export function conversationPanel(context) {
  const element = h('div', { class: 'panel', id: 'inbox-detail' }, h('p', { class: 'muted' }, 'Pick a conversation to work on it.'));
  let openId = null;
  let item = null;
  let conversation = null;

  const header = h('div', { id: 'inbox-header' });
  const claimLine = h('p', { id: 'inbox-claim' });
  const transcript = h('div', { id: 'inbox-transcript' });
  const notes = h('ul', { class: 'notes', id: 'inbox-notes' });
  const path = (suffix = '') => `/conversations/${encodeURIComponent(openId)}${suffix}`;
  // Every change is announced, and the announcement makes the panel read the conversation again; reading now as well keeps it right without the stream.
  const act = async (suffix, body) => {
    await context.api.post(path(suffix), body);
    await refresh();
  };

  const claim = actionButton(context, 'Claim', () => act('/claim'), { id: 'inbox-claim-button', class: 'primary agent-only' });
  const release = actionButton(context, 'Release to the bot', () => act('/release'), { id: 'inbox-release', class: 'admin-only' });
  const reason = h('input', { id: 'inbox-close-reason', placeholder: 'Why it is closed', 'aria-label': 'Close reason', maxlength: 500 });
  const close = actionButton(
    context,
    'Close',
    async () => {
      if (!reason.value.trim()) return context.notify('Give a reason for closing it.', 'error');
      await act('/close', { reason: reason.value });
      reason.value = '';
    },
    { id: 'inbox-close', class: 'danger' },
  );
  const closeForm = h('span', { class: 'close-form admin-only' }, reason, close);
  const actions = h('div', { class: 'inbox-actions' }, claim, release, closeForm);
  const reply = sendForm(context, { id: 'inbox-reply', label: 'Send to the user', placeholder: 'Reply to the user' }, (text) => act('/replies', { text }));
  const note = sendForm(context, { id: 'inbox-note', label: 'Add note', placeholder: 'Internal note (the user never sees it)', rows: 2 }, (text) =>
    act('/notes', { text }),
  );

  /**
   * Who has it, and what may be done: an agent acts only on what is handed off and nobody else
   * claimed (the API says so too, with 409); an admin stands in for agents, claims or not.
   */
  function renderClaim() {
    if (!conversation) return;
    const handedOff = conversation.status === 'handed_off';
    const claimedByOther = Boolean(item?.claim) && item.claim.agentId !== context.agent?.id;
    const mayAct = context.agent === null || (handedOff && !claimedByOther);
    replaceChildren(claimLine, statusLine(conversation) ?? claimText(item?.claim ?? null, context));
    claim.hidden = !handedOff || Boolean(item?.claim);
    release.hidden = closeForm.hidden = !handedOff || !mayAct;
    reply.hidden = !mayAct;
  }

  async function refresh() {
    const id = openId;
    const [read, readNotes] = await Promise.all([context.api.get(path()), context.api.get(path('/notes'))]);
    if (id !== openId) return; // another conversation was opened meanwhile
    conversation = read;
    replaceChildren(
      header,
      h('h2', {}, conversation.userName ?? conversation.userId),
      h('p', { class: 'muted' }, `${conversation.channel} · ${conversation.language ?? 'language unknown'} · `, badge(conversation.status)),
    );
    renderClaim();
    replaceChildren(transcript, transcriptView(conversation));
    replaceChildren(notes, readNotes.items.length === 0 ? h('li', { class: 'muted' }, 'No notes yet.') : readNotes.items.map(noteView));
  }

  const show = () => refresh().catch((error) => context.notify(error.message, 'error'));

  return {
    element,
    openId: () => openId,
    open(id, inboxItem) {
      openId = id;
      item = inboxItem;
      conversation = null;
      // A draft belongs to the conversation it was written for: never send it to the next one by mistake.
      for (const field of [reason, reply.querySelector('textarea'), note.querySelector('textarea')]) field.value = '';
      replaceChildren(element, header, claimLine, actions, transcript, reply, h('h3', {}, 'Internal notes'), notes, note);
      replaceChildren(header, h('p', { class: 'muted' }, 'Reading the conversation...'));
      replaceChildren(transcript);
      replaceChildren(notes);
      show();
    },
    update(inbox, changedIds) {
      if (!openId) return;
      // Gone from the inbox (released, closed): no claim any more.
      item = inbox.items.find((candidate) => candidate.id === openId) ?? null;
      if (changedIds.includes(openId)) show();
      else renderClaim();
    },
  };
}

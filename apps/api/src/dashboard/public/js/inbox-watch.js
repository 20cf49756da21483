// The inbox, followed live for as long as someone is logged in (whichever tab is open): it reads
// GET /inbox again whenever the API streams a change (GET /inbox/events), shows in the page's
// title how many conversations wait with nobody on them ("(2) Inbox"), and raises a browser
// notification for each new handoff. The Inbox tab renders what it read.
import { followEventStream } from './event-stream.js';

const BASE_TITLE = document.title;
/** The inbox's longest page: more waiting than this is an emergency the count alone makes plain. */
const INBOX_LIMIT = 200;

/** A desktop notification for a conversation that has just been handed off, when the agent allowed them. */
function notifyHandoff(item) {
  if (!('Notification' in window) || Notification.permission !== 'granted') return;
  // Notifications show their text as text; the tag keeps one per conversation.
  const notification = new Notification('Waiting for a person', { body: `${item.userName ?? item.userId} on ${item.channel}`, tag: item.id });
  notification.addEventListener('click', () => {
    window.focus();
    location.hash = '#inbox';
  });
}

function showWaitingCount(items) {
  const unclaimed = items.filter((item) => item.claim === null).length;
  document.title = unclaimed > 0 ? `(${unclaimed}) Inbox · ${BASE_TITLE}` : BASE_TITLE;
}

/**
 * Starts following the inbox. Returns `{ subscribe, stop }`: `subscribe(listener)` calls
 * `listener({ items, total, live }, changedIds)` with every new read (at once, when one is there)
 * and returns the function that unsubscribes; `stop()` ends it all (log out).
 */
export function watchInbox(context) {
  const listeners = new Set();
  const changed = new Set();
  let inbox = null;
  let live = false;
  let reading = false;
  let readAgain = false;

  const tell = (changedIds) => {
    for (const listener of listeners) listener({ ...inbox, live }, changedIds);
  };

  // One read at a time; changes that arrive meanwhile are read together right after it.
  async function read() {
    if (reading) {
      readAgain = true;
      return;
    }
    reading = true;
    try {
      do {
        readAgain = false;
        const changedIds = [...changed];
        changed.clear();
        const next = await context.api.get(`/inbox?limit=${INBOX_LIMIT}`);
        // The first read shows what already waited; only what arrives later is news.
        if (inbox) {
          const known = new Set(inbox.items.map((item) => item.id));
          for (const item of next.items) if (!known.has(item.id)) notifyHandoff(item);
        }
        inbox = next;
        showWaitingCount(next.items);
        tell(changedIds);
      } while (readAgain);
    } catch (error) {
      if (error.status !== 401) context.notify(`Could not read the inbox: ${error.message}`, 'error');
    } finally {
      reading = false;
    }
  }

  const stopStream = followEventStream((signal) => context.api.openStream('/inbox/events', signal), {
    onEvent: (type, data) => {
      if (type === 'inbox.changed') changed.add(data.conversationId);
      if (type === 'ready' || type === 'inbox.changed') void read();
    },
    onLive: (connected) => {
      live = connected;
      if (inbox) tell([]);
    },
  });

  return {
    subscribe(listener) {
      listeners.add(listener);
      if (inbox) listener({ ...inbox, live }, []);
      return () => listeners.delete(listener);
    },
    stop() {
      stopStream();
      listeners.clear();
      document.title = BASE_TITLE;
    },
  };
}

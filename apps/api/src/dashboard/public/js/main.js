// The dashboard shell: log in with a token (kept in sessionStorage, so it goes with the tab),
// show the tabs the key's role may use, one at a time (the URL hash names it), follow the inbox
// live (inbox-watch.js), and return to the login on any 401.
import { closeSession, createApi, openSession } from './api.js';
import { h, replaceChildren } from './dom.js';
import { watchInbox } from './inbox-watch.js';
import actions from './tabs/actions.js';
import conversations from './tabs/conversations.js';
import entities from './tabs/entities.js';
import inbox from './tabs/inbox.js';
import intents from './tabs/intents.js';
import models from './tabs/models.js';
import review from './tabs/review.js';
import training from './tabs/training.js';

const TABS = [conversations, inbox, review, intents, entities, actions, training, models];
/** Who sees a tab that does not say: admins and viewers. Agents work the inbox and nothing else. */
const DEFAULT_ROLES = ['admin', 'viewer'];
const TOKEN_KEY = 'chatbot.admin.token';
const NOTICE_MS = 6000;

const byId = (id) => document.getElementById(id);
let context = null;
let tabs = [];
let unmountTab = null;
let noticeTimer;

function notify(message, kind = 'ok') {
  const notice = byId('notice');
  notice.textContent = message;
  notice.dataset.kind = kind;
  notice.hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => (notice.hidden = true), NOTICE_MS);
}

function showLogin(message = '') {
  byId('app').hidden = true;
  byId('login').hidden = false;
  byId('login-error').textContent = message;
  byId('login-token').focus();
}

async function start(token) {
  let principal;
  try {
    principal = await openSession(token);
  } catch (error) {
    sessionStorage.removeItem(TOKEN_KEY);
    showLogin(error.status === 401 ? 'That token is not valid.' : `Could not log in: ${error.message}`);
    return;
  }
  sessionStorage.setItem(TOKEN_KEY, token);
  byId('login-token').value = '';
  context = {
    api: createApi(token, () => logOut('Your session has ended: log in again.')),
    role: principal.role,
    isAdmin: principal.role === 'admin',
    /** An agent key's `{ id, displayName }` (null for admins and viewers): whose claims are one's own. */
    agent: principal.agent ?? null,
    notify,
  };
  context.inbox = watchInbox(context);
  document.body.dataset.role = principal.role;
  byId('whoami').textContent = `${principal.agent?.displayName ?? principal.actor} (${principal.role})`;
  tabs = TABS.filter((tab) => (tab.roles ?? DEFAULT_ROLES).includes(principal.role));
  replaceChildren(
    byId('tabs'),
    tabs.map((tab) => h('a', { href: `#${tab.id}`, dataset: { tab: tab.id } }, tab.title)),
  );
  byId('login').hidden = true;
  byId('app').hidden = false;
  showTab();
}

function logOut(message) {
  if (!context) return; // several requests may fail with 401 at once
  context.inbox.stop();
  context = null;
  sessionStorage.removeItem(TOKEN_KEY);
  unmountTab?.();
  unmountTab = null;
  replaceChildren(byId('view'));
  void closeSession();
  showLogin(message);
}

function showTab() {
  if (!context) return;
  const tab = tabs.find((candidate) => `#${candidate.id}` === location.hash) ?? tabs[0];
  for (const link of byId('tabs').children) link.setAttribute('aria-current', link.dataset.tab === tab.id ? 'page' : 'false');
  unmountTab?.();
  const view = byId('view');
  replaceChildren(view);
  view.dataset.tab = tab.id;
  unmountTab = tab.mount(view, context) ?? null;
}

window.addEventListener('hashchange', showTab);
byId('login-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void start(byId('login-token').value.trim());
});
byId('logout').addEventListener('click', () => logOut(''));

const saved = sessionStorage.getItem(TOKEN_KEY);
if (saved) void start(saved);
else showLogin();

// The chat page's client: speaks the /ws protocol documented in src/web/protocol.ts.
// Message text and button labels are only ever set with textContent, so HTML typed by a user (or
// sent by the bot) shows as text and never runs; a link button is an <a> only for http(s) URLs.
(function () {
  'use strict';

  var SESSION_KEY = 'chatbot.sessionId';
  var UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  var MAX_BACKOFF_MS = 10000;
  var PING_INTERVAL_MS = 25000;

  var log = document.getElementById('chat-log');
  var form = document.getElementById('chat-form');
  var input = document.getElementById('chat-input');
  var status = document.getElementById('chat-status');
  if (new URLSearchParams(location.search).has('embed')) document.body.classList.add('embed');

  var socket = null;
  var welcomed = false;
  var lastSeq = 0;
  var seenSeqs = new Set();
  var userBubbles = new Map(); // clientMessageId -> element
  var ratingBars = new Map(); // reply id -> its thumbs up/down bar
  var buttonBars = new Map(); // reply id -> the row of its buttons
  var CLICK_ID = /^button-(.+)$/; // a click on a reply's buttons is sent as clientMessageId "button-<reply id>"
  var unacked = new Map(); // clientMessageId -> text, resent after a reconnect until acked
  var deferred = new Set(); // clientMessageIds the server asked us to send again later, in the order typed
  var resendTimer = null;
  var reconnectAfterMs = 0; // a refused new chat: wait at least this long before reconnecting
  var backoffMs = 500;
  var pingTimer = null;

  function readSessionId() {
    try {
      var value = localStorage.getItem(SESSION_KEY);
      return value && UUID.test(value) ? value : undefined;
    } catch (e) {
      return undefined; // storage blocked: the conversation simply does not survive a reload
    }
  }

  function saveSessionId(sessionId) {
    try {
      localStorage.setItem(SESSION_KEY, sessionId);
    } catch (e) {
      /* see readSessionId */
    }
  }

  // crypto.randomUUID needs a secure context; getRandomValues works on plain http too.
  function newClientMessageId() {
    var bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, function (b) {
      return b.toString(16).padStart(2, '0');
    }).join('');
  }

  function setStatus(state, text) {
    status.dataset.state = state;
    status.textContent = text;
  }

  function append(element) {
    log.appendChild(element);
    log.scrollTop = log.scrollHeight;
    return element;
  }

  function bubble(role, text) {
    var item = document.createElement('li');
    item.className = 'msg msg-' + role;
    item.textContent = text;
    return append(item);
  }

  // Who wrote an agent's reply, above its text; the name is the agent's own text, so textContent.
  function senderLabel(item, sender) {
    var label = document.createElement('span');
    label.className = 'msg-sender';
    label.textContent = sender;
    item.insertBefore(label, item.firstChild);
  }

  function isWebLink(url) {
    try {
      var protocol = new URL(url).protocol;
      return protocol === 'http:' || protocol === 'https:';
    } catch (e) {
      return false;
    }
  }

  // A reply's buttons answer it once: after a click (here, or in the history of another tab or an
  // earlier visit) they are all disabled, the chosen one marked pressed.
  function disableButtons(replyId, chosen) {
    var bar = buttonBars.get(replyId);
    if (!bar) return;
    bar.querySelectorAll('button').forEach(function (button) {
      button.disabled = true;
      if (chosen !== undefined && button.dataset.text === chosen) button.setAttribute('aria-pressed', 'true');
    });
  }

  // Buttons under a reply: a reply button sends its text as the user's next message, exactly as if
  // typed (with clientMessageId "button-<reply id>", so the server queues one click per reply); a
  // link button opens its URL in a new tab, without giving that page a handle on this one.
  function replyButtons(entry) {
    if (!entry.buttons || entry.buttons.length === 0) return;
    var item = document.createElement('li');
    item.className = 'buttons';
    entry.buttons.forEach(function (spec) {
      if (spec.type === 'reply') {
        var text = spec.text || spec.label;
        var button = document.createElement('button');
        button.type = 'button';
        button.className = 'button-reply';
        button.textContent = spec.label;
        button.dataset.text = text;
        button.addEventListener('click', function () {
          if (button.disabled) return;
          disableButtons(entry.id, text);
          sendMessage(text, 'button-' + entry.id);
        });
        item.appendChild(button);
      } else if (spec.type === 'link' && isWebLink(spec.url)) {
        var link = document.createElement('a');
        link.className = 'button-link';
        link.href = spec.url;
        link.target = '_blank';
        link.rel = 'noopener noreferrer';
        link.textContent = spec.label;
        item.appendChild(link);
      }
    });
    if (!item.firstChild) return;
    buttonBars.set(entry.id, item);
    append(item);
  }

  // "Helpful" / "Not helpful" under a reply of the bot (not under a human agent's); words rather than
  // thumb emoji, which not every system has a font for. The choice shows at once and is sent to the
  // server; the history brings it back after a reload.
  function ratingBar(entry) {
    var item = document.createElement('li');
    item.className = 'rating';
    [
      ['up', true, 'Helpful'],
      ['down', false, 'Not helpful'],
    ].forEach(function (choice) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'rating-' + choice[0];
      button.textContent = choice[2];
      button.setAttribute('aria-pressed', String(entry.helpful === choice[1]));
      // Clicking the choice already made takes the rating back.
      button.addEventListener('click', function () {
        rate(entry.id, button.getAttribute('aria-pressed') === 'true' ? null : choice[1]);
      });
      item.appendChild(button);
    });
    ratingBars.set(entry.id, item);
    append(item);
  }

  function showRating(replyId, helpful) {
    var bar = ratingBars.get(replyId);
    if (!bar) return;
    bar.querySelector('.rating-up').setAttribute('aria-pressed', String(helpful === true));
    bar.querySelector('.rating-down').setAttribute('aria-pressed', String(helpful === false));
  }

  function rate(replyId, helpful) {
    if (!welcomed || socket.readyState !== WebSocket.OPEN) return;
    showRating(replyId, helpful);
    socket.send(JSON.stringify({ type: 'feedback', replyId: replyId, helpful: helpful }));
  }

  // A bubble shows at most one note: why it failed, or why it waits.
  function setNote(element, state, text) {
    element.dataset.state = state;
    var note = element.querySelector('.msg-error');
    if (!text) {
      if (note) note.remove();
      return;
    }
    if (!note) {
      note = document.createElement('span');
      note.className = 'msg-error';
      element.appendChild(note);
    }
    note.textContent = text;
  }

  function markFailed(element, reason) {
    setNote(element, 'failed', reason);
  }

  // Messages the server refused for now (busy, or too many in a minute) go again after the wait,
  // in the order they were typed; a message typed meanwhile waits behind them.
  function sendLater(clientMessageId, waitMs) {
    deferred.add(clientMessageId);
    if (resendTimer) return;
    resendTimer = setTimeout(function () {
      resendTimer = null;
      var due = Array.from(deferred);
      deferred.clear();
      due.forEach(function (id) {
        if (unacked.has(id)) transmit(id, unacked.get(id));
      });
    }, waitMs);
  }

  // History entries and live replies share one numbering; a repeat (live push + resend) is ignored.
  function showEntry(entry) {
    if (seenSeqs.has(entry.seq)) return;
    seenSeqs.add(entry.seq);
    lastSeq = Math.max(lastSeq, entry.seq);
    if (entry.role === 'user') {
      var element = userBubbles.get(entry.clientMessageId);
      if (!element) {
        element = bubble('user', entry.text);
        userBubbles.set(entry.clientMessageId, element);
      }
      element.dataset.state = 'sent';
      var clicked = CLICK_ID.exec(entry.clientMessageId);
      if (clicked) disableButtons(clicked[1], entry.text);
      return;
    }
    if (entry.kind === 'joined') {
      bubble('notice', entry.text);
      return;
    }
    var reply = bubble('bot', entry.text);
    if (entry.sender) senderLabel(reply, entry.sender);
    replyButtons(entry);
    if (entry.kind === 'bot' || entry.kind === 'system') ratingBar(entry);
  }

  function transmit(clientMessageId, text) {
    if (welcomed && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify({ type: 'message', clientMessageId: clientMessageId, text: text }));
    }
  }

  function sendMessage(text, clickId) {
    if (text.trim() === '') return;
    if (clickId && userBubbles.has(clickId)) return;
    var clientMessageId = clickId || newClientMessageId();
    var element = bubble('user', text);
    element.dataset.state = 'sending';
    userBubbles.set(clientMessageId, element);
    unacked.set(clientMessageId, text);
    if (deferred.size > 0) sendLater(clientMessageId, 0);
    else transmit(clientMessageId, text);
  }

  function resetConversation() {
    log.textContent = '';
    seenSeqs.clear();
    userBubbles.clear();
    ratingBars.clear();
    buttonBars.clear();
    lastSeq = 0;
  }

  function onFrame(frame) {
    if (frame.type === 'welcome') {
      // A new session while we showed an old one means it expired: start from a clean page.
      if (!frame.resumed && lastSeq > 0) resetConversation();
      saveSessionId(frame.sessionId);
      welcomed = true;
      backoffMs = 500;
      setStatus('online', 'Online');
      frame.history.forEach(showEntry);
      unacked.forEach(function (text, clientMessageId) {
        transmit(clientMessageId, text);
      });
    } else if (frame.type === 'ack') {
      unacked.delete(frame.clientMessageId);
      var element = userBubbles.get(frame.clientMessageId);
      if (element) setNote(element, 'sent', null);
    } else if (frame.type === 'feedback_ack') {
      showRating(frame.replyId, frame.helpful);
    } else if (frame.type === 'reply') {
      frame.role = 'bot';
      showEntry(frame);
    } else if (frame.type === 'error') {
      var failed = frame.clientMessageId && userBubbles.get(frame.clientMessageId);
      if (failed && frame.code === 'rate_limited') {
        var waitMs = frame.retryAfterMs || 2000;
        setNote(failed, 'waiting', 'Too many messages in a minute: sending it in ' + Math.ceil(waitMs / 1000) + ' s');
        sendLater(frame.clientMessageId, waitMs);
      } else if (failed && frame.code === 'unavailable') {
        sendLater(frame.clientMessageId, 2000);
      } else if (failed) {
        unacked.delete(frame.clientMessageId);
        markFailed(failed, frame.message);
      } else {
        // A refused new chat: the server closes the socket; reconnect only after the wait.
        if (frame.code === 'rate_limited') reconnectAfterMs = frame.retryAfterMs || 0;
        bubble('notice', frame.message);
      }
    }
  }

  function connect() {
    setStatus('connecting', 'Connecting…');
    welcomed = false;
    var scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    socket = new WebSocket(scheme + '//' + location.host + '/ws');
    socket.addEventListener('open', function () {
      var hello = { type: 'hello' };
      var sessionId = readSessionId();
      if (sessionId) hello.sessionId = sessionId;
      if (lastSeq > 0) hello.lastSeq = lastSeq;
      socket.send(JSON.stringify(hello));
      pingTimer = setInterval(function () {
        socket.send('{"type":"ping"}');
      }, PING_INTERVAL_MS);
    });
    socket.addEventListener('message', function (event) {
      try {
        onFrame(JSON.parse(event.data));
      } catch (e) {
        console.error('bad frame from server', e);
      }
    });
    socket.addEventListener('close', function () {
      clearInterval(pingTimer);
      welcomed = false;
      // Exponential backoff with jitter, so a restarted server is not hit by every tab at once.
      var delay = Math.max(reconnectAfterMs, Math.round(backoffMs * (0.5 + Math.random() / 2)));
      reconnectAfterMs = 0;
      backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
      setStatus('offline', 'Offline, reconnecting in ' + Math.ceil(delay / 1000) + ' s');
      setTimeout(connect, delay);
    });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    sendMessage(input.value);
    input.value = '';
    input.focus();
  });
  input.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  connect();
})();

import { createHmac } from 'node:crypto';
import { FAKE_BOT_USER_ID, FAKE_TEAM_ID, type PostedMessage } from './fake-slack';
import { nextTs } from './slack-ts';

export const SIGNING_SECRET = 'test-signing-secret';

/** The event_callback body Slack sends for one event (the same body on every retry). */
export function eventCallback(event: Record<string, unknown>): Record<string, unknown> {
  return {
    token: 'legacy-verification-token',
    team_id: FAKE_TEAM_ID,
    api_app_id: 'A0TEST',
    type: 'event_callback',
    event_id: `Ev${String(event.ts ?? nextTs()).replace('.', '')}`,
    event_time: Math.floor(Date.now() / 1000),
    event: { event_ts: event.ts, ...event },
  };
}

/** A `message.im` event: a user's direct message to the bot. */
export function directMessage(options: { channel: string; user: string; text: string; ts?: string; threadTs?: string; extra?: Record<string, unknown> }) {
  const ts = options.ts ?? nextTs();
  return eventCallback({
    type: 'message',
    channel_type: 'im',
    channel: options.channel,
    user: options.user,
    text: options.text,
    ts,
    ...(options.threadTs ? { thread_ts: options.threadTs } : {}),
    ...options.extra,
  });
}

/** An `app_mention` event: the bot mentioned in a channel (optionally inside a thread). */
export function mention(options: { channel: string; user: string; text: string; ts?: string; threadTs?: string }) {
  const ts = options.ts ?? nextTs();
  return eventCallback({
    type: 'app_mention',
    channel: options.channel,
    user: options.user,
    text: options.text,
    ts,
    ...(options.threadTs ? { thread_ts: options.threadTs } : {}),
  });
}

/** A `reaction_added` (or, with `removed`, `reaction_removed`) event: a user added (removed) an emoji reaction on a message. */
export function reactionAdded(options: { channel: string; ts: string; user: string; reaction: string; removed?: boolean }) {
  return eventCallback({
    type: options.removed ? 'reaction_removed' : 'reaction_added',
    user: options.user,
    reaction: options.reaction,
    item: { type: 'message', channel: options.channel, ts: options.ts },
    item_user: FAKE_BOT_USER_ID,
    ts: nextTs(),
  });
}

/** The v0 signature Slack puts in X-Slack-Signature: HMAC-SHA256 over "v0:<timestamp>:<body>". */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface DeliveryOptions {
  /** X-Slack-Retry-Num (Slack adds it, with X-Slack-Retry-Reason, to every retry). */
  retryNum?: number;
  /** Seconds since the epoch for X-Slack-Request-Timestamp; now by default. */
  timestamp?: number;
  /** Sign with this secret instead of the right one; null sends no signature at all. */
  secret?: string | null;
}

/** POSTs a body to the Events API endpoint the way Slack does: JSON, timestamped and signed. */
export async function deliverEvent(url: string, body: object | string, options: DeliveryOptions = {}): Promise<Response> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-slack-request-timestamp': String(timestamp) };
  const secret = options.secret === undefined ? SIGNING_SECRET : options.secret;
  if (secret !== null) headers['x-slack-signature'] = slackSignature(secret, timestamp, raw);
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  return fetch(url, { method: 'POST', headers, body: raw });
}

/**
 * The `block_actions` payload Slack sends when `user` clicks the button labelled `label` on a message
 * the bot posted (`post`, whose ts the fake gave it). `from` overrides where Slack says the click
 * happened (a forged or misrouted payload); the button itself is always the one on the message.
 */
export function blockActions(options: {
  post: PostedMessage;
  ts: string;
  label: string;
  user: string;
  from?: { channel: string; threadTs?: string };
}): Record<string, unknown> {
  const { post, ts, label, user } = options;
  const actions = post.blocks?.find((block) => block.type === 'actions');
  const button = actions?.type === 'actions' ? actions.elements.find((element) => element.text.text === label) : undefined;
  if (!actions || !button) throw new Error(`no button "${label}" on that message: ${JSON.stringify(post.blocks)}`);
  const channel = options.from?.channel ?? post.channel;
  const threadTs = options.from ? options.from.threadTs : post.thread_ts;
  const actionTs = nextTs();
  return {
    type: 'block_actions',
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: FAKE_TEAM_ID },
    api_app_id: 'A0TEST',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: false, ...(threadTs && { thread_ts: threadTs }) },
    trigger_id: `${actionTs.replace('.', '')}.trigger`,
    team: { id: FAKE_TEAM_ID, domain: 'fake-team' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channel, name: channel.startsWith('D') ? 'directmessage' : 'support' },
    message: {
      type: 'message',
      user: FAKE_BOT_USER_ID,
      bot_id: 'B0BOT',
      text: post.text,
      ts,
      blocks: post.blocks,
      team: FAKE_TEAM_ID,
      ...(threadTs && { thread_ts: threadTs }),
    },
    state: { values: {} },
    response_url: `https://hooks.slack.test/actions/T0TEST/${actionTs}`,
    actions: [
      {
        type: 'button',
        action_id: button.action_id,
        block_id: actions.block_id ?? 'fake-block',
        text: button.text,
        ...(button.value !== undefined && { value: button.value }),
        ...(button.url !== undefined && { url: button.url }),
        action_ts: actionTs,
      },
    ],
  };
}

/** POSTs an interaction payload the way Slack does: form-encoded `payload=<JSON>`, timestamped and signed. */
export async function deliverInteraction(url: string, payload: object, options: Omit<DeliveryOptions, 'retryNum'> = {}): Promise<Response> {
  const raw = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp) };
  const secret = options.secret === undefined ? SIGNING_SECRET : options.secret;
  if (secret !== null) headers['x-slack-signature'] = slackSignature(secret, timestamp, raw);
  return fetch(url, { method: 'POST', headers, body: raw });
}

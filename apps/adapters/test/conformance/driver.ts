/**
 * What the shared adapter conformance suite (conformance/suite.ts) needs from a channel's test driver.
 * Each channel implements one driver around its local fake of the real service (a fake Slack Web API +
 * signed Events API requests, a fake Discord gateway + REST, a WebSocket client for the web) and runs
 * the real adapter (real Bolt / discord.js / fastify) wired to the real Redis queues through
 * `startAdapters`. The suite answers inbound messages with a fake worker (support/fake-worker.ts).
 */
export interface ConformanceDriver {
  readonly channel: string;
  /** Starts the fake service and the real adapter, using Redis at `redisUrl` under key prefix `prefix`. */
  start(options: { redisUrl: string; prefix: string }): Promise<void>;
  /**
   * Delivers an end user's message through the fake service exactly as the real service would.
   * `conversation` is a test-chosen name; the driver maps it to a channel/thread/session of its own.
   * Returns the channel's native id of the delivered message.
   */
  sendUserMessage(conversation: string, text: string): Promise<{ nativeMessageId: string }>;
  /** Delivers the same native message again, the way the service retries or resends it. */
  redeliver(conversation: string, nativeMessageId: string): Promise<void>;
  /** Delivers a message written by a bot (another bot, or the adapter's own bot user). */
  sendBotMessage(conversation: string, text: string): Promise<void>;
  /**
   * Delivers a message with bad or missing authentication (e.g. a wrong Slack signature, a web
   * socket without a session); resolves with what the service saw (status code or error frame).
   * Channels whose service authenticates the connection rather than each message (Discord's gateway)
   * return `{ refused: true, detail: 'not applicable: ...' }` and explain why in `detail`.
   */
  sendWithBadAuthentication(conversation: string, text: string): Promise<{ refused: boolean; detail: string }>;
  /** Replies (texts) the fake service has received for `conversation` so far, oldest first. */
  repliesFor(conversation: string): Promise<string[]>;
  /**
   * Optional. Notices the end user was shown for refused messages (too long), when the channel shows
   * them outside the conversation's replies (the web chat's error frames). Channels that refuse with
   * an ordinary reply (Slack, Discord) leave it out, and the suite looks in `repliesFor` instead.
   */
  refusalsFor?(conversation: string): Promise<string[]>;
  /**
   * Buttons under replies and clicks on them; null only for a channel whose service has no buttons
   * (the suite then reports the button contract as skipped for it).
   */
  readonly buttons: ButtonDriver | null;
  stop(): Promise<void>;
}

/** A reply with buttons as the end user is shown it by the service. */
export interface RenderedButtonReply {
  /** The reply's text as the user reads it (markup entities decoded). */
  text: string;
  /** The buttons in order, each label as the user reads it. */
  buttons: Array<{ type: 'reply'; label: string } | { type: 'link'; label: string; url: string }>;
  /**
   * Whatever in the message the service would act on rather than show (a Slack `<!channel>` or
   * `<@U1>` token in mrkdwn, a Discord ping allowed by allowed_mentions, HTML): must be empty.
   */
  markup: string[];
}

/** The button half of a channel's driver: reads rendered buttons and clicks them the way the service delivers a click. */
export interface ButtonDriver {
  /** The newest reply in `conversation` that has buttons, as the service shows it; null if there is none. */
  lastButtonReply(conversation: string): Promise<RenderedButtonReply | null>;
  /** The end user of `conversation` clicks the reply button labelled `label` under that reply. Resolves once the service has delivered the click. */
  click(conversation: string, label: string): Promise<void>;
  /** The last click in `conversation` arrives again: the service's retry (Discord resending the interaction), else the user's second click. */
  repeatLastClick(conversation: string): Promise<void>;
  /**
   * A click on the button `label` of `conversation`'s reply that the service reports as coming from
   * the end user of conversation `from` (a forged or misrouted payload).
   */
  forgeClick(conversation: string, label: string, from: string): Promise<void>;
}

import { randomUUID } from 'node:crypto';
import { createLogger, createRedis, type Redis } from '@chatbot/core';
import WebSocket from 'ws';
import { AdapterMetrics, WebAdapter, nativeMessageIdOf, startAdapters, type RunningAdapters, type ServerFrame } from '../../src';
import type { ButtonDriver, ConformanceDriver } from './driver';

type Frame<T extends ServerFrame['type']> = Extract<ServerFrame, { type: T }>;

/** One browser tab: a WebSocket with a session, and every frame the server sent it. */
class BrowserTab {
  readonly frames: ServerFrame[] = [];
  sessionId = '';

  constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => this.frames.push(JSON.parse(data.toString()) as ServerFrame));
  }

  static async open(url: string): Promise<BrowserTab> {
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new BrowserTab(socket);
  }

  send(frame: object): void {
    this.socket.send(JSON.stringify(frame));
  }

  /** The frames that `match`, oldest first. */
  framesWhere<T extends ServerFrame>(match: (frame: ServerFrame) => frame is T): T[] {
    return this.frames.filter(match);
  }

  /** Waits until at least `count` frames `match` (as a browser waits for an ack or an error); returns the last. */
  async waitFor<T extends ServerFrame>(match: (frame: ServerFrame) => frame is T, what: string, count = 1, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.framesWhere(match);
      if (found.length >= count) return found[count - 1]!;
      if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms; frames: ${JSON.stringify(this.frames)}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  close(): void {
    this.socket.close();
  }
}

/** The ack or error frame that answers one message frame. */
const answerTo =
  (clientMessageId: string) =>
  (frame: ServerFrame): frame is Frame<'ack'> | Frame<'error'> =>
    (frame.type === 'ack' || frame.type === 'error') && frame.clientMessageId === clientMessageId;

/**
 * The conformance driver for the web chat: each test conversation is one browser session on a real
 * WebAdapter (fastify + WebSocket). A message is sent like chat.js sends it and counts as delivered
 * once the server has answered it with an ack (queued) or an error frame (refused).
 */
export class WebConformanceDriver implements ConformanceDriver {
  readonly channel = 'web';
  private redis: Redis | undefined;
  private adapter: WebAdapter | undefined;
  private running: RunningAdapters | undefined;
  private readonly tabs = new Map<string, BrowserTab>();
  private readonly sent = new Map<string, { clientMessageId: string; text: string }>();
  private readonly lastClicks = new Map<string, { clientMessageId: string; text: string }>();

  /**
   * Buttons come in reply frames; a click is what chat.js sends for one: the button's text as a
   * message with clientMessageId `button-<reply id>`. What the page makes of labels (text only,
   * never HTML) is the browser test's to show; in the protocol they are plain strings, so no markup.
   */
  readonly buttons: ButtonDriver = {
    lastButtonReply: async (conversation) => {
      const frame = this.lastButtonFrame(conversation);
      if (!frame) return null;
      const buttons = frame.buttons.map((button) =>
        button.type === 'reply' ? { type: button.type, label: button.label } : { type: button.type, label: button.label, url: button.url },
      );
      return { text: frame.text, buttons, markup: [] };
    },
    click: async (conversation, label) => {
      const click = this.clickFrame(conversation, label);
      this.lastClicks.set(conversation, click);
      await this.sendMessage(await this.tab(conversation), click.clientMessageId, click.text);
    },
    repeatLastClick: async (conversation) => {
      const click = this.lastClicks.get(conversation);
      if (!click) throw new Error(`nothing was clicked in ${conversation}`);
      await this.sendMessage(await this.tab(conversation), click.clientMessageId, click.text);
    },
    forgeClick: async (conversation, label, from) => {
      const click = this.clickFrame(conversation, label);
      await this.sendMessage(await this.tab(from), click.clientMessageId, click.text);
    },
  };

  private lastButtonFrame(conversation: string): Frame<'reply'> | undefined {
    return this.tabs
      .get(conversation)
      ?.framesWhere((frame): frame is Frame<'reply'> => frame.type === 'reply' && frame.buttons.length > 0)
      .at(-1);
  }

  /** The message frame chat.js sends for a click on the reply button `label`. */
  private clickFrame(conversation: string, label: string): { clientMessageId: string; text: string } {
    const frame = this.lastButtonFrame(conversation);
    const button = frame?.buttons.find((candidate) => candidate.label === label);
    if (!frame || button?.type !== 'reply') throw new Error(`no reply button "${label}" in ${conversation}`);
    return { clientMessageId: `button-${frame.id}`, text: button.text ?? button.label };
  }

  async start(options: { redisUrl: string; prefix: string }): Promise<void> {
    this.redis = createRedis(options.redisUrl);
    const metrics = new AdapterMetrics();
    this.adapter = new WebAdapter({ port: 0, host: '127.0.0.1', redis: this.redis, prefix: options.prefix, metrics });
    const logger = createLogger('web-conformance', 'silent');
    this.running = await startAdapters({ adapters: [this.adapter], redis: this.redis, prefix: options.prefix, logger, metrics });
  }

  private get wsUrl(): string {
    if (!this.adapter) throw new Error('the web driver is not started');
    return `${this.adapter.url.replace('http', 'ws')}/ws`;
  }

  /** The conversation's tab, opened and greeted (hello -> welcome) on first use. */
  private async tab(conversation: string): Promise<BrowserTab> {
    const existing = this.tabs.get(conversation);
    if (existing) return existing;
    const tab = await BrowserTab.open(this.wsUrl);
    tab.send({ type: 'hello' });
    tab.sessionId = (await tab.waitFor((frame): frame is Frame<'welcome'> => frame.type === 'welcome', 'welcome')).sessionId;
    this.tabs.set(conversation, tab);
    return tab;
  }

  private async sendMessage(tab: BrowserTab, clientMessageId: string, text: string): Promise<void> {
    // A resend is answered again (ack with duplicate: true): wait for one answer more than before.
    const answered = tab.framesWhere(answerTo(clientMessageId)).length;
    tab.send({ type: 'message', clientMessageId, text });
    await tab.waitFor(answerTo(clientMessageId), `answer to ${clientMessageId}`, answered + 1);
  }

  async sendUserMessage(conversation: string, text: string): Promise<{ nativeMessageId: string }> {
    const tab = await this.tab(conversation);
    const clientMessageId = randomUUID();
    await this.sendMessage(tab, clientMessageId, text);
    const nativeMessageId = nativeMessageIdOf(tab.sessionId, clientMessageId);
    this.sent.set(nativeMessageId, { clientMessageId, text });
    return { nativeMessageId };
  }

  /** The browser resends a message it has no ack for after a reconnect: same clientMessageId, same text. */
  async redeliver(conversation: string, nativeMessageId: string): Promise<void> {
    const message = this.sent.get(nativeMessageId);
    if (!message) throw new Error(`no message ${nativeMessageId} was sent through this driver`);
    await this.sendMessage(await this.tab(conversation), message.clientMessageId, message.text);
  }

  /**
   * Only the end user writes into a web session; the bot's messages travel server -> browser as
   * `reply` frames. The nearest thing to "a message by the bot itself" is a page sending such a
   * frame back: the server must refuse it (unknown_type) and queue nothing.
   */
  async sendBotMessage(conversation: string, text: string): Promise<void> {
    const tab = await this.tab(conversation);
    const id = randomUUID();
    tab.send({ type: 'reply', seq: 1, id, text, buttons: [], replyTo: null, kind: 'bot', at: new Date().toISOString() });
    await tab.waitFor((frame): frame is Frame<'error'> => frame.type === 'error' && frame.code === 'unknown_type', 'refusal of the bot frame');
  }

  /** A message on a socket that never said hello (so has no session) is refused with hello_required. */
  async sendWithBadAuthentication(_conversation: string, text: string): Promise<{ refused: boolean; detail: string }> {
    const tab = await BrowserTab.open(this.wsUrl);
    try {
      const clientMessageId = randomUUID();
      tab.send({ type: 'message', clientMessageId, text });
      const answer = await tab.waitFor(answerTo(clientMessageId), 'answer to a message without a session');
      return answer.type === 'error' ? { refused: true, detail: `error frame ${answer.code}` } : { refused: false, detail: 'acked without a session' };
    } finally {
      tab.close();
    }
  }

  /** Reply frames the session's tab received, each seq once (the widget ignores repeats). */
  async repliesFor(conversation: string): Promise<string[]> {
    const tab = this.tabs.get(conversation);
    if (!tab) return [];
    const replies = new Map<number, string>();
    for (const frame of tab.frames) if (frame.type === 'reply') replies.set(frame.seq, frame.text);
    return [...replies.values()];
  }

  /** The web chat refuses an over-long message with an error frame the widget shows under it. */
  async refusalsFor(conversation: string): Promise<string[]> {
    const tab = this.tabs.get(conversation);
    if (!tab) return [];
    return tab.framesWhere((frame): frame is Frame<'error'> => frame.type === 'error' && frame.code === 'message_too_long').map((frame) => frame.message);
  }

  async stop(): Promise<void> {
    for (const tab of this.tabs.values()) tab.close();
    await this.running?.stop();
    await this.redis?.quit();
  }
}

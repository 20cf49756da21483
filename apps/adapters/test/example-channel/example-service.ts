import { randomUUID } from 'node:crypto';

/** A message on the example service, as its client library hands it to a connected bot. */
export interface ExampleMessage {
  id: string;
  conversation: string;
  author: { id: string; bot: boolean };
  text: string;
}

/** How the service refuses a client with a wrong token. */
export class ExampleAuthError extends Error {
  override name = 'ExampleAuthError';
}

/** A bot's connection to the service: it receives every message and may post into any conversation. */
export interface ExampleConnection {
  /** Posts once per `idempotencyKey` (a resend with the same key is dropped, like Discord's nonce). */
  post(conversation: string, text: string, idempotencyKey: string): void;
  close(): void;
}

/** Services by address, so an adapter finds the one its EXAMPLE_SERVICE_URL names, as it would a host. */
const directory = new Map<string, ExampleService>();

/**
 * A tiny in-memory chat service standing in for Slack or Discord: it authenticates a bot by token
 * when it connects (as Discord's gateway does), pushes every message to the connected bot and counts
 * a message delivered once the bot's handler resolved (as an acknowledged webhook), and records what
 * the bot posts.
 */
export class ExampleService {
  readonly url = `memory://example-${randomUUID().slice(0, 8)}`;
  readonly token = `example-${randomUUID()}`;
  readonly botUser = { id: 'example-bot', bot: true };
  private readonly handlers = new Set<(message: ExampleMessage) => Promise<void>>();
  private readonly posts = new Map<string, string[]>();
  private readonly postedKeys = new Set<string>();

  static at(url: string): ExampleService {
    const service = directory.get(url);
    if (!service) throw new Error(`no example service at ${url}`);
    return service;
  }

  open(): this {
    directory.set(this.url, this);
    return this;
  }

  close(): void {
    directory.delete(this.url);
  }

  connect(token: string, onMessage: (message: ExampleMessage) => Promise<void>): ExampleConnection {
    if (token !== this.token) throw new ExampleAuthError('the example service refused the token');
    this.handlers.add(onMessage);
    return {
      post: (conversation, text, idempotencyKey) => {
        if (this.postedKeys.has(idempotencyKey)) return;
        this.postedKeys.add(idempotencyKey);
        this.posts.set(conversation, [...this.postsIn(conversation), text]);
      },
      close: () => this.handlers.delete(onMessage),
    };
  }

  /** `author` writes `text` in `conversation`; resolves once every connected bot has handled it. */
  async say(conversation: string, author: ExampleMessage['author'], text: string): Promise<ExampleMessage> {
    const message = { id: randomUUID(), conversation, author, text };
    await this.deliver(message);
    return message;
  }

  /** Delivers a message (again, for a redelivery). */
  async deliver(message: ExampleMessage): Promise<void> {
    await Promise.all([...this.handlers].map((handler) => handler(message)));
  }

  /** What the bot posted in `conversation`, oldest first. */
  postsIn(conversation: string): string[] {
    return this.posts.get(conversation) ?? [];
  }
}

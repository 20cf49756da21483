import { PassThrough, type Readable } from 'node:stream';
import { platformEventChannel, subscribePlatformEvent, type Logger, type Redis } from '@chatbot/core';
import { serverSentComment, serverSentEvent, serverSentRetry } from './server-sent-events';

export interface InboxEventHubOptions {
  /** A connection for the hub's subscription alone: a subscribed connection can run no other command. */
  subscriber: Redis;
  /** REDIS_PREFIX: the `inbox.changed` channel lives under it. */
  prefix: string;
  logger: Logger;
  /** Streams open at once; one more is refused (each holds a connection and a file descriptor). */
  maxClients: number;
  /** How often a quiet stream gets a comment line (proxies close connections idle for about a minute). */
  keepAliveMs?: number;
}

const DEFAULT_KEEP_ALIVE_MS = 25_000;
/** How long a dashboard waits before reconnecting after its stream dropped. */
const RECONNECT_MS = 3000;
/** A client with this much unread has stopped reading: it is dropped, and re-reads the inbox when it reconnects. */
const MAX_UNREAD_BYTES = 64 * 1024;

/**
 * The API process's one subscription to `inbox.changed`, fanned out to every dashboard that streams
 * GET /inbox/events from this process. Any API process or worker publishes to the channel, so all
 * dashboards hear every change, whichever process made it.
 *
 * A client reads the inbox when it gets `ready`, which comes once the subscription is in place, so
 * that nothing changed between its read and the subscription goes unseen: at once while subscribed,
 * else as soon as it is. The same `ready` goes to every client when the subscription comes back
 * after Redis was gone, since changes made meanwhile were not heard.
 */
export class InboxEventHub {
  private readonly clients = new Set<PassThrough>();
  private keepAlive: NodeJS.Timeout | undefined;
  /** Whether Redis has confirmed the subscription on the current connection. */
  private subscribed = false;
  private everSubscribed = false;
  private outageReported = false;
  private closed = false;

  constructor(private readonly options: InboxEventHubOptions) {}

  /** Streams open now. */
  get clientCount(): number {
    return this.clients.size;
  }

  /** Subscribes in the background: without Redis the API still starts (and /healthz says what is missing). */
  start(): void {
    const { subscriber, prefix, logger } = this.options;
    const confirmed = () => {
      this.subscribed = this.everSubscribed = true;
      this.outageReported = false;
      this.broadcast(serverSentEvent('ready', {}));
    };
    const failed = (err: unknown) => logger.warn({ err }, 'could not subscribe to inbox changes; dashboards will not update live');
    subscriber.on('error', (err: Error) => {
      if (!this.outageReported) logger.warn({ err }, 'the inbox event subscription lost Redis; dashboards re-read the inbox when it is back');
      this.outageReported = true;
    });
    subscriber.on('close', () => (this.subscribed = false));
    subscriber.on('ready', () => {
      if (!this.everSubscribed || this.subscribed) return; // the first connection: the subscription below confirms itself
      // ioredis subscribes again by itself; a SUBSCRIBE of our own, answered after that one, says when it is back in place.
      subscriber.subscribe(platformEventChannel(prefix, 'inbox.changed')).then(confirmed, failed);
    });
    subscribePlatformEvent(
      subscriber,
      prefix,
      'inbox.changed',
      (event) => this.broadcast(serverSentEvent('inbox.changed', event)),
      (payload) => logger.warn({ payload }, 'ignoring a malformed inbox.changed event'),
    ).then(confirmed, failed);
    this.keepAlive = setInterval(() => this.broadcast(serverSentComment('keep-alive')), this.options.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS);
    this.keepAlive.unref();
  }

  /**
   * A new client's stream, or null when this process streams to maxClients already (or is closing).
   * It leaves the hub when it closes, which fastify makes happen when the client disconnects.
   */
  open(): Readable | null {
    if (this.closed || this.clients.size >= this.options.maxClients) return null;
    const client = new PassThrough();
    this.clients.add(client);
    client.once('close', () => this.clients.delete(client));
    client.write(serverSentRetry(RECONNECT_MS) + (this.subscribed ? serverSentEvent('ready', {}) : ''));
    return client;
  }

  /** Ends every stream (so that the server can close) and the subscription. */
  close(): void {
    this.closed = true;
    clearInterval(this.keepAlive);
    for (const client of this.clients) client.end();
    this.clients.clear();
    this.options.subscriber.disconnect();
  }

  private broadcast(text: string): void {
    for (const client of this.clients) {
      if (client.readableLength + client.writableLength > MAX_UNREAD_BYTES) client.destroy();
      else client.write(text);
    }
  }
}

import { get, type ClientRequest, type IncomingMessage } from 'node:http';

/** One server-sent event as a client reads it: its type and its data, parsed as JSON. */
export interface ReceivedEvent {
  type: string;
  data: unknown;
}

/**
 * A text/event-stream read as a dashboard reads it (bearer token), keeping every event and comment,
 * so that a test can wait for the one it expects. Each stream has a connection of its own (no pool
 * whose spare sockets would outlive it); `close()` drops it, as a closed tab does.
 */
export class EventStreamClient {
  readonly events: ReceivedEvent[] = [];
  readonly comments: string[] = [];
  /** Resolves when the connection is gone (the server ended the stream, or the client closed it). */
  readonly ended: Promise<void>;
  private readonly text: Promise<string>;
  private readonly waiters = new Set<() => void>();
  private buffered = '';

  private constructor(
    private readonly request: ClientRequest,
    readonly response: IncomingMessage,
  ) {
    response.setEncoding('utf8');
    this.ended = new Promise((resolve) => response.once('close', resolve));
    if (this.status === 200) {
      response.on('data', (chunk: string) => this.read(chunk));
      this.text = Promise.resolve('');
    } else {
      let body = '';
      response.on('data', (chunk: string) => (body += chunk));
      this.text = new Promise((resolve) => response.once('end', () => resolve(body)));
    }
  }

  /** Opens `url`; a refusal (no events then) has its status and `json()`. */
  static open(url: string, token: string | null): Promise<EventStreamClient> {
    return new Promise((resolve, reject) => {
      const request = get(url, { agent: false, headers: token === null ? {} : { authorization: `Bearer ${token}` } }, (response) =>
        resolve(new EventStreamClient(request, response)),
      );
      request.once('error', reject);
    });
  }

  get status(): number {
    return this.response.statusCode ?? 0;
  }

  /** A refusal's JSON body. */
  async json(): Promise<any> {
    return JSON.parse(await this.text);
  }

  /** The first event from index `from` on that matches, waiting up to `timeoutMs` for it. */
  next(match: (event: ReceivedEvent) => boolean, { from = 0, timeoutMs = 5000 } = {}): Promise<ReceivedEvent> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.events.slice(from).find(match);
        if (!found) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(this.events.slice(from))}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  close(): void {
    this.request.destroy();
  }

  private read(chunk: string): void {
    this.buffered += chunk;
    let end: number;
    while ((end = this.buffered.indexOf('\n\n')) >= 0) {
      this.take(this.buffered.slice(0, end));
      this.buffered = this.buffered.slice(end + 2);
    }
  }

  /** One block of lines: an event (`event:` and `data:`), a comment (`: ...`) or a `retry:` line. */
  private take(block: string): void {
    let type = 'message';
    let data: string | undefined;
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
      else if (line.startsWith('event: ')) type = line.slice('event: '.length);
      else if (line.startsWith('data: ')) data = line.slice('data: '.length);
    }
    if (data === undefined) return;
    this.events.push({ type, data: JSON.parse(data) });
    for (const wake of [...this.waiters]) wake();
  }
}

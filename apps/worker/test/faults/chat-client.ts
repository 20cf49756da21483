import WebSocket from 'ws';

/** The frames of the web chat protocol (apps/adapters/src/web/protocol.ts) that this client reads. */
type HistoryEntry = { seq: number; role: 'user' | 'bot'; replyTo?: string | null; text: string; kind?: string };
/** A bot reply as the page shows it. */
export type ShownReply = { seq: number; text: string; kind: string };
type ServerFrame =
  | { type: 'welcome'; sessionId: string; resumed: boolean; history: HistoryEntry[] }
  | { type: 'ack'; clientMessageId: string }
  | ({ type: 'reply' } & HistoryEntry)
  | { type: 'error'; code: string; clientMessageId?: string; retryAfterMs?: number }
  | { type: 'pong' | 'feedback_ack' };

const FIRST_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 10_000;
/** What the page waits before sending again a message the server could not take ("unavailable"). */
const UNAVAILABLE_RETRY_MS = 2000;

/**
 * One chat tab, behaving as the page (apps/adapters/src/web/public/chat.js) does: it keeps every
 * message it typed until the server acknowledges it, sends the unacknowledged ones again after each
 * reconnect (the server takes a resend as a duplicate) and after an "unavailable" refusal, in the
 * order typed; it reconnects with backoff and jitter, resuming its session from the last seq it
 * showed; it ignores a seq it has already shown. What it records is what its user saw.
 */
export class ChatClient {
  sessionId: string | undefined;
  /** Every message typed, in order. */
  readonly typed: string[] = [];
  readonly acknowledged = new Set<string>();
  /** How many times each message went over the wire. */
  readonly transmissions = new Map<string, number>();
  /** Messages typed while the tab was offline (sent after the reconnect), or sent more than once. */
  readonly sentAgain = new Set<string>();
  /** The bot replies shown for each message, in the order shown. */
  readonly repliesTo = new Map<string, ShownReply[]>();
  /** Messages refused for good (an error other than "try again"), with the error code. */
  readonly refused = new Map<string, string>();
  /** Times the server told this tab that its session was unknown (a new one was started). */
  sessionsLost = 0;
  /** Welcomes after the first: the tab lost its connection and came back. */
  reconnects = 0;

  private socket: WebSocket | undefined;
  private welcomed = false;
  private closed = false;
  private lastSeq = 0;
  private backoffMs = FIRST_BACKOFF_MS;
  private readonly shown = new Set<number>();
  private readonly unacked = new Map<string, string>();
  private readonly deferred = new Set<string>();
  private resendTimer: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly url: string,
    private readonly name: string,
  ) {}

  /** Opens the chat; resolves once the server has welcomed it. */
  async open(): Promise<void> {
    this.connect();
    const deadline = Date.now() + 30_000;
    while (!this.welcomed) {
      if (Date.now() > deadline) throw new Error(`${this.name}: no welcome from ${this.url} within 30 s`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Types a message; it is sent now, or after the messages the server asked us to send later. */
  type(text: string): string {
    const clientMessageId = `${this.name}-${this.typed.length}`;
    this.typed.push(clientMessageId);
    this.unacked.set(clientMessageId, text);
    if (!this.welcomed) this.sentAgain.add(clientMessageId);
    if (this.deferred.size > 0) this.sendLater(clientMessageId, 0);
    else this.transmit(clientMessageId);
    return clientMessageId;
  }

  /** Messages typed and not (yet) acknowledged. */
  get unacknowledged(): number {
    return this.unacked.size;
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.resendTimer);
    clearTimeout(this.reconnectTimer);
    this.socket?.terminate();
  }

  private connect(): void {
    this.welcomed = false;
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.on('open', () =>
      socket.send(JSON.stringify({ type: 'hello', ...(this.sessionId && { sessionId: this.sessionId }), ...(this.lastSeq > 0 && { lastSeq: this.lastSeq }) })),
    );
    socket.on('message', (data) => this.receive(JSON.parse(data.toString()) as ServerFrame));
    socket.on('error', () => undefined); // a refused connection is followed by 'close', which reconnects
    socket.on('close', () => {
      this.welcomed = false;
      if (this.closed) return;
      const delay = Math.round(this.backoffMs * (0.5 + Math.random() / 2));
      this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
      this.reconnectTimer = setTimeout(() => this.connect(), delay);
    });
  }

  private receive(frame: ServerFrame): void {
    switch (frame.type) {
      case 'welcome':
        if (this.sessionId) this.reconnects++;
        if (!frame.resumed && this.sessionId) this.sessionsLost++;
        this.sessionId = frame.sessionId;
        this.welcomed = true;
        this.backoffMs = FIRST_BACKOFF_MS;
        frame.history.forEach((entry) => this.show(entry));
        for (const clientMessageId of this.unacked.keys()) this.transmit(clientMessageId);
        return;
      case 'ack':
        this.unacked.delete(frame.clientMessageId);
        this.acknowledged.add(frame.clientMessageId);
        return;
      case 'reply':
        return this.show({ ...frame, role: 'bot' });
      case 'error':
        if (!frame.clientMessageId || !this.unacked.has(frame.clientMessageId)) return;
        if (frame.code === 'unavailable' || frame.code === 'rate_limited') return this.sendLater(frame.clientMessageId, frame.retryAfterMs ?? UNAVAILABLE_RETRY_MS);
        this.unacked.delete(frame.clientMessageId);
        this.refused.set(frame.clientMessageId, frame.code);
        return;
    }
  }

  private show(entry: HistoryEntry): void {
    if (this.shown.has(entry.seq)) return;
    this.shown.add(entry.seq);
    this.lastSeq = Math.max(this.lastSeq, entry.seq);
    if (entry.role !== 'bot' || !entry.replyTo) return;
    const reply = { seq: entry.seq, text: entry.text, kind: entry.kind ?? 'bot' };
    this.repliesTo.set(entry.replyTo, [...(this.repliesTo.get(entry.replyTo) ?? []), reply]);
  }

  private transmit(clientMessageId: string): void {
    const text = this.unacked.get(clientMessageId);
    if (text === undefined || !this.welcomed || this.socket?.readyState !== WebSocket.OPEN) return;
    this.socket.send(JSON.stringify({ type: 'message', clientMessageId, text }));
    const times = (this.transmissions.get(clientMessageId) ?? 0) + 1;
    this.transmissions.set(clientMessageId, times);
    if (times > 1) this.sentAgain.add(clientMessageId);
  }

  /** Messages the server asked us to send again go after the wait, in the order typed. */
  private sendLater(clientMessageId: string, waitMs: number): void {
    this.deferred.add(clientMessageId);
    if (this.resendTimer) return;
    this.resendTimer = setTimeout(() => {
      this.resendTimer = undefined;
      const due = [...this.deferred];
      this.deferred.clear();
      due.forEach((id) => this.transmit(id));
    }, waitMs);
  }
}

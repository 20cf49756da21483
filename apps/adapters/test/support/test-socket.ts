import WebSocket from 'ws';
import type { ServerFrame } from '../../src';

type FrameOf<T extends ServerFrame['type']> = Extract<ServerFrame, { type: T }>;

/** A real WebSocket client that records server frames and lets a test wait for the next one of a type. */
export class TestSocket {
  private readonly frames: ServerFrame[] = [];
  private readonly waiters: Array<() => void> = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()) as ServerFrame);
      this.waiters.splice(0).forEach((wake) => wake());
    });
    this.closed = new Promise((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  static async open(url: string, headers: Record<string, string> = {}): Promise<TestSocket> {
    const socket = new WebSocket(url, { headers });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new TestSocket(socket);
  }

  /** Opens a socket and says hello; returns the socket and its welcome. */
  static async greet(url: string, hello: { sessionId?: string; lastSeq?: number } = {}, headers: Record<string, string> = {}): Promise<[TestSocket, FrameOf<'welcome'>]> {
    const socket = await TestSocket.open(url, headers);
    socket.send({ type: 'hello', ...hello });
    return [socket, await socket.next('welcome')];
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Removes and returns the oldest unread frame of this type, waiting for it if needed. */
  async next<T extends ServerFrame['type']>(type: T, timeoutMs = 5000): Promise<FrameOf<T>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.frames.findIndex((frame) => frame.type === type);
      if (index >= 0) return this.frames.splice(index, 1)[0] as FrameOf<T>;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no "${type}" frame within ${timeoutMs} ms; unread: ${JSON.stringify(this.frames)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Stops reading from the connection, as a client that hangs or never drains its socket. */
  pauseReading(): void {
    this.socket.pause();
  }

  resumeReading(): void {
    this.socket.resume();
  }

  /** The unread frames of this type, oldest first (they stay unread). */
  unread<T extends ServerFrame['type']>(type: T): Array<FrameOf<T>> {
    return this.frames.filter((frame): frame is FrameOf<T> => frame.type === type);
  }

  async close(): Promise<void> {
    this.socket.close();
    await this.closed;
  }
}

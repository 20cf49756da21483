import type { WebSocket } from 'ws';
import type { ServerFrame } from './protocol';
import { sendFrame } from './socket-limits';

/** The open sockets of each session on THIS process (a session may have several tabs open). */
export class SessionSockets {
  private readonly bySession = new Map<string, Set<WebSocket>>();

  constructor(private readonly maxBufferedBytes: number) {}

  add(sessionId: string, socket: WebSocket): void {
    const sockets = this.bySession.get(sessionId) ?? new Set<WebSocket>();
    sockets.add(socket);
    this.bySession.set(sessionId, sockets);
  }

  remove(sessionId: string, socket: WebSocket): void {
    const sockets = this.bySession.get(sessionId);
    sockets?.delete(socket);
    if (sockets?.size === 0) this.bySession.delete(sessionId);
  }

  /** Sends to every open socket of the session; returns how many got it. */
  send(sessionId: string, frame: ServerFrame): number {
    let sent = 0;
    for (const socket of this.bySession.get(sessionId) ?? []) if (sendFrame(socket, frame, this.maxBufferedBytes)) sent += 1;
    return sent;
  }
}

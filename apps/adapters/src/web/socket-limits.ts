import type { WebSocket } from 'ws';
import type { ServerFrame } from './protocol';

/** What one chat WebSocket may cost the server before it is closed: a client that misbehaves, or is gone. */
export interface SocketLimits {
  /** A connection that has not sent its hello within this long is closed (1008). */
  helloTimeoutMs: number;
  /** The server pings every this long; a socket that did not answer the previous ping is dropped. */
  heartbeatMs: number;
  /** Open chat sockets one client address may hold in this process; more are refused (1013). 0: no cap. */
  connectionsPerAddress: number;
  /** Frames a socket may have waiting to be handled; a client flooding the server is disconnected (1008). */
  pendingFrames: number;
  /** Bytes the server may hold queued for a socket whose client does not read them; above it the socket is dropped. */
  maxBufferedBytes: number;
}

export const DEFAULT_SOCKET_LIMITS: SocketLimits = {
  helloTimeoutMs: 10_000,
  heartbeatMs: 30_000,
  connectionsPerAddress: 20,
  pendingFrames: 100,
  maxBufferedBytes: 1024 * 1024,
};

/**
 * Sends one frame on an open socket; false if it was not sent. A client that stopped reading (its
 * frames pile up in this process's memory past `maxBufferedBytes`) is dropped instead: nothing is
 * lost, since every reply is in the session's history, which the page reads when it reconnects.
 */
export function sendFrame(socket: WebSocket, frame: ServerFrame, maxBufferedBytes: number): boolean {
  if (socket.readyState !== socket.OPEN) return false;
  if (socket.bufferedAmount > maxBufferedBytes) {
    socket.terminate();
    return false;
  }
  socket.send(JSON.stringify(frame));
  return true;
}

/** Open sockets per client address, in this adapters process. */
export class ConnectionsPerAddress {
  private readonly open = new Map<string, number>();

  constructor(private readonly limit: number) {}

  /** Counts one more socket for `address`; false (and nothing counted) when it already has its limit. */
  take(address: string): boolean {
    const count = this.open.get(address) ?? 0;
    if (this.limit > 0 && count >= this.limit) return false;
    this.open.set(address, count + 1);
    return true;
  }

  release(address: string): void {
    const count = (this.open.get(address) ?? 1) - 1;
    if (count <= 0) this.open.delete(address);
    else this.open.set(address, count);
  }
}

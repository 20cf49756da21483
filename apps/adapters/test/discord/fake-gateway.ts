import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { GatewayCloseCodes, GatewayIntentBits, GatewayOpcodes, type APIUser } from 'discord.js';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { guildCreatePayload, type FakeGuild } from './fake-discord-data';

export interface Dispatch {
  t: string;
  s: number;
  d: unknown;
}

/** One gateway session: its event log (for RESUME) and the socket it is attached to, if any. */
interface Session {
  id: string;
  log: Dispatch[];
  socket: WebSocket | null;
  /** How many events the client already has are sent again when it resumes. */
  replayOverlap: number;
}

const PRIVILEGED_MESSAGE_CONTENT = Number(GatewayIntentBits.MessageContent);

/**
 * A local stand-in for Discord's gateway (JSON encoding, no compression): HELLO, IDENTIFY -> READY +
 * GUILD_CREATE, heartbeat ACK, RESUME with replay, and the close codes discord.js acts on.
 * Several sessions may be open at once (two adapter replicas on one bot token each get every event).
 * While a session has no socket, its events are kept and replayed when the client resumes.
 */
export class FakeGateway {
  private readonly server = new WebSocketServer({ noServer: true });
  private readonly sessions = new Map<string, Session>();
  identifies = 0;
  resumes = 0;
  /** The events sent again on the last RESUME. */
  replayed: Dispatch[] = [];

  constructor(
    private readonly options: {
      token: string;
      botUser: APIUser;
      guild: FakeGuild;
      /** The URL clients connect to (also sent as READY's resume_gateway_url). */
      url: () => string;
      /** False models a bot whose Message Content intent is off in the developer portal. */
      messageContentAllowed: boolean;
    },
  ) {}

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const query = new URL(request.url ?? '/', 'http://fake').searchParams;
    if (query.get('encoding') !== 'json' || query.get('compress')) {
      socket.destroy(new Error(`fake gateway speaks uncompressed JSON only, got ${request.url}`));
      return;
    }
    this.server.handleUpgrade(request, socket, head, (ws) => this.accept(ws));
  }

  /** Sends an event to every session; sessions without a socket keep it for their RESUME. */
  dispatch(t: string, d: unknown): void {
    for (const session of this.sessions.values()) this.dispatchTo(session, t, d);
  }

  /**
   * Closes every open socket with `code`; resumable codes (e.g. 4000) make discord.js RESUME.
   * On that RESUME the fake replays the events after the client's last sequence number and, as the
   * real gateway's at-least-once delivery around a disconnect can, the last `replayOverlap` events
   * the client already had.
   */
  dropConnections(code: number, replayOverlap = 1): void {
    for (const session of this.sessions.values()) {
      session.socket?.close(code, 'fake gateway dropped the connection');
      session.socket = null;
      session.replayOverlap = replayOverlap;
    }
  }

  async close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(ws: WebSocket): void {
    send(ws, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: 41_250 } });
    ws.on('message', (data: RawData) => this.receive(ws, JSON.parse(data.toString()) as { op: number; d: any }));
  }

  private receive(ws: WebSocket, payload: { op: number; d: any }): void {
    switch (payload.op) {
      case GatewayOpcodes.Heartbeat:
        return send(ws, { op: GatewayOpcodes.HeartbeatAck });
      case GatewayOpcodes.Identify:
        return this.identify(ws, payload.d);
      case GatewayOpcodes.Resume:
        return this.resume(ws, payload.d);
      default:
        return; // presence updates and the like: nothing to do
    }
  }

  private identify(ws: WebSocket, d: { token: string; intents: number }): void {
    this.identifies += 1;
    if (d.token !== this.options.token) return ws.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
    if (d.intents & PRIVILEGED_MESSAGE_CONTENT && !this.options.messageContentAllowed) {
      return ws.close(GatewayCloseCodes.DisallowedIntents, 'Disallowed intent(s).');
    }
    const session: Session = { id: randomUUID(), log: [], socket: null, replayOverlap: 0 };
    this.sessions.set(session.id, session);
    attach(session, ws);
    const { botUser, guild } = this.options;
    this.dispatchTo(session, 'READY', {
      v: 10,
      user: botUser,
      guilds: [{ id: guild.id, unavailable: true }],
      session_id: session.id,
      resume_gateway_url: this.options.url(),
      shard: [0, 1],
      application: { id: botUser.id, flags: 0 },
    });
    this.dispatchTo(session, 'GUILD_CREATE', guildCreatePayload(guild, botUser));
  }

  private resume(ws: WebSocket, d: { token: string; session_id: string; seq: number }): void {
    this.resumes += 1;
    if (d.token !== this.options.token) return ws.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
    const session = this.sessions.get(d.session_id);
    if (!session) return send(ws, { op: GatewayOpcodes.InvalidSession, d: false });
    attach(session, ws);
    const replayFrom = d.seq + 1 - session.replayOverlap;
    this.replayed = session.log.filter((e) => e.s >= replayFrom);
    for (const event of this.replayed) send(ws, { op: GatewayOpcodes.Dispatch, ...event });
    this.dispatchTo(session, 'RESUMED', {});
  }

  private dispatchTo(session: Session, t: string, d: unknown): void {
    const event: Dispatch = { t, s: session.log.length + 1, d };
    session.log.push(event);
    if (session.socket) send(session.socket, { op: GatewayOpcodes.Dispatch, ...event });
  }
}

function attach(session: Session, ws: WebSocket): void {
  session.socket = ws;
  ws.on('close', () => {
    if (session.socket === ws) session.socket = null;
  });
}

function send(ws: WebSocket, payload: object): void {
  if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(payload));
}

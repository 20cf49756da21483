import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ActionRequestSchema, ActionResponseSchema, type ActionRequest, type ActionResponse } from './contract';
import { verifySignature, type VerifyOptions } from './signature';

/** An action: gets the verified request, answers what the bot should do. */
export type ActionHandler = (request: ActionRequest) => ActionResponse | Promise<ActionResponse>;

export interface ActionListenerOptions extends VerifyOptions {
  /** The shared secret configured for these actions in the platform. */
  secret: string;
  /** Handlers by URL path ("/order-status"). */
  actions: Record<string, ActionHandler>;
  /** Largest request body accepted; 1 MiB by default. */
  maxBodyBytes?: number;
  /** Told about a handler that threw or answered something the platform would refuse. */
  onError?: (error: unknown, path: string) => void;
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** GET here answers 200 `{ ok: true }`. */
export const HEALTH_PATH = '/healthz';

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A node:http request listener that serves actions: POST only, signature checked before the body is
 * parsed, the request validated, the handler's answer validated too (so a mistake shows in the action's
 * own log, not as a puzzling apology in the chat). Errors answer JSON `{error}` with 400/401/404/405/413/500.
 * GET /healthz answers 200, for whatever checks that the server is up.
 */
export function createActionListener(options: ActionListenerOptions): RequestListener {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return (request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    handle(request, path)
      .then((answer) => send(response, 200, answer))
      .catch((error: unknown) => {
        if (error instanceof HttpError) return send(response, error.status, { error: error.message }, error.status === 413);
        options.onError?.(error, path);
        send(response, 500, { error: 'the action failed' });
      });
  };

  async function handle(request: IncomingMessage, path: string): Promise<ActionResponse | { ok: true }> {
    // For load balancers and launchers: the server is up (it answers nothing about the actions).
    if (path === HEALTH_PATH && request.method === 'GET') return { ok: true };
    const handler = Object.hasOwn(options.actions, path) ? options.actions[path] : undefined;
    if (handler === undefined) throw new HttpError(404, `no action at ${path}`);
    if (request.method !== 'POST') throw new HttpError(405, 'actions take POST');
    const body = await readBody(request, maxBodyBytes);
    const verified = verifySignature(options.secret, request.headers, body, options);
    if (!verified.ok) throw new HttpError(401, `signature refused: ${verified.reason}`);
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      throw new HttpError(400, 'body is not JSON');
    }
    const parsed = ActionRequestSchema.safeParse(json);
    if (!parsed.success) throw new HttpError(400, `not an action request: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return ActionResponseSchema.parse(await handler(parsed.data));
  }
}

function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        // Answer at once and let the rest drain unread (destroying the socket would lose the answer).
        request.removeAllListeners('data');
        request.resume();
        reject(new HttpError(413, `body is larger than ${maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body: unknown, closeConnection = false): void {
  if (response.headersSent || response.destroyed) return;
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...(closeConnection ? { connection: 'close' } : {}),
  });
  response.end(text);
}

export interface ActionServer {
  server: Server;
  /** The base URL it listens on ("http://127.0.0.1:4100"). */
  url: string;
  close(): Promise<void>;
}

/** Starts a node:http server for the actions on `port` (0: any free port) and `host` (127.0.0.1 by default). */
export async function serveActions(options: ActionListenerOptions & { port?: number; host?: string }): Promise<ActionServer> {
  const server = createServer(createActionListener(options));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

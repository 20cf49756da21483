import { createServer } from 'node:net';
import { LauncherError } from './launcher-error';
import { portHolder } from './port-holder';
import { showCommand } from './process-info';

/** A port one of the platform's processes will listen on, and the variable that moves it. */
export interface NeededPort {
  /** The environment variable, e.g. PORT. */
  readonly variable: string;
  readonly port: number;
  /** The address the process binds (HOST, or all addresses). */
  readonly host: string;
  /** What listens there, for the message: "the chat page". */
  readonly what: string;
}

/** Why listening on host:port fails right now (e.g. EADDRINUSE), or null when it would succeed. */
function bindError(port: number, host: string): Promise<NodeJS.ErrnoException | null> {
  return new Promise((resolve) => {
    const server = createServer()
      .once('error', (error: NodeJS.ErrnoException) => resolve(error))
      .listen({ port, host }, () => server.close(() => resolve(null)));
  });
}

/** The first port after `taken` that is free and that no other process of ours needs. */
async function freePortAfter(taken: NeededPort, needed: readonly NeededPort[]): Promise<number | null> {
  const ours = new Set(needed.map((entry) => entry.port));
  for (let port = taken.port + 1; port < Math.min(taken.port + 100, 65536); port++) {
    if (!ours.has(port) && (await bindError(port, taken.host)) === null) return port;
  }
  return null;
}

async function problemWith(entry: NeededPort, needed: readonly NeededPort[]): Promise<string | null> {
  const error = await bindError(entry.port, entry.host);
  if (!error) return null;
  if (error.code !== 'EADDRINUSE') {
    const hint = error.code === 'EACCES' && entry.port < 1024 ? ' Ports below 1024 need administrator rights.' : '';
    return `${entry.what} cannot listen on ${entry.host}:${entry.port} (${error.code ?? error.message}).${hint} Set ${entry.variable} to another port.`;
  }
  const holder = portHolder(entry.port);
  const by = holder ? ` by process ${holder.pid} (${showCommand(holder.command) || 'command unknown'})` : ' by another program';
  const alternative = await freePortAfter(entry, needed);
  const move = alternative === null ? `set ${entry.variable} to a free port` : `move it: ${entry.variable}=${alternative} pnpm start`;
  return `Port ${entry.port} (${entry.what}, ${entry.variable}) is already in use${by}: stop that${holder ? ` (kill ${holder.pid})` : ''}, or ${move}.`;
}

/**
 * Checks, before anything starts, that every port the platform needs can be listened on, so a taken
 * port is one plain line naming the variable that moves it rather than a stack trace from a process
 * that crashes and is restarted. Port 0 (any free port) needs no check.
 */
export async function checkPorts(needed: readonly NeededPort[]): Promise<void> {
  const problems: string[] = [];
  const byPort = new Map<number, NeededPort>();
  for (const entry of needed) {
    if (entry.port === 0) continue;
    const other = byPort.get(entry.port);
    if (other) problems.push(`${other.variable} and ${entry.variable} are both ${entry.port}: ${other.what} and ${entry.what} need a port each.`);
    else byPort.set(entry.port, entry);
  }
  for (const entry of byPort.values()) {
    const problem = await problemWith(entry, needed);
    if (problem) problems.push(problem);
  }
  if (problems.length > 0) throw new LauncherError(problems.join(' '));
}

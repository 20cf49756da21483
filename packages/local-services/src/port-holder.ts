import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { commandOf } from './process-info';

/** `read()`, or `fallback` when it throws: /proc entries vanish and deny access as processes come and go. */
function attempt<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

/** The socket inodes listening on TCP `port` (any address, IPv4 or IPv6), from /proc/net/tcp{,6}. */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const row of attempt(() => readFileSync(table, 'utf8'), '')
      .split('\n')
      .slice(1)) {
      const [, local, , state, , , , , , inode] = row.trim().split(/\s+/);
      // state 0A is LISTEN; the local address ends in :<port, hex>.
      if (state === '0A' && local && parseInt(local.split(':').at(-1) ?? '', 16) === port && inode) inodes.add(inode);
    }
  }
  return inodes;
}

/**
 * The process listening on TCP `port`, with its command line, so that a "port in use" message can
 * say what to stop. Linux only (from /proc); null elsewhere, or when the holder belongs to a user
 * whose file descriptors this one cannot read.
 */
export function portHolder(port: number): { pid: number; command: string[] } | null {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return null;
  for (const pid of attempt(() => readdirSync('/proc'), []).filter((name) => /^\d+$/.test(name))) {
    for (const fd of attempt(() => readdirSync(`/proc/${pid}/fd`), [])) {
      const inode = /^socket:\[(\d+)\]$/.exec(attempt(() => readlinkSync(`/proc/${pid}/fd/${fd}`), ''))?.[1];
      if (inode && inodes.has(inode)) return { pid: Number(pid), command: commandOf(Number(pid)) ?? [] };
    }
  }
  return null;
}

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { WATCHDOG_READY, type WatchdogMessage } from './protocol';

const WATCHDOG_PROCESS = fileURLToPath(new URL('./watchdog-process.ts', import.meta.url));

/** Stops what it watches if the process that started it dies first (see ./watchdog-process.ts). */
export interface Watchdog {
  readonly pid: number;
  /** From now on `pid` is stopped with `signal` (then SIGKILL after `graceMs`) should this process die. */
  watch(pid: number, options?: { signal?: 'SIGTERM' | 'SIGINT'; graceMs?: number }): void;
  /** `pid` was stopped in order: forget it. */
  unwatch(pid: number): void;
  /** This process is about to exit cleanly, having stopped everything itself: the watchdog exits too. */
  release(): void;
}

/**
 * Starts the watchdog process and resolves once it listens. `nodeArgs` load TypeScript (tsx's
 * loader: `['--import', <tsx>]`), as for the other processes of `pnpm start`.
 */
export async function startWatchdog(options: {
  nodeArgs: readonly string[];
  timeoutMs?: number;
  /** Called if the watchdog ends before `release` (killed on its own): what it watched is then unprotected. */
  onLost?: (code: number | null, signal: NodeJS.Signals | null) => void;
}): Promise<Watchdog> {
  const child: ChildProcess = spawn(process.execPath, [...options.nodeArgs, WATCHDOG_PROCESS], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const timeoutMs = options.timeoutMs ?? 15_000;
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The watchdog process did not start within ${timeoutMs / 1000} s`)), timeoutMs);
    child.on('message', (message) => {
      if (message !== WATCHDOG_READY) return;
      clearTimeout(timer);
      resolve();
    });
    void once(child, 'exit').then(([code, signal]) => {
      clearTimeout(timer);
      reject(new Error(`The watchdog process exited at start (${signal ?? `exit code ${code}`})`));
    });
  });
  await ready;
  let released = false;
  child.once('exit', (code, signal) => {
    if (!released) options.onLost?.(code, signal);
  });
  // Neither the process nor its channel keeps this one alive: it ends when the launcher ends.
  child.unref();
  child.channel?.unref();
  const send = (message: WatchdogMessage) => {
    if (child.connected) child.send(message);
  };
  return {
    pid: child.pid!,
    watch: (pid, { signal = 'SIGTERM', graceMs = 10_000 } = {}) => send({ type: 'watch', pid, signal, graceMs }),
    unwatch: (pid) => send({ type: 'unwatch', pid }),
    release: () => {
      released = true;
      if (child.connected) child.disconnect();
    },
  };
}

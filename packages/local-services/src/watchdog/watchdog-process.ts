/**
 * The watchdog: a small process the launcher starts first, which stops everything the launcher
 * started if the launcher dies without doing so itself (SIGKILL, an out-of-memory kill, a crash).
 * It learns the pids over the IPC channel; that channel closes whenever the launcher's process ends,
 * however it ends, so 'disconnect' is the one signal that cannot be missed.
 */
import { isRunning, startTimeOf, waitForExit } from '../process-info';
import { WATCHDOG_READY, watchdogMessage } from './protocol';

interface Watched {
  signal: NodeJS.Signals;
  graceMs: number;
  /** Tells the process apart from a later one that got the same pid. */
  startTime: string | null;
}

const watched = new Map<number, Watched>();

/** Still the process we were told about (not a new one that reused its pid). */
function stillOurs(pid: number, entry: Watched): boolean {
  return isRunning(pid) && startTimeOf(pid) === entry.startTime;
}

/** Sends `signal`, ignoring a process that has exited meanwhile. */
function send(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // gone already
  }
}

async function stopEverything(): Promise<void> {
  const running = [...watched].filter(([pid, entry]) => stillOurs(pid, entry));
  for (const [pid, entry] of running) send(pid, entry.signal);
  await Promise.all(
    running.map(async ([pid, entry]) => {
      if (!(await waitForExit(pid, entry.graceMs)) && stillOurs(pid, entry)) send(pid, 'SIGKILL');
    }),
  );
}

// Ctrl-C and a closed terminal reach the whole process group: the launcher decides what they mean,
// and this process must outlive it to clean up after it.
for (const signal of ['SIGINT', 'SIGHUP'] as const) process.on(signal, () => undefined);

process.on('message', (raw) => {
  const message = watchdogMessage.safeParse(raw);
  if (!message.success) return;
  if (message.data.type === 'unwatch') watched.delete(message.data.pid);
  else watched.set(message.data.pid, { signal: message.data.signal, graceMs: message.data.graceMs, startTime: startTimeOf(message.data.pid) });
});
process.once('disconnect', () => {
  void stopEverything().finally(() => process.exit(0));
});
process.send?.(WATCHDOG_READY);

import { commandOf, isRunning, parentOf } from './process-info';

/** `sh -c "..."`: the shell a package manager runs a script in, which does not end when its own parent does. */
function isScriptShell(argv: readonly string[] | null): boolean {
  return Boolean(argv && /(^|\/)(sh|bash|dash|zsh)$/.test(argv[0] ?? '') && argv[1] === '-c');
}

/**
 * The processes whose end means this one was abandoned: its parent and, through the `sh -c` that
 * `pnpm start` runs a script in, the package manager itself. Killing `pnpm start` outright
 * (kill -9 on the pnpm process a user sees) leaves that shell and this process running, with the
 * terminal no longer theirs: Ctrl-C would not reach them.
 */
export function launchingProcesses(): number[] {
  const chain: number[] = [];
  let pid: number | null = process.ppid;
  while (pid !== null && pid > 1 && !chain.includes(pid)) {
    chain.push(pid);
    if (!isScriptShell(commandOf(pid))) break;
    pid = parentOf(pid);
  }
  return chain;
}

/** Calls `onGone` (once) when one of the launching processes ends; returns the stop. */
export function whenLaunchersEnd(onGone: () => void, intervalMs = 1000): () => void {
  const watched = launchingProcesses();
  const timer = setInterval(() => {
    if (watched.every(isRunning)) return;
    clearInterval(timer);
    onGone();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/**
 * What the operating system says about a process, for deciding whether a pid is one of ours before
 * signalling it. Linux answers from /proc; elsewhere `ps` does (without start times).
 */

const hasProc = existsSync('/proc/self/stat');

/** Fields of /proc/<pid>/stat after the command name, which may itself hold spaces and parentheses. */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** True while `pid` runs. A zombie (exited, not yet reaped by a parent that ignores it) does not count. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return !hasProc || (statFields(pid)?.[0] ?? 'X') !== 'Z';
}

/** The process's arguments (argv[0] first), or null when it is gone or not readable. */
export function commandOf(pid: number): string[] | null {
  if (hasProc) {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (argv.at(-1) === '') argv.pop();
      return argv.length > 0 ? argv : null;
    } catch {
      return null;
    }
  }
  try {
    // Without /proc the arguments come joined by spaces; good enough to name the program.
    const line = execFileSync('ps', ['-ww', '-o', 'args=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    return line ? line.split(' ') : null;
  } catch {
    return null;
  }
}

/** When the process started (clock ticks since boot, Linux), so that a reused pid is told apart; null elsewhere. */
export function startTimeOf(pid: number): string | null {
  return statFields(pid)?.[19] ?? null;
}

/** The parent of `pid`, or null when it is gone. */
export function parentOf(pid: number): number | null {
  const fromProc = hasProc ? Number(statFields(pid)?.[1]) : NaN;
  if (hasProc) return Number.isInteger(fromProc) && fromProc > 0 ? fromProc : null;
  try {
    const ppid = Number(execFileSync('ps', ['-o', 'ppid=', '-p', String(pid)], { encoding: 'utf8' }).trim());
    return Number.isInteger(ppid) && ppid > 0 ? ppid : null;
  } catch {
    return null;
  }
}

/** A command line as a person would type it, for messages. */
export function showCommand(argv: readonly string[]): string {
  return argv.map((arg) => (/^[\w./:=@%+-]+$/.test(arg) ? arg : JSON.stringify(arg))).join(' ');
}

/** Resolves true once `pid` no longer runs, false if it still does after `timeoutMs`. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isRunning(pid)) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

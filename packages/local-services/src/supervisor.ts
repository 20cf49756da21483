import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A line a child printed, for the caller to show (formatted, scrubbed) and to learn its errors from. */
export type OutputHandler = (name: string, stream: 'stdout' | 'stderr', line: string) => void;

export interface SupervisorOptions {
  /** Called when a child exits without being asked to, before it is started again after `restartInMs`. */
  onCrash: (name: string, code: number | null, signal: NodeJS.Signals | null, restartInMs: number) => void;
  /** Receives every line the children print; without it they print to this process's stdout and stderr. */
  onOutput?: OutputHandler;
  /** Called with each process started (the first and every restart), e.g. to have a watchdog watch it. */
  onStart?: (name: string, child: ChildProcess) => void;
  /** Called with each process that has exited, for whatever reason. */
  onExit?: (name: string, child: ChildProcess) => void;
  /** First wait before a restart; doubles with each crash in a row, up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** A child that ran this long before it crashed is restarted after the first wait again. */
  stableAfterMs?: number;
}

interface Child {
  process: ChildProcess;
  startedAt: number;
  crashesInARow: number;
  restart?: NodeJS.Timeout;
}

/** Spawns `command`, its output line by line to `onOutput` (or inherited when there is none). */
export function spawnWithOutput(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, onOutput?: OutputHandler): ChildProcess {
  const child = spawn(command, args, { env, stdio: ['ignore', onOutput ? 'pipe' : 'inherit', onOutput ? 'pipe' : 'inherit'] });
  if (onOutput) {
    for (const stream of ['stdout', 'stderr'] as const) {
      const input = child[stream];
      if (input) createInterface({ input, crlfDelay: Infinity }).on('line', (line) => onOutput(name, stream, line));
    }
  }
  return child;
}

/**
 * Runs the platform's long-lived processes: restarts one that crashes, after a wait that grows with
 * each crash in a row (a child that keeps failing does not spin), and stops all of them when asked
 * (SIGTERM, then SIGKILL after a grace period), waiting for them to exit.
 */
export class Supervisor {
  private readonly children = new Map<string, Child>();
  private stopping = false;

  constructor(private readonly options: SupervisorOptions) {}

  start(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, crashesInARow = 0): void {
    const child: Child = { process: spawnWithOutput(name, command, args, env, this.options.onOutput), startedAt: Date.now(), crashesInARow };
    this.children.set(name, child);
    this.options.onStart?.(name, child.process);
    child.process.once('exit', (code, signal) => {
      this.options.onExit?.(name, child.process);
      if (this.stopping) return;
      const { backoffMs = 1000, maxBackoffMs = 30_000, stableAfterMs = 60_000 } = this.options;
      const crashes = Date.now() - child.startedAt >= stableAfterMs ? 0 : child.crashesInARow;
      const restartInMs = Math.min(maxBackoffMs, backoffMs * 2 ** crashes);
      this.options.onCrash(name, code, signal, restartInMs);
      child.restart = setTimeout(() => {
        if (!this.stopping) this.start(name, command, args, env, crashes + 1);
      }, restartInMs);
    });
  }

  /** The process now running under `name` (a new one after each restart). */
  processOf(name: string): ChildProcess | undefined {
    return this.children.get(name)?.process;
  }

  async stopAll(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    const exits = [...this.children.values()].map(({ process: child, restart }) => {
      clearTimeout(restart);
      return new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        child.once('exit', () => {
          clearTimeout(killer);
          resolve();
        });
        child.kill('SIGTERM');
      });
    });
    await Promise.all(exits);
  }
}

/**
 * Runs a command to completion; rejects on a non-zero exit, saying how it ended. Its output goes to
 * `onOutput` line by line (the caller knows its last error from there), or to this terminal;
 * `onStart` gets the process (e.g. for a watchdog).
 */
export function runToCompletion(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  options: { name?: string; onOutput?: OutputHandler; onStart?: (child: ChildProcess) => void } = {},
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawnWithOutput(options.name ?? command, command, args, env, options.onOutput);
    options.onStart?.(child);
    child.once('error', reject);
    child.once('close', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} ${signal ? `was killed by ${signal}` : `exited with code ${code}`}`)),
    );
  });
}

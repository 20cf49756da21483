import { spawn, type ChildProcess } from 'node:child_process';

export interface SupervisorOptions {
  /** Called when a child exits without being asked to, before it is started again after `restartInMs`. */
  onCrash: (name: string, code: number | null, signal: NodeJS.Signals | null, restartInMs: number) => void;
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
    const child: Child = { process: spawn(command, args, { env, stdio: ['ignore', 'inherit', 'inherit'] }), startedAt: Date.now(), crashesInARow };
    this.children.set(name, child);
    child.process.once('exit', (code, signal) => {
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

/** Runs a command to completion, inheriting the terminal; rejects on a non-zero exit. */
export function runToCompletion(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
  });
}

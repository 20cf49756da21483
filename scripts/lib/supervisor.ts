import { spawn, type ChildProcess } from 'node:child_process';

/**
 * Runs the platform's long-lived processes, stops all of them when one dies or when asked,
 * and waits for them to exit (SIGTERM, then SIGKILL after a grace period).
 */
export class Supervisor {
  private readonly children = new Map<string, ChildProcess>();
  private stopping = false;

  constructor(private readonly onUnexpectedExit: (name: string, code: number | null) => void) {}

  start(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): void {
    const child = spawn(command, args, { env, stdio: ['ignore', 'inherit', 'inherit'] });
    this.children.set(name, child);
    child.once('exit', (code) => {
      this.children.delete(name);
      if (!this.stopping) this.onUnexpectedExit(name, code);
    });
  }

  async stopAll(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    const exits = [...this.children.values()].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
          child.once('exit', () => {
            clearTimeout(killer);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    );
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

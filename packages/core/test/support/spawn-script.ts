import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Runs one of the scripts beside this file in its own Node process (through tsx) and resolves once
 * it has printed its first line: the moment it says it has reached the point where it is to die.
 */
export async function spawnUntilFirstLine(script: string, args: string[]): Promise<ChildProcess> {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const path = fileURLToPath(new URL(`./${script}`, import.meta.url));
  const child = spawn(process.execPath, ['--import', tsx, path, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  await once(child.stdout!, 'data');
  return child;
}

/** SIGKILLs the process and waits until it is gone. */
export async function killHard(child: ChildProcess): Promise<void> {
  child.kill('SIGKILL');
  await once(child, 'exit');
}

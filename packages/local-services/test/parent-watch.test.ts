import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { isRunning } from '../src/index';
import { tsxImport } from './support/tsx';

describe('whenLaunchersEnd', () => {
  it('notices when pnpm itself is killed outright, through the `sh -c` it runs scripts in', async () => {
    const child = [process.execPath, ...tsxImport, new URL('./support/abandoned-child.ts', import.meta.url).pathname].map((arg) => JSON.stringify(arg)).join(' ');
    // A stand-in for pnpm: a node process that runs the script through `sh -c`, as pnpm does.
    const pnpm = spawn(
      process.execPath,
      ['-e', `require('node:child_process').spawn('sh', ['-c', ${JSON.stringify(child)}], { stdio: 'inherit' }); setInterval(() => {}, 1000)`],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const lines = createInterface({ input: pnpm.stdout! })[Symbol.asyncIterator]();
    const { pid, watching } = JSON.parse((await lines.next()).value as string) as { pid: number; watching: number[] };
    expect(watching).toHaveLength(2);
    expect(watching[1]).toBe(pnpm.pid);

    pnpm.kill('SIGKILL');
    await once(pnpm, 'exit');
    expect((await lines.next()).value).toBe('abandoned');
    await expect.poll(() => isRunning(pid), { timeout: 3000 }).toBe(false);
  }, 20_000);
});

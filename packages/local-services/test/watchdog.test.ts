import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { isRunning } from '../src/index';
import { stillRunning } from './support/process-tree';
import { tsxImport } from './support/tsx';

describe('the watchdog', () => {
  it('stops what its parent started when the parent is killed outright: SIGTERM first, SIGKILL for one that ignores it', async () => {
    // A parent like the launcher: it starts a watchdog, two processes for it to watch, and reports their pids.
    const parent = spawn(process.execPath, [...tsxImport, new URL('./support/watchdog-parent.ts', import.meta.url).pathname], { stdio: ['ignore', 'pipe', 'inherit'] });
    const [line] = (await once(createInterface({ input: parent.stdout! }), 'line')) as [string];
    const { watchdog, polite, stubborn, unwatched } = JSON.parse(line) as { watchdog: number; polite: number; stubborn: number; unwatched: number };
    expect([watchdog, polite, stubborn, unwatched].every(isRunning)).toBe(true);

    parent.kill('SIGKILL');
    // The polite one goes at once; the stubborn one after its grace (1 s); the watchdog then exits.
    await expect.poll(() => stillRunning([polite]), { timeout: 3000, interval: 100 }).toEqual([]);
    await expect.poll(() => stillRunning([stubborn, watchdog]), { timeout: 5000, interval: 100 }).toEqual([]);
    // What it was told to forget, it leaves alone.
    expect(isRunning(unwatched)).toBe(true);
    process.kill(unwatched, 'SIGKILL');
  }, 20_000);
});

import { afterEach, describe, expect, it } from 'vitest';
import { Supervisor } from '../src/index';

let supervisor: Supervisor | undefined;
afterEach(async () => {
  await supervisor?.stopAll(1000);
  supervisor = undefined;
});

describe('Supervisor', () => {
  it('starts a crashed child again, waiting longer after each crash in a row, and says so', async () => {
    const crashes: Array<{ name: string; code: number | null; restartInMs: number; at: number }> = [];
    supervisor = new Supervisor({
      backoffMs: 100,
      maxBackoffMs: 300,
      onCrash: (name, code, _signal, restartInMs) => crashes.push({ name, code, restartInMs, at: Date.now() }),
    });
    supervisor.start('flaky', process.execPath, ['-e', 'process.exit(3)'], process.env);
    await expect.poll(() => crashes.length, { timeout: 5000 }).toBeGreaterThanOrEqual(4);
    expect(crashes.slice(0, 4).map((crash) => crash.restartInMs)).toEqual([100, 200, 300, 300]);
    expect(crashes.every((crash) => crash.name === 'flaky' && crash.code === 3)).toBe(true);
    expect(crashes[2]!.at - crashes[1]!.at).toBeGreaterThanOrEqual(200);
  });

  it('restarts a child killed by a signal, and stops it (no restart) when asked', async () => {
    const crashes: Array<NodeJS.Signals | null> = [];
    supervisor = new Supervisor({ backoffMs: 50, onCrash: (_name, _code, signal) => crashes.push(signal) });
    supervisor.start('server', process.execPath, ['-e', 'setInterval(() => {}, 1000)'], process.env);
    const first = supervisor.processOf('server')!;
    first.kill('SIGKILL');
    await expect.poll(() => supervisor!.processOf('server') !== first, { timeout: 5000 }).toBe(true);
    expect(crashes).toEqual(['SIGKILL']);
    const second = supervisor.processOf('server')!;
    await supervisor.stopAll(1000);
    expect(second.signalCode).toBe('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(supervisor.processOf('server')).toBe(second);
    expect(crashes).toEqual(['SIGKILL']);
  });
});

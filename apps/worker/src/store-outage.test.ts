import { DelayedError, RateLimitError, type Job } from 'bullmq';
import { createLogger } from '@chatbot/core';
import { describe, expect, it } from 'vitest';
import { pauseIntakeWhileStoreIsDown, waitUntilStoreAnswers } from './store-outage';

const logger = createLogger('test', 'silent');
const job = { id: 'web.m1' } as Job;

function guarded(processor: () => Promise<string>, store: { up: boolean }) {
  const pauses: number[] = [];
  const changes: boolean[] = [];
  const run = pauseIntakeWhileStoreIsDown(processor, {
    storeAnswers: async () => store.up,
    pauseIntake: async (ms) => void pauses.push(ms),
    logger,
    retryMs: 50,
    onOutageChange: (down) => changes.push(down),
  });
  return { run: () => run(job), pauses, changes };
}

describe('pauseIntakeWhileStoreIsDown', () => {
  it('passes results and failures through while the store answers (a failing job uses its attempts)', async () => {
    const ok = guarded(async () => 'answered', { up: true });
    await expect(ok.run()).resolves.toBe('answered');
    const failing = guarded(async () => Promise.reject(new Error('a bug')), { up: true });
    await expect(failing.run()).rejects.toThrow('a bug');
    expect(failing.pauses).toEqual([]);
  });

  it('turns a failure during an outage into a paused intake and a job put back without an attempt', async () => {
    const store = { up: false };
    const guard = guarded(async () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')), store);
    await expect(guard.run()).rejects.toBeInstanceOf(RateLimitError);
    await expect(guard.run()).rejects.toBeInstanceOf(RateLimitError);
    expect(guard.pauses).toEqual([50, 50]);
    expect(guard.changes).toEqual([true]);
  });

  it('reports the end of the outage with the first job that gets through', async () => {
    const store = { up: false };
    let fail = true;
    const guard = guarded(async () => (fail ? Promise.reject(new Error('down')) : 'answered'), store);
    await expect(guard.run()).rejects.toBeInstanceOf(RateLimitError);
    store.up = true;
    fail = false;
    await expect(guard.run()).resolves.toBe('answered');
    expect(guard.changes).toEqual([true, false]);
  });

  it("lets BullMQ's own control errors through untouched (a message waiting for its turn)", async () => {
    const guard = guarded(async () => Promise.reject(new DelayedError()), { up: false });
    await expect(guard.run()).rejects.toBeInstanceOf(DelayedError);
    expect(guard.pauses).toEqual([]);
  });
});

describe('waitUntilStoreAnswers', () => {
  it('resolves once the store answers, asking again every retryMs', async () => {
    let asked = 0;
    await waitUntilStoreAnswers(async () => ++asked >= 3, logger, 10);
    expect(asked).toBe(3);
  });
});

import { describe, expect, it } from 'vitest';
import { useFaultPlatform } from './fault-platform';
import { describeReport, perfectDelivery, waitForDeliveryReport } from './delivery-report';
import { chatSteadily } from './steady-load';

const LOAD = { conversations: 20, intervalMs: 400 };
const DOWN_MS = 5000;

const platform = useFaultPlatform({ workers: 1 });

/** Chats for 20 s; 4 s in, Redis goes away (`how`) for 5 s and comes back on the same data. */
async function chatThroughRedisOutage(how: 'shutdown' | 'kill', tag: string) {
  const load = chatSteadily(platform(), { ...LOAD, durationMs: 20_000, tag });
  await new Promise((r) => setTimeout(r, 4000));
  await platform().stopRedis(how);
  await new Promise((r) => setTimeout(r, DOWN_MS));
  await platform().startRedis();
  return waitForDeliveryReport(platform(), await load);
}

describe('Redis going away under load (append-only file on, appendfsync everysec)', () => {
  it('loses nothing when Redis is shut down and started again', async () => {
    const report = await chatThroughRedisOutage('shutdown', 'redis-restart');
    console.log(describeReport('Redis shut down for 5 s and started again', report));
    expect(report).toEqual(perfectDelivery(report));
    expect(report.acknowledged).toBeGreaterThan(500);
  }, 120_000);

  it('loses at most the last second of writes when Redis is killed (SIGKILL), and says how many', async () => {
    const report = await chatThroughRedisOutage('kill', 'redis-kill');
    console.log(describeReport('Redis killed (SIGKILL), restarted after 5 s', report));
    // appendfsync everysec: a process kill (not a machine crash) keeps what reached the kernel, so at
    // most about one second of acknowledged messages (50 at this load) may be gone; none silently
    // beyond that, none twice, none out of order.
    expect(report.lost).toBeLessThanOrEqual(50);
    expect(report.duplicated).toBe(0);
    expect(report.outOfOrder).toBe(0);
    expect(report.unacknowledged).toBe(0);
    expect(report.deadLetters).toBe(0);
  }, 120_000);
});

import { describe, expect, it } from 'vitest';
import { useFaultPlatform } from './fault-platform';
import { describeReport, perfectDelivery, waitForDeliveryReport } from './delivery-report';
import { chatSteadily } from './steady-load';

const platform = useFaultPlatform({ workers: 1 });

describe('the adapters process killed (SIGKILL) under load, chat pages reconnecting as they do', () => {
  it('answers every acknowledged message once, and every message the page sent again', async () => {
    const load = chatSteadily(platform(), { conversations: 20, intervalMs: 400, durationMs: 20_000, tag: 'adapters' });
    await new Promise((r) => setTimeout(r, 5000));
    await platform().killAndRestartAdapters(2000);
    const clients = await load;
    const report = await waitForDeliveryReport(platform(), clients);
    console.log(describeReport('the adapters process SIGKILLed, a new one after 2 s', report));
    expect(report).toEqual(perfectDelivery(report));
    // The kill cut every chat off mid-conversation; what was typed meanwhile, or in flight, went after the reconnect.
    expect(clients.every((client) => client.reconnects >= 1 && client.sessionsLost === 0)).toBe(true);
    expect(report.resent).toBeGreaterThan(0);
  }, 180_000);
});

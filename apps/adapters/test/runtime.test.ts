import { createLogger, type AdapterContext, type ChannelAdapter } from '@chatbot/core';
import { afterAll, describe, expect, it } from 'vitest';
import { AdapterMetrics, startAdapters } from '../src';
import { isolatedRedis } from './support/redis';

const { redis, prefix, cleanup } = isolatedRedis();
afterAll(cleanup);

/** Records what the runtime does to it; `failStart` simulates a channel that cannot start. */
class RecordingAdapter implements ChannelAdapter {
  readonly events: string[] = [];
  context: AdapterContext | undefined;
  constructor(
    readonly channel: string,
    private readonly failStart = false,
  ) {}
  async start(context: AdapterContext) {
    if (this.failStart) throw new Error(`${this.channel} cannot start`);
    this.context = context;
    this.events.push('start');
  }
  async deliver() {}
  async stop() {
    this.events.push('stop');
  }
}

const logger = createLogger('runtime-test', 'silent');

describe('startAdapters', () => {
  it('starts every adapter and reports their channels; stop stops them', async () => {
    const [a, b] = [new RecordingAdapter('alpha'), new RecordingAdapter('beta')];
    const running = await startAdapters({ adapters: [a, b], redis, prefix, logger, metrics: new AdapterMetrics() });
    expect(running.channels).toEqual(['alpha', 'beta']);
    await running.stop();
    expect(a.events).toEqual(['start', 'stop']);
    expect(b.events).toEqual(['start', 'stop']);
  });

  it('stops the channels already started when a later one fails to start', async () => {
    const started = new RecordingAdapter('alpha');
    const broken = new RecordingAdapter('beta', true);
    await expect(startAdapters({ adapters: [started, broken], redis, prefix, logger, metrics: new AdapterMetrics() })).rejects.toThrow('beta cannot start');
    expect(started.events).toEqual(['start', 'stop']);
  });

  it('gives adapters a publish that queues once per native id and counts only new messages', async () => {
    const adapter = new RecordingAdapter('alpha');
    const metrics = new AdapterMetrics();
    const running = await startAdapters({ adapters: [adapter], redis, prefix, logger, metrics });
    const draft = { channel: 'alpha', nativeMessageId: 'n1', conversationKey: 'alpha:c1', user: { id: 'u1' }, text: 'hi' };
    expect((await adapter.context!.publish(draft)).status).toBe('queued');
    expect((await adapter.context!.publish(draft)).status).toBe('duplicate');
    expect((await metrics.messagesIn.get()).values).toEqual([{ labels: { channel: 'alpha' }, value: 1 }]);
    await running.stop();
  });
});

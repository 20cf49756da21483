import { describe, expect, it } from 'vitest';
import type { ActionRequest } from './contract';
import { oncePerKey } from './once-per-key';

const request = (idempotencyKey: string) => ({ action: 'cancel_order', idempotencyKey }) as ActionRequest;

describe('oncePerKey', () => {
  it('runs the handler once per idempotency key and answers repeats with the first answer', async () => {
    let cancelled = 0;
    const cancel = oncePerKey(() => ({ text: `cancelled ${++cancelled}` }));
    expect(await cancel(request('m1'))).toEqual({ text: 'cancelled 1' });
    expect(await cancel(request('m1'))).toEqual({ text: 'cancelled 1' });
    expect(await cancel(request('m2'))).toEqual({ text: 'cancelled 2' });
  });

  it('forgets a failed attempt, so the retry runs the handler again', async () => {
    let attempts = 0;
    const flaky = oncePerKey(() => {
      if (++attempts === 1) throw new Error('database down');
      return { text: 'ok' };
    });
    await expect(flaky(request('m1'))).rejects.toThrow('database down');
    expect(await flaky(request('m1'))).toEqual({ text: 'ok' });
  });

  it('keeps at most `limit` keys', async () => {
    let calls = 0;
    const handler = oncePerKey(() => ({ text: String(++calls) }), 2);
    await handler(request('a'));
    await handler(request('b'));
    await handler(request('c'));
    expect(await handler(request('a'))).toEqual({ text: '4' });
  });
});

import { describe, expect, it } from 'vitest';
import { MicroBatcher } from './micro-batcher';

describe('MicroBatcher', () => {
  it('answers concurrent requests from one batch call, each with its own result', async () => {
    const calls: string[][] = [];
    const batcher = new MicroBatcher(
      (inputs: string[]) => {
        calls.push(inputs);
        return inputs.map((s) => s.toUpperCase());
      },
      10,
      5,
    );
    const results = await Promise.all(['a', 'b', 'c'].map((s) => batcher.submit(s)));
    expect(results).toEqual(['A', 'B', 'C']);
    expect(calls).toEqual([['a', 'b', 'c']]);
  });

  it('flushes as soon as a batch is full', async () => {
    const sizes: number[] = [];
    const batcher = new MicroBatcher(
      (inputs: number[]) => {
        sizes.push(inputs.length);
        return inputs;
      },
      2,
      1000,
    );
    await Promise.all([1, 2, 3, 4].map((n) => batcher.submit(n)));
    expect(sizes).toEqual([2, 2]);
  });

  it('rejects every caller of a failed batch', async () => {
    const batcher = new MicroBatcher(() => {
      throw new Error('model exploded');
    });
    await expect(Promise.all([batcher.submit(1), batcher.submit(2)])).rejects.toThrow('model exploded');
  });
});

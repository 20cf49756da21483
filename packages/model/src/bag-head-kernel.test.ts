import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { BagHeadKernel } from './bag-head-kernel';
import { EmbeddingTable } from './embedding-table';

/** What the kernel must compute, in plain JavaScript: the mean of the rows, then each Dense layer. */
function expectedLogits(table: EmbeddingTable, rows: Int32Array, head: tf.LayersModel): number[] {
  let values = Array.from({ length: table.dim }, (_, d) => {
    let sum = 0;
    for (const row of rows) sum += table.weights[row * table.dim + d]!;
    return rows.length > 0 ? sum / rows.length : 0;
  });
  for (const layer of head.layers) {
    const [kernel, bias] = layer.getWeights().map((w) => w.dataSync());
    const outputs = bias!.length;
    values = Array.from({ length: outputs }, (_, j) => values.reduce((sum, x, i) => sum + x * kernel![i * outputs + j]!, bias![j]!));
  }
  return values;
}

describe('BagHeadKernel', () => {
  // Widths that are not multiples of four (5 -> 6 -> 7), so every padding path runs.
  const table = new EmbeddingTable(
    50,
    5,
    Float32Array.from({ length: 250 }, (_, i) => Math.sin(i + 1)),
  );
  let head: tf.LayersModel;
  beforeAll(async () => {
    await initBackend('cpu');
    const dense = (units: number, seed: number, inputShape?: number[]) =>
      tf.layers.dense({
        units,
        inputShape,
        kernelInitializer: tf.initializers.randomNormal({ seed }),
        biasInitializer: tf.initializers.randomNormal({ seed: seed + 1 }),
      });
    head = tf.sequential({ layers: [dense(6, 1, [5]), dense(7, 3)] });
  });
  afterAll(() => head.dispose());

  it('computes the mean of the rows through every Dense layer', () => {
    const batch = [Int32Array.of(0, 3, 49), Int32Array.of(7), Int32Array.of(2, 2, 10, 11, 12)];
    const logits = BagHeadKernel.forNetwork(table, head)!.logits(batch);
    expect(logits).toHaveLength(3 * 7);
    batch.forEach((rows, b) => expectedLogits(table, rows, head).forEach((logit, j) => expect(logits[b * 7 + j]).toBeCloseTo(logit, 5)));
  });

  it('gives a text without rows the logits of an all-zero input', () => {
    const logits = BagHeadKernel.forNetwork(table, head)!.logits([new Int32Array(0)]);
    expectedLogits(table, new Int32Array(0), head).forEach((logit, j) => expect(logits[j]).toBeCloseTo(logit, 5));
  });

  it('grows its memory for a batch larger than any before, and keeps its answers', () => {
    const kernel = BagHeadKernel.forNetwork(table, head)!;
    const first = kernel.logits([Int32Array.of(1, 2)]);
    const huge = Array.from({ length: 3000 }, (_, i) => Int32Array.from({ length: 40 }, (_, k) => (i + k) % 50));
    const logits = kernel.logits(huge);
    expectedLogits(table, huge[2999]!, head).forEach((logit, j) => expect(logits[2999 * 7 + j]).toBeCloseTo(logit, 5));
    expect(kernel.logits([Int32Array.of(1, 2)])).toEqual(first);
  });

  it('declines a head with a non-linear layer', () => {
    const relu = tf.sequential({ layers: [tf.layers.dense({ inputShape: [5], units: 2, activation: 'relu' })] });
    expect(BagHeadKernel.forNetwork(table, relu)).toBeNull();
    relu.dispose();
  });
});

import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { DenseStack } from './dense-stack';

describe('DenseStack', () => {
  let head: tf.LayersModel;
  beforeAll(async () => {
    await initBackend('cpu');
    // 7 outputs: the four-at-a-time loop and the loop over the remaining outputs both run.
    head = tf.sequential({
      layers: [
        tf.layers.inputLayer({ inputShape: [5] }),
        tf.layers.dense({ units: 7, kernelInitializer: tf.initializers.randomNormal({ seed: 1 }), biasInitializer: tf.initializers.randomNormal({ seed: 2 }) }),
      ],
    });
  });
  afterAll(() => head.dispose());

  it('computes the logits tfjs computes for the same Dense head', () => {
    const input = Float32Array.from({ length: 3 * 5 }, (_, i) => Math.sin(i + 1));
    const expected = tf.tidy(() => (head.predict(tf.tensor(input, [3, 5])) as tf.Tensor).dataSync());
    const actual = DenseStack.fromLayersModel(head)!.forward(input, 3);
    expect(actual).toHaveLength(expected.length);
    actual.forEach((logit, i) => expect(logit).toBeCloseTo(expected[i]!, 5));
  });

  it('declines a head with a non-linear layer', () => {
    const relu = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 2, activation: 'relu' })] });
    expect(DenseStack.fromLayersModel(relu)).toBeNull();
    relu.dispose();
  });
});

import type * as tf from '@tensorflow/tfjs';

interface DenseWeights {
  kernel: Float32Array; // [inputs, outputs], row-major as tfjs stores it
  bias: Float32Array;
  inputs: number;
  outputs: number;
}

/**
 * A copy of a head made only of Dense layers, run as plain loops over Float32Arrays. For one short
 * text this is several times faster than dispatching tfjs kernels; the parity test proves it predicts
 * exactly what the tfjs head predicts.
 */
export class DenseStack {
  private constructor(private readonly layers: DenseWeights[]) {}

  /** The head as a DenseStack, or null when it holds anything but linear Dense layers. */
  static fromLayersModel(model: tf.LayersModel): DenseStack | null {
    const layers: DenseWeights[] = [];
    for (const layer of model.layers) {
      if (layer.getClassName() === 'InputLayer') continue;
      const activation = (layer.getConfig() as { activation?: string }).activation;
      if (layer.getClassName() !== 'Dense' || activation !== 'linear') return null;
      const [kernel, bias] = layer.getWeights();
      if (!kernel || !bias || kernel.shape.length !== 2) return null;
      layers.push({
        kernel: kernel.dataSync() as Float32Array,
        bias: bias.dataSync() as Float32Array,
        inputs: kernel.shape[0]!,
        outputs: kernel.shape[1]!,
      });
    }
    return layers.length > 0 ? new DenseStack(layers) : null;
  }

  /** Logits [batch, outputs] for inputs [batch, inputs]. */
  forward(input: Float32Array, batch: number): Float32Array {
    let current = input;
    for (const { kernel, bias, inputs, outputs } of this.layers) {
      const next = new Float32Array(batch * outputs);
      for (let b = 0; b < batch; b++) {
        const out = b * outputs;
        next.set(bias, out);
        for (let i = 0; i < inputs; i++) {
          const x = current[b * inputs + i]!;
          if (x === 0) continue;
          const row = i * outputs;
          for (let j = 0; j < outputs; j++) next[out + j]! += x * kernel[row + j]!;
        }
      }
      current = next;
    }
    return current;
  }
}

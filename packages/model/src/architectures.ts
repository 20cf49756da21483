import * as tf from '@tensorflow/tfjs';
import { DEFAULT_FEATURIZER_CONFIG, type FeaturizerConfig } from '@chatbot/nlp';
import type { InputSpec } from './input-encoding';

export interface TrainingHyperparameters {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Dropout on the head's input (the embedded text), applied while training only. */
  dropout: number;
  labelSmoothing: number;
  /** Epochs without a better validation accuracy before training stops. */
  patience: number;
}

/**
 * An architecture is an input encoding, an embedding size, a tfjs head that maps the embedded
 * text to class logits, and the training settings that suit it.
 */
export interface Architecture {
  name: string;
  description: string;
  input: InputSpec;
  /** Width of the embedding table: the members' dimensions together. */
  embeddingDim: number;
  /**
   * Linear models trained side by side as an ensemble (see ensemble-head.ts), each on embeddingDim /
   * members columns; 1 for a single model. Only for the bag input with a single linear Dense head.
   */
  members: number;
  buildHead(inputShape: number[], classes: number, seed: number): tf.LayersModel;
  training: TrainingHyperparameters;
}

const SEQUENCE_FEATURIZER: FeaturizerConfig = Object.freeze({
  ...DEFAULT_FEATURIZER_CONFIG,
  wordNgrams: 1,
  charNgramMin: 1,
  charNgramMax: 0,
});

function denseOutput(classes: number, seed: number): tf.layers.Layer {
  return tf.layers.dense({ units: classes, kernelInitializer: tf.initializers.glorotUniform({ seed }) });
}

/**
 * The default: the best of the architectures measured on CLINC150 validation, and far faster than the
 * LSTMs. Batch 64 / learning rate 0.02 / dropout 0.1 measured +0.3 points over batch 32 / 0.01 / 0.2;
 * a hidden ReLU layer, word trigrams, character 3-5-grams, no label smoothing and leaving a random 20% of
 * the n-grams out of each training step the same or worse;
 * 2^18 instead of 2^16 buckets +0.1 point for four times the memory. Three members of 32 dimensions
 * trained side by side (training-head.ts) +0.55 point over one model of 64 (one of 128: +0.1).
 */
const ngramBag: Architecture = {
  name: 'ngram-bag',
  description: 'mean of hashed word 1-2-gram and character 1-4-gram embeddings -> dense softmax (fastText-like), an ensemble of 3 trained side by side',
  input: { kind: 'bag', featurizer: DEFAULT_FEATURIZER_CONFIG, maxLength: 0 },
  embeddingDim: 96,
  members: 3,
  buildHead: (inputShape, classes, seed) => tf.sequential({ layers: [tf.layers.inputLayer({ inputShape }), denseOutput(classes, seed)] }),
  training: { epochs: 30, batchSize: 64, learningRate: 0.02, dropout: 0.1, labelSmoothing: 0.1, patience: 3 },
};

function recurrent(bidirectional: boolean): Architecture {
  const units = 64;
  return {
    name: bidirectional ? 'bilstm' : 'lstm',
    description: `word embeddings -> ${bidirectional ? 'bidirectional ' : ''}LSTM(${units}) -> dense softmax (the classic architecture)`,
    input: { kind: 'sequence', featurizer: SEQUENCE_FEATURIZER, maxLength: 24 },
    embeddingDim: 64,
    members: 1,
    buildHead: (inputShape, classes, seed) => {
      const lstm = (s: number) =>
        tf.layers.lstm({
          units,
          kernelInitializer: tf.initializers.glorotUniform({ seed: s }),
          recurrentInitializer: tf.initializers.orthogonal({ seed: s + 1 }),
        });
      const recurrentLayer = bidirectional ? tf.layers.bidirectional({ layer: lstm(seed + 10) as tf.RNN, mergeMode: 'concat' }) : lstm(seed + 10);
      return tf.sequential({ layers: [tf.layers.inputLayer({ inputShape }), recurrentLayer, denseOutput(classes, seed)] });
    },
    training: { epochs: 20, batchSize: 32, learningRate: 0.01, dropout: 0.2, labelSmoothing: 0.1, patience: 3 },
  };
}

const ARCHITECTURES: ReadonlyMap<string, Architecture> = new Map([ngramBag, recurrent(false), recurrent(true)].map((architecture) => [architecture.name, architecture]));

export const DEFAULT_ARCHITECTURE = ngramBag.name;

export function architectureNames(): string[] {
  return [...ARCHITECTURES.keys()];
}

export function getArchitecture(name: string): Architecture {
  const architecture = ARCHITECTURES.get(name);
  if (!architecture) {
    throw new RangeError(`unknown architecture "${name}": choose one of ${architectureNames().join(', ')}`);
  }
  return architecture;
}

import * as tf from '@tensorflow/tfjs';
import { detectLanguage } from '@chatbot/nlp';
import { writeArtefact } from './artefact-files';
import { BagHeadKernel } from './bag-head-kernel';
import { encodeText, gatherInputs, headInputShape } from './input-encoding';
import type { IntentNetwork } from './intent-network';
import type { ModelMetadata } from './metadata';
import { decide, softmaxInPlace, type DecisionRule, type Prediction } from './prediction';

export interface IntentModel {
  readonly metadata: ModelMetadata;
  /** The out-of-scope threshold predictions use: metadata.threshold (calibrated) unless loaded with another. */
  readonly threshold: number;
  predict(text: string): Prediction;
  predictBatch(texts: string[]): Prediction[];
  save(dir: string): Promise<void>;
  dispose(): void;
}

const TOP_K = 3;

/** Class probabilities [texts, classes] computed by the tfjs head. */
export function probabilitiesWithTfjs(network: IntentNetwork, encoded: readonly Int32Array[]): Float32Array {
  const shape = [encoded.length, ...headInputShape(network.input, network.table.dim)];
  const inputs = gatherInputs(network.table, encoded, network.input);
  return tf.tidy(() => tf.softmax(network.head.predict(tf.tensor(inputs, shape)) as tf.Tensor).dataSync() as Float32Array);
}

export class TfjsIntentModel implements IntentModel {
  private readonly rule: DecisionRule;
  /** The WebAssembly serving path of a bag model with a dense head; null for heads only tfjs can run (LSTM). */
  private readonly bagHead: BagHeadKernel | null;

  constructor(
    readonly metadata: ModelMetadata,
    readonly network: IntentNetwork,
    readonly threshold: number = metadata.threshold,
  ) {
    this.rule = {
      labels: metadata.labels,
      outOfScopeIndex: metadata.outOfScopeLabel === null ? -1 : metadata.labels.indexOf(metadata.outOfScopeLabel),
      threshold,
      topK: TOP_K,
    };
    this.bagHead = network.input.kind === 'bag' ? BagHeadKernel.forNetwork(network.table, network.head) : null;
  }

  predict(text: string): Prediction {
    return this.predictBatch([text])[0]!;
  }

  predictBatch(texts: string[]): Prediction[] {
    if (texts.length === 0) return [];
    const encoded = texts.map((text) => encodeText(text, this.network.input));
    const probabilities = this.probabilities(encoded);
    const classes = this.rule.labels.length;
    return texts.map((text, i) => decide(probabilities, i * classes, this.rule, detectLanguage(text), encoded[i]!.length > 0));
  }

  private probabilities(encoded: readonly Int32Array[]): Float32Array {
    if (!this.bagHead) return probabilitiesWithTfjs(this.network, encoded);
    const logits = this.bagHead.logits(encoded);
    const classes = this.rule.labels.length;
    for (let i = 0; i < encoded.length; i++) softmaxInPlace(logits, i * classes, classes);
    return logits;
  }

  save(dir: string): Promise<void> {
    return writeArtefact(dir, this.metadata, this.network);
  }

  dispose(): void {
    this.network.head.dispose();
  }
}

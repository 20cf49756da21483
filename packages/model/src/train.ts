import * as tf from '@tensorflow/tfjs';
import { createRng, evaluate, OUT_OF_SCOPE, stratifiedSplit, type Example } from '@chatbot/nlp';
import { DEFAULT_ARCHITECTURE, getArchitecture, type Architecture } from './architectures';
import { currentBackend } from './backend';
import { calibrateThreshold, type ScoredExample } from './calibrate';
import { EmbeddingTable, LazyAdam } from './embedding-table';
import { encodeText, gatherInputs, headInputShape, scatterGradients } from './input-encoding';
import { probabilitiesWithTfjs, TfjsIntentModel, type IntentModel, type IntentNetwork } from './intent-model';
import { ENGINE_VERSION, type EpochProgress, type ModelMetadata } from './metadata';
import { rankInScope, type DecisionRule } from './prediction';
import { hashTrainingData, prepareTrainingData } from './training-data';

export interface TrainOptions {
  architecture?: string;
  /** Upper bound on epochs; early stopping on validation accuracy usually ends sooner. */
  epochs?: number;
  seed?: number;
  /** Held-out examples for early stopping and threshold calibration; without them 10% of train is held out. */
  validation?: Example[];
  /** Out-of-scope examples: trained as an explicit out-of-scope class. */
  outOfScope?: Example[];
  outOfScopeValidation?: Example[];
  onProgress?: (progress: EpochProgress) => void;
  signal?: AbortSignal;
}

const DEFAULT_SEED = 42;
const HOLDOUT_FRACTION = 0.1;
const EVALUATION_BATCH = 512;

interface EncodedSet {
  inputs: Int32Array[];
  /** Class index per example; -1 for a label the model has no class for. */
  targets: Int32Array;
  gold: string[];
}

function encodeSet(examples: readonly Example[], architecture: Architecture, labels: readonly string[]): EncodedSet {
  const classOf = new Map(labels.map((label, i) => [label, i]));
  return {
    inputs: examples.map((e) => encodeText(e.text, architecture.input)),
    targets: Int32Array.from(examples, (e) => classOf.get(e.intent) ?? -1),
    gold: examples.map((e) => e.intent),
  };
}

/**
 * Rows the training data uses start uniform in (-1/dim, 1/dim) as in fastText; all others stay zero:
 * a feature never seen in training carries no signal, and zero rows are not stored in the artefact.
 */
function initialTable(architecture: Architecture, train: EncodedSet, random: () => number): EmbeddingTable {
  const { featurizer } = architecture.input;
  const dim = architecture.embeddingDim;
  const table = new EmbeddingTable(featurizer.buckets, dim);
  const used = new Set<number>();
  for (const rows of train.inputs) for (const row of rows) used.add(row);
  for (const row of [...used].sort((a, b) => a - b)) {
    for (let d = 0; d < dim; d++) table.weights[row * dim + d] = (random() * 2 - 1) / dim;
  }
  return table;
}

function allProbabilities(network: IntentNetwork, inputs: readonly Int32Array[]): Float32Array {
  const parts: Float32Array[] = [];
  for (let start = 0; start < inputs.length; start += EVALUATION_BATCH) {
    parts.push(probabilitiesWithTfjs(network, inputs.slice(start, start + EVALUATION_BATCH)));
  }
  const all = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) all.set(part, (offset += part.length) - part.length);
  return all;
}

function accuracyAndLoss(probabilities: Float32Array, set: EncodedSet, classes: number): { accuracy: number; loss: number } {
  let correct = 0;
  let loss = 0;
  let known = 0;
  set.targets.forEach((target, i) => {
    const row = probabilities.subarray(i * classes, (i + 1) * classes);
    let best = 0;
    for (let c = 1; c < classes; c++) if (row[c]! > row[best]!) best = c;
    if (best === target) correct++;
    if (target >= 0) {
      loss -= Math.log(Math.max(row[target]!, 1e-12));
      known++;
    }
  });
  return { accuracy: correct / set.targets.length, loss: known > 0 ? loss / known : 0 };
}

/** One pass over the training data in shuffled mini-batches; returns mean loss and accuracy. */
function trainEpoch(
  network: IntentNetwork,
  train: EncodedSet,
  classes: number,
  architecture: Architecture,
  optimizers: { head: tf.Optimizer; embedding: LazyAdam },
  random: () => number,
  signal: AbortSignal | undefined,
): { loss: number; accuracy: number } {
  const { batchSize, dropout, labelSmoothing } = architecture.training;
  const order = Array.from(train.inputs.keys());
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const headVariables = network.head.trainableWeights.map((w) => w.read() as tf.Variable);
  const shape = headInputShape(network.input, network.table.dim);
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < order.length; start += batchSize) {
    signal?.throwIfAborted();
    const indices = order.slice(start, start + batchSize);
    const batch = indices.map((i) => train.inputs[i]!);
    const inputs = gatherInputs(network.table, batch, network.input);
    // Inverted dropout on the embedded text, with the seeded generator so training stays deterministic.
    const keep = 1 - dropout;
    const mask = Float32Array.from(inputs, () => (random() < keep ? 1 / keep : 0));
    for (let i = 0; i < inputs.length; i++) inputs[i]! *= mask[i]!;

    const targets = Int32Array.from(indices, (i) => train.targets[i]!);
    // The head's input is a variable so that tfjs hands back its gradient for the embedding rows.
    const input = tf.tidy(() => tf.variable(tf.tensor(inputs, [batch.length, ...shape]), true));
    const oneHot = tf.tidy(() => tf.oneHot(tf.tensor1d(targets, 'int32'), classes));
    let predictedClasses: Int32Array | Uint8Array | Float32Array = new Int32Array(0);
    const { value, grads } = tf.variableGrads(() => {
      const logits = network.head.apply(input, { training: true }) as tf.Tensor;
      predictedClasses = tf.argMax(logits, 1).dataSync();
      return tf.losses.softmaxCrossEntropy(oneHot, logits, undefined, labelSmoothing) as tf.Scalar;
    }, [...headVariables, input]);
    lossSum += value.dataSync()[0]! * batch.length;
    predictedClasses.forEach((c, i) => (correct += c === targets[i] ? 1 : 0));

    const inputGradient = grads[input.name]!.dataSync() as Float32Array;
    for (let i = 0; i < inputGradient.length; i++) inputGradient[i]! *= mask[i]!;
    const { rows, gradients } = scatterGradients(batch, network.input, network.table.dim, inputGradient);
    optimizers.embedding.apply(rows, gradients);
    optimizers.head.applyGradients(Object.fromEntries(headVariables.map((v) => [v.name, grads[v.name]!])));
    tf.dispose([value, input, oneHot, ...Object.values(grads)]);
  }
  return { loss: lossSum / order.length, accuracy: correct / order.length };
}

interface Snapshot {
  embedding: Float32Array;
  head: tf.Tensor[];
}

function snapshot(network: IntentNetwork): Snapshot {
  return { embedding: network.table.weights.slice(), head: network.head.getWeights().map((w) => w.clone()) };
}

function restore(network: IntentNetwork, saved: Snapshot): void {
  network.table.weights.set(saved.embedding);
  network.head.setWeights(saved.head);
}

/**
 * Trains an intent classifier: validates the data first (bad data fails before any training),
 * trains with early stopping on validation accuracy, keeps the best epoch and calibrates the
 * out-of-scope threshold on the validation data. Deterministic for a seed on a given backend.
 */
export async function trainIntentModel(train: Example[], options: TrainOptions = {}): Promise<IntentModel> {
  const architecture = getArchitecture(options.architecture ?? DEFAULT_ARCHITECTURE);
  const seed = options.seed ?? DEFAULT_SEED;
  const epochs = options.epochs ?? architecture.training.epochs;
  if (!Number.isInteger(epochs) || epochs < 1) throw new RangeError(`epochs must be a positive integer, got ${epochs}`);
  const data = prepareTrainingData(train, options);
  const backend = await currentBackend();
  const started = performance.now();

  const split = data.validation ? { train: data.train, holdout: data.validation } : stratifiedSplit(data.train, HOLDOUT_FRACTION, seed);
  split.holdout = [...split.holdout, ...data.outOfScopeValidation];
  const labels = [...new Set(split.train.map((e) => e.intent))].sort();
  const outOfScopeLabel = labels.includes(OUT_OF_SCOPE) ? OUT_OF_SCOPE : null;
  const trainSet = encodeSet(split.train, architecture, labels);
  // Tiny data leaves nothing to hold out: then the training data has to stand in for validation.
  const validationSet = split.holdout.length > 0 ? encodeSet(split.holdout, architecture, labels) : trainSet;

  const random = createRng(seed);
  const network: IntentNetwork = {
    table: initialTable(architecture, trainSet, random),
    head: architecture.buildHead(headInputShape(architecture.input, architecture.embeddingDim), labels.length, seed),
    input: architecture.input,
  };
  const optimizers = {
    head: tf.train.adam(architecture.training.learningRate),
    embedding: new LazyAdam(network.table, architecture.training.learningRate),
  };

  const history: EpochProgress[] = [];
  let best = { accuracy: -1, loss: Infinity, epoch: 0, saved: snapshot(network) };
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const fit = trainEpoch(network, trainSet, labels.length, architecture, optimizers, random, options.signal);
      const validation = accuracyAndLoss(allProbabilities(network, validationSet.inputs), validationSet, labels.length);
      const progress = { epoch, epochs, ...fit, valAccuracy: validation.accuracy, valLoss: validation.loss };
      history.push(progress);
      options.onProgress?.(progress);
      // Small validation sets tie on accuracy for many epochs: a lower loss then still counts as better.
      const better = validation.accuracy > best.accuracy || (validation.accuracy === best.accuracy && validation.loss < best.loss);
      if (better) {
        tf.dispose(best.saved.head);
        best = { ...validation, epoch, saved: snapshot(network) };
      } else if (epoch - best.epoch >= architecture.training.patience) {
        break;
      }
      // Let timers, progress output and abort signals through between epochs.
      await new Promise((resolve) => setImmediate(resolve));
    }
    restore(network, best.saved);
  } catch (error) {
    network.head.dispose();
    throw error;
  } finally {
    tf.dispose(best.saved.head);
    optimizers.head.dispose();
  }

  const validationProbabilities = allProbabilities(network, validationSet.inputs);
  const rule: DecisionRule = { labels, outOfScopeIndex: outOfScopeLabel ? labels.indexOf(outOfScopeLabel) : -1, threshold: 0, topK: 1 };
  const scored: ScoredExample[] = validationSet.gold.map((gold, i) => {
    const { top, outOfScopeWins } = rankInScope(validationProbabilities, i * labels.length, rule);
    return { gold, intent: top[0]!.intent, score: top[0]!.score, outOfScopeWins };
  });
  const threshold = calibrateThreshold(scored, OUT_OF_SCOPE);
  const predicted = scored.map((s) => (s.outOfScopeWins || s.score < threshold ? OUT_OF_SCOPE : s.intent));
  const report = evaluate(validationSet.gold, predicted, { outOfScopeLabel: OUT_OF_SCOPE });

  const metadata: ModelMetadata = {
    engineVersion: ENGINE_VERSION,
    architecture: architecture.name,
    backend,
    labels,
    outOfScopeLabel,
    threshold,
    metrics: {
      validation: {
        n: report.n,
        accuracy: report.accuracy,
        macroF1: report.macroF1,
        inScopeAccuracy: report.inScopeAccuracy,
        oosRecall: report.oosRecall,
        heldOutFromTrain: !data.validation,
      },
      bestEpoch: best.epoch,
      trainExamples: trainSet.inputs.length,
    },
    dataHash: hashTrainingData(data.train),
    createdAt: new Date().toISOString(),
    featurizer: architecture.input.featurizer,
    input: { kind: architecture.input.kind, maxLength: architecture.input.maxLength },
    embedding: { rows: network.table.rows, dim: network.table.dim, storedRows: 0 },
    seed,
    history,
    warnings: data.warnings,
    trainingSeconds: (performance.now() - started) / 1000,
  };
  return new TfjsIntentModel(metadata, network);
}

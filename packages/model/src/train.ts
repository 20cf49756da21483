import * as tf from '@tensorflow/tfjs';
import { createRng, evaluate, OUT_OF_SCOPE, stratifiedSplit, type Example } from '@chatbot/nlp';
import { DEFAULT_ARCHITECTURE, getArchitecture, type Architecture } from './architectures';
import { currentBackend } from './backend';
import { calibrateThreshold, type ScoredExample } from './calibrate';
import { EmbeddingTable, LazyAdam, type ColumnRange } from './embedding-table';
import { roundToFloat16 } from './float16';
import { addInputs, encodeText, headInputShape, scatterGradients, type InputSpec } from './input-encoding';
import { probabilitiesWithTfjs, TfjsIntentModel, type IntentModel } from './intent-model';
import type { IntentNetwork } from './intent-network';
import { ENGINE_VERSION, type EpochProgress, type ModelMetadata } from './metadata';
import { rankInScope, type DecisionRule } from './prediction';
import { EnsembleTrainingHead, LayersTrainingHead, type TrainingHead } from './training-head';
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
 * Rows the training data uses start uniform in (-1/d, 1/d) as in fastText (d: a member's width); all others stay zero:
 * a feature never seen in training carries no signal, and zero rows are not stored in the artefact.
 */
function initialTable(architecture: Architecture, train: EncodedSet, random: () => number): EmbeddingTable {
  const { featurizer } = architecture.input;
  const dim = architecture.embeddingDim;
  const table = new EmbeddingTable(featurizer.buckets, dim);
  const used = new Set<number>();
  for (const rows of train.inputs) for (const row of rows) used.add(row);
  const scale = architecture.members / dim;
  for (const row of [...used].sort((a, b) => a - b)) {
    for (let d = 0; d < dim; d++) table.weights[row * dim + d] = (random() * 2 - 1) * scale;
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

function shuffledOrder(length: number, random: () => number): number[] {
  const order = Array.from({ length }, (_, i) => i);
  for (let i = length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/**
 * One pass over the training data in shuffled mini-batches; returns mean loss and accuracy (over the
 * members). Each ensemble member walks the data in its own order and fills its own columns of the
 * head's input, so the members see different batches, as separately trained models would.
 */
function trainEpoch(
  trainee: Trainee,
  train: EncodedSet,
  architecture: Architecture,
  optimizers: { head: tf.Optimizer; embedding: LazyAdam[] },
  random: () => number,
  signal: AbortSignal | undefined,
): { loss: number; accuracy: number } {
  const { batchSize, dropout, labelSmoothing } = architecture.training;
  const { columns, head } = trainee;
  const members = columns.length;
  const orders = columns.map(() => shuffledOrder(train.inputs.length, random));
  const shape = headInputShape(trainee.input, trainee.table.dim);
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < train.inputs.length; start += batchSize) {
    signal?.throwIfAborted();
    const indices = orders.map((order) => order.slice(start, start + batchSize));
    const size = indices[0]!.length;
    const batches = indices.map((member) => member.map((i) => train.inputs[i]!));
    const inputs = new Float32Array(size * shape.reduce((a, b) => a * b, 1));
    batches.forEach((batch, m) => addInputs(inputs, trainee.table, batch, trainee.input, columns[m]!));
    // Inverted dropout on the embedded text, with the seeded generator so training stays deterministic.
    const keep = 1 - dropout;
    const mask = Float32Array.from(inputs, () => (random() < keep ? 1 / keep : 0));
    for (let i = 0; i < inputs.length; i++) inputs[i]! *= mask[i]!;

    // Row r of the batch holds example indices[m][r] for member m: targets in (row, member) order.
    const targets = new Int32Array(size * members);
    for (let r = 0; r < size; r++) for (let m = 0; m < members; m++) targets[r * members + m] = train.targets[indices[m]![r]!]!;
    // The head's input is a variable so that tfjs hands back its gradient for the embedding rows.
    const input = tf.tidy(() => tf.variable(tf.tensor(inputs, [size, ...shape]), true));
    const oneHot = tf.tidy(() => tf.oneHot(tf.tensor1d(targets, 'int32'), trainee.classes));
    let predictedClasses: Int32Array | Uint8Array | Float32Array = new Int32Array(0);
    const { value, grads } = tf.variableGrads(() => {
      const logits = head.logits(input);
      predictedClasses = tf.argMax(logits, 1).dataSync();
      // One row per text and member: the mean over rows is the mean of the members' losses.
      return tf.losses.softmaxCrossEntropy(oneHot, logits, undefined, labelSmoothing) as tf.Scalar;
    }, [...head.variables, input]);
    lossSum += value.dataSync()[0]! * size;
    predictedClasses.forEach((c, i) => (correct += c === targets[i] ? 1 : 0));

    const inputGradient = grads[input.name]!.dataSync() as Float32Array;
    for (let i = 0; i < inputGradient.length; i++) inputGradient[i]! *= mask[i]!;
    batches.forEach((batch, m) => {
      const { rows, gradients } = scatterGradients(batch, trainee.input, trainee.table.dim, inputGradient, columns[m]);
      optimizers.embedding[m]!.apply(rows, gradients);
    });
    optimizers.head.applyGradients(Object.fromEntries(head.variables.map((v) => [v.name, grads[v.name]!])));
    tf.dispose([value, input, oneHot, ...Object.values(grads)]);
  }
  return { loss: lossSum / train.inputs.length, accuracy: correct / (train.inputs.length * members) };
}

/** The network while it trains: the embedding columns of each member and the head tfjs trains. */
interface Trainee {
  table: EmbeddingTable;
  head: TrainingHead;
  input: InputSpec;
  columns: ColumnRange[];
  classes: number;
}

function createTrainee(architecture: Architecture, table: EmbeddingTable, classes: number, seed: number): Trainee {
  const { members, embeddingDim: dim, input } = architecture;
  if (members === 1) {
    const head = new LayersTrainingHead(architecture.buildHead(headInputShape(input, dim), classes, seed));
    return { table, head, input, columns: [table.allColumns], classes };
  }
  if (input.kind !== 'bag' || dim % members !== 0) {
    throw new RangeError(`architecture ${architecture.name}: an ensemble needs a bag input split evenly between its members`);
  }
  const width = dim / members;
  const columns = Array.from({ length: members }, (_, m) => ({ from: m * width, count: width }));
  return { table, head: new EnsembleTrainingHead(members, dim, classes, seed), input, columns, classes };
}

/** Runs `use` with the network as it would be served now. */
function withServingNetwork<T>(trainee: Trainee, use: (network: IntentNetwork) => T): T {
  const { model, ownedByHead } = trainee.head.servingHead();
  try {
    return use({ table: trainee.table, head: model, input: trainee.input });
  } finally {
    if (!ownedByHead) model.dispose();
  }
}

interface Snapshot {
  embedding: Float32Array;
  head: tf.Tensor[];
}

function snapshot(trainee: Trainee): Snapshot {
  return { embedding: trainee.table.weights.slice(), head: trainee.head.variables.map((v) => v.clone()) };
}

function restore(trainee: Trainee, saved: Snapshot): void {
  trainee.table.weights.set(saved.embedding);
  trainee.head.variables.forEach((v, i) => v.assign(saved.head[i]!));
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
  const trainee = createTrainee(architecture, initialTable(architecture, trainSet, random), labels.length, seed);
  const optimizers = {
    head: tf.train.adam(architecture.training.learningRate),
    embedding: trainee.columns.map((columns) => new LazyAdam(trainee.table, architecture.training.learningRate, columns)),
  };

  const history: EpochProgress[] = [];
  let best = { accuracy: -1, loss: Infinity, epoch: 0, saved: snapshot(trainee) };
  let network: IntentNetwork;
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const fit = trainEpoch(trainee, trainSet, architecture, optimizers, random, options.signal);
      const probabilities = withServingNetwork(trainee, (serving) => allProbabilities(serving, validationSet.inputs));
      const validation = accuracyAndLoss(probabilities, validationSet, labels.length);
      const progress = { epoch, epochs, ...fit, valAccuracy: validation.accuracy, valLoss: validation.loss };
      history.push(progress);
      options.onProgress?.(progress);
      // Small validation sets tie on accuracy for many epochs: a lower loss then still counts as better.
      const better = validation.accuracy > best.accuracy || (validation.accuracy === best.accuracy && validation.loss < best.loss);
      if (better) {
        tf.dispose(best.saved.head);
        best = { ...validation, epoch, saved: snapshot(trainee) };
      } else if (epoch - best.epoch >= architecture.training.patience) {
        break;
      }
      // Let timers, progress output and abort signals through between epochs.
      await new Promise((resolve) => setImmediate(resolve));
    }
    restore(trainee, best.saved);
    // The artefact stores the embedding in half precision: serve exactly what will be saved.
    roundToFloat16(trainee.table.weights);
    const { model, ownedByHead } = trainee.head.servingHead();
    if (!ownedByHead) trainee.head.dispose();
    network = { table: trainee.table, head: model, input: trainee.input };
  } catch (error) {
    trainee.head.dispose();
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
    embedding: { rows: network.table.rows, dim: network.table.dim, storedRows: 0, precision: 'float16' },
    seed,
    history,
    warnings: data.warnings,
    trainingSeconds: (performance.now() - started) / 1000,
  };
  return new TfjsIntentModel(metadata, network);
}

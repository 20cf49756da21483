import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend, loadIntentModel, trainIntentModel, type EpochProgress, type IntentModel } from './index';
import { OUT_OF_SCOPE_TRAIN, OUT_OF_SCOPE_VALIDATION, QUICK, TRAIN } from './testing/fixtures';

describe('trainIntentModel (n-gram bag, the default)', () => {
  let model: IntentModel;
  const progress: EpochProgress[] = [];
  let dir: string;

  beforeAll(async () => {
    await initBackend('wasm');
    dir = await mkdtemp(join(tmpdir(), 'model-test-'));
    model = await trainIntentModel(TRAIN, { ...QUICK, onProgress: (p) => progress.push(p) });
  });
  afterAll(async () => {
    model.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('recognises the trained intents, in English and Chinese', () => {
    const predictions = model.predictBatch(['hello there', 'where is my order?', 'i want a refund please', '你们几点开门']);
    expect(predictions.map((p) => p.top[0]!.intent)).toEqual(['greeting', 'order_status', 'refund', 'opening_hours']);
    expect(predictions[3]!.language).toBe('zh');
    expect(predictions[0]!.language).toBe('en');
  });

  it('gives the top 3 intents, best first, with the best one as confidence', () => {
    const prediction = model.predict('track my order');
    expect(prediction.top).toHaveLength(3);
    const scores = prediction.top.map((t) => t.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(prediction.confidence).toBe(scores[0]);
    expect(prediction.intent === null).toBe(prediction.outOfScope);
  });

  it('reports progress once per epoch and stores the history and metadata', () => {
    expect(progress.map((p) => p.epoch)).toEqual(progress.map((_, i) => i + 1));
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.epochs === QUICK.epochs && Number.isFinite(p.loss) && p.valAccuracy !== undefined)).toBe(true);
    expect(model.metadata.history).toEqual(progress);
    expect(model.metadata).toMatchObject({ architecture: 'ngram-bag', backend: 'wasm', outOfScopeLabel: null, seed: QUICK.seed });
    expect(model.metadata.labels).toEqual(['greeting', 'opening_hours', 'order_status', 'refund']);
    expect(model.metadata.dataHash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('is deterministic for a seed', async () => {
    const again = await trainIntentModel(TRAIN, QUICK);
    const texts = ['hello', 'refund', 'store hours', '查物流'];
    expect(again.predictBatch(texts)).toEqual(model.predictBatch(texts));
    expect(again.metadata.threshold).toBe(model.metadata.threshold);
    again.dispose();
  });

  it('saves and loads an artefact that predicts exactly the same', async () => {
    await model.save(dir);
    const loaded = await loadIntentModel(dir);
    const texts = ['hi', 'where is my parcel', '退款', 'something else entirely', ''];
    expect(loaded.predictBatch(texts)).toEqual(model.predictBatch(texts));
    expect(loaded.metadata.labels).toEqual(model.metadata.labels);
    expect(loaded.threshold).toBe(model.metadata.threshold);
    loaded.dispose();
  });

  it("decides with an operator's threshold instead of the calibrated one when loaded with it", async () => {
    await model.save(dir);
    const texts = ['hi', 'where is my parcel', '退款', 'refund', 'store hours', 'hello order'];
    const confidences = model
      .predictBatch(texts)
      .map((p) => p.confidence)
      .sort((a, b) => a - b);
    const threshold = (confidences[1]! + confidences[2]!) / 2;
    const strict = await loadIntentModel(dir, { threshold });
    expect(strict.threshold).toBe(threshold);
    expect(strict.metadata.threshold).toBe(model.metadata.threshold);
    const predictions = strict.predictBatch(texts);
    expect(predictions.map((p) => p.outOfScope)).toEqual(predictions.map((p) => p.confidence < threshold));
    expect(predictions.filter((p) => p.outOfScope)).toHaveLength(2);
    expect(predictions.map((p) => p.top)).toEqual(model.predictBatch(texts).map((p) => p.top));
    strict.dispose();

    const lenient = await loadIntentModel(dir, { threshold: 0 });
    expect(lenient.predictBatch(texts).every((p) => !p.outOfScope)).toBe(true);
    lenient.dispose();
    await expect(loadIntentModel(dir, { threshold: 1.5 })).rejects.toThrow('an out-of-scope threshold is between 0 and 1, got 1.5');
  });
});

describe('memory', () => {
  it('training, predicting and disposing leave no tfjs tensors behind', async () => {
    await initBackend('wasm');
    const before = tf.memory().numTensors;
    const model = await trainIntentModel(TRAIN, { ...QUICK, architecture: 'ngram-bag' });
    model.predictBatch(['hello', 'refund']);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('cancelling training', () => {
  it('stops with the abort reason when the signal fires', async () => {
    const controller = new AbortController();
    const training = trainIntentModel(TRAIN, { ...QUICK, signal: controller.signal, onProgress: () => controller.abort(new Error('cancelled by admin')) });
    await expect(training).rejects.toThrow('cancelled by admin');
  });
});

describe('trainIntentModel with out-of-scope examples', () => {
  it('learns an explicit out-of-scope class that never shows among the top intents', async () => {
    const model = await trainIntentModel(TRAIN, { ...QUICK, outOfScope: OUT_OF_SCOPE_TRAIN, outOfScopeValidation: OUT_OF_SCOPE_VALIDATION });
    expect(model.metadata.labels).toContain('oos');
    expect(model.metadata.outOfScopeLabel).toBe('oos');
    const [joke, order] = model.predictBatch(['tell me a joke', 'where is my order']);
    expect(joke).toMatchObject({ outOfScope: true, intent: null });
    expect(order).toMatchObject({ outOfScope: false, intent: 'order_status' });
    expect([...joke!.top, ...order!.top].some((t) => t.intent === 'oos')).toBe(false);
    model.dispose();
  });
});

describe('the classic LSTM architectures', () => {
  it.each(['lstm', 'bilstm'])('%s trains and predicts', { timeout: 30_000 }, async (architecture) => {
    const model = await trainIntentModel(TRAIN, { architecture, epochs: 8, seed: 3 });
    expect(model.metadata.architecture).toBe(architecture);
    expect(model.predictBatch(['i want a refund', 'hello'])).toHaveLength(2);
    const trained = model.predictBatch(TRAIN.map((e) => e.text));
    const correct = trained.filter((p, i) => p.top[0]!.intent === TRAIN[i]!.intent).length;
    expect(correct / TRAIN.length).toBeGreaterThan(0.6);
    model.dispose();
  });

  it('rejects an unknown architecture by listing the known ones', async () => {
    await expect(trainIntentModel(TRAIN, { architecture: 'transformer' })).rejects.toThrow(/ngram-bag, lstm, bilstm/);
  });
});

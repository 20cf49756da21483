/**
 * The validation protocol for tuning the engine: never touches a test split.
 * - clinc150: train on train + oos_train, early stopping/calibration and the report on val + oos_val;
 * - snips, smp2017_ecdt: 10% of train held out per intent (stratified, seeded) as the validation split
 *   when the dataset has no val split; SMP2017's own val split otherwise.
 * Prints one JSON line: raw top-1 accuracy over in-scope validation items (ignoring out-of-scope
 * decisions), and in-scope accuracy / out-of-scope recall with the model's out-of-scope decisions.
 * Usage: tsx scripts/tune-nlu.ts <dataset> [seed]
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluate, OUT_OF_SCOPE, readDatasetDir, stratifiedSplit } from '@chatbot/nlp';
import { initBackend, trainIntentModel } from '../src/index';
import { getArchitecture } from '../src/architectures';

const DATASETS_DIR = resolve(fileURLToPath(import.meta.url), '../../../../../shared/datasets');
const [name = 'clinc150', seedArg = '42'] = process.argv.slice(2);
const seed = Number(seedArg);
const data = await readDatasetDir(join(DATASETS_DIR, name));
const split = data.val ? { train: data.train, holdout: data.val } : stratifiedSplit(data.train, 0.1, seed);
// TUNE='{"embeddingDim":128,"training":{"learningRate":0.01}}' overrides the default architecture's settings.
const tune = JSON.parse(process.env.TUNE ?? '{}') as Record<string, unknown>;
const merge = (base: Record<string, unknown>, changes: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(
    [...Object.keys(base), ...Object.keys(changes)].map((key) => {
      const [a, b] = [base[key], changes[key]];
      const nested = typeof a === 'object' && a !== null && typeof b === 'object' && b !== null;
      return [key, nested ? merge(a as Record<string, unknown>, b as Record<string, unknown>) : b === undefined ? a : b];
    }),
  );
const architecture = getArchitecture('ngram-bag') as unknown as Record<string, unknown>;
Object.assign(architecture, merge(architecture, tune));
await initBackend('wasm');
const started = performance.now();
const model = await trainIntentModel(split.train, {
  validation: split.holdout,
  outOfScope: data.oosTrain,
  outOfScopeValidation: data.oosVal,
  seed,
});
const trainSeconds = (performance.now() - started) / 1000;
const examples = [...split.holdout, ...(data.oosVal ?? []).map(({ text }) => ({ text, intent: OUT_OF_SCOPE }))];
const predictions = model.predictBatch(examples.map((e) => e.text));
const inScope = examples.map((e, i) => ({ gold: e.intent, p: predictions[i]! })).filter((x) => x.gold !== OUT_OF_SCOPE);
const rawAccuracy = inScope.filter((x) => x.p.top[0]!.intent === x.gold).length / inScope.length;
const report = evaluate(
  examples.map((e) => e.intent),
  predictions.map((p) => p.intent ?? OUT_OF_SCOPE),
  { outOfScopeLabel: OUT_OF_SCOPE },
);
console.log(
  JSON.stringify({
    dataset: name,
    seed,
    tune,
    rawAccuracy: +rawAccuracy.toFixed(4),
    inScopeAccuracy: +report.inScopeAccuracy.toFixed(4),
    oosRecall: report.oosRecall === null ? null : +report.oosRecall.toFixed(4),
    threshold: +model.metadata.threshold.toFixed(3),
    epochs: model.metadata.history.length,
    bestEpoch: model.metadata.metrics.bestEpoch,
    trainSeconds: +trainSeconds.toFixed(1),
  }),
);

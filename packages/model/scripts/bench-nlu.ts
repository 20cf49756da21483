/**
 * `pnpm bench:nlu`: our model and nlp.js (node-nlp 4.27.0, default settings) on the same data in the
 * same run. Each (dataset, system) pair runs in its own child process so that peak RSS is its own.
 * Prints one JSON line per pair on stdout; progress goes to stderr.
 *
 * CLINC150 follows the paper's oos-train protocol: train on train + oos_train, in-scope accuracy over
 * the in-scope test items (an out-of-scope prediction counts as wrong), out-of-scope recall over oos_test.
 *
 * Throughput is steady-state for both systems: one untimed batch warms up the JIT, then passes over the
 * test texts are timed until at least THROUGHPUT_UTTERANCES were classified (SMP2017's 667 test texts
 * alone mostly measured JIT compilation). For our model a second child process only loads the saved
 * artefact and predicts: its peak RSS is what a worker with the model loaded needs (`serveRssMb`).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluate, OUT_OF_SCOPE, readDatasetDir, readJsonlFile, type DatasetSplits } from '@chatbot/nlp';
import { initBackend, loadIntentModel, trainIntentModel } from '../src/index';

const DATASETS_DIR = resolve(fileURLToPath(import.meta.url), '../../../../../shared/datasets');
const DATASETS = [
  { name: 'clinc150', language: 'en' },
  { name: 'snips', language: 'en' },
  { name: 'smp2017_ecdt', language: 'zh' },
] as const;
const SYSTEMS = ['ours', 'nlpjs'] as const;
const BATCH = 256;
const LATENCY_SAMPLES = 1000;
const THROUGHPUT_UTTERANCES = 5000;

interface Classifier {
  classifyBatch(texts: string[]): Promise<string[]>;
  classifyOne(text: string): Promise<string>;
  /** Figures of the saved model (artefact size, serving RSS), measured after the timed parts. */
  servingFigures?(): Promise<Record<string, unknown>>;
}

interface Result {
  dataset: string;
  system: string;
  accuracy: number;
  macroF1: number;
  inScopeAccuracy: number;
  oosRecall: number | null;
  trainSeconds: number;
  utterancesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  peakRssMb: number;
  [extra: string]: unknown;
}

async function trainOurs(data: DatasetSplits, datasetDir: string): Promise<{ classifier: Classifier; extra: Record<string, unknown> }> {
  const backend = await initBackend();
  const model = await trainIntentModel(data.train, {
    validation: data.val,
    outOfScope: data.oosTrain,
    outOfScopeValidation: data.oosVal,
  });
  const toLabel = (intent: string | null) => intent ?? OUT_OF_SCOPE;
  const servingFigures = async () => {
    const artefactDir = await mkdtemp(join(tmpdir(), 'bench-nlu-'));
    try {
      await model.save(artefactDir);
      const sizes = await Promise.all((await readdir(artefactDir)).map(async (file) => (await stat(join(artefactDir, file))).size));
      return { artefactMb: sizes.reduce((a, b) => a + b, 0) / 2 ** 20, serveRssMb: await measureServingRss(artefactDir, datasetDir) };
    } finally {
      await rm(artefactDir, { recursive: true, force: true });
    }
  };
  return {
    classifier: {
      classifyBatch: async (texts) => model.predictBatch(texts).map((p) => toLabel(p.intent)),
      classifyOne: async (text) => toLabel(model.predict(text).intent),
      servingFigures,
    },
    extra: {
      backend,
      architecture: model.metadata.architecture,
      epochs: model.metadata.history.length,
      threshold: model.metadata.threshold,
    },
  };
}

async function trainNlpJs(data: DatasetSplits, language: string): Promise<{ classifier: Classifier; extra: Record<string, unknown> }> {
  const require = createRequire(import.meta.url);
  const { NlpManager } = require('node-nlp') as { NlpManager: new (settings: object) => NlpJsManager };
  // Defaults, except writing model.nlp into the working directory and logging each training epoch.
  const manager = new NlpManager({ languages: [language], autoSave: false, nlu: { log: false } });
  for (const { text, intent } of [...data.train, ...(data.oosTrain ?? [])]) manager.addDocument(language, text, intent);
  await manager.train();
  // nlp.js answers "None" when no intent is good enough: that is its out-of-scope prediction.
  const classifyOne = async (text: string) => {
    const { intent } = await manager.process(language, text);
    return intent === 'None' ? OUT_OF_SCOPE : intent;
  };
  return { classifier: { classifyOne, classifyBatch: (texts) => Promise.all(texts.map(classifyOne)) }, extra: {} };
}

interface NlpJsManager {
  addDocument(language: string, text: string, intent: string): void;
  train(): Promise<void>;
  process(language: string, text: string): Promise<{ intent: string; score: number }>;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

async function runOne(datasetName: string, system: string): Promise<Result> {
  const dataset = DATASETS.find((d) => d.name === datasetName);
  if (!dataset) throw new Error(`unknown dataset ${datasetName}`);
  const datasetDir = join(DATASETS_DIR, dataset.name);
  const data = await readDatasetDir(datasetDir);
  if (!data.test) throw new Error(`${dataset.name} has no test split`);

  const started = performance.now();
  const { classifier, extra } = system === 'ours' ? await trainOurs(data, datasetDir) : await trainNlpJs(data, dataset.language);
  const trainSeconds = (performance.now() - started) / 1000;

  const test = [...data.test, ...(data.oosTest ?? []).map(({ text }) => ({ text, intent: OUT_OF_SCOPE }))];
  const texts = test.map((e) => e.text);
  await classifier.classifyBatch(texts.slice(0, BATCH));
  const predicted: string[] = [];
  let classified = 0;
  const batchStarted = performance.now();
  while (classified < Math.max(THROUGHPUT_UTTERANCES, texts.length)) {
    for (let start = 0; start < texts.length; start += BATCH) {
      const labels = await classifier.classifyBatch(texts.slice(start, start + BATCH));
      if (classified < texts.length) predicted.push(...labels);
      classified += labels.length;
    }
  }
  const utterancesPerSecond = classified / ((performance.now() - batchStarted) / 1000);
  const report = evaluate(
    test.map((e) => e.intent),
    predicted,
    { outOfScopeLabel: OUT_OF_SCOPE },
  );

  const latencies: number[] = [];
  for (let i = 0; i < Math.min(LATENCY_SAMPLES, texts.length); i++) {
    const t = performance.now();
    await classifier.classifyOne(texts[(i * 7919) % texts.length]!);
    latencies.push(performance.now() - t);
  }
  latencies.sort((a, b) => a - b);
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const servingFigures = (await classifier.servingFigures?.()) ?? {};

  return {
    dataset: dataset.name,
    system: system === 'ours' ? '@chatbot/model' : 'nlp.js 4.27.0',
    accuracy: report.accuracy,
    macroF1: report.macroF1,
    inScopeAccuracy: report.inScopeAccuracy,
    oosRecall: report.oosRecall,
    trainSeconds,
    utterancesPerSecond,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    peakRssMb,
    ...servingFigures,
    ...extra,
  };
}

/** What a worker does with a model: load the artefact, then classify (here: every test text in batches). */
async function serveOnly(artefactDir: string, datasetDir: string): Promise<{ serveRssMb: number }> {
  const model = await loadIntentModel(artefactDir);
  // Only the texts to classify: a worker holds no training data.
  const files = ['test.jsonl', 'oos_test.jsonl'].map((name) => join(datasetDir, name)).filter((path) => existsSync(path));
  const texts = (await Promise.all(files.map((path) => readJsonlFile(path)))).flat().map((e) => e.text);
  for (let start = 0; start < texts.length; start += BATCH) model.predictBatch(texts.slice(start, start + BATCH));
  return { serveRssMb: process.resourceUsage().maxRSS / 1024 };
}

async function measureServingRss(artefactDir: string, datasetDir: string): Promise<number> {
  const line = await runChildLine(['--serve', artefactDir, datasetDir], '{"serveRssMb"');
  return (JSON.parse(line) as { serveRssMb: number }).serveRssMb;
}

/** Runs one pair in a child process and returns its result line. */
async function runChild(dataset: string, system: string): Promise<Result> {
  return JSON.parse(await runChildLine(['--one', dataset, system], '{"dataset"')) as Result;
}

/** Runs this script in a child process with `args` and returns its last stdout line starting with `prefix`. */
function runChildLine(args: string[], prefix: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout
        .trim()
        .split('\n')
        .reverse()
        .find((l) => l.startsWith(prefix));
      if (code !== 0 || !line) reject(new Error(`${args.join(' ')} failed (exit ${code})`));
      else resolvePromise(line);
    });
  });
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === '--one') {
    process.stdout.write(`${JSON.stringify(await runOne(argv[1]!, argv[2]!))}\n`);
    return;
  }
  if (argv[0] === '--serve') {
    process.stdout.write(`${JSON.stringify(await serveOnly(argv[1]!, argv[2]!))}\n`);
    return;
  }
  // `pnpm bench:nlu clinc150 ours` runs a subset; no arguments run everything.
  const datasets = DATASETS.map((d) => d.name).filter((name) => !argv.some((a) => DATASETS.some((d) => d.name === a)) || argv.includes(name));
  const systems = SYSTEMS.filter((s) => !argv.some((a) => (SYSTEMS as readonly string[]).includes(a)) || argv.includes(s));
  for (const dataset of datasets) {
    for (const system of systems) {
      process.stderr.write(`bench: ${dataset} / ${system}...\n`);
      process.stdout.write(`${JSON.stringify(await runChild(dataset, system))}\n`);
    }
  }
}

await main(process.argv.slice(2));

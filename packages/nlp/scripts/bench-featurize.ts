// Micro-benchmark: how many texts per second `featurize` handles on CLINC150's training set.
// Usage: pnpm --filter @chatbot/nlp exec tsx scripts/bench-featurize.ts [datasetDir]
import { fileURLToPath } from 'node:url';
import { DEFAULT_FEATURIZER_CONFIG, featurize, readJsonlFile } from '../src/index';

const datasetDir = process.argv[2] ?? fileURLToPath(new URL('../../../../shared/datasets/clinc150', import.meta.url));
const texts = (await readJsonlFile(`${datasetDir}/train.jsonl`)).map((example) => example.text);
const config = DEFAULT_FEATURIZER_CONFIG;

// The first pass warms up the JIT and ICU's segmenter; only the later passes are timed.
featurize(texts[0] ?? '', config);
for (const text of texts) featurize(text, config);

const passes = 5;
let features = 0;
const distinct = new Set<number>();
// CPU time as well as wall time: on a shared machine the former says more about the code.
const cpuStarted = process.cpuUsage();
const started = performance.now();
for (let pass = 0; pass < passes; pass++) {
  for (const text of texts) {
    const ids = featurize(text, config);
    features += ids.length;
    if (pass === 0) for (const id of ids) distinct.add(id);
  }
}
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuStarted);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;

console.log(
  JSON.stringify({
    dataset: datasetDir,
    texts: texts.length,
    passes,
    textsPerSecond: Math.round((texts.length * passes) / seconds),
    textsPerCpuSecond: Math.round((texts.length * passes) / cpuSeconds),
    featuresPerText: +(features / (texts.length * passes)).toFixed(1),
    distinctBuckets: distinct.size,
    buckets: config.buckets,
  }),
);

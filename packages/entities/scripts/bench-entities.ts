// Entity extraction benchmark: precision/recall per type on the labelled set in bench/entities.jsonl, and
// the time extraction adds per message (p50/p99) for (a) no types asked for, (b) the custom regexes, then all custom entities,
// (c) all built-ins; then first-call costs and the bad inputs of issue 12.
// Usage: pnpm bench:entities [--verbose]   (from the repository root)
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const importStarted = performance.now();
const { BUILTIN_ENTITY_TYPES, EntityExtractor, checkCustomEntity, CustomEntitySchema } = await import('../src/index');
const importMs = performance.now() - importStarted;

type Language = 'en' | 'zh';
interface Expected {
  type: string;
  value: string | number;
  unit?: string;
}
interface Labelled {
  text: string;
  language: Language;
  entities: Expected[];
}

const verbose = process.argv.includes('--verbose');
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const labelled: Labelled[] = readFileSync(here('../bench/entities.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line) as Labelled);
const customEntities = CustomEntitySchema.array().parse(JSON.parse(readFileSync(here('../bench/custom-entities.json'), 'utf8')));

// Thursday 3 December 2026, 10:00 in Shanghai: the labels' dates are relative to it.
const referenceTime = new Date('2026-12-03T02:00:00Z');
const timeZone = 'Asia/Shanghai';
const BUILTINS = new Set<string>(BUILTIN_ENTITY_TYPES);
const CUSTOM = new Set(customEntities.map((entity) => entity.name));
const CUSTOM_REGEX = new Set(customEntities.filter((entity) => entity.kind === 'regex').map((entity) => entity.name));
const ALL = new Set([...BUILTINS, ...CUSTOM]);

const round = (value: number, digits = 3) => Number(value.toFixed(digits));
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

console.log(
  `import @chatbot/entities (with @chatbot/core, @chatbot/nlp): ${importMs.toFixed(0)} ms; labelled messages: ${labelled.length} (en ${count('en')}, zh ${count('zh')})`,
);

// Save-time checks of the bench's custom entities.
for (const entity of customEntities) {
  const started = performance.now();
  const result = checkCustomEntity(entity);
  console.log(`checkCustomEntity(${entity.name}): ${result.ok ? 'ok' : result.reason} (${(performance.now() - started).toFixed(1)} ms)`);
}

const extractor = new EntityExtractor(customEntities);
const options = (language: Language, types: ReadonlySet<string>, budgetMs?: number) => ({ language, types, referenceTime, timeZone, budgetMs });

// First-call cost of each built-in type (loading and building its recognizer, then its first parse), per language.
console.log('\nfirst call per type (ms, includes loading the recognizer package the first time it is needed):');
for (const language of ['en', 'zh'] as const) {
  const costs = BUILTIN_ENTITY_TYPES.map((type) => {
    const started = performance.now();
    extractor.extract(
      language === 'en' ? 'call me tomorrow at 3 about the 2 items for $20' : '明天下午三点给我打电话，两件，二十块',
      options(language, new Set([type]), 60_000),
    );
    return `${type} ${(performance.now() - started).toFixed(0)}`;
  });
  console.log(`  ${language}: ${costs.join(', ')}`);
}
const warmStarted = performance.now();
extractor.warmUp();
for (const { text, language } of labelled) extractor.extract(text, options(language, ALL, 60_000));
console.log(`warm-up (warmUp() and one pass over the set): ${(performance.now() - warmStarted).toFixed(0)} ms`);

// Accuracy, with a budget large enough that nothing is skipped.
interface Tally {
  tp: number;
  fp: number;
  fn: number;
}
const tallies = new Map<string, Tally>();
const tally = (type: string) => {
  let entry = tallies.get(type);
  if (entry === undefined) tallies.set(type, (entry = { tp: 0, fp: 0, fn: 0 }));
  return entry;
};
const same = (a: Expected, b: Expected) =>
  a.type === b.type &&
  (a.unit ?? null) === (b.unit ?? null) &&
  (typeof a.value === 'number' && typeof b.value === 'number' ? Math.abs(a.value - b.value) < 1e-6 : a.value === b.value);
const misses: string[] = [];
for (const { text, language, entities: expected } of labelled) {
  const predicted = extractor.extract(text, options(language, ALL, 60_000)).entities.map(({ type, value, unit }) => ({ type, value, ...(unit ? { unit } : {}) }));
  const unmatched = [...expected];
  const wrong: Expected[] = [];
  for (const entity of predicted) {
    const index = unmatched.findIndex((candidate) => same(candidate, entity));
    if (index === -1) {
      tally(entity.type).fp++;
      wrong.push(entity);
    } else {
      tally(entity.type).tp++;
      unmatched.splice(index, 1);
    }
  }
  for (const entity of unmatched) tally(entity.type).fn++;
  if (wrong.length || unmatched.length) misses.push(`${JSON.stringify(text)}  extra: ${JSON.stringify(wrong)}  missed: ${JSON.stringify(unmatched)}`);
}
const scores = (t: Tally) => {
  const precision = t.tp + t.fp === 0 ? 1 : t.tp / (t.tp + t.fp);
  const recall = t.tp + t.fn === 0 ? 1 : t.tp / (t.tp + t.fn);
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
};
console.log('\nprecision / recall / F1 per type (value-level match; see bench/README.md for the labelling rules):');
console.log(`  ${'type'.padEnd(10)} ${'expected'.padStart(8)} ${'found'.padStart(6)} ${'P'.padStart(6)} ${'R'.padStart(6)} ${'F1'.padStart(6)}`);
const accuracy: Record<string, { expected: number; found: number; precision: number; recall: number; f1: number }> = {};
const total: Tally = { tp: 0, fp: 0, fn: 0 };
for (const type of [...BUILTIN_ENTITY_TYPES, ...CUSTOM]) {
  const t = tallies.get(type) ?? { tp: 0, fp: 0, fn: 0 };
  total.tp += t.tp;
  total.fp += t.fp;
  total.fn += t.fn;
  const s = scores(t);
  accuracy[type] = { expected: t.tp + t.fn, found: t.tp + t.fp, precision: round(s.precision), recall: round(s.recall), f1: round(s.f1) };
  console.log(
    `  ${type.padEnd(10)} ${String(t.tp + t.fn).padStart(8)} ${String(t.tp + t.fp).padStart(6)} ${s.precision.toFixed(3).padStart(6)} ${s.recall.toFixed(3).padStart(6)} ${s.f1.toFixed(3).padStart(6)}`,
  );
}
const micro = scores(total);
console.log(
  `  ${'all'.padEnd(10)} ${String(total.tp + total.fn).padStart(8)} ${String(total.tp + total.fp).padStart(6)} ${micro.precision.toFixed(3).padStart(6)} ${micro.recall.toFixed(3).padStart(6)} ${micro.f1.toFixed(3).padStart(6)}`,
);
console.log(`  messages with a difference: ${misses.length} of ${labelled.length}${verbose ? '' : ' (--verbose lists them)'}`);
if (verbose) for (const miss of misses) console.log(`    ${miss}`);

// Time per message with the default budget, over several passes.
const PASSES = 5;
const scenarios: Array<[string, ReadonlySet<string>]> = [
  ['(a) no types (no entity-bearing form active)', new Set()],
  ['(b1) custom regexes only (the pattern thread)', CUSTOM_REGEX],
  ['(b2) custom regexes + lookups', CUSTOM],
  ['(c) all built-ins', BUILTINS],
  ['(d) all built-ins + custom', ALL],
];
const timing: Record<string, { p50: number; p99: number; max: number; mean: number; skippedMessages: number }> = {};
console.log(`\ntime per message, default budget, ${PASSES} passes x ${labelled.length} messages (ms):`);
for (const [name, types] of scenarios) {
  const times: number[] = [];
  let skippedMessages = 0;
  for (let pass = 0; pass < PASSES; pass++) {
    for (const { text, language } of labelled) {
      const started = performance.now();
      const result = extractor.extract(text, options(language, types));
      times.push(performance.now() - started);
      if (result.skipped.length) skippedMessages++;
    }
  }
  times.sort((a, b) => a - b);
  const mean = times.reduce((sum, value) => sum + value, 0) / times.length;
  timing[name] = { p50: round(percentile(times, 50)), p99: round(percentile(times, 99)), max: round(times.at(-1) ?? 0), mean: round(mean), skippedMessages };
  console.log(
    `  ${name.padEnd(46)} p50 ${percentile(times, 50).toFixed(3)}  p99 ${percentile(times, 99).toFixed(3)}  max ${(times.at(-1) ?? 0).toFixed(1)}  mean ${mean.toFixed(3)}  runs with skips ${skippedMessages}`,
  );
}

// Bad input of issue 12, with all types and the default budget.
const digits = Array.from({ length: 2000 }, (_, i) => String(i % 10)).join(' ');
const badInputs: Array<[string, string, Language]> = [
  ['a million-digit number', '9'.repeat(1_000_000), 'en'],
  ['4,000 digits', '1'.repeat(4000), 'en'],
  ['4,000 characters of spaced digits', digits.slice(0, 4000), 'en'],
  ['4,000 characters of spaced digits (zh)', digits.slice(0, 4000), 'zh'],
  ['"$1 $2 ..." over 4,000 characters', Array.from({ length: 1000 }, (_, i) => `$${i % 10}`).join(' '), 'en'],
  ['4,000 Chinese numerals', '一二三四五六七八九十'.repeat(400), 'zh'],
  ['4,000 characters of prose with entities', 'I ordered two shirts on Dec 5 and paid $20, call me tomorrow at 3. '.repeat(60).slice(0, 4000), 'en'],
  ['catastrophic-regex bait', `${'a'.repeat(3999)}!`, 'en'],
];
console.log('\nbad input, all types, default budget:');
const bad: Record<string, { ms: number; skipped: string[]; entities: number }> = {};
for (const [name, text, language] of badInputs) {
  const started = performance.now();
  const result = extractor.extract(text, options(language, ALL));
  const ms = performance.now() - started;
  bad[name] = { ms: round(ms, 1), skipped: result.skipped, entities: result.entities.length };
  console.log(`  ${name.padEnd(42)} ${ms.toFixed(1).padStart(7)} ms  entities ${String(result.entities.length).padStart(4)}  skipped [${result.skipped.join(', ')}]`);
}

console.log(`\n${JSON.stringify({ messages: labelled.length, importMs: round(importMs, 0), accuracy, timing, bad })}`);

function count(language: Language): number {
  return labelled.filter((item) => item.language === language).length;
}

import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readBotEntities } from '@chatbot/default-bot';
import { BUILTIN_ENTITY_TYPES, EntityExtractor } from '@chatbot/entities';
import { kFold, readDatasetDir, type Example } from '@chatbot/nlp';
import { initBackend } from '../backend';
import { evaluateModel } from '../evaluate-model';
import { loadIntentModel } from '../load-model';
import { trainIntentModel } from '../train';
import { renderHtmlReport } from './report-html';
import { formatEvaluation } from './report-text';
import { endProgressBar, progressBar } from './progress-bar';

/**
 * `pnpm nlu` runs this CLI inside packages/model; pnpm keeps the directory the user typed the
 * command in as INIT_CWD, and relative paths mean that directory.
 */
function userPath(path: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), path);
}

export class UsageError extends Error {
  override name = 'UsageError';
}

/** A positive integer option, or a UsageError naming the option. */
function integerOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new UsageError(`--${name} must be a non-negative integer, got "${value}"`);
  return parsed;
}

/** `--threshold`: a number from 0 to 1, or a UsageError. */
function thresholdOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (value.trim() === '' || !(parsed >= 0 && parsed <= 1)) throw new UsageError(`--threshold must be a number from 0 to 1, got "${value}"`);
  return parsed;
}

/** Exactly `count` path arguments, resolved against the user's directory. */
function pathArguments(args: string[], count: number, usage: string): string[] {
  if (args.length !== count) throw new UsageError(`usage: ${usage}`);
  return args.map(userPath);
}

const backendOption = { backend: { type: 'string' } } as const;
/** Loading options of eval and predict: the backend, and a threshold that replaces the calibrated one. */
const servingOptions = { ...backendOption, threshold: { type: 'string' } } as const;

export async function trainCommand(argv: string[]): Promise<void> {
  const { values, positionals: args } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { out: { type: 'string' }, arch: { type: 'string' }, epochs: { type: 'string' }, seed: { type: 'string' }, ...backendOption },
  });
  const usage = 'nlu train <dataDir> --out <modelDir> [--arch NAME] [--epochs N] [--seed S] [--backend auto|tensorflow|wasm|cpu]';
  const [dataDir] = pathArguments(args, 1, usage);
  if (!values.out) throw new UsageError(`--out is required; usage: ${usage}`);
  const out = userPath(values.out);
  const backend = await initBackend(values.backend as never);
  const data = await readDatasetDir(dataDir!);
  process.stderr.write(`training on ${data.train.length} examples (backend ${backend})\n`);
  const model = await trainIntentModel(data.train, {
    architecture: values.arch,
    epochs: integerOption(values.epochs, 'epochs'),
    seed: integerOption(values.seed, 'seed'),
    validation: data.val,
    outOfScope: data.oosTrain,
    outOfScopeValidation: data.oosVal,
    onProgress: progressBar(),
  });
  endProgressBar();
  for (const warning of model.metadata.warnings) process.stderr.write(`warning: ${warning}\n`);
  await model.save(out);
  const { metrics, threshold, trainingSeconds } = model.metadata;
  process.stdout.write(
    `saved ${out}: ${model.metadata.labels.length} labels, threshold ${threshold.toFixed(3)}, ` +
      `${trainingSeconds.toFixed(1)}s, validation ${JSON.stringify(metrics.validation)}\n`,
  );
  model.dispose();
}

export async function evalCommand(argv: string[]): Promise<void> {
  const { values, positionals: args } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, html: { type: 'string' }, ...servingOptions },
  });
  const [modelDir, dataDir] = pathArguments(args, 2, 'nlu eval <modelDir> <dataDir> [--json] [--html report.html] [--threshold T]');
  const model = await loadIntentModel(modelDir!, { backend: values.backend as never, threshold: thresholdOption(values.threshold) });
  const data = await readDatasetDir(dataDir!);
  if (!data.test) throw new UsageError(`${dataDir} has no test.jsonl to evaluate on`);
  const evaluation = await evaluateModel(model, data.test, data.oosTest);
  if (values.html) {
    await writeFile(userPath(values.html), renderHtmlReport(model.metadata, evaluation));
    process.stderr.write(`wrote ${values.html}\n`);
  }
  if (values.json) {
    const { n, accuracy, macroF1, inScopeAccuracy, oosRecall, oosPrecision, backend, architecture, threshold, perIntent, topConfusions } = evaluation;
    process.stdout.write(
      `${JSON.stringify({ n, accuracy, macroF1, inScopeAccuracy, oosRecall, oosPrecision, backend, architecture, threshold, perIntent, topConfusions })}\n`,
    );
  } else {
    process.stdout.write(`${formatEvaluation(evaluation)}\n`);
  }
  model.dispose();
}

/**
 * One JSON line per text: the prediction and the entities in it (every built-in type, and the custom
 * entities of the bot folder given with --bot, the default bot's by default).
 */
export async function predictCommand(argv: string[]): Promise<void> {
  const { values, positionals: args } = parseArgs({ args: argv, allowPositionals: true, options: { ...servingOptions, bot: { type: 'string' } } });
  if (args.length < 2) throw new UsageError('usage: nlu predict <modelDir> "text" ["more text" ...] [--threshold T] [--bot <bot folder with entities.json>]');
  const [modelDir, ...texts] = args;
  const customEntities = await readBotEntities(values.bot === undefined ? undefined : userPath(values.bot));
  const extractor = new EntityExtractor(customEntities);
  const types = new Set([...BUILTIN_ENTITY_TYPES, ...customEntities.map((entity) => entity.name)]);
  const model = await loadIntentModel(userPath(modelDir!), { backend: values.backend as never, threshold: thresholdOption(values.threshold) });
  for (const [i, prediction] of model.predictBatch(texts).entries()) {
    const language = prediction.language === 'zh' ? 'zh' : 'en';
    const { entities } = extractor.extract(texts[i]!, { language, types, referenceTime: new Date(), budgetMs: 1000 });
    process.stdout.write(`${JSON.stringify({ text: texts[i], ...prediction, entities })}\n`);
  }
  model.dispose();
}

export async function cvCommand(argv: string[]): Promise<void> {
  const { values, positionals: args } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { folds: { type: 'string' }, arch: { type: 'string' }, epochs: { type: 'string' }, seed: { type: 'string' }, json: { type: 'boolean' }, ...backendOption },
  });
  const [dataDir] = pathArguments(args, 1, 'nlu cv <dataDir> --folds K [--arch NAME] [--epochs N] [--seed S] [--json]');
  const folds = integerOption(values.folds, 'folds') ?? 5;
  const seed = integerOption(values.seed, 'seed') ?? 42;
  await initBackend(values.backend as never);
  const data = await readDatasetDir(dataDir!);
  // Out-of-scope training examples take part as their own label, dealt over the folds like any intent.
  const examples: Example[] = [...data.train, ...(data.oosTrain ?? [])];
  const results: Array<{ fold: number; n: number; accuracy: number; macroF1: number; oosRecall: number | null }> = [];
  for (const [index, fold] of kFold(examples, folds, seed).entries()) {
    const model = await trainIntentModel(fold.train, { architecture: values.arch, epochs: integerOption(values.epochs, 'epochs'), seed });
    const evaluation = await evaluateModel(model, fold.test);
    model.dispose();
    const result = { fold: index + 1, n: evaluation.n, accuracy: evaluation.accuracy, macroF1: evaluation.macroF1, oosRecall: evaluation.oosRecall };
    results.push(result);
    process.stderr.write(`fold ${result.fold}/${folds}: accuracy ${(result.accuracy * 100).toFixed(2)}% macro-F1 ${(result.macroF1 * 100).toFixed(2)}%\n`);
  }
  const mean = (key: 'accuracy' | 'macroF1') => results.reduce((sum, r) => sum + r[key], 0) / results.length;
  const summary = { folds, accuracy: mean('accuracy'), macroF1: mean('macroF1'), perFold: results };
  process.stdout.write(
    values.json
      ? `${JSON.stringify(summary)}\n`
      : `mean over ${folds} folds: accuracy ${(summary.accuracy * 100).toFixed(2)}%, macro-F1 ${(summary.macroF1 * 100).toFixed(2)}%\n`,
  );
}

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cvCommand, evalCommand, predictCommand, trainCommand, UsageError } from './commands';
import { OUT_OF_SCOPE_TRAIN, OUT_OF_SCOPE_VALIDATION, TRAIN } from '../testing/fixtures';

const jsonl = (examples: Array<{ text: string; intent: string }>) => examples.map((e) => JSON.stringify(e)).join('\n') + '\n';

/** Runs a command and returns what it wrote to stdout (stderr progress is silenced). */
async function run(command: (argv: string[]) => Promise<void>, argv: string[]): Promise<string> {
  let out = '';
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    await command(argv);
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
  return out;
}

// Each test trains small models: generous timeouts keep them green on a loaded 2-core machine.
describe('the nlu CLI', { timeout: 20_000 }, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nlu-cli-'));
    await writeFile(join(dir, 'train.jsonl'), jsonl(TRAIN));
    await writeFile(join(dir, 'test.jsonl'), jsonl(TRAIN.filter((_, i) => i % 3 === 0)));
    await writeFile(join(dir, 'oos_train.jsonl'), jsonl(OUT_OF_SCOPE_TRAIN));
    await writeFile(join(dir, 'oos_test.jsonl'), jsonl(OUT_OF_SCOPE_VALIDATION));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('train writes an artefact, eval --json reports on it, predict answers with JSON lines', async () => {
    const modelDir = join(dir, 'model');
    expect(await run(trainCommand, [dir, '--out', modelDir, '--epochs', '6', '--seed', '1'])).toMatch(/^saved .*model: 5 labels/);

    const reportPath = join(dir, 'report.html');
    const report = JSON.parse(await run(evalCommand, [modelDir, dir, '--json', '--html', reportPath]));
    expect(report).toMatchObject({ n: 19, backend: expect.any(String), architecture: 'ngram-bag' });
    for (const key of ['accuracy', 'macroF1', 'inScopeAccuracy', 'oosRecall']) expect(report[key]).toBeGreaterThanOrEqual(0);
    const html = await readFile(reportPath, 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('Per-intent F1');

    expect(await run(evalCommand, [modelDir, dir])).toMatch(/in-scope accuracy\s+\d+\.\d\d%/);

    const lines = (await run(predictCommand, [modelDir, 'where is my order 48213', '']))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    // With the entities in it: the built-in number, and the default bot's order_id.
    expect(lines[0]).toMatchObject({
      text: 'where is my order 48213',
      intent: 'order_status',
      entities: expect.arrayContaining([
        { type: 'order_id', value: '48213', text: '48213', start: 18, end: 23, extractor: 'regex' },
        expect.objectContaining({ type: 'number', value: 48213, start: 18, end: 23 }),
      ]),
    });
    expect(lines[1]).toMatchObject({ text: '', outOfScope: true, entities: [] });
  });

  it('eval and predict take --threshold in place of the calibrated threshold', async () => {
    const modelDir = join(dir, 'model-threshold');
    await run(trainCommand, [dir, '--out', modelDir, '--epochs', '6', '--seed', '1']);
    const calibrated = JSON.parse(await run(evalCommand, [modelDir, dir, '--json']));
    const strictest = JSON.parse(await run(evalCommand, [modelDir, dir, '--json', '--threshold', '1']));
    expect(strictest).toMatchObject({ threshold: 1, oosRecall: 1, inScopeAccuracy: 0 });
    expect(calibrated.threshold).toBeLessThan(1);
    expect(await run(evalCommand, [modelDir, dir, '--threshold', '1'])).toMatch(/threshold\s+1\.000/);

    const [prediction] = (await run(predictCommand, [modelDir, 'where is my order', '--threshold', '1']))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(prediction).toMatchObject({
      intent: null,
      outOfScope: true,
      top: [expect.objectContaining({ intent: 'order_status' }), expect.anything(), expect.anything()],
    });
    await expect(run(predictCommand, [modelDir, 'hi', '--threshold', '2'])).rejects.toThrow(/--threshold must be a number from 0 to 1, got "2"/);
  });

  it('cv reports per-fold and mean figures', async () => {
    const summary = JSON.parse(await run(cvCommand, [dir, '--folds', '2', '--epochs', '3', '--json']));
    expect(summary.perFold).toHaveLength(2);
    expect(summary.accuracy).toBeCloseTo((summary.perFold[0].accuracy + summary.perFold[1].accuracy) / 2, 10);
  });

  it('bad arguments are usage errors', async () => {
    await expect(run(trainCommand, [dir])).rejects.toThrow(UsageError);
    await expect(run(trainCommand, [dir, '--out', join(dir, 'x'), '--epochs', 'many'])).rejects.toThrow(/--epochs must be a non-negative integer/);
    await expect(run(evalCommand, [dir])).rejects.toThrow(/usage: nlu eval/);
  });
});

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Example } from './types';

/** A dataset file that cannot be used; the message names the file and, where known, the line. */
export class DatasetError extends Error {
  override name = 'DatasetError';
  readonly file: string;
  readonly line?: number;

  constructor(file: string, line: number | undefined, problem: string) {
    super(line === undefined ? `${file}: ${problem}` : `${file}:${line}: ${problem}`);
    this.file = file;
    if (line !== undefined) this.line = line;
  }
}

const ExampleLineSchema = z.object({
  text: z
    .string({ error: (issue) => (issue.input === undefined ? 'missing "text"' : '"text" must be a string') })
    .refine((text) => text.trim().length > 0, 'empty "text"'),
  intent: z
    .string({ error: (issue) => (issue.input === undefined ? 'missing "intent"' : '"intent" must be a string') })
    .trim()
    .min(1, 'empty "intent"'),
});

/** Examples of a JSON Lines document ({"text","intent"} per line); blank lines are skipped, extra fields ignored. */
export function parseJsonl(content: string, file: string): Example[] {
  const examples: Example[] = [];
  const lines = content.replace(/^\uFEFF/, '').split('\n');
  lines.forEach((rawLine, index) => {
    const line = rawLine.trim();
    if (line === '') return;
    const lineNumber = index + 1;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new DatasetError(file, lineNumber, `malformed JSON (${(error as Error).message})`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new DatasetError(file, lineNumber, 'expected an object like {"text": "...", "intent": "..."}');
    }
    const parsed = ExampleLineSchema.safeParse(value);
    if (!parsed.success) throw new DatasetError(file, lineNumber, parsed.error.issues[0]!.message);
    examples.push({ text: parsed.data.text, intent: parsed.data.intent });
  });
  return examples;
}

export async function readJsonlFile(path: string): Promise<Example[]> {
  const content = await readTextIfPresent(path);
  if (content === undefined) throw new DatasetError(path, undefined, 'file not found');
  return parseJsonl(content, path);
}

/** The file's text, or undefined when it does not exist; any other read failure is a DatasetError. */
async function readTextIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new DatasetError(path, undefined, `cannot read file (${code ?? (error as Error).message})`);
  }
}

export interface DatasetSplits {
  train: Example[];
  val?: Example[];
  test?: Example[];
  oosTrain?: Example[];
  oosVal?: Example[];
  oosTest?: Example[];
}

const OPTIONAL_SPLIT_FILES = {
  val: 'val.jsonl',
  test: 'test.jsonl',
  oosTrain: 'oos_train.jsonl',
  oosVal: 'oos_val.jsonl',
  oosTest: 'oos_test.jsonl',
} as const;

/** Reads a dataset directory: train.jsonl is required; the other splits are read when present. */
export async function readDatasetDir(dir: string): Promise<DatasetSplits> {
  const trainPath = join(dir, 'train.jsonl');
  const trainContent = await readTextIfPresent(trainPath);
  if (trainContent === undefined) {
    throw new DatasetError(trainPath, undefined, 'not found: a dataset directory needs train.jsonl ({"text","intent"} per line)');
  }
  const splits: DatasetSplits = { train: parseJsonl(trainContent, trainPath) };
  for (const [split, name] of Object.entries(OPTIONAL_SPLIT_FILES) as Array<[keyof typeof OPTIONAL_SPLIT_FILES, string]>) {
    const path = join(dir, name);
    const content = await readTextIfPresent(path);
    if (content !== undefined) splits[split] = parseJsonl(content, path);
  }
  return splits;
}

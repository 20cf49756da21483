import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatasetError, parseJsonl, readDatasetDir, readJsonlFile } from './dataset';

function errorOf(run: () => unknown): DatasetError {
  try {
    run();
  } catch (error) {
    if (error instanceof DatasetError) return error;
    throw error;
  }
  throw new Error('expected a DatasetError');
}

describe('parseJsonl', () => {
  it('reads one example per line, skipping blank lines, a BOM, CRLF and extra fields', () => {
    const content = '\uFEFF{"text":"hi there","intent":"greet"}\r\n\n  \n{"text":"bye","intent":" goodbye ","source":"web"}\n';
    expect(parseJsonl(content, 'train.jsonl')).toEqual([
      { text: 'hi there', intent: 'greet' },
      { text: 'bye', intent: 'goodbye' },
    ]);
  });

  it('names file and line of a malformed line', () => {
    const error = errorOf(() => parseJsonl('{"text":"a","intent":"x"}\n\n{"text": "b", intent}\n', 'train.jsonl'));
    expect(error.message).toMatch(/^train\.jsonl:3: malformed JSON/);
    expect(error.file).toBe('train.jsonl');
    expect(error.line).toBe(3);
  });

  it('names file and line of a missing or empty field', () => {
    const lines = ['{"text":"a","intent":"x"}', '{"text":"b","intent":"x"}'];
    expect(() => parseJsonl([...lines, '{"text":"c"}'].join('\n'), 'train.jsonl')).toThrow('train.jsonl:3: missing "intent"');
    expect(() => parseJsonl([...lines, '{"intent":"x"}'].join('\n'), 'val.jsonl')).toThrow('val.jsonl:3: missing "text"');
    expect(() => parseJsonl('{"text":"  ","intent":"x"}', 'a.jsonl')).toThrow('a.jsonl:1: empty "text"');
    expect(() => parseJsonl('{"text":"a","intent":""}', 'a.jsonl')).toThrow('a.jsonl:1: empty "intent"');
    expect(() => parseJsonl('{"text":"a","intent":7}', 'a.jsonl')).toThrow('a.jsonl:1: "intent" must be a string');
    expect(() => parseJsonl('["a","x"]', 'a.jsonl')).toThrow(/^a\.jsonl:1: expected an object/);
  });
});

describe('reading files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nlp-dataset-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the splits that are present', async () => {
    await writeFile(join(dir, 'train.jsonl'), '{"text":"hi","intent":"greet"}\n{"text":"bye","intent":"goodbye"}\n');
    await writeFile(join(dir, 'oos_val.jsonl'), '{"text":"weather?","intent":"oos"}\n');
    const splits = await readDatasetDir(dir);
    expect(splits.train).toHaveLength(2);
    expect(splits.oosVal).toEqual([{ text: 'weather?', intent: 'oos' }]);
    expect(Object.keys(splits).sort()).toEqual(['oosVal', 'train']);
  });

  it('requires train.jsonl', async () => {
    await expect(readDatasetDir(dir)).rejects.toThrow(`${join(dir, 'train.jsonl')}: not found`);
  });

  it('reports bad lines with the path of the file', async () => {
    await writeFile(join(dir, 'train.jsonl'), '{"text":"hi","intent":"greet"}\n');
    await writeFile(join(dir, 'test.jsonl'), '{"text":"hi","intent":"greet"}\n{"text":"bye"}\n');
    await expect(readDatasetDir(dir)).rejects.toThrow(`${join(dir, 'test.jsonl')}:2: missing "intent"`);
  });

  it('says when a single file is missing', async () => {
    await expect(readJsonlFile(join(dir, 'nope.jsonl'))).rejects.toThrow(/nope\.jsonl: file not found/);
  });
});

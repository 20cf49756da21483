import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatasetError, readDatasetDir, type Example } from '@chatbot/nlp';
import { describe, expect, it, vi } from 'vitest';
import { TrainingDataError, trainIntentModel } from './index';
import { TRAIN } from './testing/fixtures';

describe('bad training data fails before training starts', () => {
  it('names an intent with a single example', async () => {
    const onProgress = vi.fn();
    const data = [...TRAIN, { text: 'cancel my subscription', intent: 'cancel' }];
    await expect(trainIntentModel(data, { onProgress })).rejects.toThrow(/intent "cancel" has a single example/);
    expect(onProgress).not.toHaveBeenCalled();
  });

  it('names an example without an intent by its position', async () => {
    const data = [...TRAIN, { text: 'no label here' } as unknown as Example];
    const error = await trainIntentModel(data).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrainingDataError);
    expect((error as TrainingDataError).message).toMatch(new RegExp(`training example ${TRAIN.length}: intent`));
  });

  it('refuses data with a single intent', async () => {
    await expect(trainIntentModel(TRAIN.filter((e) => e.intent === 'refund'))).rejects.toThrow(/at least 2 intents/);
  });

  it('refuses a non-positive number of epochs', async () => {
    await expect(trainIntentModel(TRAIN, { epochs: 0 })).rejects.toThrow(/epochs must be a positive integer/);
  });

  it('a malformed dataset line is reported with its file and line (via @chatbot/nlp) before training', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'model-data-'));
    try {
      await writeFile(join(dir, 'train.jsonl'), '{"text":"hi","intent":"greeting"}\n{"text": oops}\n');
      const error = await readDatasetDir(dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DatasetError);
      expect(String((error as Error).message)).toMatch(/train\.jsonl.*2|line 2/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

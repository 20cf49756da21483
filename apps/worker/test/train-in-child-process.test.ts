import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EpochProgress } from '@chatbot/model';
import { OUT_OF_SCOPE, type Example } from '@chatbot/nlp';
import { trainInChildProcess, TrainingAbortedError, TrainingProcessError } from '../src/training/train-in-child-process';
import type { TrainingRequest } from '../src/training/training-child-protocol';

const phrases: Record<string, string[]> = {
  greeting: ['hello', 'hi there', 'good morning', 'hey', 'hello friend', 'hi bot', 'greetings', 'good evening'],
  order_status: [
    'where is my order',
    'track my parcel',
    'has my order shipped',
    'order status',
    'where is my package',
    'when does my order arrive',
    'my order tracking',
    'parcel location',
  ],
};
const examples = (intent: string): Example[] => phrases[intent]!.map((text) => ({ text, intent }));

let modelDir: string;
const request = (overrides: Partial<TrainingRequest> = {}): TrainingRequest => ({
  split: {
    train: [...examples('greeting').slice(0, 6), ...examples('order_status').slice(0, 6)],
    validation: [...examples('greeting').slice(6), ...examples('order_status').slice(6)],
    outOfScopeTrain: ['what is the weather', 'tell me a joke', 'who won the match'].map((text) => ({ text, intent: OUT_OF_SCOPE })),
    outOfScopeValidation: [{ text: 'sing me a song', intent: OUT_OF_SCOPE }],
  },
  seed: 7,
  epochs: 3,
  backend: 'auto',
  modelDir,
  activeModel: null,
  ...overrides,
});

beforeAll(async () => {
  modelDir = await mkdtemp(join(tmpdir(), 'chatbot-train-child-'));
});
afterAll(async () => {
  await rm(modelDir, { recursive: true, force: true });
});

describe('trainInChildProcess', () => {
  it('trains in another process, reports every epoch, saves the artefact and scores it on the held-out split', async () => {
    const progress: EpochProgress[] = [];
    const outcome = await trainInChildProcess(request(), (p) => progress.push(p));
    expect(progress.map((p) => p.epoch)).toEqual(progress.map((_, i) => i + 1));
    expect(progress.length).toBeGreaterThan(0);
    expect(outcome.artefactPath).toBe(join(modelDir, outcome.version));
    expect(await readdir(outcome.artefactPath)).toContain('metadata.json');
    expect(outcome.evaluation.n).toBe(5);
    expect(outcome.evaluation.macroF1).toBeGreaterThanOrEqual(0);
    expect(outcome.active).toBeNull();
  }, 60_000);

  it('scores the active model on the same split, or says why it could not', async () => {
    const first = await trainInChildProcess(request(), () => undefined);
    const second = await trainInChildProcess(request({ activeModel: { version: first.version, artefactPath: first.artefactPath } }), () => undefined);
    expect(second.active).toMatchObject({ version: first.version, evaluation: { n: 5, macroF1: first.evaluation.macroF1 } });
    const orphan = await trainInChildProcess(request({ activeModel: { version: 'gone', artefactPath: join(modelDir, 'missing') } }), () => undefined);
    expect(orphan.active).toMatchObject({ version: 'gone', error: expect.stringMatching(/missing/) });
  }, 90_000);

  it('stops when aborted and saves nothing', async () => {
    const before = await readdir(modelDir);
    const controller = new AbortController();
    const training = trainInChildProcess(request({ epochs: 500 }), () => undefined, controller.signal);
    controller.abort();
    await expect(training).rejects.toThrow(TrainingAbortedError);
    expect(await readdir(modelDir)).toEqual(before);
  }, 60_000);

  it('reports bad training data as a failure with the reason', async () => {
    const bad = request();
    bad.split.train = [{ text: 'hello', intent: 'greeting' }];
    await expect(trainInChildProcess(bad, () => undefined)).rejects.toThrow(TrainingProcessError);
  }, 60_000);
});

import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { Queue } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { subscribePlatformEvent, trainingCancelSetKey, TRAINING_QUEUE, type PlatformEvent, type Redis } from '@chatbot/core';
import {
  addIntentExamples,
  createIntent,
  createTrainingRun,
  deleteIntent,
  failTrainingRun,
  getActiveModelVersion,
  getTrainingRun,
  labelTurns,
  recordExchange,
  type TrainingRun,
} from '@chatbot/db';
import { createPlatformFixture, type PlatformFixture } from './platform-fixture';
import { readBotTrainingData } from '@chatbot/default-bot';
import { startTrainingConsumer, type TrainingConsumer } from '../src/training/training-consumer';
import { WORKER_STOPPED_REASON, type TrainingProcessorDeps } from '../src/training/training-processor';

let platform: PlatformFixture;
let queue: Queue;
let subscriber: Redis;
let consumer: TrainingConsumer | null = null;
const promotions: PlatformEvent<'model.promoted'>[] = [];

beforeAll(async () => {
  platform = await createPlatformFixture();
  queue = new Queue(TRAINING_QUEUE, { connection: platform.redis, prefix: platform.config.REDIS_PREFIX });
  subscriber = platform.redis.duplicate();
  await subscribePlatformEvent(subscriber, platform.config.REDIS_PREFIX, 'model.promoted', (event) => promotions.push(event));
}, 180_000);

afterEach(async () => {
  await consumer?.close();
  consumer = null;
});

afterAll(async () => {
  subscriber?.disconnect();
  await queue?.obliterate({ force: true });
  await queue?.close();
  await platform?.dispose();
});

function startConsumer(overrides: Partial<TrainingProcessorDeps> = {}): Promise<TrainingConsumer> {
  return startTrainingConsumer({
    db: platform.db,
    redis: platform.redis,
    prefix: platform.config.REDIS_PREFIX,
    logger: platform.logger,
    modelDir: platform.config.MODEL_DIR,
    backend: 'auto',
    maxMacroF1Drop: 0.01,
    minExamplesPerIntent: 5,
    loadBaseData: () => readBotTrainingData(),
    progressWriteIntervalMs: 0,
    // Few epochs keep the suite quick; the figures are not what these tests are about.
    epochs: 3,
    ...overrides,
  });
}

/** What the API does: a queued run, and a job on the training queue with the run's id. */
async function requestRun(): Promise<TrainingRun> {
  const run = await createTrainingRun(platform.db, { requestedBy: 'test-admin' });
  await queue.add('train', { trainingRunId: run.id }, { jobId: run.id });
  return run;
}

async function finished(runId: string, timeoutMs = 90_000): Promise<TrainingRun> {
  let run = await getTrainingRun(platform.db, runId);
  for (const deadline = Date.now() + timeoutMs; ['queued', 'running'].includes(run.status) && Date.now() < deadline;) {
    await new Promise((r) => setTimeout(r, 100));
    run = await getTrainingRun(platform.db, runId);
  }
  return run;
}

let messageCount = 0;
/** Stores user messages as if they had been chatted, and labels them. */
async function labelMessages(texts: string[], intent: string) {
  const turnIds = [];
  for (const text of texts) {
    const conversationKey = `web:labelled-${++messageCount}`;
    const { inboundTurn } = await recordExchange(platform.db, {
      channel: 'web',
      conversationKey,
      user: { id: conversationKey },
      language: 'en',
      inbound: { nativeMessageId: conversationKey, text, receivedAt: new Date(), intent: null, confidence: 0.1, outOfScope: true, topIntents: [], modelVersion: 'v0' },
      reply: null,
    });
    turnIds.push(inboundTurn.id);
  }
  await labelTurns(platform.db, { labels: turnIds.map((turnId) => ({ turnId, intent })), createIntent: true, createdBy: 'test-admin' });
}

const versionsOf = (runId: string) => platform.db.modelVersion.findMany({ where: { trainingRun: { id: runId } } });

describe('the training job', () => {
  it('refuses data where an intent has too few examples, before any training, and says which', async () => {
    await labelMessages(['wrap it as a gift please', 'can you gift wrap this'], 'gift_wrap');
    consumer = await startConsumer();
    const run = await finished((await requestRun()).id);
    expect(run.status).toBe('failed');
    expect(run.error).toContain('intent "gift_wrap" has 2 examples, at least 5 are needed');
    expect(run.progress).toBeNull();
    expect(await versionsOf(run.id)).toEqual([]);
    await platform.db.label.deleteMany({ where: { intent: 'gift_wrap' } });
  });

  it('applies the configured minimum (TRAINING_MIN_EXAMPLES_PER_INTENT), the one the admin API checks too', async () => {
    consumer = await startConsumer({ minExamplesPerIntent: 1000 });
    const run = await finished((await requestRun()).id);
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/intent "\w+" has \d+ examples, at least 1000 are needed/);
    expect(await versionsOf(run.id)).toEqual([]);
  });

  it('trains, scores the new and the active model on the same held-out split, registers and promotes; one run at a time', async () => {
    const active = await getActiveModelVersion(platform.db);
    // Full training, like the default model's: then the new model is the same model.
    consumer = await startConsumer({ epochs: undefined });
    const [first, second] = [await requestRun(), await requestRun()];
    const [a, b] = [await finished(first.id), await finished(second.id)];
    expect([a.status, b.status]).toEqual(['succeeded', 'succeeded']);
    // The second request waited in the queue until the first run had finished.
    expect(b.startedAt!.getTime()).toBeGreaterThanOrEqual(a.finishedAt!.getTime());

    const metrics = a.metrics as Record<string, any>;
    expect(metrics.evaluation).toMatchObject({ n: expect.any(Number), accuracy: expect.any(Number), macroF1: expect.any(Number), oosRecall: expect.any(Number) });
    expect(metrics.evaluation.perIntent.find((s: { intent: string }) => s.intent === 'order_status')).toMatchObject({
      precision: expect.any(Number),
      recall: expect.any(Number),
      f1: expect.any(Number),
    });
    expect(metrics.evaluation.confusion).toHaveLength(metrics.evaluation.labels.length);
    expect(metrics.activeModel).toMatchObject({ version: active!.version, evaluation: { n: metrics.evaluation.n } });
    // Same data, same seed: the same model, so it passes the gate.
    expect(metrics.evaluation.macroF1).toBeCloseTo(metrics.activeModel.evaluation.macroF1, 6);
    expect(metrics.promotion).toMatchObject({ promote: true, activeVersion: active!.version });

    const progress = a.progress as { epoch: number; history: Array<{ epoch: number; loss: number }> };
    expect(progress.history.map((h) => h.epoch)).toEqual(progress.history.map((_, i) => i + 1));
    expect(progress.epoch).toBe(progress.history.length);
    expect((await queue.getJob(first.id))?.progress).toMatchObject({ epoch: progress.epoch });

    const [version] = await versionsOf(a.id);
    expect(version).toMatchObject({ version: metrics.modelVersion, metrics: { heldOut: { macroF1: metrics.evaluation.macroF1 } } });
    expect(existsSync(`${version!.artefactPath}/metadata.json`)).toBe(true);
    const nowActive = await getActiveModelVersion(platform.db);
    expect(nowActive?.version).toBe((b.metrics as { modelVersion: string }).modelVersion);
    await expect.poll(() => promotions.map((p) => p.version)).toEqual([metrics.modelVersion, nowActive!.version]);
  }, 180_000);

  it('registers a model that fails the promotion gate without activating it, and says why', async () => {
    const active = await getActiveModelVersion(platform.db);
    // A negative margin demands an improvement the same data cannot give.
    consumer = await startConsumer({ maxMacroF1Drop: -1 });
    const run = await finished((await requestRun()).id);
    expect(run.status).toBe('succeeded');
    const metrics = run.metrics as { promotion: { promote: boolean; reason: string }; modelVersion: string };
    expect(metrics.promotion.promote).toBe(false);
    expect(metrics.promotion.reason).toMatch(/^waiting for an admin: macro-F1/);
    expect(await versionsOf(run.id)).toMatchObject([{ version: metrics.modelVersion, isActive: false }]);
    expect((await getActiveModelVersion(platform.db))?.version).toBe(active!.version);
    expect(promotions.map((p) => p.version)).not.toContain(metrics.modelVersion);
  }, 120_000);

  it('cancels a running run between epochs and stores nothing', async () => {
    consumer = await startConsumer({ epochs: undefined }); // long enough to be caught mid-way
    const modelsBefore = await readdir(platform.config.MODEL_DIR);
    const run = await requestRun();
    await expect.poll(async () => ((await queue.getJob(run.id))?.progress as { epoch?: number })?.epoch ?? 0, { timeout: 60_000, interval: 20 }).toBeGreaterThan(0);
    await platform.redis.sadd(trainingCancelSetKey(platform.config.REDIS_PREFIX), run.id);
    const cancelled = await finished(run.id);
    expect(cancelled.status).toBe('cancelled');
    expect(await versionsOf(run.id)).toEqual([]);
    expect(await readdir(platform.config.MODEL_DIR)).toEqual(modelsBefore);
    expect(await platform.redis.sismember(trainingCancelSetKey(platform.config.REDIS_PREFIX), run.id)).toBe(0);
  }, 120_000);

  it('registers nothing for a run another worker marked failed while it trained, and keeps that reason', async () => {
    consumer = await startConsumer({ epochs: undefined });
    const modelsBefore = await readdir(platform.config.MODEL_DIR);
    const run = await requestRun();
    await expect.poll(async () => ((await queue.getJob(run.id))?.progress as { epoch?: number })?.epoch ?? 0, { timeout: 60_000, interval: 20 }).toBeGreaterThan(0);
    // What a restarting worker does to a run it believes orphaned.
    expect(await failTrainingRun(platform.db, run.id, WORKER_STOPPED_REASON)).toBe(true);
    await expect.poll(async () => (await queue.getJob(run.id))?.failedReason, { timeout: 90_000 }).toMatch(/is failed, not running/);
    expect(await getTrainingRun(platform.db, run.id)).toMatchObject({ status: 'failed', error: WORKER_STOPPED_REASON, modelVersionId: null });
    expect(await versionsOf(run.id)).toEqual([]);
    expect(await readdir(platform.config.MODEL_DIR)).toEqual(modelsBefore);
  }, 120_000);

  it('skips a run that was cancelled while it waited in the queue', async () => {
    const run = await requestRun();
    await platform.db.trainingRun.update({ where: { id: run.id }, data: { status: 'cancelled' } });
    consumer = await startConsumer();
    await expect.poll(async () => (await queue.getJob(run.id))?.returnvalue, { timeout: 20_000 }).toEqual({ status: 'cancelled' });
    expect((await getTrainingRun(platform.db, run.id)).status).toBe('cancelled');
  });

  it('marks a run failed, never promoted, when its trainer stopped mid-training', async () => {
    // Left "running" by a worker that died: on start, a consumer finds it without an active job.
    const orphan = await createTrainingRun(platform.db, { requestedBy: 'test-admin' });
    await platform.db.trainingRun.update({ where: { id: orphan.id }, data: { status: 'running', startedAt: new Date() } });
    // Redelivered by BullMQ after the trainer died: the run is already "running" when it is picked up.
    const redelivered = await createTrainingRun(platform.db, { requestedBy: 'test-admin' });
    await platform.db.trainingRun.update({ where: { id: redelivered.id }, data: { status: 'running', startedAt: new Date() } });
    consumer = await startConsumer();
    expect(await getTrainingRun(platform.db, orphan.id)).toMatchObject({ status: 'failed', error: WORKER_STOPPED_REASON });
    await queue.add('train', { trainingRunId: redelivered.id }, { jobId: redelivered.id });
    expect(await finished(redelivered.id, 20_000)).toMatchObject({ status: 'failed', error: WORKER_STOPPED_REASON });
    expect([...(await versionsOf(orphan.id)), ...(await versionsOf(redelivered.id))]).toEqual([]);
  });

  it('fails a job that names no valid training run, with a clear reason', async () => {
    consumer = await startConsumer();
    await queue.add('train', { trainingRunId: 'not-a-run' }, { jobId: 'bad-job' });
    await expect.poll(async () => (await queue.getJob('bad-job'))?.failedReason, { timeout: 20_000 }).toMatch(/trainingRunId must be a training run id/);
  });

  it('trains on the phrases an admin wrote for a new intent, as on labelled messages', async () => {
    await createIntent(platform.db, { name: 'engraving', responses: { en: ['We engrave for free.'] } });
    const phrases = [
      'can you engrave my name',
      'engraving on the ring please',
      'do you do engraving',
      'engrave a message on it',
      'is engraving possible',
      'personal engraving',
    ];
    await addIntentExamples(platform.db, 'engraving', { texts: phrases, createdBy: 'test-admin' });
    consumer = await startConsumer();
    const run = await finished((await requestRun()).id);
    expect(run.status).toBe('succeeded');
    const metrics = run.metrics as { data: { labelled: number }; evaluation: { labels: string[] } };
    expect(metrics.data.labelled).toBeGreaterThanOrEqual(phrases.length);
    expect(metrics.evaluation.labels).toContain('engraving');
    const [version] = await versionsOf(run.id);
    const metadata = JSON.parse(await readFile(`${version!.artefactPath}/metadata.json`, 'utf8')) as { labels: string[] };
    expect(metadata.labels).toContain('engraving');
    await deleteIntent(platform.db, 'engraving');
  }, 120_000);
});

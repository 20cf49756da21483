import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  cancelTrainingRun,
  createTrainingRun,
  failTrainingRun,
  getTrainingRun,
  listModelVersions,
  listTrainingRuns,
  markTrainingRunRunning,
  RecordNotFoundError,
  registerModelVersion,
  TrainingRunNotRunningError,
  updateTrainingRunProgress,
} from '../src/index';
import { useIsolatedDatabase } from './support/use-isolated-database';

const database = useIsolatedDatabase();

describe('training runs', () => {
  it('goes queued -> running -> succeeded with its registered model, keeping progress and metrics', async () => {
    const run = await createTrainingRun(database.db, { requestedBy: 'admin' });
    expect(run).toMatchObject({ status: 'queued', requestedBy: 'admin', startedAt: null });

    const running = await markTrainingRunRunning(database.db, run.id);
    expect(running?.status).toBe('running');
    expect(running?.startedAt).toBeInstanceOf(Date);
    expect(await updateTrainingRunProgress(database.db, run.id, { epoch: 2, epochs: 10, loss: 0.5 })).toBe(true);
    expect((await getTrainingRun(database.db, run.id)).progress).toEqual({ epoch: 2, epochs: 10, loss: 0.5 });

    const model = await registerModelVersion(database.db, {
      version: `v-${randomUUID()}`,
      artefactPath: '/m/v',
      metrics: {},
      activate: false,
      trainingRun: { id: run.id, metrics: { macroF1: 0.91 } },
    });
    const finished = await getTrainingRun(database.db, run.id);
    expect(finished).toMatchObject({ status: 'succeeded', metrics: { macroF1: 0.91 }, error: null, modelVersionId: model.id });
    expect(finished.finishedAt).toBeInstanceOf(Date);
  });

  it('does not start a run that was cancelled while it waited, nor start one twice', async () => {
    const cancelled = await createTrainingRun(database.db, { requestedBy: 'admin' });
    expect(await cancelTrainingRun(database.db, cancelled.id)).toBe(true);
    expect(await markTrainingRunRunning(database.db, cancelled.id)).toBeNull();
    expect((await getTrainingRun(database.db, cancelled.id)).status).toBe('cancelled');

    const taken = await createTrainingRun(database.db, { requestedBy: 'admin' });
    expect(await markTrainingRunRunning(database.db, taken.id)).not.toBeNull();
    expect(await markTrainingRunRunning(database.db, taken.id)).toBeNull();
  });

  it('never changes a finished run again', async () => {
    const run = await createTrainingRun(database.db, { requestedBy: 'admin' });
    await markTrainingRunRunning(database.db, run.id);
    expect(await failTrainingRun(database.db, run.id, 'worker stopped during training')).toBe(true);
    const late = { version: `late-${randomUUID()}`, artefactPath: '/m/late', metrics: {}, activate: true, trainingRun: { id: run.id, metrics: { macroF1: 1 } } };
    await expect(registerModelVersion(database.db, late)).rejects.toThrow(TrainingRunNotRunningError);
    expect(await database.db.modelVersion.findUnique({ where: { version: late.version } })).toBeNull();
    expect(await cancelTrainingRun(database.db, run.id)).toBe(false);
    expect(await updateTrainingRunProgress(database.db, run.id, { epoch: 3 })).toBe(false);
    expect(await getTrainingRun(database.db, run.id)).toMatchObject({ status: 'failed', error: 'worker stopped during training', metrics: null });
  });

  it('refuses unknown runs, bad ids and blank reasons with clear errors', async () => {
    await expect(getTrainingRun(database.db, randomUUID())).rejects.toThrow(RecordNotFoundError);
    await expect(getTrainingRun(database.db, 'not-a-uuid')).rejects.toThrow(/training run not-a-uuid does not exist/);
    await expect(failTrainingRun(database.db, randomUUID(), 'boom')).rejects.toThrow(RecordNotFoundError);
    const run = await createTrainingRun(database.db, { requestedBy: 'admin' });
    await expect(failTrainingRun(database.db, run.id, '  ')).rejects.toThrow(/needs a reason/);
    await expect(createTrainingRun(database.db, { requestedBy: '' })).rejects.toThrow(/requestedBy/);
  });

  it('lists runs newest first, optionally by status', async () => {
    const older = await createTrainingRun(database.db, { requestedBy: 'first' });
    const newer = await createTrainingRun(database.db, { requestedBy: 'second' });
    const all = await listTrainingRuns(database.db);
    expect(all.findIndex((r) => r.id === newer.id)).toBeLessThan(all.findIndex((r) => r.id === older.id));
    const queued = await listTrainingRuns(database.db, { status: 'queued' });
    expect(queued.every((r) => r.status === 'queued')).toBe(true);
    expect(queued.map((r) => r.id)).toEqual(expect.arrayContaining([older.id, newer.id]));
    expect(await listTrainingRuns(database.db, { limit: 1 })).toHaveLength(1);
  });
});

describe('listModelVersions', () => {
  it('lists versions newest first with metrics, active flag and the run that produced them', async () => {
    const run = await createTrainingRun(database.db, { requestedBy: 'admin' });
    await markTrainingRunRunning(database.db, run.id);
    const first = await registerModelVersion(database.db, { version: `a-${randomUUID()}`, artefactPath: '/m/a', metrics: { macroF1: 0.8 }, activate: true });
    const second = await registerModelVersion(database.db, {
      version: `b-${randomUUID()}`,
      artefactPath: '/m/b',
      metrics: { macroF1: 0.9 },
      activate: false,
      trainingRun: { id: run.id, metrics: {} },
    });
    const versions = await listModelVersions(database.db);
    expect(versions.slice(0, 2).map((v) => v.version)).toEqual([second.version, first.version]);
    expect(versions[0]).toMatchObject({ isActive: false, metrics: { macroF1: 0.9 }, trainingRunId: run.id });
    expect(versions[1]).toMatchObject({ isActive: true, trainingRunId: null });
  });
});

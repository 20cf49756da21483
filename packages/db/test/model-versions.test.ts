import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { activateModelVersion, getActiveModelVersion, RecordNotFoundError, registerModelVersion } from '../src/index';
import { useIsolatedDatabase } from './support/use-isolated-database';

const database = useIsolatedDatabase();

const version = (name: string, activate: boolean) => ({
  version: `${name}-${randomUUID().slice(0, 8)}`,
  artefactPath: `/models/${name}`,
  metrics: { macroF1: 0.9, accuracy: 0.92 },
  activate,
});

async function activeVersions(): Promise<string[]> {
  const rows = await database.db.modelVersion.findMany({ where: { isActive: true }, select: { version: true } });
  return rows.map((row) => row.version);
}

describe('model versions', () => {
  it('has no active version before the first one is registered', async () => {
    expect(await getActiveModelVersion(database.db)).toBeNull();
  });

  it('activating a new version deactivates the previous one', async () => {
    const first = await registerModelVersion(database.db, version('first', true));
    expect(await getActiveModelVersion(database.db)).toMatchObject({ version: first.version, artefactPath: '/models/first', metrics: { macroF1: 0.9 } });

    const second = await registerModelVersion(database.db, version('second', true));
    expect(second.isActive).toBe(true);
    expect(second.promotedAt).toBeInstanceOf(Date);
    expect(await activeVersions()).toEqual([second.version]);
  });

  it('registering without activating leaves the active version alone', async () => {
    const active = await getActiveModelVersion(database.db);
    const candidate = await registerModelVersion(database.db, version('candidate', false));
    expect(candidate).toMatchObject({ isActive: false, promotedAt: null });
    expect((await getActiveModelVersion(database.db))?.version).toBe(active?.version);
  });

  it('keeps exactly one active version when several are promoted at the same moment', async () => {
    const candidates = await Promise.all(['a', 'b', 'c'].map((name) => registerModelVersion(database.db, version(name, false))));
    await Promise.all(candidates.map((candidate) => activateModelVersion(database.db, candidate.version)));
    expect(await activeVersions()).toHaveLength(1);
  });

  it('the database itself refuses a second active version', async () => {
    await expect(database.db.modelVersion.create({ data: { version: `rogue-${randomUUID()}`, artefactPath: '/x', metrics: {}, isActive: true } })).rejects.toThrow(
      /Unique constraint/,
    );
  });

  it('links a version to the training run that produced it, which succeeds in the same transaction', async () => {
    const run = await database.db.trainingRun.create({ data: { requestedBy: 'admin', status: 'running' } });
    const produced = await registerModelVersion(database.db, { ...version('trained', false), trainingRun: { id: run.id, metrics: { macroF1: 0.9 } } });
    const stored = await database.db.trainingRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(stored).toMatchObject({ modelVersionId: produced.id, status: 'succeeded', metrics: { macroF1: 0.9 } });
  });

  it('registers nothing, and leaves the active version alone, when the run is not running any more', async () => {
    const activeBefore = await activeVersions();
    const run = await database.db.trainingRun.create({ data: { requestedBy: 'admin', status: 'cancelled' } });
    const late = version('late', true);
    await expect(registerModelVersion(database.db, { ...late, trainingRun: { id: run.id, metrics: {} } })).rejects.toThrow(/is cancelled, not running/);
    expect(await database.db.modelVersion.findUnique({ where: { version: late.version } })).toBeNull();
    expect(await activeVersions()).toEqual(activeBefore);
    expect((await database.db.trainingRun.findUniqueOrThrow({ where: { id: run.id } })).status).toBe('cancelled');
  });

  it('refuses unknown training runs and versions, and stores nothing', async () => {
    const orphan = version('orphan', true);
    await expect(registerModelVersion(database.db, { ...orphan, trainingRun: { id: randomUUID(), metrics: {} } })).rejects.toThrow(RecordNotFoundError);
    expect(await database.db.modelVersion.findUnique({ where: { version: orphan.version } })).toBeNull();
    await expect(activateModelVersion(database.db, 'no-such-version')).rejects.toThrow('model version no-such-version does not exist');
    await expect(registerModelVersion(database.db, { ...version('blank', false), version: ' ' })).rejects.toThrow(/version/);
  });
});

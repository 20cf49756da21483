import { describe, expect, it, vi } from 'vitest';
import { registerModelVersion } from '@chatbot/db';
import { useAdminApi } from './support/admin-api-harness';

const api = useAdminApi();

const activeVersions = async () => (await api.db.modelVersion.findMany({ where: { isActive: true } })).map((version) => version.version);
const register = (version: string, activate: boolean) =>
  registerModelVersion(api.db, { version, artefactPath: `/models/${version}`, metrics: { macroF1: 0.9 }, activate });

describe('model versions', () => {
  it('rollback with no earlier promoted version is 409', async () => {
    await register('v1', true);
    const response = await api.call('POST', '/api/v1/model-versions/rollback');
    expect(response.status).toBe(409);
    expect(await activeVersions()).toEqual(['v1']);
  });

  it('lists versions with their metrics and active flag', async () => {
    await register('v2', false);
    const response = await api.call('GET', '/api/v1/model-versions');
    expect(response.json.items).toEqual([
      expect.objectContaining({ version: 'v2', isActive: false, metrics: { macroF1: 0.9 } }),
      expect.objectContaining({ version: 'v1', isActive: true }),
    ]);
  });

  it('promote flips the active flag and announces model.promoted', async () => {
    const events = await api.listen('model.promoted');
    const response = await api.call('POST', '/api/v1/model-versions/v2/promote');
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ version: 'v2', isActive: true });
    expect(await activeVersions()).toEqual(['v2']);
    await vi.waitFor(() => expect(events).toEqual([{ version: 'v2', artefactPath: '/models/v2' }]));
    expect(await api.db.auditLog.findFirst({ where: { action: 'model.promote' } })).toMatchObject({ target: 'v2', details: { previous: 'v1' } });
  });

  it('rollback returns to the previously active version and announces it', async () => {
    await new Promise((resolve) => setTimeout(resolve, 5)); // distinct promotedAt timestamps
    await register('v3', false);
    await api.call('POST', '/api/v1/model-versions/v3/promote');
    const events = await api.listen('model.promoted');

    const response = await api.call('POST', '/api/v1/model-versions/rollback');
    expect(response.json).toMatchObject({ version: 'v2', isActive: true });
    expect(await activeVersions()).toEqual(['v2']);
    await vi.waitFor(() => expect(events).toEqual([{ version: 'v2', artefactPath: '/models/v2' }]));
    expect(await api.db.auditLog.findFirst({ where: { action: 'model.rollback' } })).toMatchObject({ target: 'v2', details: { from: 'v3' } });
  });

  it('is 404 for an unknown version, and leaves the active one alone', async () => {
    const response = await api.call('POST', '/api/v1/model-versions/v404/promote');
    expect(response.status).toBe(404);
    expect(await activeVersions()).toEqual(['v2']);
  });
});

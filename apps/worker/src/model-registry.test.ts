import { describe, expect, it } from 'vitest';
import { createLogger } from '@chatbot/core';
import type { IntentModel } from '@chatbot/model';
import { ModelRegistry } from './model-registry';

/** A stand-in model that answers with its own name; `loadDelays` sets how long each version takes to load. */
function fakeLoader(loadDelays: Record<string, number>) {
  const disposed: string[] = [];
  const load = async (artefactPath: string): Promise<IntentModel> => {
    await new Promise((r) => setTimeout(r, loadDelays[artefactPath] ?? 0));
    return {
      metadata: { backend: 'cpu' },
      predict: () => ({ intent: artefactPath, confidence: 1, outOfScope: false, top: [], language: 'en' }),
      predictBatch: (texts: string[]) => texts.map(() => ({ intent: artefactPath, confidence: 1, outOfScope: false, top: [], language: 'en' as const })),
      save: async () => undefined,
      dispose: () => disposed.push(artefactPath),
    } as unknown as IntentModel;
  };
  return { load, disposed };
}

const logger = createLogger('registry-test', 'silent');

describe('ModelRegistry', () => {
  it('answers with the activated version', async () => {
    const registry = new ModelRegistry(fakeLoader({}).load, logger);
    await registry.activate({ version: 'v1', artefactPath: 'v1' });
    expect(registry.classifyBatch(['hi'])).toEqual([{ prediction: expect.objectContaining({ intent: 'v1' }), modelVersion: 'v1' }]);
  });

  it('ends on the latest request when a rollback is still loading as a promotion arrives', async () => {
    const loader = fakeLoader({ v1: 50, v2: 0 });
    const registry = new ModelRegistry(loader.load, logger);
    await registry.activate({ version: 'v2', artefactPath: 'v2' });
    const rollback = registry.activate({ version: 'v1', artefactPath: 'v1' }); // slow to load
    const promotion = registry.activate({ version: 'v2', artefactPath: 'v2' });
    await Promise.all([rollback, promotion]);
    expect(registry.version).toBe('v2');
    expect(registry.classifyBatch(['hi'])[0]?.modelVersion).toBe('v2');
  });

  it('disposes the model it replaces', async () => {
    const loader = fakeLoader({});
    const registry = new ModelRegistry(loader.load, logger);
    await registry.activate({ version: 'v1', artefactPath: 'v1' });
    await registry.activate({ version: 'v2', artefactPath: 'v2' });
    expect(loader.disposed).toEqual(['v1']);
  });
});

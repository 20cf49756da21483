import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE_VERSION, loadIntentModel, ModelLoadError, trainIntentModel } from './index';
import { decodeFloat16 } from './float16';
import { QUICK, TRAIN } from './testing/fixtures';

describe('model artefacts', () => {
  let root: string;
  let good: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'model-artefact-'));
    good = join(root, 'good');
    const model = await trainIntentModel(TRAIN, QUICK);
    await model.save(good);
    model.dispose();
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  /** A copy of the good artefact with one file changed. */
  async function damaged(name: string, change: (path: string) => Promise<void>): Promise<string> {
    const dir = join(root, `damaged-${name}-${Math.random().toString(36).slice(2)}`);
    const model = await loadIntentModel(good);
    await model.save(dir);
    model.dispose();
    await change(join(dir, name));
    return dir;
  }

  it('holds metadata, the tfjs head and the embedding rows', async () => {
    const metadata = JSON.parse(await readFile(join(good, 'metadata.json'), 'utf8'));
    expect(metadata).toMatchObject({ engineVersion: ENGINE_VERSION, architecture: 'ngram-bag', labels: ['greeting', 'opening_hours', 'order_status', 'refund'] });
    expect(metadata.embedding.storedRows).toBeGreaterThan(0);
    const modelJson = JSON.parse(await readFile(join(good, 'model.json'), 'utf8'));
    expect(modelJson.weightsManifest[0].paths).toEqual(['weights.bin']);
  });

  it('stores the embedding in half precision, and still reads the float32 embedding of older artefacts', async () => {
    const metadata = JSON.parse(await readFile(join(good, 'metadata.json'), 'utf8'));
    const { storedRows, dim } = metadata.embedding;
    expect(metadata.embedding.precision).toBe('float16');
    const bytes = await readFile(join(good, 'embedding.bin'));
    expect(bytes.byteLength).toBe(storedRows * 4 + storedRows * dim * 2);

    const old = join(root, 'float32');
    const model = await loadIntentModel(good);
    await model.save(old);
    const halves = new Uint16Array(new Uint8Array(bytes).buffer, storedRows * 4, storedRows * dim);
    await writeFile(join(old, 'embedding.bin'), Buffer.concat([bytes.subarray(0, storedRows * 4), Buffer.from(decodeFloat16(halves).buffer)]));
    const { precision, ...embedding } = metadata.embedding;
    await writeFile(join(old, 'metadata.json'), JSON.stringify({ ...metadata, engineVersion: '1.0.0', embedding }));
    const loaded = await loadIntentModel(old);
    const texts = ['hello', 'where is my parcel', '退款'];
    expect(loaded.predictBatch(texts)).toEqual(model.predictBatch(texts));
    loaded.dispose();
    model.dispose();
  });

  it('a missing directory is a ModelLoadError naming the missing file', async () => {
    await expect(loadIntentModel(join(root, 'nowhere'))).rejects.toThrow(ModelLoadError);
    await expect(loadIntentModel(join(root, 'nowhere'))).rejects.toThrow(/metadata\.json is missing/);
  });

  it('corrupt metadata is a ModelLoadError', async () => {
    const dir = await damaged('metadata.json', (p) => writeFile(p, '{ not json'));
    await expect(loadIntentModel(dir)).rejects.toThrow(/metadata\.json is not valid JSON/);
  });

  it('metadata without labels is a ModelLoadError naming the field', async () => {
    const dir = await damaged('metadata.json', async (p) => {
      const metadata = JSON.parse(await readFile(p, 'utf8'));
      delete metadata.labels;
      await writeFile(p, JSON.stringify(metadata));
    });
    await expect(loadIntentModel(dir)).rejects.toThrow(/metadata\.json is invalid \(labels/);
  });

  it('an artefact from another engine major version is refused with a clear message', async () => {
    const dir = await damaged('metadata.json', async (p) => {
      const metadata = JSON.parse(await readFile(p, 'utf8'));
      await writeFile(p, JSON.stringify({ ...metadata, engineVersion: '99.0.0' }));
    });
    await expect(loadIntentModel(dir)).rejects.toThrow(/engine version 99\.0\.0.*retrain/);
  });

  it('a truncated embedding file is a ModelLoadError', async () => {
    const dir = await damaged('embedding.bin', (p) => truncate(p, 10));
    await expect(loadIntentModel(dir)).rejects.toThrow(/embedding\.bin has 10 bytes/);
  });

  it('missing head weights are a ModelLoadError', async () => {
    const dir = await damaged('weights.bin', (p) => rm(p));
    await expect(loadIntentModel(dir)).rejects.toThrow(/weights\.bin is missing/);
  });
});

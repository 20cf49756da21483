import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { BackendUnavailableError, initBackend } from './index';

describe('initBackend', () => {
  afterAll(() => initBackend('wasm'));

  it('auto picks a backend that works and reports it', async () => {
    const name = await initBackend('auto');
    expect(['tensorflow', 'wasm', 'cpu']).toContain(name);
    expect(tf.getBackend()).toBe(name);
    expect(await initBackend()).toBe(name);
  });

  it('a forced backend is used', async () => {
    expect(await initBackend('cpu')).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(await initBackend('wasm')).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  it('a forced tensorflow backend either loads or fails with a clear error', async () => {
    const outcome = await initBackend('tensorflow').catch((e: unknown) => e);
    if (outcome !== 'tensorflow') {
      expect(outcome).toBeInstanceOf(BackendUnavailableError);
      expect(String((outcome as Error).message)).toMatch(/"tensorflow" could not be loaded.*tfjs-node/);
    }
  });

  it('an unknown backend name is refused with the valid names', async () => {
    await expect(initBackend('gpu' as 'cpu')).rejects.toThrow(/unknown model backend "gpu": use auto, tensorflow, wasm or cpu/);
  });
});

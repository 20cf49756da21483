import { readFile, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { assembleKernel } from '../../scripts/assemble-kernel';

const KERNELS_DIR = fileURLToPath(new URL('./', import.meta.url));

describe('the committed WebAssembly kernels', () => {
  it('are what their .wat sources assemble to (run `pnpm --filter @chatbot/model build:kernels` after editing one)', async () => {
    const sources = (await readdir(KERNELS_DIR)).filter((name) => name.endsWith('.wat'));
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      const committed = new Uint8Array(await readFile(`${KERNELS_DIR}${source.replace(/\.wat$/, '.wasm')}`));
      expect(committed, source).toEqual(await assembleKernel(`${KERNELS_DIR}${source}`));
    }
  });
});

/**
 * `pnpm --filter @chatbot/model build:kernels`: assembles src/kernels/*.wat into the .wasm files next
 * to them, which are committed (serving needs no assembler). kernels.test.ts fails when a .wasm file
 * is not what its .wat source assembles to.
 */
import { readdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { assembleKernel } from './assemble-kernel';

const KERNELS_DIR = fileURLToPath(new URL('../src/kernels/', import.meta.url));

for (const file of (await readdir(KERNELS_DIR)).filter((name) => name.endsWith('.wat'))) {
  const wasm = await assembleKernel(`${KERNELS_DIR}${file}`);
  await writeFile(`${KERNELS_DIR}${file.replace(/\.wat$/, '.wasm')}`, wasm);
  process.stderr.write(`${file} -> ${wasm.length} bytes\n`);
}

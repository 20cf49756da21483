import { readFile } from 'node:fs/promises';
import loadWabt from 'wabt';

/** The WebAssembly binary of a .wat file (SIMD and bulk memory enabled). */
export async function assembleKernel(watPath: string): Promise<Uint8Array> {
  const wabt = await loadWabt();
  const module = wabt.parseWat(watPath, await readFile(watPath, 'utf8'), { simd: true, bulk_memory: true });
  try {
    module.validate();
    return module.toBinary({ log: false, write_debug_names: false }).buffer;
  } finally {
    module.destroy();
  }
}

import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { z } from 'zod';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
export type BackendPreference = 'auto' | BackendName;

const backendPreferenceSchema = z.enum(['auto', 'tensorflow', 'wasm', 'cpu']);

export class BackendUnavailableError extends Error {
  override name = 'BackendUnavailableError';
}

const require = createRequire(import.meta.url);

/**
 * Requiring tfjs-node registers its kernels before it looks for the native binding, so a
 * package whose binding never built is skipped up front instead of half-loaded.
 */
function hasNativeBinding(packageName: string): boolean {
  try {
    const lib = join(dirname(require.resolve(`${packageName}/package.json`)), 'lib');
    return existsSync(lib) && readdirSync(lib).some((dir) => existsSync(join(lib, dir, 'tfjs_binding.node')));
  } catch {
    return false;
  }
}

/**
 * tfjs-node(-gpu) are optional dependencies whose native binding usually fails to build
 * (its install script downloads libtensorflow). A failed build still leaves the package
 * linked, so requiring it can throw anything: every error means "not available".
 */
function loadNativeBinding(): string | null {
  for (const name of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    if (!hasNativeBinding(name)) continue;
    try {
      require(name);
      return name;
    } catch {
      // try the next one
    }
  }
  return null;
}

async function activate(name: BackendName): Promise<boolean> {
  if (name === 'tensorflow' && loadNativeBinding() === null) return false;
  try {
    const ok = await tf.setBackend(name);
    await tf.ready();
    return ok && tf.getBackend() === name;
  } catch {
    return false;
  }
}

/** The order `auto` tries: native TensorFlow when it loads, else wasm, else pure JS. */
const AUTO_ORDER: BackendName[] = ['tensorflow', 'wasm', 'cpu'];

let active: BackendName | null = null;

/**
 * Chooses the tfjs backend. The preference comes from the argument, else MODEL_BACKEND, else
 * `auto`. Idempotent: asking again for the active backend (or `auto`) changes nothing.
 */
export async function initBackend(preference?: BackendPreference): Promise<BackendName> {
  const parsed = backendPreferenceSchema.safeParse(preference ?? process.env.MODEL_BACKEND ?? 'auto');
  if (!parsed.success) {
    throw new BackendUnavailableError(`unknown model backend "${String(preference ?? process.env.MODEL_BACKEND)}": use auto, tensorflow, wasm or cpu`);
  }
  const wanted = parsed.data;
  if (active !== null && (wanted === 'auto' || wanted === active)) return active;

  if (wanted !== 'auto') {
    if (!(await activate(wanted))) {
      const hint =
        wanted === 'tensorflow' ? ' (install @tensorflow/tfjs-node or @tensorflow/tfjs-node-gpu with its native libtensorflow; see packages/model/README.md)' : '';
      throw new BackendUnavailableError(`model backend "${wanted}" could not be loaded${hint}`);
    }
    active = wanted;
    return active;
  }
  for (const name of AUTO_ORDER) {
    if (await activate(name)) {
      active = name;
      return active;
    }
  }
  throw new BackendUnavailableError('no TensorFlow.js backend could be loaded (tried tensorflow, wasm, cpu)');
}

/** The backend the model runs on; initialises with `auto` on first use. */
export async function currentBackend(): Promise<BackendName> {
  return active ?? initBackend();
}

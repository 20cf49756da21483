import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createIsolatedDatabase } from '@chatbot/db';

const tsx = fileURLToPath(new URL('../../../../node_modules/.bin/tsx', import.meta.url));
const workerSrc = fileURLToPath(new URL('../../../worker/src/', import.meta.url));

function run(script: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, [join(workerSrc, script)], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${script} exited with ${code}`))));
  });
}

/**
 * The real back end for channel tests, as separate processes (apps never import each other):
 * an isolated PostgreSQL database, the default bot bootstrapped into it (catalogue + trained model),
 * and a worker process answering `inbound` on the given Redis prefix. `stop()` removes all of it.
 */
export async function startRealBackend(options: { redisUrl: string; prefix: string }) {
  const database = await createIsolatedDatabase();
  const modelDir = await mkdtemp(join(tmpdir(), 'chatbot-models-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    REDIS_URL: options.redisUrl,
    REDIS_PREFIX: options.prefix,
    MODEL_DIR: modelDir,
    METRICS_PORT: '0',
    LOG_LEVEL: 'info', // the worker's "worker ready" line tells us it is answering
  };
  let worker: ChildProcess | null = null;
  try {
    await run('bootstrap-main.ts', env);
    worker = spawn(tsx, [join(workerSrc, 'main.ts')], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      worker!.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
      worker!.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('"worker ready"')) resolve();
        if (process.env.TEST_LOG_LEVEL) process.stdout.write(chunk);
      });
    });
  } catch (error) {
    worker?.kill('SIGKILL');
    await database.drop();
    throw error;
  }
  return {
    databaseUrl: database.url,
    async stop() {
      if (worker && worker.exitCode === null) {
        const exited = new Promise((r) => worker!.once('exit', r));
        worker.kill('SIGTERM');
        await exited;
      }
      await database.drop();
      await rm(modelDir, { recursive: true, force: true });
    },
  };
}

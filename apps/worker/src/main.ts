import { createLogger, loadConfig } from '@chatbot/core';
import { startWorker } from './worker-process';

const logger = createLogger('worker');
const config = loadConfig(['redis', 'database', 'model', 'worker', 'training', 'log']);
const running = await startWorker(config, logger);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: finishing the jobs in hand');
    running.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'unclean stop');
        process.exit(1);
      },
    );
  });
}

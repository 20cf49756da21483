import { ConfigError, createLogger, createRedis, loadConfig } from '@chatbot/core';
import { createDatabase } from '@chatbot/db';
import { z } from 'zod';
import { buildApiServer, DEFAULT_MIN_EXAMPLES_PER_INTENT } from './server';

const logger = createLogger('api');
const config = loadConfig(['redis', 'database', 'api', 'log']);
const redis = createRedis(config.REDIS_URL);
const database = createDatabase(config.DATABASE_URL);
const app = await buildApiServer({
  redis,
  db: database.prisma,
  redisPrefix: config.REDIS_PREFIX,
  logger,
  adminToken: config.ADMIN_TOKEN,
  training: { minExamplesPerIntent: readMinExamplesPerIntent() },
});
await app.listen({ port: config.API_PORT, host: config.HOST });

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'stopping');
    app
      .close()
      .then(() => database.close())
      .finally(() => {
        redis.disconnect();
        process.exit(0);
      });
  });
}

/** TRAINING_MIN_EXAMPLES_PER_INTENT: an intent with fewer examples makes POST /api/v1/training-runs answer 422. */
function readMinExamplesPerIntent(): number {
  const raw = process.env.TRAINING_MIN_EXAMPLES_PER_INTENT;
  const parsed = z.coerce.number().int().min(1).max(10_000).default(DEFAULT_MIN_EXAMPLES_PER_INTENT).safeParse(raw === '' ? undefined : raw);
  if (!parsed.success) throw new ConfigError(`Invalid configuration:\n  - TRAINING_MIN_EXAMPLES_PER_INTENT: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

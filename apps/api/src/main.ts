import { createLogger, createRedis, loadConfig } from '@chatbot/core';
import { createDatabase } from '@chatbot/db';
import { buildApiServer } from './server';

const logger = createLogger('api');
const config = loadConfig(['redis', 'database', 'api', 'training', 'log']);
const redis = createRedis(config.REDIS_URL, logger);
const database = createDatabase(config.DATABASE_URL);
const app = await buildApiServer({
  redis,
  db: database.prisma,
  redisPrefix: config.REDIS_PREFIX,
  logger,
  adminToken: config.ADMIN_TOKEN,
  trustProxy: config.API_TRUST_PROXY,
  training: { minExamplesPerIntent: config.TRAINING_MIN_EXAMPLES_PER_INTENT },
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

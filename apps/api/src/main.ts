import { configGroups, createLogger, createRedis, loadConfig, loadSettings } from '@chatbot/core';
import { createDatabase } from '@chatbot/db';
import { buildApiServer } from './server';

const logger = createLogger('api');
const config = loadConfig(['redis', 'database', 'api', 'training', 'log']);
// The workers' setting, read here too so that an admin's "try it" reads dates as the bot does.
const { BOT_TIME_ZONE } = loadSettings({ BOT_TIME_ZONE: configGroups.worker.BOT_TIME_ZONE });
const redis = createRedis(config.REDIS_URL, logger);
const database = createDatabase(config.DATABASE_URL);
const app = await buildApiServer({
  redis,
  db: database.prisma,
  redisPrefix: config.REDIS_PREFIX,
  logger,
  adminToken: config.ADMIN_TOKEN,
  trustProxy: config.API_TRUST_PROXY,
  botTimeZone: BOT_TIME_ZONE,
  training: { minExamplesPerIntent: config.TRAINING_MIN_EXAMPLES_PER_INTENT },
  inboxStream: { maxClients: config.INBOX_STREAM_MAX_CLIENTS },
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

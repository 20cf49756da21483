import { createLogger, loadConfig } from '@chatbot/core';
import { createDatabase } from '@chatbot/db';
import { bootstrapDefaultBot } from './bootstrap';

// `pnpm --filter @chatbot/worker bootstrap`: seed the reply catalogue and train the default model if none is active.
// With SHOP_BACKEND_URL and SHOP_BACKEND_SECRET (pnpm start sets them), the bot's actions call that shop backend.
const config = loadConfig(['database', 'model', 'log']);
const database = createDatabase(config.DATABASE_URL);
const { SHOP_BACKEND_URL: url, SHOP_BACKEND_SECRET: secret } = process.env;
try {
  const shopBackend = url && secret ? { url, secret } : undefined;
  const result = await bootstrapDefaultBot(database.prisma, config, createLogger('bootstrap'), (line) => console.log(line), { shopBackend });
  if (result.seededIntents > 0) console.log(`Seeded ${result.seededIntents} intents into the reply catalogue.`);
  if (!result.trainedVersion) console.log('A model is already active; nothing to train.');
} finally {
  await database.close();
}

// `pnpm db:migrate`: applies pending migrations to DATABASE_URL (see src/migrations/migrate-database.ts).
import { createLogger, loadConfig } from '@chatbot/core';
import { migrateDatabase } from '../src/migrations/migrate-database';

const logger = createLogger('db-migrate');
try {
  const { DATABASE_URL } = loadConfig(['database']);
  await migrateDatabase(DATABASE_URL, logger);
} catch (error) {
  logger.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}

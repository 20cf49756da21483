export { createDatabase, pingDatabase, type Database, type Db } from './database';
export { createIsolatedDatabase, type IsolatedDatabase } from './isolated-database';
export { migrateDatabase, type MigrationLogger } from './migrations/migrate-database';
export { MigrationChecksumError, MigrationFailedError, RecordNotFoundError } from './errors';
export { recordExchange, findExchange, ExchangeInputSchema, type Exchange, type ExchangeInput } from './exchanges';
export { listTurns, type TurnFilter } from './turns';
export { getConversationStatus, setConversationStatus } from './conversations';
export {
  loadResponseCatalogue,
  seedIntentCatalogue,
  CATALOGUE_LANGUAGES,
  IntentCatalogueSchema,
  type CatalogueLanguage,
  type IntentCatalogue,
  type ResponseTexts,
} from './response-catalogue';
export {
  getActiveModelVersion,
  registerModelVersion,
  activateModelVersion,
  RegisterModelVersionSchema,
  type RegisterModelVersionInput,
} from './model-versions';
export { Prisma } from './generated/prisma/client';
export type {
  ApiKey,
  ApiKeyRole,
  AuditLog,
  Conversation,
  ConversationStatus,
  Intent,
  Label,
  ModelVersion,
  Response,
  TrainingRun,
  TrainingRunStatus,
  Turn,
  TurnDirection,
  TurnKind,
} from './generated/prisma/client';

export { createDatabase, pingDatabase, type Database, type Db } from './database';
export { createIsolatedDatabase, type IsolatedDatabase } from './isolated-database';
export { migrateDatabase, type MigrationLogger } from './migrations/migrate-database';
export {
  MigrationChecksumError,
  MigrationFailedError,
  RecordNotFoundError,
  TrainingRunNotRunningError,
  ConversationNotHandedOffError,
  ConversationClaimedError,
} from './errors';
export {
  recordExchange,
  findExchange,
  ExchangeInputSchema,
  ReplyTemplateSchema,
  StoredEntitySchema,
  StoredButtonSchema,
  type StoredButton,
  type Exchange,
  type ExchangeInput,
  type ReplyTemplate,
  type StoredEntity,
} from './exchanges';
export { listTurns, type TurnFilter } from './turns';
export { getConversationStatus, setConversationStatus } from './conversations';
export { loadResponseCatalogue, seedIntentCatalogue } from './response-catalogue';
export { listIntentOptions, type StoredIntentOptions } from './intent-options';
export { getActiveModelVersion, registerModelVersion, activateModelVersion, RegisterModelVersionSchema, type RegisterModelVersionInput } from './model-versions';
// Worker: training runs, model version listing, retraining data, handoff state.
export {
  createTrainingRun,
  getTrainingRun,
  listTrainingRuns,
  markTrainingRunRunning,
  updateTrainingRunProgress,
  failTrainingRun,
  cancelTrainingRun,
  CreateTrainingRunSchema,
  TrainingRunFilterSchema,
  type CreateTrainingRunInput,
  type TrainingRunFilter,
} from './training-runs';
export { listModelVersions, ModelVersionListSchema, type ModelVersionListOptions, type ModelVersionSummary } from './model-version-list';
export { loadLabelledExamples, loadRetrainingExamples, type LabelledExample } from './labelled-examples';
export {
  addIntentExamples,
  listIntentExamples,
  deleteIntentExample,
  AddIntentExamplesSchema,
  ConflictingExampleError,
  type AddIntentExamplesInput,
} from './intent-examples';
export { getConversationState, type ConversationState } from './conversation-state';
export {
  listForms,
  saveForm,
  deleteForm,
  listCustomEntities,
  saveCustomEntity,
  deleteCustomEntity,
  seedDialogueCatalogue,
  type StoredForm,
  type StoredCustomEntity,
} from './dialogue-catalogue';
export { listActions, getAction, saveAction, deleteAction, seedActions, deleteSeededActions, SaveActionSchema, type SaveActionInput, type StoredAction } from './actions';
export {
  beginActionCall,
  markInterimSent,
  recordActionReply,
  listActionCalls,
  ActionReplySchema,
  ACTION_CALL_STATUSES,
  type ActionCallStatus,
  type ActionCallInProgress,
  type ActionReplyInput,
  type StoredActionCall,
} from './action-calls';
export { Prisma } from './generated/prisma/client';
export type {
  ApiKey,
  ApiKeyRole,
  AuditLog,
  Conversation,
  ConversationNote,
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
// Admin API: keys, audit log, conversations, review queue, labels, catalogue editing, handoff, rollback.
export {
  createApiKey,
  findUsableApiKey,
  countUsableApiKeys,
  listApiKeys,
  revokeApiKey,
  hashApiKey,
  agentDisplayName,
  ApiKeyRoleSchema,
  CreateApiKeySchema,
  type ApiKeySummary,
  type CreateApiKeyInput,
} from './api-keys';
export { recordAuditEntry, listAuditEntries, AuditEntrySchema, AuditLogFilterSchema, type AuditEntryInput, type AuditLogFilter } from './audit-log';
export {
  listConversations,
  getConversationWithTurns,
  deleteEndUserData,
  ConversationFilterSchema,
  type ConversationFilter,
  type ConversationSummary,
  type TurnWithLabel,
} from './conversation-queries';
export { listReviewQueue, ReviewQueueFilterSchema, type ReviewItem, type ReviewQueueFilter } from './review-queue';
export { labelTurns, LabelTurnsSchema, TurnLabelSchema, UnknownIntentError, type LabelTurnsInput } from './labels';
export {
  listIntents,
  getIntent,
  createIntent,
  updateIntent,
  deleteIntent,
  addResponse,
  updateResponse,
  deleteResponse,
  DuplicateIntentError,
  IntentNameSchema,
  CatalogueLanguageSchema,
  CreateIntentSchema,
  UpdateIntentSchema,
  CreateResponseSchema,
  UpdateResponseSchema,
  type IntentWithResponses,
  type CreateIntentInput,
  type UpdateIntentInput,
  type CreateResponseInput,
  type UpdateResponseInput,
} from './catalogue-editing';
export { recordAgentReply, AgentReplyTextSchema } from './agent-replies';
// The agent inbox: handed-off conversations, claims, internal notes.
export { countInbox, listInbox, InboxFilterSchema, type InboxFilter, type InboxItem } from './inbox';
export { claimConversation, releaseConversation, closeConversation, CloseReasonSchema, type InboxAgent } from './inbox-claims';
export { addConversationNote, listConversationNotes, NoteTextSchema } from './conversation-notes';
export { deleteQuietConversations, type RetentionResult } from './retention';
export { recordReplyFeedback, type ReplyFeedbackInput, type ReplyFeedbackOutcome } from './reply-feedback';
export { findRollbackTarget } from './model-rollback';

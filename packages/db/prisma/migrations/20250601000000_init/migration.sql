-- CreateEnum
CREATE TYPE "conversation_status" AS ENUM ('open', 'handed_off', 'closed');

-- CreateEnum
CREATE TYPE "turn_direction" AS ENUM ('inbound', 'outbound');

-- CreateEnum
CREATE TYPE "turn_kind" AS ENUM ('user', 'bot', 'agent', 'system');

-- CreateEnum
CREATE TYPE "training_run_status" AS ENUM ('queued', 'running', 'succeeded', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "api_key_role" AS ENUM ('admin', 'viewer');

-- CreateTable
CREATE TABLE "conversations" (
    "id" UUID NOT NULL,
    "channel" TEXT NOT NULL,
    "conversation_key" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "user_name" TEXT,
    "status" "conversation_status" NOT NULL DEFAULT 'open',
    "language" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "last_message_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "conversations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "turns" (
    "id" UUID NOT NULL,
    "conversation_id" UUID NOT NULL,
    "channel" TEXT NOT NULL,
    "direction" "turn_direction" NOT NULL,
    "kind" "turn_kind" NOT NULL,
    "text" TEXT NOT NULL,
    "intent" TEXT,
    "confidence" DOUBLE PRECISION,
    "out_of_scope" BOOLEAN NOT NULL DEFAULT false,
    "top_intents" JSONB,
    "model_version" TEXT,
    "latency_ms" INTEGER,
    "native_message_id" TEXT,
    "inbound_turn_id" UUID,
    "helpful" BOOLEAN,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "turns_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "labels" (
    "id" UUID NOT NULL,
    "turn_id" UUID NOT NULL,
    "intent" TEXT,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "labels_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "intents" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "intents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "responses" (
    "id" UUID NOT NULL,
    "intent_id" UUID NOT NULL,
    "language" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "responses_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "training_runs" (
    "id" UUID NOT NULL,
    "status" "training_run_status" NOT NULL DEFAULT 'queued',
    "progress" JSONB,
    "metrics" JSONB,
    "error" TEXT,
    "requested_by" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "model_version_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "training_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "model_versions" (
    "id" UUID NOT NULL,
    "version" TEXT NOT NULL,
    "artefact_path" TEXT NOT NULL,
    "metrics" JSONB NOT NULL,
    "is_active" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "promoted_at" TIMESTAMPTZ(3),

    CONSTRAINT "model_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "role" "api_key_role" NOT NULL,
    "key_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_logs" (
    "id" UUID NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "details" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_logs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "conversations_channel_conversation_key_key" ON "conversations"("channel", "conversation_key");

-- CreateIndex
CREATE INDEX "conversations_user_id_idx" ON "conversations"("user_id");

-- CreateIndex
CREATE INDEX "conversations_status_last_message_at_idx" ON "conversations"("status", "last_message_at" DESC);

-- CreateIndex
CREATE INDEX "conversations_last_message_at_idx" ON "conversations"("last_message_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "turns_inbound_turn_id_key" ON "turns"("inbound_turn_id");

-- CreateIndex
CREATE INDEX "turns_conversation_id_created_at_idx" ON "turns"("conversation_id", "created_at");

-- CreateIndex
CREATE INDEX "turns_direction_out_of_scope_created_at_idx" ON "turns"("direction", "out_of_scope", "created_at" DESC);

-- CreateIndex
CREATE INDEX "turns_intent_created_at_idx" ON "turns"("intent", "created_at" DESC);

-- CreateIndex
CREATE INDEX "turns_created_at_idx" ON "turns"("created_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "turns_channel_direction_native_message_id_key" ON "turns"("channel", "direction", "native_message_id");

-- CreateIndex
CREATE INDEX "labels_turn_id_created_at_idx" ON "labels"("turn_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "labels_intent_idx" ON "labels"("intent");

-- CreateIndex
CREATE UNIQUE INDEX "intents_name_key" ON "intents"("name");

-- CreateIndex
CREATE INDEX "responses_intent_id_language_position_idx" ON "responses"("intent_id", "language", "position");

-- CreateIndex
CREATE UNIQUE INDEX "training_runs_model_version_id_key" ON "training_runs"("model_version_id");

-- CreateIndex
CREATE INDEX "training_runs_status_created_at_idx" ON "training_runs"("status", "created_at");

-- CreateIndex
CREATE INDEX "training_runs_created_at_idx" ON "training_runs"("created_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "model_versions_version_key" ON "model_versions"("version");

-- CreateIndex
CREATE INDEX "model_versions_created_at_idx" ON "model_versions"("created_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys"("key_hash");

-- CreateIndex
CREATE INDEX "audit_logs_created_at_idx" ON "audit_logs"("created_at" DESC);

-- CreateIndex
CREATE INDEX "audit_logs_actor_created_at_idx" ON "audit_logs"("actor", "created_at" DESC);

-- AddForeignKey
ALTER TABLE "turns" ADD CONSTRAINT "turns_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "turns" ADD CONSTRAINT "turns_inbound_turn_id_fkey" FOREIGN KEY ("inbound_turn_id") REFERENCES "turns"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "labels" ADD CONSTRAINT "labels_turn_id_fkey" FOREIGN KEY ("turn_id") REFERENCES "turns"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "responses" ADD CONSTRAINT "responses_intent_id_fkey" FOREIGN KEY ("intent_id") REFERENCES "intents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "training_runs" ADD CONSTRAINT "training_runs_model_version_id_fkey" FOREIGN KEY ("model_version_id") REFERENCES "model_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- At most one active model version. schema.prisma cannot express a partial index, so it exists
-- only in SQL: if `prisma migrate dev` ever proposes `DROP INDEX "model_versions_single_active_key"`,
-- delete that line from the generated migration.
CREATE UNIQUE INDEX "model_versions_single_active_key" ON "model_versions"("is_active") WHERE "is_active";

-- Actions (fulfilment webhooks), the calls the bot made to them, and buttons on replies.
ALTER TABLE "turns" ADD COLUMN "buttons" JSONB;

CREATE TABLE "actions" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "timeout_ms" INTEGER NOT NULL,
    "interim_after_ms" INTEGER NOT NULL,
    "retries" INTEGER NOT NULL,
    "repeat_on_retry" BOOLEAN NOT NULL,
    "allow_private_network" BOOLEAN NOT NULL,
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "actions_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "action_calls" (
    "id" UUID NOT NULL,
    "conversation_id" UUID NOT NULL,
    "inbound_turn_id" UUID NOT NULL,
    "action" TEXT NOT NULL,
    "reply_context" JSONB NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "http_status" INTEGER,
    "latency_ms" INTEGER,
    "response" JSONB,
    "error" TEXT,
    "interim_sent_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "action_calls_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "actions_name_key" ON "actions"("name");
CREATE UNIQUE INDEX "action_calls_inbound_turn_id_key" ON "action_calls"("inbound_turn_id");
CREATE INDEX "action_calls_conversation_id_created_at_idx" ON "action_calls"("conversation_id", "created_at");
CREATE INDEX "action_calls_action_created_at_idx" ON "action_calls"("action", "created_at" DESC);

ALTER TABLE "action_calls" ADD CONSTRAINT "action_calls_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "action_calls" ADD CONSTRAINT "action_calls_inbound_turn_id_fkey" FOREIGN KEY ("inbound_turn_id") REFERENCES "turns"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The agent inbox: agent keys with a display name, who claims a handed-off conversation, how long it has
-- waited, why it was closed, who wrote an agent's reply, and internal notes.

-- Usable once this migration's transaction commits (PostgreSQL refuses a new enum value before that),
-- so nothing below names 'agent'.
ALTER TYPE "api_key_role" ADD VALUE 'agent';

ALTER TABLE "api_keys" ADD COLUMN "display_name" TEXT;

ALTER TABLE "turns" ADD COLUMN "agent_name" TEXT;

ALTER TABLE "conversations" ADD COLUMN "handed_off_at" TIMESTAMPTZ(3),
ADD COLUMN "claimed_by" UUID,
ADD COLUMN "claimed_at" TIMESTAMPTZ(3),
ADD COLUMN "closed_reason" TEXT;

-- Conversations handed off before this migration: their last message is the best guess of when.
UPDATE "conversations" SET "handed_off_at" = "last_message_at" WHERE "status" = 'handed_off';

-- The waiting time, the claim and the close reason follow the status, whoever changes it (the worker, an
-- action's answer, the admin API): becoming handed_off stamps handed_off_at; any other status hands the
-- claim back; any status but closed drops the reason it was closed for.
CREATE FUNCTION "conversations_follow_handoff"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."status" = 'handed_off' AND (TG_OP = 'INSERT' OR OLD."status" IS DISTINCT FROM 'handed_off') THEN
    NEW."handed_off_at" := now();
  END IF;
  IF NEW."status" <> 'handed_off' THEN
    NEW."claimed_by" := NULL;
    NEW."claimed_at" := NULL;
  END IF;
  IF NEW."status" <> 'closed' THEN
    NEW."closed_reason" := NULL;
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER "conversations_follow_handoff" BEFORE INSERT OR UPDATE OF "status" ON "conversations"
FOR EACH ROW EXECUTE FUNCTION "conversations_follow_handoff"();

-- What the trigger keeps true, checked by the database itself.
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_handed_off_at_set" CHECK ("status" <> 'handed_off' OR "handed_off_at" IS NOT NULL),
ADD CONSTRAINT "conversations_claimed_only_while_handed_off" CHECK ("claimed_by" IS NULL OR "status" = 'handed_off');

-- CreateTable
CREATE TABLE "conversation_notes" (
    "id" UUID NOT NULL,
    "conversation_id" UUID NOT NULL,
    "text" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "conversation_notes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "conversations_status_handed_off_at_id_idx" ON "conversations"("status", "handed_off_at", "id");
CREATE INDEX "conversations_claimed_by_idx" ON "conversations"("claimed_by");
CREATE INDEX "conversation_notes_conversation_id_created_at_idx" ON "conversation_notes"("conversation_id", "created_at");

-- AddForeignKey
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_claimed_by_fkey" FOREIGN KEY ("claimed_by") REFERENCES "api_keys"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "conversation_notes" ADD CONSTRAINT "conversation_notes_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The buttons under an intent's reply, and the action that answers it (both optional).
ALTER TABLE "intents" ADD COLUMN "buttons" JSONB,
ADD COLUMN "action" TEXT;

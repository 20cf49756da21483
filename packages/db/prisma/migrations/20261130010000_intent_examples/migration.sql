-- CreateTable: phrases admins write for an intent (training data), deleted with the intent.
CREATE TABLE "intent_examples" (
    "id" UUID NOT NULL,
    "intent_id" UUID NOT NULL,
    "text" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "intent_examples_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "intent_examples_text_key" ON "intent_examples"("text");

-- CreateIndex
CREATE INDEX "intent_examples_intent_id_created_at_idx" ON "intent_examples"("intent_id", "created_at");

-- AddForeignKey
ALTER TABLE "intent_examples" ADD CONSTRAINT "intent_examples_intent_id_fkey" FOREIGN KEY ("intent_id") REFERENCES "intents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

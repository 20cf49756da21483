-- Entities, slots and forms: the dialogue state of a conversation, what each turn carried, and the
-- bot's forms and custom entities.
ALTER TABLE "conversations" ADD COLUMN "dialogue_state" JSONB;

ALTER TABLE "turns" ADD COLUMN "entities" JSONB;
ALTER TABLE "turns" ADD COLUMN "dialogue_events" JSONB;
ALTER TABLE "turns" ADD COLUMN "reply_template" JSONB;

-- CreateTable
CREATE TABLE "forms" (
    "id" UUID NOT NULL,
    "intent_id" UUID NOT NULL,
    "definition" JSONB NOT NULL,
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "forms_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "custom_entities" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "definition" JSONB NOT NULL,
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "custom_entities_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "forms_intent_id_key" ON "forms"("intent_id");

-- CreateIndex
CREATE UNIQUE INDEX "custom_entities_name_key" ON "custom_entities"("name");

-- AddForeignKey
ALTER TABLE "forms" ADD CONSTRAINT "forms_intent_id_fkey" FOREIGN KEY ("intent_id") REFERENCES "intents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

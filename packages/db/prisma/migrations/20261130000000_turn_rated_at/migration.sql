-- AlterTable: when the end user's rating of a reply was given, so that a late rating cannot overwrite a newer one.
ALTER TABLE "turns" ADD COLUMN "rated_at" TIMESTAMPTZ(3);

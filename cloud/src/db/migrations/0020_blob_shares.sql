ALTER TABLE "blobs" ADD COLUMN "shared" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
-- Blobs stored without a hall before this column were catalogue photos (the only such use): shared as such.
UPDATE "blobs" SET "shared" = '{catalogue}' WHERE "hall_id" IS NULL;

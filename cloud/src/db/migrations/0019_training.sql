CREATE TABLE "training_materials" (
	"id" serial PRIMARY KEY NOT NULL,
	"series_id" integer NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"file_sha" text,
	"file_name" text,
	"content_type" text,
	"bytes" integer,
	"pages" integer,
	"extraction" text DEFAULT 'none' NOT NULL,
	"service_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"level" smallint DEFAULT 1 NOT NULL,
	"org_unit_id" text NOT NULL,
	"superseded_by" integer,
	"archived_at" timestamp with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"search" "tsvector" NOT NULL,
	"rank_search" "tsvector" DEFAULT ''::tsvector NOT NULL,
	CONSTRAINT "training_materials_kind" CHECK ("training_materials"."kind" in ('document', 'video', 'image', 'note')),
	CONSTRAINT "training_materials_extraction" CHECK ("training_materials"."extraction" in ('none', 'pending', 'done', 'failed')),
	CONSTRAINT "training_materials_level" CHECK ("training_materials"."level" between 1 and 3)
);
--> statement-breakpoint
ALTER TABLE "blobs" ADD COLUMN "shared" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
CREATE INDEX "training_materials_search" ON "training_materials" USING gin ("search");--> statement-breakpoint
CREATE INDEX "training_materials_series" ON "training_materials" USING btree ("series_id","version");--> statement-breakpoint
-- Blobs stored without a hall before the `shared` column were catalogue photos (the only such use): shared as such.
UPDATE "blobs" SET "shared" = '{catalogue}' WHERE "hall_id" IS NULL;

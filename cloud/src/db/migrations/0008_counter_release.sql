ALTER TABLE "counter_sessions" ADD COLUMN "release_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "counter_sessions" ADD COLUMN "release_requested_by" text;
ALTER TABLE "schedule_wishes" ADD COLUMN "any_day" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "schedule_wishes" ADD COLUMN "weekdays" jsonb;
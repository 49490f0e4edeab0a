ALTER TABLE "rosters" ADD COLUMN "planning" jsonb;--> statement-breakpoint
ALTER TABLE "rosters" ADD COLUMN "publish_reason" text;--> statement-breakpoint
ALTER TABLE "rosters" ADD COLUMN "notice_changes" jsonb;
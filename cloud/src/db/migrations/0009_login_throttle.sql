CREATE TABLE "login_throttle" (
	"username" text NOT NULL,
	"source" text NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"last_failure_at" timestamp with time zone,
	"last_success_at" timestamp with time zone,
	"next_slot_at" timestamp with time zone,
	CONSTRAINT "login_throttle_username_source_pk" PRIMARY KEY("username","source")
);
--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "failed_logins";--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "locked_until";
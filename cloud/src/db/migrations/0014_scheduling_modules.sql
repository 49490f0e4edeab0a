CREATE TABLE "staff_imports" (
	"hall_id" text PRIMARY KEY NOT NULL,
	"imported" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scheduling_settings_versions" (
	"hall_id" text NOT NULL,
	"version" integer NOT NULL,
	"document" jsonb NOT NULL,
	"saved_at" timestamp with time zone DEFAULT now() NOT NULL,
	"saved_by" text,
	CONSTRAINT "scheduling_settings_versions_hall_id_version_pk" PRIMARY KEY("hall_id","version")
);
--> statement-breakpoint
CREATE TABLE "roster_reviews" (
	"hall_id" text NOT NULL,
	"week" date NOT NULL,
	"state" text NOT NULL,
	"job_id" bigint,
	"result" jsonb,
	"error_code" text,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"requested_by" text,
	"finished_at" timestamp with time zone,
	CONSTRAINT "roster_reviews_hall_id_week_pk" PRIMARY KEY("hall_id","week")
);
--> statement-breakpoint
ALTER TABLE "employee_moves" ADD COLUMN "applied_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "rosters" ADD COLUMN "planning" jsonb;--> statement-breakpoint
ALTER TABLE "rosters" ADD COLUMN "publish_reason" text;--> statement-breakpoint
ALTER TABLE "rosters" ADD COLUMN "notice_changes" jsonb;--> statement-breakpoint
ALTER TABLE "schedule_wishes" ADD COLUMN "any_day" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "schedule_wishes" ADD COLUMN "weekdays" jsonb;--> statement-breakpoint
ALTER TABLE "staff_imports" ADD CONSTRAINT "staff_imports_hall_id_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."halls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scheduling_settings_versions" ADD CONSTRAINT "scheduling_settings_versions_hall_id_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."halls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster_reviews" ADD CONSTRAINT "roster_reviews_hall_id_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."halls"("id") ON DELETE no action ON UPDATE no action;
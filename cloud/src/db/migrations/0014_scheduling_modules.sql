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
ALTER TABLE "schedule_wishes" ADD COLUMN "any_day" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "schedule_wishes" ADD COLUMN "weekdays" jsonb;--> statement-breakpoint
ALTER TABLE "roster_reviews" ADD CONSTRAINT "roster_reviews_hall_id_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."halls"("id") ON DELETE no action ON UPDATE no action;
CREATE TABLE "daily_reports" (
	"hall_id" text NOT NULL,
	"date" date NOT NULL,
	"format_version" integer NOT NULL,
	"generated_at" timestamp with time zone NOT NULL,
	"complete" boolean NOT NULL,
	"body" jsonb NOT NULL,
	CONSTRAINT "daily_reports_hall_id_date_format_version_pk" PRIMARY KEY("hall_id","date","format_version"),
	CONSTRAINT "daily_reports_format_version" CHECK ("daily_reports"."format_version" > 0)
);
--> statement-breakpoint
ALTER TABLE "daily_reports" ADD CONSTRAINT "daily_reports_hall_id_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."halls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "daily_reports_date" ON "daily_reports" USING btree ("date");
CREATE TABLE "kpi_dirty_days" (
	"hall_id" text NOT NULL,
	"date" date NOT NULL,
	"marked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kpi_dirty_days_hall_id_date_pk" PRIMARY KEY("hall_id","date")
);
--> statement-breakpoint
DROP INDEX "ratings_hall_at";--> statement-breakpoint
DROP INDEX "tickets_hall_issued";--> statement-breakpoint
CREATE INDEX "counter_sessions_counter_opened" ON "counter_sessions" USING btree ("hall_id","counter_id","opened_at");--> statement-breakpoint
CREATE INDEX "ratings_hall_at" ON "ratings" USING btree ("hall_id","at","staff_id","counter_id","score","skipped");--> statement-breakpoint
CREATE INDEX "tickets_hall_issued" ON "tickets" USING btree ("hall_id","issued_at","service_id","outcome","staff_id","counter_id","arrival_at","first_called_at","started_at","ended_at");--> statement-breakpoint
ALTER TABLE "kpi_daily" DROP COLUMN "values";
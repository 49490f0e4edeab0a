CREATE TABLE "assessment_appeals" (
	"id" serial PRIMARY KEY NOT NULL,
	"sheet_id" integer NOT NULL,
	"line_id" integer NOT NULL,
	"reason" text NOT NULL,
	"filed_by" text NOT NULL,
	"filed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"answer" text,
	"score_before" real,
	"new_score" real,
	"answered_by" text,
	"answered_at" timestamp with time zone,
	CONSTRAINT "assessment_appeals_status" CHECK ("assessment_appeals"."status" in ('open', 'accepted', 'rejected'))
);
--> statement-breakpoint
CREATE TABLE "assessment_cycles" (
	"id" serial PRIMARY KEY NOT NULL,
	"org_unit_id" text NOT NULL,
	"name" text NOT NULL,
	"period_kind" text NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"flow_key" text NOT NULL,
	"flow_version" integer NOT NULL,
	"stages" jsonb NOT NULL,
	"kpis" jsonb NOT NULL,
	"stage_index" integer NOT NULL,
	"stage_started_at" timestamp with time zone NOT NULL,
	"stage_due_at" timestamp with time zone,
	"overdue_at" timestamp with time zone,
	"status" text DEFAULT 'open' NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"opened_by" text,
	"closed_at" timestamp with time zone,
	CONSTRAINT "assessment_cycles_status" CHECK ("assessment_cycles"."status" in ('open', 'final'))
);
--> statement-breakpoint
CREATE TABLE "assessment_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"cycle_id" integer NOT NULL,
	"sheet_id" integer,
	"line_id" integer,
	"kind" text NOT NULL,
	"stage" text NOT NULL,
	"user_id" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"reason" text
);
--> statement-breakpoint
CREATE TABLE "assessment_flows" (
	"id" serial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"version" integer NOT NULL,
	"name" text NOT NULL,
	"stages" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text
);
--> statement-breakpoint
CREATE TABLE "assessment_lines" (
	"id" serial PRIMARY KEY NOT NULL,
	"sheet_id" integer NOT NULL,
	"kpi_key" text NOT NULL,
	"kpi_version" integer NOT NULL,
	"value" real,
	"computed_score" real,
	"score" real,
	"weight" real NOT NULL,
	"sample" real,
	"enough" boolean NOT NULL,
	"self_rating" integer,
	"self_comment" text,
	"adjusted_by" text,
	"adjust_reason" text,
	"adjusted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "assessment_sheets" (
	"id" serial PRIMARY KEY NOT NULL,
	"cycle_id" integer NOT NULL,
	"hall_id" text NOT NULL,
	"employee_id" text NOT NULL,
	"computed_total" real,
	"total" real,
	"self_comment" text,
	"self_submitted_at" timestamp with time zone,
	"reviewed_by" text,
	"reviewed_at" timestamp with time zone,
	"acknowledged_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "assessment_appeals" ADD CONSTRAINT "assessment_appeals_sheet_id_assessment_sheets_id_fk" FOREIGN KEY ("sheet_id") REFERENCES "public"."assessment_sheets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_appeals" ADD CONSTRAINT "assessment_appeals_line_id_assessment_lines_id_fk" FOREIGN KEY ("line_id") REFERENCES "public"."assessment_lines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_events" ADD CONSTRAINT "assessment_events_cycle_id_assessment_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."assessment_cycles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_lines" ADD CONSTRAINT "assessment_lines_sheet_id_assessment_sheets_id_fk" FOREIGN KEY ("sheet_id") REFERENCES "public"."assessment_sheets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_sheets" ADD CONSTRAINT "assessment_sheets_cycle_id_assessment_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."assessment_cycles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_appeals_line" ON "assessment_appeals" USING btree ("line_id");--> statement-breakpoint
CREATE INDEX "assessment_appeals_sheet" ON "assessment_appeals" USING btree ("sheet_id");--> statement-breakpoint
CREATE INDEX "assessment_cycles_unit" ON "assessment_cycles" USING btree ("org_unit_id");--> statement-breakpoint
CREATE INDEX "assessment_cycles_due" ON "assessment_cycles" USING btree ("status","stage_due_at");--> statement-breakpoint
CREATE INDEX "assessment_events_cycle" ON "assessment_events" USING btree ("cycle_id","id");--> statement-breakpoint
CREATE INDEX "assessment_events_sheet" ON "assessment_events" USING btree ("sheet_id");--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_flows_key_version" ON "assessment_flows" USING btree ("key","version");--> statement-breakpoint
CREATE INDEX "assessment_lines_sheet" ON "assessment_lines" USING btree ("sheet_id");--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_sheets_cycle_employee" ON "assessment_sheets" USING btree ("cycle_id","employee_id");--> statement-breakpoint
CREATE INDEX "assessment_sheets_employee" ON "assessment_sheets" USING btree ("employee_id");
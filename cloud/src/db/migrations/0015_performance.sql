CREATE TABLE "kpi_daily" (
	"hall_id" text NOT NULL,
	"date" date NOT NULL,
	"subject_kind" text NOT NULL,
	"subject_id" text NOT NULL,
	"facts" jsonb NOT NULL,
	"values" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kpi_daily_hall_id_date_subject_kind_subject_id_pk" PRIMARY KEY("hall_id","date","subject_kind","subject_id"),
	CONSTRAINT "kpi_daily_subject_kind" CHECK ("kpi_daily"."subject_kind" in ('clerk', 'counter', 'hall'))
);
--> statement-breakpoint
CREATE TABLE "kpi_definitions" (
	"id" serial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"version" integer NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"formula" text NOT NULL,
	"unit" text NOT NULL,
	"direction" text NOT NULL,
	"target" real,
	"bands" jsonb NOT NULL,
	"weight" real DEFAULT 1 NOT NULL,
	"applies_to" jsonb NOT NULL,
	"period" text DEFAULT 'month' NOT NULL,
	"min_sample" jsonb,
	"retired_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text,
	CONSTRAINT "kpi_definitions_direction" CHECK ("kpi_definitions"."direction" in ('higher', 'lower'))
);
--> statement-breakpoint
CREATE TABLE "checklist_templates" (
	"id" text NOT NULL,
	"version" integer NOT NULL,
	"org_unit_id" text NOT NULL,
	"document" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text,
	"retired_at" timestamp with time zone,
	CONSTRAINT "checklist_templates_id_version_pk" PRIMARY KEY("id","version")
);
--> statement-breakpoint
CREATE TABLE "onsite_forms" (
	"form_id" uuid PRIMARY KEY NOT NULL,
	"hall_id" text NOT NULL,
	"template_id" text NOT NULL,
	"template_version" integer NOT NULL,
	"subject_kind" text NOT NULL,
	"subject_id" text NOT NULL,
	"employee_id" text,
	"counter_id" text,
	"ticket_no" text,
	"answers" jsonb NOT NULL,
	"points" real NOT NULL,
	"max_points" real NOT NULL,
	"critical_failed" boolean NOT NULL,
	"scored_by" text NOT NULL,
	"signature" text,
	"source" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "onsite_forms_subject_kind" CHECK ("onsite_forms"."subject_kind" in ('clerk', 'counter', 'hall'))
);
--> statement-breakpoint
CREATE TABLE "blobs" (
	"sha256" text PRIMARY KEY NOT NULL,
	"content_type" text NOT NULL,
	"bytes" integer NOT NULL,
	"stored_by" text NOT NULL,
	"hall_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "corrective_actions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"hall_id" text NOT NULL,
	"form_id" uuid NOT NULL,
	"item_id" text NOT NULL,
	"description" text NOT NULL,
	"owner_employee_id" text,
	"owner_user_id" text,
	"due_date" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by" text,
	"close_note" text,
	"overdue_notified_at" timestamp with time zone,
	CONSTRAINT "corrective_actions_status" CHECK ("corrective_actions"."status" in ('open', 'closed')),
	CONSTRAINT "corrective_actions_owner" CHECK ("corrective_actions"."owner_employee_id" is not null or "corrective_actions"."owner_user_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "skill_level_history" (
	"id" serial PRIMARY KEY NOT NULL,
	"employee_id" text NOT NULL,
	"hall_id" text NOT NULL,
	"service_id" text NOT NULL,
	"from_level" integer,
	"to_level" integer NOT NULL,
	"evidence" jsonb NOT NULL,
	"proposal_id" integer,
	"by" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "skill_proposals" (
	"id" serial PRIMARY KEY NOT NULL,
	"hall_id" text NOT NULL,
	"employee_id" text NOT NULL,
	"service_id" text NOT NULL,
	"from_level" integer,
	"to_level" integer NOT NULL,
	"evidence" jsonb NOT NULL,
	"rule_set_id" integer NOT NULL,
	"window_from" date NOT NULL,
	"window_to" date NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"reason" text,
	CONSTRAINT "skill_proposals_status" CHECK ("skill_proposals"."status" in ('pending', 'confirmed', 'rejected', 'superseded')),
	CONSTRAINT "skill_proposals_level" CHECK ("skill_proposals"."to_level" between 1 and 3)
);
--> statement-breakpoint
CREATE TABLE "skill_rule_sets" (
	"id" serial PRIMARY KEY NOT NULL,
	"org_unit_id" text NOT NULL,
	"version" integer NOT NULL,
	"rules" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text
);
--> statement-breakpoint
CREATE TABLE "staff_record_entries" (
	"id" serial PRIMARY KEY NOT NULL,
	"hall_id" text NOT NULL,
	"employee_id" text NOT NULL,
	"date" date NOT NULL,
	"kind" text NOT NULL,
	"category" text NOT NULL,
	"description" text NOT NULL,
	"points" integer DEFAULT 1 NOT NULL,
	"ticket_no" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text,
	"withdrawn_at" timestamp with time zone,
	"withdrawn_by" text,
	CONSTRAINT "staff_record_entries_kind" CHECK ("staff_record_entries"."kind" in ('award', 'error')),
	CONSTRAINT "staff_record_entries_points" CHECK ("staff_record_entries"."points" between 1 and 100)
);
--> statement-breakpoint
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
CREATE TABLE "kpi_report_settings" (
	"org_unit_id" text PRIMARY KEY NOT NULL,
	"enabled" boolean NOT NULL,
	"time" text NOT NULL,
	"kpi_keys" jsonb NOT NULL,
	"languages" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text,
	CONSTRAINT "kpi_report_settings_time" CHECK ("kpi_report_settings"."time" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$')
);
--> statement-breakpoint
CREATE TABLE "kpi_reports" (
	"scope" text NOT NULL,
	"scope_id" text NOT NULL,
	"date" date NOT NULL,
	"format_version" integer NOT NULL,
	"generated_at" timestamp with time zone NOT NULL,
	"kpi_versions" jsonb NOT NULL,
	"body" jsonb NOT NULL,
	CONSTRAINT "kpi_reports_scope_scope_id_date_format_version_pk" PRIMARY KEY("scope","scope_id","date","format_version"),
	CONSTRAINT "kpi_reports_scope" CHECK ("kpi_reports"."scope" in ('hall', 'unit')),
	CONSTRAINT "kpi_reports_format_version" CHECK ("kpi_reports"."format_version" > 0)
);
--> statement-breakpoint
ALTER TABLE "assessment_appeals" ADD CONSTRAINT "assessment_appeals_sheet_id_assessment_sheets_id_fk" FOREIGN KEY ("sheet_id") REFERENCES "public"."assessment_sheets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_appeals" ADD CONSTRAINT "assessment_appeals_line_id_assessment_lines_id_fk" FOREIGN KEY ("line_id") REFERENCES "public"."assessment_lines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_events" ADD CONSTRAINT "assessment_events_cycle_id_assessment_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."assessment_cycles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_lines" ADD CONSTRAINT "assessment_lines_sheet_id_assessment_sheets_id_fk" FOREIGN KEY ("sheet_id") REFERENCES "public"."assessment_sheets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_sheets" ADD CONSTRAINT "assessment_sheets_cycle_id_assessment_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."assessment_cycles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "kpi_daily_subject" ON "kpi_daily" USING btree ("subject_kind","subject_id","date");--> statement-breakpoint
CREATE UNIQUE INDEX "kpi_definitions_key_version" ON "kpi_definitions" USING btree ("key","version");--> statement-breakpoint
CREATE INDEX "onsite_forms_hall_at" ON "onsite_forms" USING btree ("hall_id","at");--> statement-breakpoint
CREATE INDEX "onsite_forms_employee" ON "onsite_forms" USING btree ("employee_id","at");--> statement-breakpoint
CREATE INDEX "corrective_actions_hall" ON "corrective_actions" USING btree ("hall_id","status","due_date");--> statement-breakpoint
CREATE INDEX "corrective_actions_form" ON "corrective_actions" USING btree ("form_id");--> statement-breakpoint
CREATE INDEX "skill_level_history_employee" ON "skill_level_history" USING btree ("employee_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "skill_proposals_pending" ON "skill_proposals" USING btree ("employee_id","service_id") WHERE "skill_proposals"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "skill_proposals_hall" ON "skill_proposals" USING btree ("hall_id","status");--> statement-breakpoint
CREATE INDEX "skill_proposals_employee" ON "skill_proposals" USING btree ("employee_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "skill_rule_sets_unit_version" ON "skill_rule_sets" USING btree ("org_unit_id","version");--> statement-breakpoint
CREATE INDEX "staff_record_entries_hall_date" ON "staff_record_entries" USING btree ("hall_id","date");--> statement-breakpoint
CREATE INDEX "staff_record_entries_employee" ON "staff_record_entries" USING btree ("employee_id","date");--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_appeals_line" ON "assessment_appeals" USING btree ("line_id");--> statement-breakpoint
CREATE INDEX "assessment_appeals_sheet" ON "assessment_appeals" USING btree ("sheet_id");--> statement-breakpoint
CREATE INDEX "assessment_cycles_unit" ON "assessment_cycles" USING btree ("org_unit_id");--> statement-breakpoint
CREATE INDEX "assessment_cycles_due" ON "assessment_cycles" USING btree ("status","stage_due_at");--> statement-breakpoint
CREATE INDEX "assessment_events_cycle" ON "assessment_events" USING btree ("cycle_id","id");--> statement-breakpoint
CREATE INDEX "assessment_events_sheet" ON "assessment_events" USING btree ("sheet_id");--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_flows_key_version" ON "assessment_flows" USING btree ("key","version");--> statement-breakpoint
CREATE INDEX "assessment_lines_sheet" ON "assessment_lines" USING btree ("sheet_id");--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_sheets_cycle_employee" ON "assessment_sheets" USING btree ("cycle_id","employee_id");--> statement-breakpoint
CREATE INDEX "assessment_sheets_employee" ON "assessment_sheets" USING btree ("employee_id");--> statement-breakpoint
CREATE INDEX "kpi_reports_date" ON "kpi_reports" USING btree ("date");--> statement-breakpoint
CREATE INDEX "counter_pauses_hall_started" ON "counter_pauses" USING btree ("hall_id","started_at");--> statement-breakpoint
CREATE INDEX "counter_sessions_hall_opened" ON "counter_sessions" USING btree ("hall_id","opened_at");--> statement-breakpoint
CREATE INDEX "hall_events_transfers" ON "hall_events" USING btree ("hall_id","at") WHERE type = 'ticket.transferred';--> statement-breakpoint
CREATE INDEX "ratings_hall_at" ON "ratings" USING btree ("hall_id","at");
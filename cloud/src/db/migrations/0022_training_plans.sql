CREATE TABLE "training_assignments" (
	"id" serial PRIMARY KEY NOT NULL,
	"employee_id" text NOT NULL,
	"hall_id" text NOT NULL,
	"rule_id" integer,
	"material_series_id" integer NOT NULL,
	"material_id" integer NOT NULL,
	"exam_id" integer,
	"occasion" text NOT NULL,
	"due_on" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"done_at" timestamp with time zone,
	"done_how" text,
	"reminded_at" timestamp with time zone,
	"overdue_notice_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_assignments_status" CHECK ("training_assignments"."status" in ('open', 'done', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "training_plan_rules" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"org_unit_id" text NOT NULL,
	"trigger" text NOT NULL,
	"within_days" smallint,
	"service_id" text,
	"skill" text,
	"material_series_ids" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"exam_id" integer,
	"due_days" smallint NOT NULL,
	"roles" text[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_plan_rules_trigger" CHECK ("training_plan_rules"."trigger" in ('new-hire', 'launch', 'policy')),
	CONSTRAINT "training_plan_rules_due" CHECK ("training_plan_rules"."due_days" between 1 and 365)
);
--> statement-breakpoint
CREATE UNIQUE INDEX "training_assignments_occasion" ON "training_assignments" USING btree ("employee_id","material_series_id","occasion");--> statement-breakpoint
CREATE INDEX "training_assignments_hall" ON "training_assignments" USING btree ("hall_id","status","due_on");--> statement-breakpoint
CREATE INDEX "training_assignments_employee" ON "training_assignments" USING btree ("employee_id","status");--> statement-breakpoint
CREATE INDEX "training_plan_rules_unit" ON "training_plan_rules" USING btree ("org_unit_id");
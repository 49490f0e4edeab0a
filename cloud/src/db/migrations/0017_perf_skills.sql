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
CREATE INDEX "skill_level_history_employee" ON "skill_level_history" USING btree ("employee_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "skill_proposals_pending" ON "skill_proposals" USING btree ("employee_id","service_id") WHERE "skill_proposals"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "skill_proposals_hall" ON "skill_proposals" USING btree ("hall_id","status");--> statement-breakpoint
CREATE INDEX "skill_proposals_employee" ON "skill_proposals" USING btree ("employee_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "skill_rule_sets_unit_version" ON "skill_rule_sets" USING btree ("org_unit_id","version");--> statement-breakpoint
CREATE INDEX "staff_record_entries_hall_date" ON "staff_record_entries" USING btree ("hall_id","date");--> statement-breakpoint
CREATE INDEX "staff_record_entries_employee" ON "staff_record_entries" USING btree ("employee_id","date");
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
CREATE INDEX "onsite_forms_hall_at" ON "onsite_forms" USING btree ("hall_id","at");--> statement-breakpoint
CREATE INDEX "onsite_forms_employee" ON "onsite_forms" USING btree ("employee_id","at");
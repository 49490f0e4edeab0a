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
CREATE INDEX "kpi_daily_subject" ON "kpi_daily" USING btree ("subject_kind","subject_id","date");--> statement-breakpoint
CREATE UNIQUE INDEX "kpi_definitions_key_version" ON "kpi_definitions" USING btree ("key","version");
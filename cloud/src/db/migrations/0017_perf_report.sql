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
CREATE INDEX "kpi_reports_date" ON "kpi_reports" USING btree ("date");
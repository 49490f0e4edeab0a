CREATE TABLE "training_effects" (
	"material_series_id" integer NOT NULL,
	"kpi" text NOT NULL,
	"verdict" text NOT NULL,
	"flagged" boolean NOT NULL,
	"measured" integer NOT NULL,
	"result" jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_effects_material_series_id_kpi_pk" PRIMARY KEY("material_series_id","kpi"),
	CONSTRAINT "training_effects_kpi" CHECK ("training_effects"."kpi" in ('handle', 'rating'))
);
--> statement-breakpoint
CREATE TABLE "training_suggestions" (
	"id" serial PRIMARY KEY NOT NULL,
	"hall_id" text NOT NULL,
	"employee_id" text NOT NULL,
	"kind" text NOT NULL,
	"subject" text DEFAULT '' NOT NULL,
	"evidence" jsonb NOT NULL,
	"material_series_id" integer,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" text,
	"reason" text,
	CONSTRAINT "training_suggestions_kind" CHECK ("training_suggestions"."kind" in ('handle', 'rating', 'onsite')),
	CONSTRAINT "training_suggestions_status" CHECK ("training_suggestions"."status" in ('open', 'done', 'dismissed', 'resolved'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "training_suggestions_open" ON "training_suggestions" USING btree ("employee_id","kind","subject") WHERE "training_suggestions"."status" = 'open';--> statement-breakpoint
CREATE INDEX "training_suggestions_hall" ON "training_suggestions" USING btree ("hall_id","status");
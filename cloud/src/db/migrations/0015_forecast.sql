CREATE TABLE "scheduling_settings_versions" (
	"hall_id" text NOT NULL,
	"version" integer NOT NULL,
	"document" jsonb NOT NULL,
	"saved_at" timestamp with time zone DEFAULT now() NOT NULL,
	"saved_by" text,
	CONSTRAINT "scheduling_settings_versions_hall_id_version_pk" PRIMARY KEY("hall_id","version")
);
--> statement-breakpoint
ALTER TABLE "scheduling_settings_versions" ADD CONSTRAINT "scheduling_settings_versions_hall_id_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."halls"("id") ON DELETE no action ON UPDATE no action;
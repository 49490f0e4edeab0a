CREATE TABLE "hall_configs" (
	"hall_id" text PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL,
	"document" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
ALTER TABLE "hall_configs" ADD CONSTRAINT "hall_configs_hall_id_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."halls"("id") ON DELETE no action ON UPDATE no action;
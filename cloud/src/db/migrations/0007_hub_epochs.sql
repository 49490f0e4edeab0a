CREATE TABLE "hub_epochs" (
	"hub_id" text NOT NULL,
	"epoch" text NOT NULL,
	"seq_base" bigint NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	CONSTRAINT "hub_epochs_hub_id_epoch_pk" PRIMARY KEY("hub_id","epoch")
);
--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "epoch" text;--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "seq_base" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "last_acked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "outbox" jsonb;--> statement-breakpoint
ALTER TABLE "counter_pauses" ADD COLUMN "note" text;--> statement-breakpoint
ALTER TABLE "hub_epochs" ADD CONSTRAINT "hub_epochs_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
UPDATE "hubs" SET "last_acked_at" = "last_seen_at" WHERE "acked_through" > 0;
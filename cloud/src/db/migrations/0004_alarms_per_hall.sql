-- Alarm ids are unique within a hall only (the hub makes them): the key becomes (hall_id, alarm_id).
ALTER TABLE "alarms" DROP CONSTRAINT "alarms_pkey";--> statement-breakpoint
ALTER TABLE "alarms" ADD CONSTRAINT "alarms_hall_id_alarm_id_pk" PRIMARY KEY("hall_id","alarm_id");--> statement-breakpoint
ALTER TABLE "alarms" ADD COLUMN "ack_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "alarms" ADD COLUMN "ack_requested_by" text;--> statement-breakpoint
CREATE INDEX "alarms_open" ON "alarms" USING btree ("hall_id") WHERE cleared_at IS NULL;

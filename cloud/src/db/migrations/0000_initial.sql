CREATE TABLE "halls" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"time_zone" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hubs" (
	"id" text PRIMARY KEY NOT NULL,
	"hall_id" text NOT NULL,
	"token_hash" text NOT NULL,
	"acked_through" bigint DEFAULT 0 NOT NULL,
	"last_seen_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alarms" (
	"alarm_id" text PRIMARY KEY NOT NULL,
	"hall_id" text NOT NULL,
	"rule" text NOT NULL,
	"subject" text NOT NULL,
	"severity" text NOT NULL,
	"message" text NOT NULL,
	"value" real,
	"raised_at" timestamp with time zone NOT NULL,
	"acked_at" timestamp with time zone,
	"acked_by" text,
	"cleared_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "counter_pauses" (
	"hub_id" text NOT NULL,
	"seq" bigint NOT NULL,
	"hall_id" text NOT NULL,
	"counter_id" text NOT NULL,
	"reason" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	CONSTRAINT "counter_pauses_hub_id_seq_pk" PRIMARY KEY("hub_id","seq")
);
--> statement-breakpoint
CREATE TABLE "counter_sessions" (
	"hub_id" text NOT NULL,
	"open_seq" bigint NOT NULL,
	"hall_id" text NOT NULL,
	"counter_id" text NOT NULL,
	"staff_id" text NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "counter_sessions_hub_id_open_seq_pk" PRIMARY KEY("hub_id","open_seq")
);
--> statement-breakpoint
CREATE TABLE "device_health" (
	"hub_id" text NOT NULL,
	"seq" bigint NOT NULL,
	"hall_id" text NOT NULL,
	"device_id" text NOT NULL,
	"kind" text NOT NULL,
	"online" boolean NOT NULL,
	"cause" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "device_health_hub_id_seq_pk" PRIMARY KEY("hub_id","seq")
);
--> statement-breakpoint
CREATE TABLE "hall_events" (
	"hub_id" text NOT NULL,
	"seq" bigint NOT NULL,
	"hall_id" text NOT NULL,
	"type" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"body" jsonb NOT NULL,
	"historical" boolean DEFAULT false NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hall_events_hub_id_seq_pk" PRIMARY KEY("hub_id","seq")
);
--> statement-breakpoint
CREATE TABLE "occupancy_minutes" (
	"hall_id" text NOT NULL,
	"minute" timestamp with time zone NOT NULL,
	"entered" integer NOT NULL,
	"left" integer NOT NULL,
	CONSTRAINT "occupancy_minutes_hall_id_minute_pk" PRIMARY KEY("hall_id","minute")
);
--> statement-breakpoint
CREATE TABLE "ratings" (
	"hub_id" text NOT NULL,
	"seq" bigint NOT NULL,
	"hall_id" text NOT NULL,
	"ticket_no" text NOT NULL,
	"counter_id" text,
	"staff_id" text,
	"score" integer,
	"reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"skipped" boolean NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "ratings_hub_id_seq_pk" PRIMARY KEY("hub_id","seq")
);
--> statement-breakpoint
CREATE TABLE "tickets" (
	"hub_id" text NOT NULL,
	"issue_seq" bigint NOT NULL,
	"hall_id" text NOT NULL,
	"ticket_no" text NOT NULL,
	"service_id" text NOT NULL,
	"priority" text,
	"channel" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"arrival_at" timestamp with time zone NOT NULL,
	"first_called_at" timestamp with time zone,
	"last_called_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"outcome" text NOT NULL,
	"counter_id" text,
	"staff_id" text,
	"recalls" integer DEFAULT 0 NOT NULL,
	"transfers" integer DEFAULT 0 NOT NULL,
	"tx_count" integer,
	"eta_p50_minutes" real,
	"eta_p90_minutes" real,
	CONSTRAINT "tickets_hub_id_issue_seq_pk" PRIMARY KEY("hub_id","issue_seq")
);
--> statement-breakpoint
ALTER TABLE "hubs" ADD CONSTRAINT "hubs_hall_id_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."halls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "hall_events_hall_at" ON "hall_events" USING btree ("hall_id","at");--> statement-breakpoint
CREATE INDEX "tickets_hall_issued" ON "tickets" USING btree ("hall_id","issued_at");--> statement-breakpoint
CREATE INDEX "tickets_hub_no" ON "tickets" USING btree ("hub_id","ticket_no");
CREATE TABLE "rollup_clerk_day" (
	"hall_id" text NOT NULL,
	"day" date NOT NULL,
	"staff_id" text NOT NULL,
	"service_id" text NOT NULL,
	"arrivals" integer DEFAULT 0 NOT NULL,
	"served" integer DEFAULT 0 NOT NULL,
	"no_shows" integer DEFAULT 0 NOT NULL,
	"cancelled" integer DEFAULT 0 NOT NULL,
	"within_target" integer DEFAULT 0 NOT NULL,
	"sl_due" integer DEFAULT 0 NOT NULL,
	"wait_sum_ms" bigint DEFAULT 0 NOT NULL,
	"wait_n" integer DEFAULT 0 NOT NULL,
	"handle_sum_ms" bigint DEFAULT 0 NOT NULL,
	"handle_n" integer DEFAULT 0 NOT NULL,
	"rating_sum" integer DEFAULT 0 NOT NULL,
	"rating_n" integer DEFAULT 0 NOT NULL,
	"transfers" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rollup_clerk_day_hall_id_day_staff_id_service_id_pk" PRIMARY KEY("hall_id","day","staff_id","service_id")
);
--> statement-breakpoint
CREATE TABLE "rollup_day" (
	"hall_id" text NOT NULL,
	"day" date NOT NULL,
	"service_id" text NOT NULL,
	"channel" text NOT NULL,
	"priority" text NOT NULL,
	"arrivals" integer DEFAULT 0 NOT NULL,
	"served" integer DEFAULT 0 NOT NULL,
	"no_shows" integer DEFAULT 0 NOT NULL,
	"cancelled" integer DEFAULT 0 NOT NULL,
	"within_target" integer DEFAULT 0 NOT NULL,
	"sl_due" integer DEFAULT 0 NOT NULL,
	"wait_sum_ms" bigint DEFAULT 0 NOT NULL,
	"wait_n" integer DEFAULT 0 NOT NULL,
	"handle_sum_ms" bigint DEFAULT 0 NOT NULL,
	"handle_n" integer DEFAULT 0 NOT NULL,
	"rating_sum" integer DEFAULT 0 NOT NULL,
	"rating_n" integer DEFAULT 0 NOT NULL,
	"transfers" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rollup_day_hall_id_day_service_id_channel_priority_pk" PRIMARY KEY("hall_id","day","service_id","channel","priority")
);
--> statement-breakpoint
CREATE TABLE "rollup_footfall_hour" (
	"hall_id" text NOT NULL,
	"day" date NOT NULL,
	"hour" smallint NOT NULL,
	"entered" integer DEFAULT 0 NOT NULL,
	"left" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rollup_footfall_hour_hall_id_day_hour_pk" PRIMARY KEY("hall_id","day","hour")
);
--> statement-breakpoint
CREATE TABLE "rollup_hall_day" (
	"hall_id" text NOT NULL,
	"day" date NOT NULL,
	"arrivals" integer DEFAULT 0 NOT NULL,
	"served" integer DEFAULT 0 NOT NULL,
	"no_shows" integer DEFAULT 0 NOT NULL,
	"cancelled" integer DEFAULT 0 NOT NULL,
	"within_target" integer DEFAULT 0 NOT NULL,
	"sl_due" integer DEFAULT 0 NOT NULL,
	"wait_sum_ms" bigint DEFAULT 0 NOT NULL,
	"wait_n" integer DEFAULT 0 NOT NULL,
	"handle_sum_ms" bigint DEFAULT 0 NOT NULL,
	"handle_n" integer DEFAULT 0 NOT NULL,
	"rating_sum" integer DEFAULT 0 NOT NULL,
	"rating_n" integer DEFAULT 0 NOT NULL,
	"transfers" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rollup_hall_day_hall_id_day_pk" PRIMARY KEY("hall_id","day")
);
--> statement-breakpoint
CREATE TABLE "rollup_hour" (
	"hall_id" text NOT NULL,
	"day" date NOT NULL,
	"hour" smallint NOT NULL,
	"service_id" text NOT NULL,
	"arrivals" integer DEFAULT 0 NOT NULL,
	"served" integer DEFAULT 0 NOT NULL,
	"no_shows" integer DEFAULT 0 NOT NULL,
	"cancelled" integer DEFAULT 0 NOT NULL,
	"within_target" integer DEFAULT 0 NOT NULL,
	"sl_due" integer DEFAULT 0 NOT NULL,
	"wait_sum_ms" bigint DEFAULT 0 NOT NULL,
	"wait_n" integer DEFAULT 0 NOT NULL,
	"handle_sum_ms" bigint DEFAULT 0 NOT NULL,
	"handle_n" integer DEFAULT 0 NOT NULL,
	"rating_sum" integer DEFAULT 0 NOT NULL,
	"rating_n" integer DEFAULT 0 NOT NULL,
	"transfers" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rollup_hour_hall_id_day_hour_service_id_pk" PRIMARY KEY("hall_id","day","hour","service_id")
);
--> statement-breakpoint
CREATE TABLE "rollup_tx_day" (
	"hall_id" text NOT NULL,
	"day" date NOT NULL,
	"service_id" text NOT NULL,
	"tx_type" text NOT NULL,
	"n" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rollup_tx_day_hall_id_day_service_id_tx_type_pk" PRIMARY KEY("hall_id","day","service_id","tx_type")
);
--> statement-breakpoint
CREATE TABLE "rollup_wait" (
	"hall_id" text NOT NULL,
	"day" date NOT NULL,
	"service_id" text NOT NULL,
	"band" smallint NOT NULL,
	"called" integer DEFAULT 0 NOT NULL,
	"abandoned" integer DEFAULT 0 NOT NULL,
	"no_shows" integer DEFAULT 0 NOT NULL,
	"rating_sum" integer DEFAULT 0 NOT NULL,
	"rating_n" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rollup_wait_hall_id_day_service_id_band_pk" PRIMARY KEY("hall_id","day","service_id","band")
);
--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "tx_types" text[];--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "rating_sum" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "rating_n" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "device_health_hall_device" ON "device_health" USING btree ("hall_id","device_id","at");--> statement-breakpoint
-- Ratings already stored, onto their tickets (the latest ticket of that number issued before the rating).
UPDATE "tickets" t SET "rating_sum" = r.s, "rating_n" = r.n
FROM (
  SELECT r.hub_id, tk.issue_seq, sum(r.score)::int AS s, count(*)::int AS n
  FROM "ratings" r
  JOIN LATERAL (
    SELECT x.issue_seq FROM "tickets" x
    WHERE x.hub_id = r.hub_id AND x.ticket_no = r.ticket_no AND x.issued_at <= r.at
    ORDER BY x.issue_seq DESC LIMIT 1
  ) tk ON true
  WHERE r.score IS NOT NULL
  GROUP BY 1, 2
) r
WHERE t.hub_id = r.hub_id AND t.issue_seq = r.issue_seq;
--> statement-breakpoint
-- Ingest adds to the same roll-up rows all day: room on each page lets PostgreSQL update them in place
-- (HOT: the measures are in no index), without touching the primary key's index each time.
ALTER TABLE "rollup_hour" SET (fillfactor = 70);--> statement-breakpoint
ALTER TABLE "rollup_day" SET (fillfactor = 70);--> statement-breakpoint
ALTER TABLE "rollup_clerk_day" SET (fillfactor = 70);--> statement-breakpoint
ALTER TABLE "rollup_wait" SET (fillfactor = 70);--> statement-breakpoint
ALTER TABLE "rollup_tx_day" SET (fillfactor = 70);--> statement-breakpoint
ALTER TABLE "rollup_footfall_hour" SET (fillfactor = 70);--> statement-breakpoint
ALTER TABLE "rollup_hall_day" SET (fillfactor = 70);

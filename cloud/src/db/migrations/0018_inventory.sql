CREATE TABLE "inv_count_lines" (
	"count_id" integer NOT NULL,
	"item_id" text NOT NULL,
	"expected" integer NOT NULL,
	"counted" integer NOT NULL,
	CONSTRAINT "inv_count_lines_count_id_item_id_pk" PRIMARY KEY("count_id","item_id"),
	CONSTRAINT "inv_count_lines_counted" CHECK ("inv_count_lines"."counted" >= 0)
);
--> statement-breakpoint
CREATE TABLE "inv_counts" (
	"id" serial PRIMARY KEY NOT NULL,
	"location_id" text NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"counted_by" text NOT NULL,
	"counted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reason" text,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	CONSTRAINT "inv_counts_status" CHECK ("inv_counts"."status" in ('submitted', 'approved', 'refused'))
);
--> statement-breakpoint
CREATE TABLE "inv_discrepancies" (
	"id" serial PRIMARY KEY NOT NULL,
	"transfer_id" integer NOT NULL,
	"item_id" text NOT NULL,
	"kind" text NOT NULL,
	"qty" integer NOT NULL,
	"photo" text,
	"note" text,
	"resolution" text,
	"resolved_by" text,
	"resolved_at" timestamp with time zone,
	"resolution_note" text,
	"reship_transfer_id" integer,
	CONSTRAINT "inv_discrepancies_kind" CHECK ("inv_discrepancies"."kind" in ('short', 'damaged', 'over')),
	CONSTRAINT "inv_discrepancies_qty" CHECK ("inv_discrepancies"."qty" > 0),
	CONSTRAINT "inv_discrepancies_resolution" CHECK ("inv_discrepancies"."resolution" is null or ("inv_discrepancies"."kind" = 'short' and "inv_discrepancies"."resolution" in ('writeoff', 'reship', 'found'))
        or ("inv_discrepancies"."kind" = 'damaged' and "inv_discrepancies"."resolution" in ('writeoff', 'return'))
        or ("inv_discrepancies"."kind" = 'over' and "inv_discrepancies"."resolution" in ('keep', 'return')))
);
--> statement-breakpoint
CREATE TABLE "inv_issues" (
	"id" uuid NOT NULL,
	"hall_id" text NOT NULL,
	"location_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"day" date NOT NULL,
	"item_id" text NOT NULL,
	"kit_id" text,
	"qty" integer NOT NULL,
	"posted" integer NOT NULL,
	"mode" text NOT NULL,
	"ticket_no" text,
	"service_id" text,
	"staff_id" text,
	"counter_id" text,
	"note" text,
	"by" text NOT NULL,
	"source" text NOT NULL,
	"reverses" uuid,
	CONSTRAINT "inv_issues_id_item_id_pk" PRIMARY KEY("id","item_id"),
	CONSTRAINT "inv_issues_mode" CHECK ("inv_issues"."mode" in ('counter', 'bulk')),
	CONSTRAINT "inv_issues_qty" CHECK ("inv_issues"."qty" <> 0 and "inv_issues"."posted" between least(0, "inv_issues"."qty") and greatest(0, "inv_issues"."qty"))
);
--> statement-breakpoint
CREATE TABLE "inv_items" (
	"id" text PRIMARY KEY NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"unit_zh" text NOT NULL,
	"unit_en" text NOT NULL,
	"kind" text DEFAULT 'item' NOT NULL,
	"photo" text,
	"campaign" text,
	"valid_from" date,
	"valid_to" date,
	"after_campaign" text DEFAULT 'keep' NOT NULL,
	"service_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"per_customer" integer DEFAULT 1 NOT NULL,
	"lead_time_days" real DEFAULT 3 NOT NULL,
	"safety_days" real DEFAULT 2 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inv_items_kind" CHECK ("inv_items"."kind" in ('item', 'kit')),
	CONSTRAINT "inv_items_after" CHECK ("inv_items"."after_campaign" in ('keep', 'return', 'destroy')),
	CONSTRAINT "inv_items_validity" CHECK ("inv_items"."valid_to" is null or "inv_items"."valid_from" is null or "inv_items"."valid_to" >= "inv_items"."valid_from"),
	CONSTRAINT "inv_items_per_customer" CHECK ("inv_items"."per_customer" between 1 and 1000),
	CONSTRAINT "inv_items_lead" CHECK ("inv_items"."lead_time_days" >= 0 and "inv_items"."lead_time_days" <= 90),
	CONSTRAINT "inv_items_safety" CHECK ("inv_items"."safety_days" >= 0 and "inv_items"."safety_days" <= 90)
);
--> statement-breakpoint
CREATE TABLE "inv_kit_parts" (
	"kit_id" text NOT NULL,
	"item_id" text NOT NULL,
	"qty" integer NOT NULL,
	CONSTRAINT "inv_kit_parts_kit_id_item_id_pk" PRIMARY KEY("kit_id","item_id"),
	CONSTRAINT "inv_kit_parts_qty" CHECK ("inv_kit_parts"."qty" between 1 and 1000)
);
--> statement-breakpoint
CREATE TABLE "inv_locations" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"org_unit_id" text,
	"hall_id" text,
	"parent_id" text,
	"active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "inv_locations_kind" CHECK ("inv_locations"."kind" in ('warehouse', 'hall', 'transit', 'damaged'))
);
--> statement-breakpoint
CREATE TABLE "inv_low_stock" (
	"item_id" text NOT NULL,
	"location_id" text NOT NULL,
	"since" timestamp with time zone NOT NULL,
	"reorder_point" real NOT NULL,
	"on_hand" integer NOT NULL,
	"cleared_at" timestamp with time zone,
	CONSTRAINT "inv_low_stock_item_id_location_id_since_pk" PRIMARY KEY("item_id","location_id","since")
);
--> statement-breakpoint
CREATE TABLE "inv_movements" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"item_id" text NOT NULL,
	"location_id" text NOT NULL,
	"qty" integer NOT NULL,
	"kind" text NOT NULL,
	"transfer_id" integer,
	"issue_id" uuid,
	"count_id" integer,
	"reverses" bigint,
	"by" text NOT NULL,
	"reason" text,
	CONSTRAINT "inv_movements_qty" CHECK ("inv_movements"."qty" <> 0)
);
--> statement-breakpoint
CREATE TABLE "inv_stock" (
	"item_id" text NOT NULL,
	"location_id" text NOT NULL,
	"qty" integer NOT NULL,
	CONSTRAINT "inv_stock_item_id_location_id_pk" PRIMARY KEY("item_id","location_id"),
	CONSTRAINT "inv_stock_not_negative" CHECK ("inv_stock"."qty" >= 0)
);
--> statement-breakpoint
CREATE TABLE "inv_transfer_lines" (
	"transfer_id" integer NOT NULL,
	"item_id" text NOT NULL,
	"requested" integer NOT NULL,
	"approved" integer,
	"shipped" integer,
	"received" integer,
	CONSTRAINT "inv_transfer_lines_transfer_id_item_id_pk" PRIMARY KEY("transfer_id","item_id"),
	CONSTRAINT "inv_transfer_lines_requested" CHECK ("inv_transfer_lines"."requested" between 1 and 1000000),
	CONSTRAINT "inv_transfer_lines_approved" CHECK ("inv_transfer_lines"."approved" is null or "inv_transfer_lines"."approved" between 0 and "inv_transfer_lines"."requested"),
	CONSTRAINT "inv_transfer_lines_shipped" CHECK ("inv_transfer_lines"."shipped" is null or "inv_transfer_lines"."shipped" between 0 and "inv_transfer_lines"."approved"),
	CONSTRAINT "inv_transfer_lines_received" CHECK ("inv_transfer_lines"."received" is null or "inv_transfer_lines"."received" >= 0)
);
--> statement-breakpoint
CREATE TABLE "inv_transfers" (
	"id" serial PRIMARY KEY NOT NULL,
	"from_location_id" text NOT NULL,
	"to_location_id" text NOT NULL,
	"status" text DEFAULT 'requested' NOT NULL,
	"note" text,
	"suggested" boolean DEFAULT false NOT NULL,
	"reship_of" integer,
	"requested_by" text NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"shipped_by" text,
	"shipped_at" timestamp with time zone,
	"received_by" text,
	"received_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"label_token" text NOT NULL,
	"overdue_notified" text,
	CONSTRAINT "inv_transfers_status" CHECK ("inv_transfers"."status" in ('requested', 'approved', 'refused', 'cancelled', 'shipped', 'discrepancy', 'closed')),
	CONSTRAINT "inv_transfers_places" CHECK ("inv_transfers"."from_location_id" <> "inv_transfers"."to_location_id")
);
--> statement-breakpoint
ALTER TABLE "inv_count_lines" ADD CONSTRAINT "inv_count_lines_count_id_inv_counts_id_fk" FOREIGN KEY ("count_id") REFERENCES "public"."inv_counts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inv_count_lines" ADD CONSTRAINT "inv_count_lines_item_id_inv_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."inv_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inv_counts" ADD CONSTRAINT "inv_counts_location_id_inv_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."inv_locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inv_discrepancies" ADD CONSTRAINT "inv_discrepancies_transfer_id_inv_transfers_id_fk" FOREIGN KEY ("transfer_id") REFERENCES "public"."inv_transfers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inv_discrepancies" ADD CONSTRAINT "inv_discrepancies_item_id_inv_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."inv_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inv_kit_parts" ADD CONSTRAINT "inv_kit_parts_kit_id_inv_items_id_fk" FOREIGN KEY ("kit_id") REFERENCES "public"."inv_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inv_kit_parts" ADD CONSTRAINT "inv_kit_parts_item_id_inv_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."inv_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inv_movements" ADD CONSTRAINT "inv_movements_item_id_inv_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."inv_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inv_movements" ADD CONSTRAINT "inv_movements_location_id_inv_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."inv_locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inv_transfer_lines" ADD CONSTRAINT "inv_transfer_lines_transfer_id_inv_transfers_id_fk" FOREIGN KEY ("transfer_id") REFERENCES "public"."inv_transfers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inv_transfer_lines" ADD CONSTRAINT "inv_transfer_lines_item_id_inv_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."inv_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inv_transfers" ADD CONSTRAINT "inv_transfers_from_location_id_inv_locations_id_fk" FOREIGN KEY ("from_location_id") REFERENCES "public"."inv_locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inv_transfers" ADD CONSTRAINT "inv_transfers_to_location_id_inv_locations_id_fk" FOREIGN KEY ("to_location_id") REFERENCES "public"."inv_locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "inv_counts_location" ON "inv_counts" USING btree ("location_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "inv_discrepancies_line" ON "inv_discrepancies" USING btree ("transfer_id","item_id","kind");--> statement-breakpoint
CREATE INDEX "inv_issues_hall_day" ON "inv_issues" USING btree ("hall_id","day","item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "inv_issues_reverses" ON "inv_issues" USING btree ("reverses","item_id") WHERE "inv_issues"."reverses" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "inv_locations_hall" ON "inv_locations" USING btree ("hall_id") WHERE "inv_locations"."kind" = 'hall';--> statement-breakpoint
CREATE UNIQUE INDEX "inv_low_stock_open" ON "inv_low_stock" USING btree ("item_id","location_id") WHERE "inv_low_stock"."cleared_at" is null;--> statement-breakpoint
CREATE INDEX "inv_movements_location" ON "inv_movements" USING btree ("location_id","item_id","at");--> statement-breakpoint
CREATE INDEX "inv_movements_transfer" ON "inv_movements" USING btree ("transfer_id") WHERE "inv_movements"."transfer_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "inv_movements_reverses" ON "inv_movements" USING btree ("reverses") WHERE "inv_movements"."reverses" is not null;--> statement-breakpoint
CREATE INDEX "inv_transfers_to" ON "inv_transfers" USING btree ("to_location_id","status");--> statement-breakpoint
CREATE INDEX "inv_transfers_from" ON "inv_transfers" USING btree ("from_location_id","status");--> statement-breakpoint
-- The ledger applies itself to the stock (the CHECK on inv_stock refuses negative stock whoever writes);
-- UPDATE first: an INSERT ... ON CONFLICT checks the proposed row (a negative delta) before the conflict.
CREATE FUNCTION inv_movement_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE inv_stock SET qty = qty + NEW.qty WHERE item_id = NEW.item_id AND location_id = NEW.location_id;
  IF NOT FOUND THEN
    INSERT INTO inv_stock (item_id, location_id, qty) VALUES (NEW.item_id, NEW.location_id, NEW.qty)
      ON CONFLICT (item_id, location_id) DO UPDATE SET qty = inv_stock.qty + excluded.qty;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER inv_movement_apply AFTER INSERT ON inv_movements FOR EACH ROW EXECUTE FUNCTION inv_movement_apply();--> statement-breakpoint
-- Append-only: a movement is corrected by a reversing movement, never changed or removed.
CREATE FUNCTION inv_movement_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'inv_movements is append-only' USING ERRCODE = '55000';
END $$;--> statement-breakpoint
CREATE TRIGGER inv_movement_frozen BEFORE UPDATE OR DELETE ON inv_movements FOR EACH ROW EXECUTE FUNCTION inv_movement_frozen();--> statement-breakpoint
CREATE TRIGGER inv_movement_no_truncate BEFORE TRUNCATE ON inv_movements FOR EACH STATEMENT EXECUTE FUNCTION inv_movement_frozen();--> statement-breakpoint
-- The stock is the ledger's: written only from the ledger's trigger (depth 1), never directly.
CREATE FUNCTION inv_stock_from_ledger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'inv_stock is kept by inv_movements only' USING ERRCODE = '55000';
END $$;--> statement-breakpoint
CREATE TRIGGER inv_stock_from_ledger BEFORE INSERT OR UPDATE OR DELETE ON inv_stock FOR EACH ROW WHEN (pg_trigger_depth() = 0) EXECUTE FUNCTION inv_stock_from_ledger();--> statement-breakpoint
INSERT INTO inv_locations (id, kind, name_zh, name_en) VALUES ('transit', 'transit', '在途', 'In transit');

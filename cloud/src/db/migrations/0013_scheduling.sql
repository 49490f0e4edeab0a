CREATE TABLE "employee_moves" (
	"id" serial PRIMARY KEY NOT NULL,
	"employee_id" text NOT NULL,
	"from_hall_id" text NOT NULL,
	"to_hall_id" text NOT NULL,
	"effective_date" date NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"by" text
);
--> statement-breakpoint
CREATE TABLE "employees" (
	"id" text PRIMARY KEY NOT NULL,
	"hall_id" text NOT NULL,
	"staff_id" text NOT NULL,
	"name" text NOT NULL,
	"role" text DEFAULT 'clerk' NOT NULL,
	"skills" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"contract" jsonb NOT NULL,
	"availability" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"start_date" date,
	"status" text DEFAULT 'active' NOT NULL,
	"user_id" text,
	"pin_hash" text,
	"pin_set_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "employees_role" CHECK ("employees"."role" in ('clerk', 'lead', 'manager')),
	CONSTRAINT "employees_status" CHECK ("employees"."status" in ('active', 'leave', 'left'))
);
--> statement-breakpoint
CREATE TABLE "forecast_values" (
	"forecast_id" integer NOT NULL,
	"date" date NOT NULL,
	"service_id" text NOT NULL,
	"interval" integer NOT NULL,
	"mean" real NOT NULL,
	"p90" real NOT NULL,
	CONSTRAINT "forecast_values_forecast_id_date_service_id_interval_pk" PRIMARY KEY("forecast_id","date","service_id","interval")
);
--> statement-breakpoint
CREATE TABLE "forecasts" (
	"id" serial PRIMARY KEY NOT NULL,
	"hall_id" text NOT NULL,
	"version" integer NOT NULL,
	"model" text NOT NULL,
	"interval_minutes" integer NOT NULL,
	"day_start_minutes" integer NOT NULL,
	"from_date" date NOT NULL,
	"days" integer NOT NULL,
	"history_from" date,
	"history_to" date,
	"accuracy" jsonb,
	"job_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "roster_shifts" (
	"id" serial PRIMARY KEY NOT NULL,
	"roster_id" text NOT NULL,
	"employee_id" text NOT NULL,
	"date" date NOT NULL,
	"start" text NOT NULL,
	"end" text NOT NULL,
	"breaks" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"service_id" text,
	"template_id" text,
	"source" text DEFAULT 'engine' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rosters" (
	"id" text PRIMARY KEY NOT NULL,
	"hall_id" text NOT NULL,
	"from_date" date NOT NULL,
	"days" integer NOT NULL,
	"status" text NOT NULL,
	"version" integer NOT NULL,
	"based_on" text,
	"forecast_id" integer,
	"solver" jsonb,
	"unmet_wishes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"job_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text,
	"published_at" timestamp with time zone,
	"published_by" text,
	CONSTRAINT "rosters_status" CHECK ("rosters"."status" in ('generating', 'draft', 'published', 'superseded', 'discarded')),
	CONSTRAINT "rosters_days" CHECK ("rosters"."days" > 0 and "rosters"."days" % 7 = 0)
);
--> statement-breakpoint
CREATE TABLE "schedule_wishes" (
	"id" serial PRIMARY KEY NOT NULL,
	"employee_id" text NOT NULL,
	"hall_id" text NOT NULL,
	"kind" text NOT NULL,
	"from_date" date NOT NULL,
	"to_date" date NOT NULL,
	"template_id" text,
	"note" text,
	"status" text NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"decision_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "schedule_wishes_dates" CHECK ("schedule_wishes"."from_date" <= "schedule_wishes"."to_date")
);
--> statement-breakpoint
CREATE TABLE "scheduling_settings" (
	"hall_id" text PRIMARY KEY NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"document" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE "shift_swaps" (
	"id" serial PRIMARY KEY NOT NULL,
	"hall_id" text NOT NULL,
	"shift_id" integer NOT NULL,
	"offered_by" text NOT NULL,
	"taken_by" text,
	"status" text NOT NULL,
	"note" text,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"decision_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "employee_moves" ADD CONSTRAINT "employee_moves_employee_id_employees_id_fk" FOREIGN KEY ("employee_id") REFERENCES "public"."employees"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employees" ADD CONSTRAINT "employees_hall_id_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."halls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forecast_values" ADD CONSTRAINT "forecast_values_forecast_id_forecasts_id_fk" FOREIGN KEY ("forecast_id") REFERENCES "public"."forecasts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forecasts" ADD CONSTRAINT "forecasts_hall_id_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."halls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster_shifts" ADD CONSTRAINT "roster_shifts_roster_id_rosters_id_fk" FOREIGN KEY ("roster_id") REFERENCES "public"."rosters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster_shifts" ADD CONSTRAINT "roster_shifts_employee_id_employees_id_fk" FOREIGN KEY ("employee_id") REFERENCES "public"."employees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rosters" ADD CONSTRAINT "rosters_hall_id_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."halls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rosters" ADD CONSTRAINT "rosters_forecast_id_forecasts_id_fk" FOREIGN KEY ("forecast_id") REFERENCES "public"."forecasts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_wishes" ADD CONSTRAINT "schedule_wishes_employee_id_employees_id_fk" FOREIGN KEY ("employee_id") REFERENCES "public"."employees"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scheduling_settings" ADD CONSTRAINT "scheduling_settings_hall_id_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."halls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shift_swaps" ADD CONSTRAINT "shift_swaps_shift_id_roster_shifts_id_fk" FOREIGN KEY ("shift_id") REFERENCES "public"."roster_shifts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shift_swaps" ADD CONSTRAINT "shift_swaps_offered_by_employees_id_fk" FOREIGN KEY ("offered_by") REFERENCES "public"."employees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shift_swaps" ADD CONSTRAINT "shift_swaps_taken_by_employees_id_fk" FOREIGN KEY ("taken_by") REFERENCES "public"."employees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "employee_moves_employee" ON "employee_moves" USING btree ("employee_id");--> statement-breakpoint
CREATE UNIQUE INDEX "employees_hall_staff" ON "employees" USING btree ("hall_id","staff_id");--> statement-breakpoint
CREATE UNIQUE INDEX "employees_user" ON "employees" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "forecasts_hall_version" ON "forecasts" USING btree ("hall_id","version");--> statement-breakpoint
CREATE INDEX "roster_shifts_roster_date" ON "roster_shifts" USING btree ("roster_id","date");--> statement-breakpoint
CREATE INDEX "roster_shifts_employee_date" ON "roster_shifts" USING btree ("employee_id","date");--> statement-breakpoint
CREATE UNIQUE INDEX "rosters_hall_period_version" ON "rosters" USING btree ("hall_id","from_date","version");--> statement-breakpoint
CREATE INDEX "rosters_hall_status" ON "rosters" USING btree ("hall_id","status");--> statement-breakpoint
CREATE INDEX "schedule_wishes_hall_dates" ON "schedule_wishes" USING btree ("hall_id","from_date");--> statement-breakpoint
CREATE INDEX "schedule_wishes_employee" ON "schedule_wishes" USING btree ("employee_id");--> statement-breakpoint
CREATE INDEX "shift_swaps_hall_status" ON "shift_swaps" USING btree ("hall_id","status");
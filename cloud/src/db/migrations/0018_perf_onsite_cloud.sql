CREATE TABLE "corrective_actions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"hall_id" text NOT NULL,
	"form_id" uuid NOT NULL,
	"item_id" text NOT NULL,
	"description" text NOT NULL,
	"owner_employee_id" text,
	"owner_user_id" text,
	"due_date" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by" text,
	"close_note" text,
	"overdue_notified_at" timestamp with time zone,
	CONSTRAINT "corrective_actions_status" CHECK ("corrective_actions"."status" in ('open', 'closed')),
	CONSTRAINT "corrective_actions_owner" CHECK ("corrective_actions"."owner_employee_id" is not null or "corrective_actions"."owner_user_id" is not null)
);
--> statement-breakpoint
CREATE INDEX "corrective_actions_hall" ON "corrective_actions" USING btree ("hall_id","status","due_date");--> statement-breakpoint
CREATE INDEX "corrective_actions_form" ON "corrective_actions" USING btree ("form_id");
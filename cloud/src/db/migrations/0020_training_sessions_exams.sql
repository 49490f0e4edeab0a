CREATE TABLE "training_attendance" (
	"session_id" integer NOT NULL,
	"employee_id" text NOT NULL,
	"status" text DEFAULT 'invited' NOT NULL,
	"checked_in_at" timestamp with time zone,
	"method" text,
	"marked_by" text,
	CONSTRAINT "training_attendance_session_id_employee_id_pk" PRIMARY KEY("session_id","employee_id"),
	CONSTRAINT "training_attendance_status" CHECK ("training_attendance"."status" in ('invited', 'present', 'excused'))
);
--> statement-breakpoint
CREATE TABLE "training_feedback" (
	"session_id" integer NOT NULL,
	"employee_id" text NOT NULL,
	"course_score" smallint NOT NULL,
	"trainer_score" smallint NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_feedback_session_id_employee_id_pk" PRIMARY KEY("session_id","employee_id"),
	CONSTRAINT "training_feedback_scores" CHECK ("training_feedback"."course_score" between 1 and 5 and "training_feedback"."trainer_score" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "training_sessions" (
	"id" serial PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"material_series_id" integer,
	"org_unit_id" text NOT NULL,
	"hall_id" text,
	"mode" text NOT NULL,
	"place" text DEFAULT '' NOT NULL,
	"trainer_user_id" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"checkin_secret" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_sessions_mode" CHECK ("training_sessions"."mode" in ('classroom', 'online')),
	CONSTRAINT "training_sessions_status" CHECK ("training_sessions"."status" in ('scheduled', 'cancelled')),
	CONSTRAINT "training_sessions_window" CHECK ("training_sessions"."ends_at" > "training_sessions"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "training_attempts" (
	"id" serial PRIMARY KEY NOT NULL,
	"exam_id" integer NOT NULL,
	"employee_id" text NOT NULL,
	"hall_id" text NOT NULL,
	"attempt_no" smallint NOT NULL,
	"paper" jsonb NOT NULL,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deadline_at" timestamp with time zone NOT NULL,
	"submitted_at" timestamp with time zone,
	"earned" real,
	"max_points" real,
	"percent" real,
	"passed" boolean,
	"grades" jsonb
);
--> statement-breakpoint
CREATE TABLE "training_exams" (
	"id" serial PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"org_unit_id" text NOT NULL,
	"session_id" integer,
	"service_id" text,
	"question_ids" integer[] NOT NULL,
	"draw_count" smallint NOT NULL,
	"time_limit_minutes" smallint NOT NULL,
	"max_attempts" smallint NOT NULL,
	"pass_percent" smallint NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_exams_limits" CHECK ("training_exams"."draw_count" >= 1 and "training_exams"."time_limit_minutes" between 1 and 600
      and "training_exams"."max_attempts" between 1 and 20 and "training_exams"."pass_percent" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "training_questions" (
	"id" serial PRIMARY KEY NOT NULL,
	"org_unit_id" text NOT NULL,
	"kind" text NOT NULL,
	"stem" text NOT NULL,
	"options" text[] DEFAULT '{}'::text[] NOT NULL,
	"answer" jsonb NOT NULL,
	"points" smallint NOT NULL,
	"explanation" text DEFAULT '' NOT NULL,
	"service_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"level" smallint DEFAULT 1 NOT NULL,
	"archived_at" timestamp with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_questions_kind" CHECK ("training_questions"."kind" in ('single', 'multiple', 'truefalse', 'short')),
	CONSTRAINT "training_questions_points" CHECK ("training_questions"."points" between 1 and 100)
);
--> statement-breakpoint
ALTER TABLE "training_attendance" ADD CONSTRAINT "training_attendance_session_id_training_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."training_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_feedback" ADD CONSTRAINT "training_feedback_session_id_training_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."training_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_attempts" ADD CONSTRAINT "training_attempts_exam_id_training_exams_id_fk" FOREIGN KEY ("exam_id") REFERENCES "public"."training_exams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "training_attendance_employee" ON "training_attendance" USING btree ("employee_id");--> statement-breakpoint
CREATE INDEX "training_sessions_unit_time" ON "training_sessions" USING btree ("org_unit_id","starts_at");--> statement-breakpoint
CREATE INDEX "training_sessions_time" ON "training_sessions" USING btree ("starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "training_attempts_no" ON "training_attempts" USING btree ("exam_id","employee_id","attempt_no");--> statement-breakpoint
CREATE INDEX "training_attempts_employee" ON "training_attempts" USING btree ("employee_id","started_at");--> statement-breakpoint
CREATE INDEX "training_attempts_hall_day" ON "training_attempts" USING btree ("hall_id","submitted_at");--> statement-breakpoint
CREATE INDEX "training_exams_unit" ON "training_exams" USING btree ("org_unit_id","opens_at");--> statement-breakpoint
CREATE INDEX "training_questions_unit" ON "training_questions" USING btree ("org_unit_id");
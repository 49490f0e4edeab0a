CREATE TABLE "notification_alarms" (
	"hall_id" text NOT NULL,
	"alarm_id" text NOT NULL,
	"raised_at" timestamp with time zone NOT NULL,
	"severity" text NOT NULL,
	"next_check_at" timestamp with time zone,
	CONSTRAINT "notification_alarms_hall_id_alarm_id_pk" PRIMARY KEY("hall_id","alarm_id")
);
--> statement-breakpoint
CREATE TABLE "notification_channels" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"settings" jsonb NOT NULL,
	"secrets" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_channels_kind" CHECK (kind IN ('smtp', 'aliyun-sms', 'tencent-sms', 'wecom', 'dingtalk', 'webhook'))
);
--> statement-breakpoint
CREATE TABLE "notification_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"dedupe_key" text NOT NULL,
	"channel_id" text NOT NULL,
	"channel_kind" text NOT NULL,
	"recipient" text NOT NULL,
	"user_id" text,
	"language" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"template_params" jsonb,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"hall_id" text,
	"alarm_id" text,
	"event" text NOT NULL,
	"severity" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"claimed_until" timestamp with time zone,
	"last_error_code" text,
	"last_error_detail" text,
	"provider_message_id" text,
	"event_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	CONSTRAINT "notification_outbox_dedupe_key_unique" UNIQUE("dedupe_key"),
	CONSTRAINT "notification_outbox_status" CHECK (status IN ('pending', 'sending', 'unconfirmed', 'sent', 'delivered', 'failed')),
	CONSTRAINT "notification_outbox_event" CHECK (event IN ('raised', 'updated', 'resolved', 'escalated', 'repeated', 'report', 'test'))
);
--> statement-breakpoint
CREATE TABLE "notification_profiles" (
	"user_id" text PRIMARY KEY NOT NULL,
	"email" text,
	"mobile" text,
	"language" text DEFAULT 'zh-CN' NOT NULL,
	"subscriptions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_rules" (
	"id" serial PRIMARY KEY NOT NULL,
	"org_unit_id" text NOT NULL,
	"alarm_rule" text,
	"min_severity" text NOT NULL,
	"recipients" jsonb NOT NULL,
	"channels" jsonb NOT NULL,
	"quiet_hours" jsonb,
	"repeat_seconds" integer,
	"escalation" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_rules_severity" CHECK (min_severity IN ('warning', 'minor', 'major', 'critical')),
	CONSTRAINT "notification_rules_repeat" CHECK (repeat_seconds IS NULL OR repeat_seconds >= 60)
);
--> statement-breakpoint
CREATE TABLE "notification_triggers" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"hall_id" text NOT NULL,
	"alarm_id" text NOT NULL,
	"kind" text NOT NULL,
	"severity" text,
	"seq" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "notification_triggers_kind" CHECK (kind IN ('raised', 'updated', 'cleared'))
);
--> statement-breakpoint
CREATE INDEX "notification_alarms_due" ON "notification_alarms" USING btree ("next_check_at") WHERE next_check_at IS NOT NULL;--> statement-breakpoint
CREATE INDEX "notification_outbox_due" ON "notification_outbox" USING btree ("next_attempt_at") WHERE status IN ('pending', 'unconfirmed');--> statement-breakpoint
CREATE INDEX "notification_outbox_leased" ON "notification_outbox" USING btree ("claimed_until") WHERE status = 'sending';--> statement-breakpoint
CREATE INDEX "notification_outbox_alarm" ON "notification_outbox" USING btree ("hall_id","alarm_id");--> statement-breakpoint
CREATE INDEX "notification_outbox_created" ON "notification_outbox" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "notification_rules_unit" ON "notification_rules" USING btree ("org_unit_id");
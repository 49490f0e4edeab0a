/**
 * Notifications: channel accounts, routing rules, people's contact details and subscriptions, the
 * intake of alarm events from ingest, the alarms being watched for escalation, and the outbox every
 * message goes through (its delivery log).
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const CHANNEL_KINDS = ['smtp', 'aliyun-sms', 'tencent-sms', 'wecom', 'dingtalk', 'webhook'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];
export const SEVERITIES = ['warning', 'minor', 'major', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const MESSAGE_STATUSES = ['pending', 'sending', 'unconfirmed', 'sent', 'delivered', 'failed'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];
export const MESSAGE_EVENTS = ['raised', 'updated', 'resolved', 'escalated', 'repeated', 'report', 'test'] as const;
export type MessageEvent = (typeof MESSAGE_EVENTS)[number];

const inList = (column: string, values: readonly string[]) =>
  sql.raw(`${column} IN (${values.map((v) => `'${v}'`).join(', ')})`);

/** A provider account: an SMTP server, an SMS account, a group robot, a webhook. */
export const notificationChannels = pgTable(
  'notification_channels',
  {
    id: text('id').primaryKey(),
    kind: text('kind').$type<ChannelKind>().notNull(),
    name: text('name').notNull(),
    /** What may be shown (host, port, sender, sign name, template codes, URL without its key). */
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull(),
    /** Passwords, keys, robot secrets: written through the API, never read back by it. */
    secrets: jsonb('secrets')
      .$type<Record<string, string>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    enabled: boolean('enabled').notNull().default(true),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  () => [check('notification_channels_kind', inList('kind', CHANNEL_KINDS))],
);

export interface RuleRecipient {
  kind: 'user' | 'role';
  /** A user id (kind user) or a role held over the hall, granted at its unit or above (kind role: `hall_manager`). */
  id: string;
}
export interface EscalationStep {
  /** Seconds after the raise without an acknowledgement (the console edits minutes). */
  afterSeconds: number;
  to: 'region-managers' | 'hq-managers';
}
export interface QuietHours {
  /** HH:MM in the hall's time zone; `from` after `to` spans midnight. */
  from: string;
  to: string;
}

/** Routing: alarms of the halls under an org unit, of a rule (or any) from a severity up → recipients × channels. */
export const notificationRules = pgTable(
  'notification_rules',
  {
    id: serial('id').primaryKey(),
    orgUnitId: text('org_unit_id').notNull(),
    /** An alarm rule (`long-wait`), or null for every rule. */
    alarmRule: text('alarm_rule'),
    minSeverity: text('min_severity').$type<Severity>().notNull(),
    recipients: jsonb('recipients').$type<RuleRecipient[]>().notNull(),
    /** Channel ids: personal channels (smtp, SMS) go to each recipient; group channels once. */
    channels: jsonb('channels').$type<string[]>().notNull(),
    quietHours: jsonb('quiet_hours').$type<QuietHours | null>(),
    /** While raised and unacknowledged, said again every so many seconds (null: once). */
    repeatSeconds: integer('repeat_seconds'),
    escalation: jsonb('escalation')
      .$type<EscalationStep[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    enabled: boolean('enabled').notNull().default(true),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('notification_rules_unit').on(t.orgUnitId),
    check('notification_rules_severity', inList('min_severity', SEVERITIES)),
    check('notification_rules_repeat', sql`repeat_seconds IS NULL OR repeat_seconds >= 60`),
  ],
);

export interface Subscription {
  /** Alarms of the halls under this unit. */
  orgUnitId: string;
  minSeverity: Severity;
  channels: Array<'email' | 'sms'>;
  /** Also each hall's daily report (e-mail, with its PDF), for those who may see the hall's analytics. */
  dailyReport?: boolean;
  /** Also the daily KPI report (绩效日报) of each hall under it and its roll-up, for those who may see performance. */
  kpiReport?: boolean;
}

/** A person's own addresses and subscriptions. */
export const notificationProfiles = pgTable('notification_profiles', {
  userId: text('user_id').primaryKey(),
  email: text('email'),
  mobile: text('mobile'),
  language: text('language').$type<'zh-CN' | 'en'>().notNull().default('zh-CN'),
  subscriptions: jsonb('subscriptions')
    .$type<Subscription[]>()
    .notNull()
    .default(sql`'[]'::jsonb`),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/**
 * Live alarm events, written by ingest in the transaction that projects them (nothing lost at a crash);
 * a dispatcher turns each into messages and deletes it, in one transaction.
 */
export const notificationTriggers = pgTable(
  'notification_triggers',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    hallId: text('hall_id').notNull(),
    alarmId: text('alarm_id').notNull(),
    kind: text('kind').$type<'raised' | 'updated' | 'cleared'>().notNull(),
    severity: text('severity'),
    /** The cloud sequence of the hub event: one severity change, one update. */
    seq: bigint('seq', { mode: 'number' }).notNull(),
    at: ts('at').notNull(),
  },
  () => [check('notification_triggers_kind', inList('kind', ['raised', 'updated', 'cleared']))],
);

/** Alarms notified live and still open: the escalation and repeat scan walks these. */
export const notificationAlarms = pgTable(
  'notification_alarms',
  {
    hallId: text('hall_id').notNull(),
    alarmId: text('alarm_id').notNull(),
    raisedAt: ts('raised_at').notNull(),
    /** The severity last notified (an update is sent when it changes). */
    severity: text('severity').notNull(),
    /** When the scan should look again (null: nothing more to do). */
    nextCheckAt: ts('next_check_at'),
  },
  (t) => [
    primaryKey({ columns: [t.hallId, t.alarmId] }),
    index('notification_alarms_due')
      .on(t.nextCheckAt)
      .where(sql`next_check_at IS NOT NULL`),
  ],
);

export interface AttachmentRef {
  filename: string;
  contentType: string;
  /** Where the bytes are: a stored report (`report:<id>`) or a file the cloud may read. */
  ref: string;
}

/** Every message, before and after it is sent: the delivery log. */
export const notificationOutbox = pgTable(
  'notification_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** One per (alarm event, recipient, channel): a second dispatcher or a replay inserts nothing. */
    dedupeKey: text('dedupe_key').notNull().unique(),
    channelId: text('channel_id').notNull(),
    channelKind: text('channel_kind').$type<ChannelKind>().notNull(),
    /** An e-mail address, a mobile number, or the channel id of a group robot / webhook. */
    recipient: text('recipient').notNull(),
    userId: text('user_id'),
    language: text('language').$type<'zh-CN' | 'en'>().notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    /** SMS templates take parameters, not text. */
    templateParams: jsonb('template_params').$type<Record<string, string>>(),
    attachments: jsonb('attachments')
      .$type<AttachmentRef[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    hallId: text('hall_id'),
    alarmId: text('alarm_id'),
    event: text('event').$type<MessageEvent>().notNull(),
    severity: text('severity'),
    status: text('status').$type<MessageStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull(),
    /** While `sending`: the lease; a dispatcher that died leaves it to expire. */
    claimedUntil: ts('claimed_until'),
    lastErrorCode: text('last_error_code'),
    /** A short provider answer (an SMTP reply code, a provider error code), never a secret. */
    lastErrorDetail: text('last_error_detail'),
    providerMessageId: text('provider_message_id'),
    /** When the alarm event happened (raise → delivered is the latency people feel). */
    eventAt: ts('event_at').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    sentAt: ts('sent_at'),
    deliveredAt: ts('delivered_at'),
  },
  (t) => [
    index('notification_outbox_due')
      .on(t.nextAttemptAt)
      .where(sql`status IN ('pending', 'unconfirmed')`),
    index('notification_outbox_leased')
      .on(t.claimedUntil)
      .where(sql`status = 'sending'`),
    index('notification_outbox_alarm').on(t.hallId, t.alarmId),
    index('notification_outbox_created').on(t.createdAt),
    check('notification_outbox_status', inList('status', MESSAGE_STATUSES)),
    check('notification_outbox_event', inList('event', MESSAGE_EVENTS)),
  ],
);

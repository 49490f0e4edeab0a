/** Notifications in the database: configuration, the intake of alarm events, the outbox and its claims. */
import { and, asc, desc, eq, inArray, isNotNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { orgUnits, userRoles, users } from '../access/access.table.ts';
import { halls } from '../halls/halls.table.ts';
import { alarms } from '../ingest/ingest.table.ts';
import {
  notificationAlarms,
  notificationChannels,
  notificationOutbox,
  notificationProfiles,
  notificationRules,
  notificationTriggers,
  type ChannelKind,
  type MessageStatus,
} from './notifications.table.ts';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
type Conn = Db | Tx;
export type OutboxRow = typeof notificationOutbox.$inferSelect;
export type NewMessage = typeof notificationOutbox.$inferInsert;
export type ChannelRow = typeof notificationChannels.$inferSelect;
export type RuleRow = typeof notificationRules.$inferSelect;
export type ProfileRow = typeof notificationProfiles.$inferSelect;
export type TriggerRow = typeof notificationTriggers.$inferSelect;

const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;
/** A text[] literal: every element quoted, backslashes and quotes escaped, null as NULL. */
const toPgArray = (xs: Array<string | null>) =>
  `{${xs.map((x) => (x === null ? 'NULL' : `"${x.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)).join(',')}}`;

export const notificationsRepository = {
  // Configuration.
  channels: (db: Conn) => db.select().from(notificationChannels).orderBy(asc(notificationChannels.id)),
  channel: async (db: Conn, id: string) =>
    (await db.select().from(notificationChannels).where(eq(notificationChannels.id, id)))[0] ?? null,
  upsertChannel: (db: Conn, row: typeof notificationChannels.$inferInsert) =>
    db
      .insert(notificationChannels)
      .values(row)
      .onConflictDoUpdate({
        target: notificationChannels.id,
        set: {
          kind: row.kind,
          name: row.name,
          settings: row.settings,
          secrets: row.secrets ?? {},
          enabled: row.enabled ?? true,
          updatedAt: row.updatedAt ?? new Date(),
        },
      }),
  deleteChannel: (db: Conn, id: string) => db.delete(notificationChannels).where(eq(notificationChannels.id, id)),

  rules: (db: Conn) => db.select().from(notificationRules).orderBy(asc(notificationRules.id)),
  rule: async (db: Conn, id: number) =>
    (await db.select().from(notificationRules).where(eq(notificationRules.id, id)))[0] ?? null,
  insertRule: async (db: Conn, row: typeof notificationRules.$inferInsert) =>
    (await db.insert(notificationRules).values(row).returning({ id: notificationRules.id }))[0]?.id as number,
  updateRule: (db: Conn, id: number, set: Partial<typeof notificationRules.$inferInsert>) =>
    db.update(notificationRules).set(set).where(eq(notificationRules.id, id)),
  deleteRule: (db: Conn, id: number) => db.delete(notificationRules).where(eq(notificationRules.id, id)),

  profile: async (db: Conn, userId: string) =>
    (await db.select().from(notificationProfiles).where(eq(notificationProfiles.userId, userId)))[0] ?? null,
  profilesOf: (db: Conn, userIds: string[]) =>
    userIds.length
      ? db.select().from(notificationProfiles).where(inArray(notificationProfiles.userId, userIds))
      : Promise.resolve([] as ProfileRow[]),
  /** Profiles subscribed to alarms of any of these units. */
  subscribersOf: (db: Conn, unitIds: string[]) =>
    unitIds.length
      ? db
          .select()
          .from(notificationProfiles)
          .where(
            or(
              ...unitIds.map(
                (u) => sql`${notificationProfiles.subscriptions} @> ${JSON.stringify([{ orgUnitId: u }])}::jsonb`,
              ),
            ),
          )
      : Promise.resolve([] as ProfileRow[]),
  upsertProfile: (db: Conn, row: typeof notificationProfiles.$inferInsert) =>
    db
      .insert(notificationProfiles)
      .values(row)
      .onConflictDoUpdate({
        target: notificationProfiles.userId,
        set: {
          email: row.email ?? null,
          mobile: row.mobile ?? null,
          language: row.language ?? 'zh-CN',
          subscriptions: row.subscriptions ?? [],
          updatedAt: row.updatedAt ?? new Date(),
        },
      }),

  // What routing reads.
  units: (db: Conn) => db.select().from(orgUnits),
  halls: (db: Conn) => db.select({ id: halls.id, name: halls.name, timeZone: halls.timeZone }).from(halls),
  alarm: async (db: Conn, hallId: string, alarmId: string) =>
    (
      await db
        .select()
        .from(alarms)
        .where(and(eq(alarms.hallId, hallId), eq(alarms.alarmId, alarmId)))
    )[0] ?? null,
  /** Users (enabled) granted a role at one of these units. */
  usersWithRoleAt: (db: Conn, roles: string[], unitIds: string[]) =>
    roles.length && unitIds.length
      ? db
          .selectDistinct({ id: users.id, name: users.name, username: users.username })
          .from(userRoles)
          .innerJoin(users, eq(users.id, userRoles.userId))
          .where(and(inArray(userRoles.role, roles), inArray(userRoles.orgUnitId, unitIds), eq(users.disabled, false)))
      : Promise.resolve([]),
  usersByIds: (db: Conn, ids: string[]) =>
    ids.length
      ? db
          .select({ id: users.id, name: users.name, username: users.username, disabled: users.disabled })
          .from(users)
          .where(inArray(users.id, ids))
      : Promise.resolve([]),
  grantsOf: (db: Conn, userIds: string[]) =>
    userIds.length
      ? db.select().from(userRoles).where(inArray(userRoles.userId, userIds))
      : Promise.resolve([] as Array<typeof userRoles.$inferSelect>),

  // Intake from ingest.
  insertTriggers: (db: Conn, rows: Array<typeof notificationTriggers.$inferInsert>) =>
    rows.length ? db.insert(notificationTriggers).values(rows) : Promise.resolve(),
  /**
   * The oldest triggers, locked for this transaction; only the first open trigger of each alarm, so that
   * two dispatchers never handle an alarm's raise and its clear at once (the clear waits for the raise).
   */
  claimTriggers: (tx: Tx, limit: number) =>
    tx
      .select()
      .from(notificationTriggers)
      .where(
        sql`NOT EXISTS (SELECT 1 FROM notification_triggers e WHERE e.hall_id = ${notificationTriggers.hallId} AND e.alarm_id = ${notificationTriggers.alarmId} AND e.id < ${notificationTriggers.id})`,
      )
      .orderBy(asc(notificationTriggers.id))
      .limit(limit)
      .for('update', { skipLocked: true }),
  deleteTriggers: (tx: Tx, ids: number[]) =>
    ids.length ? tx.delete(notificationTriggers).where(inArray(notificationTriggers.id, ids)) : Promise.resolve(),
  pendingTriggers: async (db: Conn) =>
    (await db.select({ n: sql<number>`count(*)::int` }).from(notificationTriggers))[0]?.n ?? 0,

  watched: async (db: Conn, hallId: string, alarmId: string) =>
    (
      await db
        .select()
        .from(notificationAlarms)
        .where(and(eq(notificationAlarms.hallId, hallId), eq(notificationAlarms.alarmId, alarmId)))
    )[0] ?? null,
  watch: (db: Conn, row: typeof notificationAlarms.$inferInsert) =>
    db
      .insert(notificationAlarms)
      .values(row)
      .onConflictDoUpdate({
        target: [notificationAlarms.hallId, notificationAlarms.alarmId],
        set: { severity: row.severity, nextCheckAt: row.nextCheckAt ?? null },
      }),
  unwatch: (db: Conn, hallId: string, alarmId: string) =>
    db
      .delete(notificationAlarms)
      .where(and(eq(notificationAlarms.hallId, hallId), eq(notificationAlarms.alarmId, alarmId))),
  /** Watched alarms due for the escalation/repeat scan, locked for this transaction. */
  claimDueAlarms: (tx: Tx, now: Date, limit: number) =>
    tx
      .select()
      .from(notificationAlarms)
      .where(and(isNotNull(notificationAlarms.nextCheckAt), lte(notificationAlarms.nextCheckAt, now)))
      .orderBy(asc(notificationAlarms.nextCheckAt))
      .limit(limit)
      .for('update', { skipLocked: true }),
  setNextCheck: (db: Conn, hallId: string, alarmId: string, next: Date | null) =>
    db
      .update(notificationAlarms)
      .set({ nextCheckAt: next })
      .where(and(eq(notificationAlarms.hallId, hallId), eq(notificationAlarms.alarmId, alarmId))),

  // The outbox.
  /** Inserts messages; one already there under the same dedupe key is left as it is. */
  enqueue: async (db: Conn, rows: NewMessage[]) =>
    rows.length
      ? (
          await db
            .insert(notificationOutbox)
            .values(rows)
            .onConflictDoNothing({ target: notificationOutbox.dedupeKey })
            .returning({ id: notificationOutbox.id })
        ).length
      : 0,
  /** Whether any message of this alarm's raise exists (a clear of an alarm never notified says nothing). */
  raiseNotified: async (db: Conn, hallId: string, alarmId: string) =>
    (
      await db
        .select({ id: notificationOutbox.id })
        .from(notificationOutbox)
        .where(
          and(
            eq(notificationOutbox.hallId, hallId),
            eq(notificationOutbox.alarmId, alarmId),
            eq(notificationOutbox.event, 'raised'),
          ),
        )
        .limit(1)
    ).length > 0,
  /** Recipients the raise reached (user and channel), for the update and the resolve to follow. */
  raiseRecipients: (db: Conn, hallId: string, alarmId: string) =>
    db
      .select()
      .from(notificationOutbox)
      .where(
        and(
          eq(notificationOutbox.hallId, hallId),
          eq(notificationOutbox.alarmId, alarmId),
          inArray(notificationOutbox.event, ['raised', 'escalated']),
        ),
      ),
  /**
   * Due messages, locked and leased to this dispatcher: pending or unconfirmed ones whose time has come,
   * and ones another dispatcher was sending when its lease ran out (it may have died mid-send).
   */
  claimDue: async (db: Db, now: Date, leaseUntil: Date, limit: number) =>
    db.transaction(async (tx) => {
      const rows = await tx
        .select()
        .from(notificationOutbox)
        .where(
          or(
            and(
              inArray(notificationOutbox.status, ['pending', 'unconfirmed']),
              lte(notificationOutbox.nextAttemptAt, now),
            ),
            and(eq(notificationOutbox.status, 'sending'), lte(notificationOutbox.claimedUntil, now)),
          ),
        )
        .orderBy(asc(notificationOutbox.nextAttemptAt))
        .limit(limit)
        .for('update', { skipLocked: true });
      if (rows.length === 0) return [];
      await tx
        .update(notificationOutbox)
        .set({ status: 'sending', claimedUntil: leaseUntil, attempts: sql`${notificationOutbox.attempts} + 1` })
        .where(
          inArray(
            notificationOutbox.id,
            rows.map((r) => r.id),
          ),
        );
      return rows;
    }),
  /** The result of an attempt; only while this dispatcher's lease holds (a lapsed one changes nothing). */
  record: (
    db: Conn,
    id: number,
    leaseUntil: Date,
    set: Partial<Pick<NewMessage, 'status' | 'nextAttemptAt' | 'lastErrorCode' | 'lastErrorDetail'>> & {
      providerMessageId?: string | null;
      sentAt?: Date | null;
      deliveredAt?: Date | null;
    },
  ) =>
    db
      .update(notificationOutbox)
      .set({ ...set, claimedUntil: null })
      .where(
        and(
          eq(notificationOutbox.id, id),
          eq(notificationOutbox.status, 'sending'),
          eq(notificationOutbox.claimedUntil, leaseUntil),
        ),
      ),
  /** Many sends that went through, in one statement (PGlite has one connection: fewer statements, less waiting). */
  recordSent: (db: Conn, lease: Date, sentAt: Date, rows: Array<{ id: number; providerMessageId: string | null }>) =>
    rows.length
      ? db.execute(sql`
          UPDATE notification_outbox AS o
          SET status = 'sent', sent_at = ${at(sentAt)}, provider_message_id = u.pid, claimed_until = NULL,
              last_error_code = NULL, last_error_detail = NULL
          FROM unnest(${`{${rows.map((r) => r.id).join(',')}}`}::bigint[], ${toPgArray(rows.map((r) => r.providerMessageId))}::text[]) AS u(id, pid)
          WHERE o.id = u.id AND o.status = 'sending' AND o.claimed_until = ${at(lease)}`)
      : Promise.resolve(),
  /** Sent messages whose provider will report delivery (SMS receipts), due for a look. */
  awaitingReceipt: (db: Conn, kinds: ChannelKind[], olderThan: Date, newerThan: Date, limit: number) =>
    db
      .select()
      .from(notificationOutbox)
      .where(
        and(
          eq(notificationOutbox.status, 'sent'),
          inArray(notificationOutbox.channelKind, kinds),
          isNotNull(notificationOutbox.providerMessageId),
          lte(notificationOutbox.sentAt, olderThan),
          sql`${notificationOutbox.sentAt} > ${at(newerThan)}`,
        ),
      )
      .limit(limit),
  markDelivered: (db: Conn, id: number, deliveredAt: Date) =>
    db
      .update(notificationOutbox)
      .set({ status: 'delivered', deliveredAt })
      .where(and(eq(notificationOutbox.id, id), eq(notificationOutbox.status, 'sent'))),
  markUndelivered: (db: Conn, id: number, code: string, detail: string | null) =>
    db
      .update(notificationOutbox)
      .set({ status: 'failed', lastErrorCode: code, lastErrorDetail: detail })
      .where(and(eq(notificationOutbox.id, id), eq(notificationOutbox.status, 'sent'))),
  /** A failed message sent again: due now, its attempts counted afresh. */
  resend: async (db: Conn, id: number, now: Date) =>
    (
      await db
        .update(notificationOutbox)
        .set({ status: 'pending', nextAttemptAt: now, attempts: 0, lastErrorCode: null, lastErrorDetail: null })
        .where(and(eq(notificationOutbox.id, id), eq(notificationOutbox.status, 'failed')))
        .returning({ id: notificationOutbox.id })
    ).length === 1,
  message: async (db: Conn, id: number) =>
    (await db.select().from(notificationOutbox).where(eq(notificationOutbox.id, id)))[0] ?? null,
  /** The delivery log, newest first, filtered; `hallIds` null for every hall. */
  log: (
    db: Conn,
    f: {
      hallIds: string[] | null;
      userId?: string;
      status?: MessageStatus;
      channelId?: string;
      alarmId?: string;
      beforeId?: number;
      limit: number;
    },
  ) => {
    const where: SQL[] = [];
    if (f.hallIds) where.push(f.hallIds.length ? inArray(notificationOutbox.hallId, f.hallIds) : sql`false`);
    if (f.userId) where.push(eq(notificationOutbox.userId, f.userId));
    if (f.status) where.push(eq(notificationOutbox.status, f.status));
    if (f.channelId) where.push(eq(notificationOutbox.channelId, f.channelId));
    if (f.alarmId) where.push(eq(notificationOutbox.alarmId, f.alarmId));
    if (f.beforeId) where.push(sql`${notificationOutbox.id} < ${f.beforeId}`);
    return db
      .select()
      .from(notificationOutbox)
      .where(and(...where))
      .orderBy(desc(notificationOutbox.id))
      .limit(f.limit);
  },
  /** Finished messages older than `before`, a thousand at a time (the log keeps a retention period). */
  purge: async (db: Conn, before: Date) =>
    (
      await db
        .delete(notificationOutbox)
        .where(
          inArray(
            notificationOutbox.id,
            db
              .select({ id: notificationOutbox.id })
              .from(notificationOutbox)
              .where(
                and(
                  inArray(notificationOutbox.status, ['sent', 'delivered', 'failed']),
                  lte(notificationOutbox.createdAt, before),
                ),
              )
              .limit(1_000),
          ),
        )
        .returning({ id: notificationOutbox.id })
    ).length,
  /** Counts by status (the console's summary and the benchmark). */
  counts: async (db: Conn) =>
    db
      .select({ status: notificationOutbox.status, n: sql<number>`count(*)::int` })
      .from(notificationOutbox)
      .groupBy(notificationOutbox.status),
  /** Seconds between the alarm event and the send, per message sent since `since` (the benchmark). */
  latencies: (db: Conn, since: Date) =>
    db
      .select({
        ms: sql<number>`(extract(epoch from ${notificationOutbox.sentAt} - ${notificationOutbox.eventAt}) * 1000)::float8`,
      })
      .from(notificationOutbox)
      .where(and(isNotNull(notificationOutbox.sentAt), sql`${notificationOutbox.createdAt} >= ${at(since)}`)),
};

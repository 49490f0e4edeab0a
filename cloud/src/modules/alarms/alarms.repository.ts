/** Alarms as the hubs reported them, and acknowledgements asked for in the console. */
import { and, desc, eq, gte, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { hubs, type HubOutboxReport } from '../halls/halls.table.ts';
import { alarms } from '../ingest/ingest.table.ts';

export const alarmsRepository = {
  /** Open alarms of these halls, and those cleared since `since`, newest first. */
  list: (db: Db, hallIds: string[], since: Date, limit: number) =>
    hallIds.length
      ? db
          .select()
          .from(alarms)
          .where(and(inArray(alarms.hallId, hallIds), or(isNull(alarms.clearedAt), gte(alarms.clearedAt, since))))
          .orderBy(sql`${alarms.clearedAt} IS NULL DESC`, desc(alarms.raisedAt))
          .limit(limit)
      : Promise.resolve([]),
  get: async (db: Db, hallId: string, alarmId: string) =>
    (
      await db
        .select()
        .from(alarms)
        .where(and(eq(alarms.hallId, hallId), eq(alarms.alarmId, alarmId)))
    )[0] ?? null,
  requestAck: (db: Db, hallId: string, alarmId: string, by: string, at: Date) =>
    db
      .update(alarms)
      .set({ ackRequestedAt: at, ackRequestedBy: by })
      .where(and(eq(alarms.hallId, hallId), eq(alarms.alarmId, alarmId), isNull(alarms.ackRequestedAt))),
  /** An alarm the cloud raised itself: acknowledged here, which also ends it (it reports an event, not a condition). */
  ackCloudAlarm: (db: Db, hallId: string, alarmId: string, by: string, at: Date) =>
    db
      .update(alarms)
      .set({ ackedAt: at, ackedBy: by, ackRequestedAt: at, ackRequestedBy: by, clearedAt: at })
      .where(and(eq(alarms.hallId, hallId), eq(alarms.alarmId, alarmId), isNull(alarms.ackedAt))),
  /** Acknowledgements the hall's hub has yet to apply (the alarm still open, not yet acked there). */
  pendingAcks: (db: Db, hallId: string) =>
    db
      .select({ alarmId: alarms.alarmId, by: alarms.ackRequestedBy })
      .from(alarms)
      .where(
        and(
          eq(alarms.hallId, hallId),
          isNull(alarms.ackedAt),
          isNull(alarms.clearedAt),
          sql`${alarms.ackRequestedAt} IS NOT NULL`,
        ),
      ),
  /** The hub was heard from (and what it said of its outbox); written every 5 s per hub at most, or when the outbox changed. */
  touchHub: (db: Db, hubId: string, at: Date, outbox: HubOutboxReport | null) =>
    db
      .update(hubs)
      .set({ lastSeenAt: at, ...(outbox ? { outbox } : {}) })
      .where(
        and(
          eq(hubs.id, hubId),
          or(
            isNull(hubs.lastSeenAt),
            sql`${hubs.lastSeenAt} < ${new Date(at.getTime() - 5_000).toISOString()}::timestamptz`,
            outbox ? sql`${hubs.outbox} IS DISTINCT FROM ${JSON.stringify(outbox)}::jsonb` : sql`false`,
          ),
        ),
      ),
};

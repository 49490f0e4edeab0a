/** The staff record's awards and errors: storage. */
import { and, desc, eq, gte, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { checklistTemplates, onsiteForms } from './onsite.table.ts';
import { staffRecordEntries } from './records.table.ts';

export type RecordEntryRow = typeof staffRecordEntries.$inferSelect;

export const recordsRepository = {
  insert: async (db: Db, e: typeof staffRecordEntries.$inferInsert) =>
    (await db.insert(staffRecordEntries).values(e).returning())[0] as RecordEntryRow,
  entry: async (db: Db, id: number) =>
    (await db.select().from(staffRecordEntries).where(eq(staffRecordEntries.id, id)))[0] ?? null,
  /** The employee's entries, newest first (withdrawn ones included, flagged). */
  ofEmployee: (db: Db, employeeId: string, limit: number) =>
    db
      .select()
      .from(staffRecordEntries)
      .where(eq(staffRecordEntries.employeeId, employeeId))
      .orderBy(desc(staffRecordEntries.date), desc(staffRecordEntries.id))
      .limit(limit),
  /** How many entries a manager recorded for one employee today (the rate limit). */
  countFor: async (db: Db, employeeId: string, since: Date) =>
    (
      await db
        .select({ n: sql<number>`count(*)::int` })
        .from(staffRecordEntries)
        .where(and(eq(staffRecordEntries.employeeId, employeeId), gte(staffRecordEntries.createdAt, since)))
    )[0]?.n ?? 0,
  async withdraw(db: Db, id: number, by: string, at: Date) {
    const [row] = await db
      .update(staffRecordEntries)
      .set({ withdrawnAt: at, withdrawnBy: by })
      .where(and(eq(staffRecordEntries.id, id), isNull(staffRecordEntries.withdrawnAt)))
      .returning();
    return row ?? null;
  },
  /** Per employee, the awards and errors (in force) of a hall's day. */
  dayCounts: (db: Db, hallId: string, date: string) =>
    db
      .select({
        employeeId: staffRecordEntries.employeeId,
        awards: sql<number>`count(*) filter (where ${staffRecordEntries.kind} = 'award')::int`,
        errors: sql<number>`count(*) filter (where ${staffRecordEntries.kind} = 'error')::int`,
      })
      .from(staffRecordEntries)
      .where(
        and(
          eq(staffRecordEntries.hallId, hallId),
          eq(staffRecordEntries.date, date),
          isNull(staffRecordEntries.withdrawnAt),
        ),
      )
      .groupBy(staffRecordEntries.employeeId),
  /** The employee's newest on-site forms with their template's names. */
  onsiteForms: (db: Db, employeeId: string, limit: number) =>
    db
      .select({
        formId: onsiteForms.formId,
        at: onsiteForms.at,
        templateId: onsiteForms.templateId,
        template: checklistTemplates.document,
        points: onsiteForms.points,
        maxPoints: onsiteForms.maxPoints,
        criticalFailed: onsiteForms.criticalFailed,
        ticketNo: onsiteForms.ticketNo,
      })
      .from(onsiteForms)
      .leftJoin(
        checklistTemplates,
        and(
          eq(checklistTemplates.id, onsiteForms.templateId),
          eq(checklistTemplates.version, onsiteForms.templateVersion),
        ),
      )
      .where(eq(onsiteForms.employeeId, employeeId))
      .orderBy(desc(onsiteForms.at))
      .limit(limit),
};

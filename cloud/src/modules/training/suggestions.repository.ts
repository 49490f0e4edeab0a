/** What suggestions and effects read (the KPI facts, on-site forms, attendance) and their own rows. */
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { jobs } from '../jobs/jobs.table.ts';
import { checklistTemplates, onsiteForms } from '../performance/onsite.table.ts';
import { kpiDaily } from '../performance/performance.table.ts';
import { employees } from '../staff/staff.table.ts';
import { trainingAttendance, trainingSessions } from './sessions.table.ts';
import { type EffectKpi, trainingEffects as fx, trainingSuggestions as sg } from './suggestions.table.ts';

export type SuggestionRow = typeof sg.$inferSelect;
export type EffectRow = typeof fx.$inferSelect;

const fact = (name: string) => sql<number>`coalesce(sum((${kpiDaily.facts}->>${name})::float8), 0)::float8`;

export const suggestionsRepository = {
  /** Each clerk's facts summed over [from, to] (hall-local dates). */
  clerkFacts: (db: Db, hallId: string, from: string, to: string) =>
    db
      .select({
        subjectId: kpiDaily.subjectId,
        handleSeconds: fact('handle_seconds'),
        expectedSeconds: fact('expected_handle_seconds'),
        served: fact('served'),
        ratingSum: fact('rating_sum'),
        ratings: fact('ratings'),
      })
      .from(kpiDaily)
      .where(
        and(
          eq(kpiDaily.hallId, hallId),
          eq(kpiDaily.subjectKind, 'clerk'),
          gte(kpiDaily.date, from),
          lte(kpiDaily.date, to),
        ),
      )
      .groupBy(kpiDaily.subjectId),
  /** Clerks' daily facts (one KPI's numerator, denominator and sample) over [from, to], for many clerks. */
  dailySeries: async (db: Db, clerkIds: string[], from: string, to: string, kpi: EffectKpi) => {
    if (clerkIds.length === 0) return [];
    const [num, den, count] =
      kpi === 'handle' ? ['handle_seconds', 'expected_handle_seconds', 'served'] : ['rating_sum', 'ratings', 'ratings'];
    return db
      .select({
        clerkId: kpiDaily.subjectId,
        date: kpiDaily.date,
        num: fact(num),
        den: fact(den),
        count: fact(count),
      })
      .from(kpiDaily)
      .where(
        and(
          eq(kpiDaily.subjectKind, 'clerk'),
          inArray(kpiDaily.subjectId, clerkIds),
          gte(kpiDaily.date, from),
          lte(kpiDaily.date, to),
        ),
      )
      .groupBy(kpiDaily.subjectId, kpiDaily.date);
  },
  /** Clerk forms of a hall in [from, to): who, which template, the answers (at most 5,000, the newest). */
  clerkForms: (db: Db, hallId: string, from: Date, to: Date) =>
    db
      .select({
        employeeId: onsiteForms.employeeId,
        templateId: onsiteForms.templateId,
        templateVersion: onsiteForms.templateVersion,
        answers: onsiteForms.answers,
      })
      .from(onsiteForms)
      .where(
        and(
          eq(onsiteForms.hallId, hallId),
          isNotNull(onsiteForms.employeeId),
          gte(onsiteForms.at, from),
          sql`${onsiteForms.at} < ${to.toISOString()}::timestamptz`,
        ),
      )
      .orderBy(desc(onsiteForms.at))
      .limit(5_000),
  templates: (db: Db, ids: string[]) =>
    ids.length === 0
      ? Promise.resolve([])
      : db.select().from(checklistTemplates).where(inArray(checklistTemplates.id, ids)),
  activeEmployees: (db: Db, hallIds: string[]) =>
    hallIds.length === 0
      ? Promise.resolve([])
      : db
          .select({
            id: employees.id,
            hallId: employees.hallId,
            staffId: employees.staffId,
            name: employees.name,
            skills: employees.skills,
          })
          .from(employees)
          .where(and(inArray(employees.hallId, hallIds), eq(employees.status, 'active'))),

  ofHall: (db: Db, hallId: string, statuses: SuggestionRow['status'][]) =>
    db
      .select()
      .from(sg)
      .where(and(eq(sg.hallId, hallId), inArray(sg.status, statuses)))
      .orderBy(desc(sg.createdAt)),
  ofHalls: (db: Db, hallIds: string[], statuses: SuggestionRow['status'][], limit: number) =>
    hallIds.length === 0
      ? Promise.resolve([])
      : db
          .select()
          .from(sg)
          .where(and(inArray(sg.hallId, hallIds), inArray(sg.status, statuses)))
          .orderBy(desc(sg.createdAt), desc(sg.id))
          .limit(limit),
  /**
   * Suggestions dismissed or done since a moment: a gap dismissed is not raised again at once, nor one
   * just trained for (the training needs weeks to show in the figures).
   */
  closedSince: (db: Db, hallId: string, since: Date) =>
    db
      .select({ employeeId: sg.employeeId, kind: sg.kind, subject: sg.subject })
      .from(sg)
      .where(and(eq(sg.hallId, hallId), inArray(sg.status, ['dismissed', 'done']), gte(sg.updatedAt, since))),
  get: async (db: Db, id: number) => (await db.select().from(sg).where(eq(sg.id, id)))[0] ?? null,
  insert: (db: Db, row: typeof sg.$inferInsert) => db.insert(sg).values(row).onConflictDoNothing(),
  update: (db: Db, id: number, set: Partial<typeof sg.$inferInsert>) =>
    db
      .update(sg)
      .set({ ...set, updatedAt: new Date() })
      .where(eq(sg.id, id)),
  /** Sessions of these series a clerk attended (present), with when they ended. */
  attended: (db: Db, employeeIds: string[], seriesIds: number[]) =>
    employeeIds.length === 0 || seriesIds.length === 0
      ? Promise.resolve([])
      : db
          .select({
            employeeId: trainingAttendance.employeeId,
            seriesId: trainingSessions.materialSeriesId,
            endsAt: trainingSessions.endsAt,
          })
          .from(trainingAttendance)
          .innerJoin(trainingSessions, eq(trainingSessions.id, trainingAttendance.sessionId))
          .where(
            and(
              inArray(trainingAttendance.employeeId, employeeIds),
              inArray(trainingSessions.materialSeriesId, seriesIds),
              eq(trainingAttendance.status, 'present'),
              eq(trainingSessions.status, 'scheduled'),
            ),
          ),
  /** Every course taught to someone present since a moment: series, who, their hall, when the session ended. */
  trainedSince: (db: Db, since: Date) =>
    db
      .select({
        seriesId: trainingSessions.materialSeriesId,
        employeeId: trainingAttendance.employeeId,
        hallId: employees.hallId,
        endsAt: trainingSessions.endsAt,
      })
      .from(trainingAttendance)
      .innerJoin(trainingSessions, eq(trainingSessions.id, trainingAttendance.sessionId))
      .innerJoin(employees, eq(employees.id, trainingAttendance.employeeId))
      .where(
        and(
          isNotNull(trainingSessions.materialSeriesId),
          eq(trainingAttendance.status, 'present'),
          eq(trainingSessions.status, 'scheduled'),
          gte(trainingSessions.endsAt, since),
        ),
      )
      .orderBy(asc(trainingSessions.endsAt)),
  upsertEffect: (db: Db, row: typeof fx.$inferInsert) =>
    db
      .insert(fx)
      .values(row)
      .onConflictDoUpdate({
        target: [fx.materialSeriesId, fx.kpi],
        set: {
          verdict: row.verdict,
          flagged: row.flagged,
          measured: row.measured,
          result: row.result,
          computedAt: new Date(),
        },
      }),
  effects: (db: Db) => db.select().from(fx).orderBy(asc(fx.materialSeriesId), asc(fx.kpi)),
  effectsOf: (db: Db, seriesId: number) => db.select().from(fx).where(eq(fx.materialSeriesId, seriesId)),
  /** The newest job of a type: a hall's (suggestions), or one about no hall (effects). */
  latestJob: async (db: Db, type: string, hallId: string | null) =>
    (
      await db
        .select({
          state: jobs.state,
          createdAt: jobs.createdAt,
          finishedAt: jobs.finishedAt,
          errorCode: jobs.errorCode,
          result: jobs.result,
        })
        .from(jobs)
        .where(and(eq(jobs.type, type), hallId === null ? isNull(jobs.hallId) : eq(jobs.hallId, hallId)))
        .orderBy(desc(jobs.createdAt), desc(jobs.id))
        .limit(1)
    )[0] ?? null,
};

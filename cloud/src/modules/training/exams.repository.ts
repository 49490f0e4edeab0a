/** The question bank, exams and attempts. */
import {
  and,
  arrayContains,
  asc,
  desc,
  eq,
  gte,
  ilike,
  inArray,
  isNotNull,
  isNull,
  lt,
  lte,
  or,
  sql,
} from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { halls } from '../halls/halls.table.ts';
import { employees } from '../staff/staff.table.ts';
import { trainingAttempts as t, trainingExams as x, trainingQuestions as q } from './exams.table.ts';

export type QuestionRow = typeof q.$inferSelect;
export type ExamRow = typeof x.$inferSelect;
export type AttemptRow = typeof t.$inferSelect;

export const examsRepository = {
  insertQuestions: async (db: Db, rows: Array<typeof q.$inferInsert>) =>
    rows.length === 0 ? [] : db.insert(q).values(rows).returning({ id: q.id }),
  updateQuestion: (db: Db, id: number, set: Partial<typeof q.$inferInsert>) =>
    db.update(q).set(set).where(eq(q.id, id)),
  /** Whether any paper drawn so far asked this question. */
  asked: async (db: Db, id: number) =>
    (
      await db
        .select({ id: t.id })
        .from(t)
        .where(sql`${t.paper} @> ${JSON.stringify([{ questionId: id }])}::jsonb`)
        .limit(1)
    ).length > 0,
  /** Exams drawing from a question now draw from its replacement. */
  replaceInPools: (db: Db, from: number, to: number) =>
    db
      .update(x)
      .set({ questionIds: sql`array_replace(${x.questionIds}, ${from}, ${to})` })
      .where(sql`${from} = any(${x.questionIds})`),
  question: async (db: Db, id: number) => (await db.select().from(q).where(eq(q.id, id)))[0] ?? null,
  questionsByIds: (db: Db, ids: number[]) =>
    ids.length === 0 ? Promise.resolve([]) : db.select().from(q).where(inArray(q.id, ids)),
  /** A bank's questions (these units'), the newest first, by words in the stem, kind and business type. */
  questions: (
    db: Db,
    f: {
      unitIds: string[];
      text?: string | undefined;
      kind?: QuestionRow['kind'] | undefined;
      serviceId?: string | undefined;
      archived: boolean;
    },
    limit: number,
    offset: number,
  ) => {
    const where = and(
      inArray(q.orgUnitId, f.unitIds),
      f.archived ? isNotNull(q.archivedAt) : isNull(q.archivedAt),
      f.kind ? eq(q.kind, f.kind) : undefined,
      f.serviceId ? arrayContains(q.serviceIds, [f.serviceId]) : undefined,
      f.text ? ilike(q.stem, `%${f.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) : undefined,
    );
    return Promise.all([
      f.unitIds.length === 0
        ? Promise.resolve([])
        : db.select().from(q).where(where).orderBy(desc(q.id)).limit(limit).offset(offset),
      f.unitIds.length === 0
        ? Promise.resolve(0)
        : db
            .select({ n: sql<number>`count(*)::int` })
            .from(q)
            .where(where)
            .then((r) => r[0]?.n ?? 0),
    ]);
  },

  insertExam: async (db: Db, row: typeof x.$inferInsert) => (await db.insert(x).values(row).returning())[0] as ExamRow,
  exam: async (db: Db, id: number) => (await db.select().from(x).where(eq(x.id, id)))[0] ?? null,
  updateExam: (db: Db, id: number, set: Partial<typeof x.$inferInsert>) => db.update(x).set(set).where(eq(x.id, id)),
  /** Exams of these units, the newest first, with their takers' figures. */
  exams: (db: Db, unitIds: string[], limit: number) =>
    unitIds.length === 0
      ? Promise.resolve([])
      : db
          // The exam's id by its table's name: a query of one table renders `${x.id}` as a bare "id", which
          // inside `from training_attempts a` would be the attempt's own id.
          .select({
            exam: x,
            takers: sql<number>`(select count(distinct a.employee_id) from training_attempts a where a.exam_id = training_exams.id and a.percent is not null)::int`,
            passed: sql<number>`(select count(distinct a.employee_id) from training_attempts a where a.exam_id = training_exams.id and a.passed)::int`,
            meanPercent: sql<
              number | null
            >`(select avg(b.best) from (select max(a.percent) as best from training_attempts a where a.exam_id = training_exams.id and a.percent is not null group by a.employee_id) b)::float8`,
          })
          .from(x)
          .where(inArray(x.orgUnitId, unitIds))
          .orderBy(desc(x.opensAt), desc(x.id))
          .limit(limit),
  /** Exams open now for units among these (a clerk's halls' chain up the tree). */
  openFor: (db: Db, unitIds: string[], now: Date) =>
    unitIds.length === 0
      ? Promise.resolve([])
      : db
          .select()
          .from(x)
          .where(and(inArray(x.orgUnitId, unitIds), lte(x.opensAt, now), or(isNull(x.closesAt), gte(x.closesAt, now))))
          .orderBy(asc(x.closesAt), desc(x.id))
          .limit(100),
  examsByIds: (db: Db, ids: number[]) =>
    ids.length === 0 ? Promise.resolve([]) : db.select().from(x).where(inArray(x.id, ids)),

  insertAttempt: async (db: Db, row: typeof t.$inferInsert) =>
    (await db.insert(t).values(row).onConflictDoNothing().returning())[0] ?? null,
  attempt: async (db: Db, id: number) => (await db.select().from(t).where(eq(t.id, id)))[0] ?? null,
  /** Saves answers while the attempt is open; answers whether they were taken. */
  saveAnswers: async (db: Db, id: number, answers: AttemptRow['answers'], now: Date) =>
    (
      await db
        .update(t)
        .set({ answers })
        .where(and(eq(t.id, id), isNull(t.submittedAt), gte(t.deadlineAt, now)))
        .returning({ id: t.id })
    ).length > 0,
  /** Records the grade once (a second submission finds it graded and changes nothing). */
  grade: async (
    db: Db,
    id: number,
    g: Pick<AttemptRow, 'earned' | 'maxPoints' | 'percent' | 'passed' | 'grades' | 'submittedAt'>,
  ) =>
    (
      await db
        .update(t)
        .set(g)
        .where(and(eq(t.id, id), isNull(t.percent)))
        .returning()
    )[0] ?? null,
  attemptsOf: (db: Db, employeeId: string, examIds: number[]) =>
    examIds.length === 0
      ? Promise.resolve([])
      : db
          .select()
          .from(t)
          .where(and(eq(t.employeeId, employeeId), inArray(t.examId, examIds)))
          .orderBy(asc(t.examId), asc(t.attemptNo)),
  /** The exams an employee has attempted (the newest 100). */
  examIdsOf: async (db: Db, employeeId: string) =>
    (
      await db
        .selectDistinct({ examId: t.examId })
        .from(t)
        .where(eq(t.employeeId, employeeId))
        .orderBy(desc(t.examId))
        .limit(100)
    ).map((r) => r.examId),
  /** Attempts past their deadline never submitted (graded on what was saved). */
  expired: (db: Db, now: Date, f: { examId?: number; employeeId?: string; hallId?: string }) =>
    db
      .select()
      .from(t)
      .where(
        and(
          isNull(t.percent),
          lt(t.deadlineAt, now),
          f.examId !== undefined ? eq(t.examId, f.examId) : undefined,
          f.employeeId ? eq(t.employeeId, f.employeeId) : undefined,
          f.hallId ? eq(t.hallId, f.hallId) : undefined,
        ),
      )
      .limit(1_000),
  /** An exam's attempts with the clerks' names and halls. */
  attemptsOfExam: (db: Db, examId: number) =>
    db
      .select({
        attempt: t,
        name: employees.name,
        staffId: employees.staffId,
        hallName: halls.name,
      })
      .from(t)
      .leftJoin(employees, eq(employees.id, t.employeeId))
      .leftJoin(halls, eq(halls.id, t.hallId))
      .where(eq(t.examId, examId))
      .orderBy(asc(employees.name), asc(t.attemptNo)),
  /** Graded attempts of a hall submitted in [from, to), per employee: the exam facts of a day. */
  dayFacts: (db: Db, hallId: string, from: Date, to: Date) =>
    db
      .select({
        employeeId: t.employeeId,
        exams: sql<number>`count(*)::int`,
        scoreSum: sql<number>`coalesce(sum(${t.percent}), 0)::float8`,
        passed: sql<number>`count(*) filter (where ${t.passed})::int`,
      })
      .from(t)
      .where(and(eq(t.hallId, hallId), isNotNull(t.percent), gte(t.submittedAt, from), lt(t.submittedAt, to)))
      .groupBy(t.employeeId),
};

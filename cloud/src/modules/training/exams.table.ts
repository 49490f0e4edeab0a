/**
 * Exams (考试): a question bank kept by an org unit's trainers, exams drawing randomized papers from a
 * pool of it, and each clerk's attempts — the paper they were shown, their answers as they went, the
 * grade. A passed exam counts in the performance module's facts (`exams`, `exam_score_sum`,
 * `exams_passed`), which the skill rules' `exam-passed` criterion reads.
 */
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { AnswerKey, GivenAnswer, ItemGrade, PaperItem, QuestionKind } from '../../engines/training/paper.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const trainingQuestions = pgTable(
  'training_questions',
  {
    id: serial('id').primaryKey(),
    /** The bank's keeper: its trainers write and change the questions. */
    orgUnitId: text('org_unit_id').notNull(),
    kind: text('kind').$type<QuestionKind>().notNull(),
    stem: text('stem').notNull(),
    options: text('options')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    answer: jsonb('answer').$type<AnswerKey>().notNull(),
    points: smallint('points').notNull(),
    /** Shown after grading: why the answer is what it is. */
    explanation: text('explanation').notNull().default(''),
    serviceIds: text('service_ids')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    skills: text('skills')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    level: smallint('level').notNull().default(1),
    archivedAt: at('archived_at'),
    createdBy: text('created_by').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('training_questions_unit').on(t.orgUnitId),
    check('training_questions_kind', sql`${t.kind} in ('single', 'multiple', 'truefalse', 'short')`),
    check('training_questions_points', sql`${t.points} between 1 and 100`),
  ],
);

export const trainingExams = pgTable(
  'training_exams',
  {
    id: serial('id').primaryKey(),
    title: text('title').notNull(),
    /** Whose exam: its trainers keep it; the clerks of the halls under it take it. */
    orgUnitId: text('org_unit_id').notNull(),
    /** After a session: only its attendees (not excused) take it. */
    sessionId: integer('session_id'),
    /** The business type it certifies (shown, and named in the skill evidence), if any. */
    serviceId: text('service_id'),
    /** The questions a paper is drawn from. */
    questionIds: integer('question_ids').array().notNull(),
    /** Questions per paper. */
    drawCount: smallint('draw_count').notNull(),
    timeLimitMinutes: smallint('time_limit_minutes').notNull(),
    maxAttempts: smallint('max_attempts').notNull(),
    passPercent: smallint('pass_percent').notNull(),
    opensAt: at('opens_at').notNull(),
    closesAt: at('closes_at'),
    createdBy: text('created_by').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('training_exams_unit').on(t.orgUnitId, t.opensAt),
    check(
      'training_exams_limits',
      sql`${t.drawCount} >= 1 and ${t.timeLimitMinutes} between 1 and 600
      and ${t.maxAttempts} between 1 and 20 and ${t.passPercent} between 0 and 100`,
    ),
  ],
);

export const trainingAttempts = pgTable(
  'training_attempts',
  {
    id: serial('id').primaryKey(),
    examId: integer('exam_id')
      .notNull()
      .references(() => trainingExams.id, { onDelete: 'cascade' }),
    employeeId: text('employee_id').notNull(),
    /** The employee's hall when they started (facts are the hall's). */
    hallId: text('hall_id').notNull(),
    attemptNo: smallint('attempt_no').notNull(),
    /** The paper as drawn (questions and each one's option order); never changes. */
    paper: jsonb('paper').$type<PaperItem[]>().notNull(),
    /** Answers by question id, saved as the clerk goes (a dropped phone loses nothing). */
    answers: jsonb('answers').$type<Record<string, GivenAnswer>>().notNull().default({}),
    startedAt: at('started_at').notNull().defaultNow(),
    /** Started + the time limit, or the exam's closing if sooner: no answer is taken after it. */
    deadlineAt: at('deadline_at').notNull(),
    submittedAt: at('submitted_at'),
    /** Null until graded (at submission, or when the deadline passed unsubmitted). */
    earned: real('earned'),
    maxPoints: real('max_points'),
    percent: real('percent'),
    passed: boolean('passed'),
    grades: jsonb('grades').$type<ItemGrade[]>(),
  },
  (t) => [
    uniqueIndex('training_attempts_no').on(t.examId, t.employeeId, t.attemptNo),
    index('training_attempts_employee').on(t.employeeId, t.startedAt),
    index('training_attempts_hall_day').on(t.hallId, t.submittedAt),
  ],
);

/**
 * Exams (考试): the question bank, exams over a pool of it, and clerks' attempts on their phones.
 *
 * - The bank is kept per org unit by its trainers; questions are single or multiple choice, true/false or
 *   short answer (graded by keywords). An import takes up to `MAX_IMPORT` rows at once (the console
 *   reads the Excel file in the browser); each row is checked alone and a bad row is refused as that row,
 *   with the field and a code, while the good ones are saved.
 * - An exam draws each attempt's paper at random from its pool (engines/training/paper.ts), with a time
 *   limit, a number of attempts and a pass mark, open from `opensAt` to `closesAt`, for the clerks of the
 *   halls under its unit — or, after a session, for its attendees only.
 * - An attempt: the paper as drawn, answers saved as the clerk goes (a dropped phone loses nothing), no
 *   answer taken after the deadline (`GRACE_SECONDS` for the network), graded at submission or, if never
 *   submitted, on what was saved once the deadline has passed. The page never holds the key: answers
 *   come as positions shown and are mapped back here. The right answers are shown to a clerk only when
 *   the exam has closed or they have no attempt left (else a first attempt would teach the next).
 * - Results count in the performance module's facts of the day the attempt was graded (`exams`,
 *   `exam_score_sum`, `exams_passed`; exams.facts.ts), which the skill rules read.
 */
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { AppError, refuse } from '../../errors.ts';
import {
  type AnswerKey,
  type BankQuestion,
  drawPaper,
  type GivenAnswer,
  gradePaper,
  MAX_ANSWER_CHARS,
  MAX_PAPER,
  MAX_POOL,
  QUESTION_KINDS,
} from '../../engines/training/paper.ts';
import { text } from '../../inputs.ts';
import { allows, audit, type SessionUser, subtree, unitsAllowed } from '../access/access.service.ts';
import { examsRepository as repo, type AttemptRow, type ExamRow, type QuestionRow } from './exams.repository.ts';
import { sessionsRepository } from './sessions.repository.ts';
import { employeeOf } from './sessions.service.ts';

export const MAX_IMPORT = 500;
export const GRACE_SECONDS = 30;
export const MAX_OPTIONS = 8;
export const MAX_KEYWORDS = 10;

const forbidden = () =>
  new AppError('FORBIDDEN', 'needs training edit where the bank is kept', { reason: 'forbidden' });
const examNotFound = () => refuse('training-exam-not-found', 'examId', {}, 'NOT_FOUND');
const attemptNotFound = () => refuse('training-attempt-not-found', 'attemptId', {}, 'NOT_FOUND');

const option = text(200);
/** A question as written in the console or a row of an imported sheet. */
export const questionSchema = z
  .object({
    kind: z.enum(QUESTION_KINDS),
    stem: text(1_000),
    options: z.array(option).max(MAX_OPTIONS).default([]),
    answer: z.union([
      z
        .object({
          choices: z
            .array(
              z
                .int()
                .min(0)
                .max(MAX_OPTIONS - 1),
            )
            .min(1)
            .max(MAX_OPTIONS),
        })
        .strict(),
      z.object({ truth: z.boolean() }).strict(),
      z.object({ keywords: z.array(text(50)).min(1).max(MAX_KEYWORDS) }).strict(),
    ]),
    points: z.int().min(1).max(100).optional(),
    explanation: z.string().max(1_000).default(''),
    serviceIds: z.array(z.string().min(1).max(32)).max(20).default([]),
    skills: z.array(z.string().trim().min(1).max(30)).max(20).default([]),
    level: z.int().min(1).max(3).default(1),
  })
  .strict();
export type QuestionInput = z.infer<typeof questionSchema>;

/** Points by kind when a question names none. */
const DEFAULT_POINTS: Record<QuestionInput['kind'], number> = { single: 2, multiple: 3, truefalse: 1, short: 5 };

/** The checks beyond the shape: options and key agree with the kind. Answers a coded refusal or null. */
function questionProblem(input: QuestionInput): { code: Parameters<typeof refuse>[0]; field: string } | null {
  if (!input.stem.trim()) return { code: 'training-question-stem', field: 'stem' };
  const options = input.options.map((o) => o.trim());
  if (input.kind === 'single' || input.kind === 'multiple') {
    if (options.length < 2 || options.some((o) => !o) || new Set(options).size !== options.length)
      return { code: 'training-question-options', field: 'options' };
    if (!('choices' in input.answer)) return { code: 'training-question-answer', field: 'answer' };
    const choices = new Set(input.answer.choices);
    if ([...choices].some((c) => c >= options.length)) return { code: 'training-question-answer', field: 'answer' };
    if (input.kind === 'single' ? choices.size !== 1 : choices.size < 2)
      return { code: 'training-question-answer', field: 'answer' };
    return null;
  }
  if (options.length > 0) return { code: 'training-question-options', field: 'options' };
  if (input.kind === 'truefalse' && !('truth' in input.answer))
    return { code: 'training-question-answer', field: 'answer' };
  if (input.kind === 'short' && !('keywords' in input.answer))
    return { code: 'training-question-answer', field: 'answer' };
  return null;
}

const rowOf = (input: QuestionInput, orgUnitId: string, by: string) => ({
  orgUnitId,
  kind: input.kind,
  stem: input.stem.trim(),
  options: input.options.map((o) => o.trim()),
  answer: ('choices' in input.answer
    ? { choices: [...new Set(input.answer.choices)].sort((a, b) => a - b) }
    : 'keywords' in input.answer
      ? { keywords: [...new Set(input.answer.keywords.map((k) => k.trim()).filter(Boolean))] }
      : input.answer) as AnswerKey,
  points: input.points ?? DEFAULT_POINTS[input.kind],
  explanation: input.explanation.trim(),
  serviceIds: [...new Set(input.serviceIds)],
  skills: [...new Set(input.skills)],
  level: input.level,
  createdBy: by,
});

async function unitExists(db: Db, orgUnitId: string) {
  if (!(await sessionsRepository.units(db)).some((u) => u.id === orgUnitId))
    throw refuse('org-unit-not-found', 'orgUnitId', {}, 'NOT_FOUND');
}

/** A new question, or a change to one (a question some paper already asked is archived and a new one written). */
export async function saveQuestion(
  db: Db,
  user: SessionUser,
  q: { id?: number | undefined; orgUnitId: string; question: QuestionInput },
) {
  await unitExists(db, q.orgUnitId);
  if (!(await allows(db, user, 'training', 'edit', q.orgUnitId))) throw forbidden();
  const problem = questionProblem(q.question);
  if (problem) throw refuse(problem.code, problem.field);
  const row = rowOf(q.question, q.orgUnitId, user.id);
  if (q.id === undefined) {
    const [made] = await db.transaction(async (tx) => {
      const ids = await repo.insertQuestions(tx, [row]);
      await audit(tx, {
        userId: user.id,
        action: 'training.question.created',
        entity: 'training_question',
        entityId: String(ids[0]?.id),
        orgUnitId: q.orgUnitId,
        after: row,
      });
      return ids;
    });
    return { id: made?.id as number };
  }
  const before = await repo.question(db, q.id);
  if (!before) throw refuse('training-question-not-found', 'id', {}, 'NOT_FOUND');
  if (!(await allows(db, user, 'training', 'edit', before.orgUnitId))) throw forbidden();
  const { createdBy: _by, ...set } = row;
  // A question some paper already asked keeps its text and key for those papers: the change is a new
  // question, the old one archived, and the exams whose pool held the old one draw the new one.
  if (await repo.asked(db, q.id)) {
    const id = await db.transaction(async (tx) => {
      const [made] = await repo.insertQuestions(tx, [row]);
      const newId = made?.id as number;
      await repo.updateQuestion(tx, q.id as number, { archivedAt: new Date() });
      await repo.replaceInPools(tx, q.id as number, newId);
      await audit(tx, {
        userId: user.id,
        action: 'training.question.replaced',
        entity: 'training_question',
        entityId: String(q.id),
        orgUnitId: before.orgUnitId,
        before,
        after: { ...row, id: newId },
      });
      return newId;
    });
    return { id };
  }
  await db.transaction(async (tx) => {
    await repo.updateQuestion(tx, q.id as number, set);
    await audit(tx, {
      userId: user.id,
      action: 'training.question.changed',
      entity: 'training_question',
      entityId: String(q.id),
      orgUnitId: before.orgUnitId,
      before,
      after: set,
    });
  });
  return { id: q.id };
}

export async function archiveQuestion(db: Db, user: SessionUser, id: number, archived: boolean) {
  const before = await repo.question(db, id);
  if (!before) throw refuse('training-question-not-found', 'id', {}, 'NOT_FOUND');
  if (!(await allows(db, user, 'training', 'edit', before.orgUnitId))) throw forbidden();
  await db.transaction(async (tx) => {
    await repo.updateQuestion(tx, id, { archivedAt: archived ? new Date() : null });
    await audit(tx, {
      userId: user.id,
      action: archived ? 'training.question.archived' : 'training.question.restored',
      entity: 'training_question',
      entityId: String(id),
      orgUnitId: before.orgUnitId,
    });
  });
  return { archived };
}

export interface ImportRefusal {
  /** The row's position in the sheet as sent (1 = the first row after the titles). */
  row: number;
  field: string;
  code: string;
}

/** Imports rows into a bank: each row checked alone; the good ones saved, the bad ones refused by row. */
export async function importQuestions(db: Db, user: SessionUser, q: { orgUnitId: string; rows: unknown[] }) {
  await unitExists(db, q.orgUnitId);
  if (!(await allows(db, user, 'training', 'edit', q.orgUnitId))) throw forbidden();
  const good: Array<ReturnType<typeof rowOf>> = [];
  const refused: ImportRefusal[] = [];
  q.rows.slice(0, MAX_IMPORT).forEach((raw, i) => {
    const parsed = questionSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      refused.push({ row: i + 1, field: String(issue?.path[0] ?? 'row'), code: 'training-question-invalid' });
      return;
    }
    const problem = questionProblem(parsed.data);
    if (problem) refused.push({ row: i + 1, field: problem.field, code: problem.code });
    else good.push(rowOf(parsed.data, q.orgUnitId, user.id));
  });
  await db.transaction(async (tx) => {
    await repo.insertQuestions(tx, good);
    await audit(tx, {
      userId: user.id,
      action: 'training.questions.imported',
      entity: 'training_question',
      entityId: q.orgUnitId,
      orgUnitId: q.orgUnitId,
      after: { imported: good.length, refused: refused.length },
    });
  });
  return { imported: good.length, refused };
}

/** A bank's questions for its trainers and readers (with their keys: they are the bank's, not a paper). */
export async function listQuestions(
  db: Db,
  user: SessionUser,
  f: {
    orgUnitId?: string | undefined;
    text?: string | undefined;
    kind?: QuestionRow['kind'] | undefined;
    serviceId?: string | undefined;
    archived?: boolean | undefined;
    limit: number;
    offset: number;
  },
) {
  const units = await sessionsRepository.units(db);
  // Keys are for trainers: the bank is read with training edit (a hall manager sees exams and results).
  const editable = unitsAllowed(user, units, 'training', 'edit');
  const wanted = f.orgUnitId ? [...subtree(units, f.orgUnitId)].filter((u) => editable.has(u)) : [...editable];
  const [rows, total] = await repo.questions(
    db,
    { unitIds: wanted, text: f.text, kind: f.kind, serviceId: f.serviceId, archived: !!f.archived },
    f.limit,
    f.offset,
  );
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  return { total, rows: rows.map((r) => ({ ...r, unitName: unitName.get(r.orgUnitId) ?? r.orgUnitId })) };
}

export interface ExamInput {
  title: string;
  orgUnitId: string;
  sessionId?: number | undefined;
  serviceId?: string | undefined;
  questionIds: number[];
  drawCount: number;
  timeLimitMinutes: number;
  maxAttempts: number;
  passPercent: number;
  opensAt: Date;
  closesAt?: Date | undefined;
}

export async function createExam(db: Db, user: SessionUser, input: ExamInput) {
  await unitExists(db, input.orgUnitId);
  if (!(await allows(db, user, 'training', 'edit', input.orgUnitId))) throw forbidden();
  const title = input.title.trim();
  if (!title) throw refuse('training-title-empty', 'title');
  const ids = [...new Set(input.questionIds)];
  if (ids.length > MAX_POOL) throw refuse('training-exam-pool', 'questionIds', { max: MAX_POOL });
  const found = await repo.questionsByIds(db, ids);
  if (found.length !== ids.length || found.some((q) => q.archivedAt))
    throw refuse('training-question-not-found', 'questionIds', {}, 'NOT_FOUND');
  if (input.drawCount > Math.min(ids.length, MAX_PAPER))
    throw refuse('training-exam-draw', 'drawCount', { pool: ids.length });
  if (input.closesAt && input.closesAt <= input.opensAt) throw refuse('training-exam-window', 'closesAt');
  if (input.sessionId !== undefined) {
    const s = await sessionsRepository.get(db, input.sessionId);
    const units = await sessionsRepository.units(db);
    if (!s || !subtree(units, input.orgUnitId).has(s.orgUnitId))
      throw refuse('training-session-not-found', 'sessionId', {}, 'NOT_FOUND');
  }
  const exam = await db.transaction(async (tx) => {
    const row = await repo.insertExam(tx, {
      title,
      orgUnitId: input.orgUnitId,
      sessionId: input.sessionId ?? null,
      serviceId: input.serviceId ?? null,
      questionIds: ids,
      drawCount: input.drawCount,
      timeLimitMinutes: input.timeLimitMinutes,
      maxAttempts: input.maxAttempts,
      passPercent: input.passPercent,
      opensAt: input.opensAt,
      closesAt: input.closesAt ?? null,
      createdBy: user.id,
    });
    await audit(tx, {
      userId: user.id,
      action: 'training.exam.created',
      entity: 'training_exam',
      entityId: String(row.id),
      orgUnitId: input.orgUnitId,
      after: { ...input, questionIds: ids.length },
    });
    return row;
  });
  return { id: exam.id };
}

/** Closes an exam now (no new attempt; attempts under way keep their deadline). */
export async function closeExam(db: Db, user: SessionUser, examId: number, now = new Date()) {
  const exam = await repo.exam(db, examId);
  if (!exam) throw examNotFound();
  if (!(await allows(db, user, 'training', 'edit', exam.orgUnitId))) throw forbidden();
  if (exam.closesAt && exam.closesAt <= now) return { closed: false };
  await db.transaction(async (tx) => {
    await repo.updateExam(tx, examId, { closesAt: now < exam.opensAt ? exam.opensAt : now });
    await audit(tx, {
      userId: user.id,
      action: 'training.exam.closed',
      entity: 'training_exam',
      entityId: String(examId),
      orgUnitId: exam.orgUnitId,
    });
  });
  return { closed: true };
}

const bankOf = (rows: QuestionRow[]) =>
  new Map<number, BankQuestion>(
    rows.map((q) => [q.id, { id: q.id, kind: q.kind, options: q.options, key: q.answer, points: q.points }]),
  );

/** Grades an attempt on its saved answers (once; a second call finds it graded). */
async function gradeAttempt(db: Db, a: AttemptRow, exam: ExamRow, submittedAt: Date) {
  const questions = await repo.questionsByIds(
    db,
    a.paper.map((i) => i.questionId),
  );
  const answers = new Map(Object.entries(a.answers).map(([k, v]) => [Number(k), v]));
  const g = gradePaper(a.paper, bankOf(questions), answers, exam.passPercent);
  return ((await repo.grade(db, a.id, {
    earned: g.earned,
    maxPoints: g.max,
    percent: g.percent,
    passed: g.passed,
    grades: g.items,
    submittedAt,
  })) ?? (await repo.attempt(db, a.id))) as AttemptRow;
}

/** Grades the attempts whose deadline passed unsubmitted (at their deadline): before any result is read. */
export async function finishExpired(
  db: Db,
  f: { examId?: number; employeeId?: string; hallId?: string },
  now = new Date(),
) {
  const due = await repo.expired(db, new Date(now.getTime() - GRACE_SECONDS * 1000), f);
  const exams = new Map((await repo.examsByIds(db, [...new Set(due.map((a) => a.examId))])).map((e) => [e.id, e]));
  for (const a of due) await gradeAttempt(db, a, exams.get(a.examId) as ExamRow, a.deadlineAt);
  return due.length;
}

/** The units up the tree from an employee's hall (an exam of any of them is for them). */
async function unitsAbove(db: Db, hallId: string) {
  const units = await sessionsRepository.units(db);
  const byId = new Map(units.map((u) => [u.id, u]));
  const out: string[] = [];
  let u = units.find((x) => x.hallId === hallId);
  while (u && !out.includes(u.id)) {
    out.push(u.id);
    u = u.parentId ? byId.get(u.parentId) : undefined;
  }
  return out;
}

/** Whether an exam is the employee's: under its unit, and an attendee (not excused) of its session if any. */
async function isFor(db: Db, exam: ExamRow, e: { id: string; hallId: string }, above: readonly string[]) {
  if (!above.includes(exam.orgUnitId)) return false;
  if (exam.sessionId === null) return true;
  const a = await sessionsRepository.attendance(db, exam.sessionId, e.id);
  return !!a && a.status !== 'excused';
}

const reveals = (exam: ExamRow, used: number, now: Date) =>
  (exam.closesAt !== null && exam.closesAt <= now) || used >= exam.maxAttempts;

/** What a clerk sees of an attempt: the paper in the order shown, their answers, and once graded the result. */
async function attemptView(db: Db, a: AttemptRow, exam: ExamRow, used: number, now: Date) {
  const questions = new Map(
    (
      await repo.questionsByIds(
        db,
        a.paper.map((i) => i.questionId),
      )
    ).map((q) => [q.id, q]),
  );
  const reveal = a.percent !== null && reveals(exam, used, now);
  const grades = new Map((a.grades ?? []).map((g) => [g.questionId, g]));
  return {
    id: a.id,
    examId: exam.id,
    examTitle: exam.title,
    attemptNo: a.attemptNo,
    maxAttempts: exam.maxAttempts,
    passPercent: exam.passPercent,
    startedAt: a.startedAt,
    deadlineAt: a.deadlineAt,
    /** The cloud's clock when it answered: the page counts down against it, not the phone's own clock. */
    now,
    submittedAt: a.submittedAt,
    answers: a.answers,
    items: a.paper.map((item) => {
      const q = questions.get(item.questionId);
      const g = grades.get(item.questionId);
      const key = q?.answer;
      return {
        questionId: item.questionId,
        kind: q?.kind ?? 'single',
        stem: q?.stem ?? '',
        options: item.order.map((i) => q?.options[i] ?? ''),
        points: q?.points ?? 0,
        ...(g ? { earned: g.earned, right: g.right } : {}),
        ...(reveal && q
          ? {
              explanation: q.explanation,
              // The key in the positions this paper showed.
              key:
                key && 'choices' in key
                  ? { choices: key.choices.map((c) => item.order.indexOf(c)).sort((x, y) => x - y) }
                  : key,
            }
          : {}),
      };
    }),
    result:
      a.percent === null
        ? null
        : { earned: a.earned, maxPoints: a.maxPoints, percent: a.percent, passed: a.passed, revealed: reveal },
  };
}

/** A clerk's exams: those open to them now and those they took, with attempts used and the best result. */
export async function myExams(db: Db, user: SessionUser, now = new Date()) {
  const e = await employeeOf(db, user);
  await finishExpired(db, { employeeId: e.id }, now);
  const open: ExamRow[] = [];
  const above = await unitsAbove(db, e.hallId);
  for (const x of await repo.openFor(db, above, now)) if (await isFor(db, x, e, above)) open.push(x);
  // Exams taken before and closed since stay on the list with their results.
  const takenIds = (await repo.examIdsOf(db, e.id)).filter((id) => !open.some((x) => x.id === id));
  const all = [...open, ...(await repo.examsByIds(db, takenIds))];
  const attempts = await repo.attemptsOf(
    db,
    e.id,
    all.map((x) => x.id),
  );
  return all.map((x) => {
    const ofExam = attempts.filter((a) => a.examId === x.id);
    const graded = ofExam.filter((a) => a.percent !== null);
    const best = graded.reduce<AttemptRow | null>((b, a) => (!b || (a.percent ?? 0) > (b.percent ?? 0) ? a : b), null);
    const running = ofExam.find(
      (a) => a.percent === null && a.deadlineAt.getTime() + GRACE_SECONDS * 1000 > now.getTime(),
    );
    const isOpen = open.includes(x);
    return {
      id: x.id,
      title: x.title,
      serviceId: x.serviceId,
      questions: x.drawCount,
      timeLimitMinutes: x.timeLimitMinutes,
      maxAttempts: x.maxAttempts,
      passPercent: x.passPercent,
      opensAt: x.opensAt,
      closesAt: x.closesAt,
      open: isOpen,
      used: ofExam.length,
      best: best
        ? { attemptId: best.id, percent: best.percent, passed: best.passed, submittedAt: best.submittedAt }
        : null,
      passed: graded.some((a) => a.passed),
      runningAttemptId: running?.id ?? null,
      canStart: isOpen && !running && ofExam.length < x.maxAttempts,
    };
  });
}

/** Starts an attempt (or resumes the one under way): a fresh random paper within the exam's limits. */
export async function startAttempt(db: Db, user: SessionUser, examId: number, now = new Date()) {
  const e = await employeeOf(db, user);
  const exam = await repo.exam(db, examId);
  if (!exam || !(await isFor(db, exam, e, await unitsAbove(db, e.hallId)))) throw examNotFound();
  await finishExpired(db, { examId, employeeId: e.id }, now);
  const attempts = await repo.attemptsOf(db, e.id, [examId]);
  const running = attempts.find((a) => a.percent === null);
  if (running) return attemptView(db, running, exam, attempts.length, now);
  if (now < exam.opensAt || (exam.closesAt && now >= exam.closesAt))
    throw refuse('training-exam-closed', 'examId', {}, 'CONFLICT');
  if (attempts.length >= exam.maxAttempts)
    throw refuse('training-exam-attempts', 'examId', { max: exam.maxAttempts }, 'CONFLICT');
  const pool = (await repo.questionsByIds(db, exam.questionIds)).filter((q) => !q.archivedAt);
  if (pool.length < exam.drawCount) throw refuse('training-exam-draw', 'examId', { pool: pool.length }, 'CONFLICT');
  const paper = drawPaper([...bankOf(pool).values()], exam.drawCount, randomInt(2 ** 31));
  const limit = now.getTime() + exam.timeLimitMinutes * 60_000;
  const deadlineAt = new Date(exam.closesAt ? Math.min(limit, exam.closesAt.getTime()) : limit);
  const row = await repo.insertAttempt(db, {
    examId,
    employeeId: e.id,
    hallId: e.hallId,
    attemptNo: attempts.length + 1,
    paper,
    startedAt: now,
    deadlineAt,
  });
  // Two taps at once: the second finds the first's attempt.
  if (!row) return startAttempt(db, user, examId, now);
  return attemptView(db, row, exam, attempts.length + 1, now);
}

async function ownAttempt(db: Db, user: SessionUser, attemptId: number) {
  const e = await employeeOf(db, user);
  const a = await repo.attempt(db, attemptId);
  if (!a || a.employeeId !== e.id) throw attemptNotFound();
  const exam = (await repo.exam(db, a.examId)) as ExamRow;
  return { e, a, exam };
}

/** Checks answers against the paper: every key a question of it, each answer of its question's kind. */
function checkedAnswers(a: AttemptRow, kinds: Map<number, QuestionRow['kind']>, answers: Record<string, GivenAnswer>) {
  const out: Record<string, GivenAnswer> = {};
  for (const [k, v] of Object.entries(answers)) {
    const item = a.paper.find((i) => String(i.questionId) === k);
    if (!item) throw refuse('training-answer-invalid', 'answers', { questionId: k });
    const kind = kinds.get(item.questionId);
    const ok =
      kind === 'truefalse'
        ? 'truth' in v
        : kind === 'short'
          ? 'text' in v && v.text.length <= MAX_ANSWER_CHARS
          : 'choices' in v &&
            v.choices.every((c) => c >= 0 && c < item.order.length) &&
            (kind === 'multiple' || v.choices.length <= 1);
    if (!ok) throw refuse('training-answer-invalid', 'answers', { questionId: k });
    out[k] = v;
  }
  return out;
}

/** Saves answers (all so far) while the attempt is open. */
export async function saveAnswers(
  db: Db,
  user: SessionUser,
  attemptId: number,
  answers: Record<string, GivenAnswer>,
  now = new Date(),
) {
  const { a } = await ownAttempt(db, user, attemptId);
  if (a.percent !== null) throw refuse('training-attempt-closed', 'attemptId', {}, 'CONFLICT');
  const kinds = new Map(
    (
      await repo.questionsByIds(
        db,
        a.paper.map((i) => i.questionId),
      )
    ).map((q) => [q.id, q.kind]),
  );
  const checked = checkedAnswers(a, kinds, answers);
  if (!(await repo.saveAnswers(db, a.id, checked, new Date(now.getTime() - GRACE_SECONDS * 1000))))
    throw refuse('training-attempt-closed', 'attemptId', {}, 'CONFLICT');
  return { saved: Object.keys(checked).length };
}

/** Submits: the last answers saved (if still in time), then graded; the result as the clerk sees it. */
export async function submitAttempt(
  db: Db,
  user: SessionUser,
  attemptId: number,
  answers: Record<string, GivenAnswer> | undefined,
  now = new Date(),
) {
  const { e, a, exam } = await ownAttempt(db, user, attemptId);
  let row = a;
  if (a.percent === null) {
    if (answers) {
      const kinds = new Map(
        (
          await repo.questionsByIds(
            db,
            a.paper.map((i) => i.questionId),
          )
        ).map((q) => [q.id, q.kind]),
      );
      await repo.saveAnswers(
        db,
        a.id,
        checkedAnswers(a, kinds, answers),
        new Date(now.getTime() - GRACE_SECONDS * 1000),
      );
    }
    const fresh = (await repo.attempt(db, a.id)) as AttemptRow;
    const late = now.getTime() > fresh.deadlineAt.getTime() + GRACE_SECONDS * 1000;
    row = await gradeAttempt(db, fresh, exam, late ? fresh.deadlineAt : now);
  }
  const used = (await repo.attemptsOf(db, e.id, [exam.id])).length;
  return attemptView(db, row, exam, used, now);
}

/** One of the clerk's attempts (to resume it, or to read its result). */
export async function myAttempt(db: Db, user: SessionUser, attemptId: number, now = new Date()) {
  const { e, a, exam } = await ownAttempt(db, user, attemptId);
  let row = a;
  if (a.percent === null && a.deadlineAt.getTime() + GRACE_SECONDS * 1000 < now.getTime())
    row = await gradeAttempt(db, a, exam, a.deadlineAt);
  const used = (await repo.attemptsOf(db, e.id, [exam.id])).length;
  return attemptView(db, row, exam, used, now);
}

/** Exams of the units under the caller's training view, with takers, passes and the mean best score. */
export async function listExams(db: Db, user: SessionUser) {
  const units = await sessionsRepository.units(db);
  const visible = unitsAllowed(user, units, 'training', 'view');
  const rows = await repo.exams(db, [...visible], 200);
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  return rows.map((r) => ({
    ...r.exam,
    unitName: unitName.get(r.exam.orgUnitId) ?? r.exam.orgUnitId,
    takers: r.takers,
    passed: r.passed,
    meanPercent: r.meanPercent,
  }));
}

/** An exam's results: each clerk's attempts, and per question how often it was answered right. */
export async function examResults(db: Db, user: SessionUser, examId: number, now = new Date()) {
  const exam = await repo.exam(db, examId);
  if (!exam || !(await allows(db, user, 'training', 'view', exam.orgUnitId))) throw examNotFound();
  await finishExpired(db, { examId }, now);
  const rows = await repo.attemptsOfExam(db, examId);
  const questions = await repo.questionsByIds(db, exam.questionIds);
  const asked = new Map<number, { asked: number; right: number; earned: number; points: number }>();
  for (const r of rows)
    for (const g of r.attempt.grades ?? []) {
      const s = asked.get(g.questionId) ?? { asked: 0, right: 0, earned: 0, points: 0 };
      s.asked++;
      if (g.right) s.right++;
      s.earned += g.earned;
      s.points += g.points;
      asked.set(g.questionId, s);
    }
  const units = await sessionsRepository.units(db);
  return {
    exam: { ...exam, unitName: units.find((u) => u.id === exam.orgUnitId)?.name ?? exam.orgUnitId },
    canEdit: await allows(db, user, 'training', 'edit', exam.orgUnitId),
    attempts: rows.map((r) => ({
      id: r.attempt.id,
      employeeId: r.attempt.employeeId,
      name: r.name,
      staffId: r.staffId,
      hallName: r.hallName,
      attemptNo: r.attempt.attemptNo,
      startedAt: r.attempt.startedAt,
      submittedAt: r.attempt.submittedAt,
      percent: r.attempt.percent,
      passed: r.attempt.passed,
    })),
    questions: questions.map((q) => ({
      id: q.id,
      kind: q.kind,
      stem: q.stem,
      ...(asked.get(q.id) ?? { asked: 0, right: 0, earned: 0, points: 0 }),
    })),
  };
}

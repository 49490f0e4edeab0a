/**
 * 人员培训 — the training library, sessions, exams, plans, suggestions and effects. The library needs
 * `library` view somewhere (every clerk reads it; trainers write it); the rest `training` view somewhere
 * (shown under the caller's units); changing needs `library` or `training` edit where the thing is kept
 * (the services check its unit). A clerk's own sessions, check-in,
 * feedback and exams need only a sign-in: the services find the employee the account is linked to and
 * answer for them alone. Searches, check-ins and answer saves have per-user budgets.
 */
import { serviceIdSchema } from '@hall/devices';
import { z } from 'zod';
import { text } from '../../inputs.ts';
import { costly, moduleProcedure, router, signedInProcedure } from '../../trpc.ts';
import { MAX_ANSWER_CHARS, QUESTION_KINDS } from '../../engines/training/paper.ts';
import {
  archiveQuestion,
  closeExam,
  createExam,
  examResults,
  importQuestions,
  listExams,
  listQuestions,
  MAX_IMPORT,
  myAttempt,
  myExams,
  questionSchema,
  saveAnswers,
  saveQuestion,
  startAttempt,
  submitAttempt,
} from './exams.service.ts';
import {
  cancelSession,
  checkIn,
  checkinCode,
  getSession,
  giveFeedback,
  inviteChoices,
  listSessions,
  markAttendance,
  MAX_ATTENDEES,
  mySessions,
  scheduleSession,
  setAttendees,
} from './sessions.service.ts';
import { SESSION_MODES } from './sessions.table.ts';
import { courseEffects, EFFECTS_JOB } from './effects.service.ts';
import { analysisInfo, decideSuggestion, listSuggestions, SUGGEST_JOB } from './suggestions.service.ts';
import { SUGGESTION_STATUSES } from './suggestions.table.ts';
import { confirmRead, listAssignments, listRules, myAssignments, saveRule } from './plans.service.ts';
import { ASSIGNMENT_STATUSES, PLAN_TRIGGERS } from './plans.table.ts';
import { MAX_QUERY_CHARS } from '../../engines/search/chinese.ts';
import {
  archiveMaterial,
  createMaterial,
  getMaterial,
  libraryInfo,
  MAX_NOTE_CHARS,
  newVersion,
  searchMaterials,
} from './materials.service.ts';
import { MATERIAL_KINDS } from './training.table.ts';

const id = z.int().min(1).max(2_147_483_647);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, { error: 'a hex SHA-256' });
const skill = z.string().trim().min(1).max(30);

const material = z
  .object({
    kind: z.enum(MATERIAL_KINDS),
    title: text(120),
    summary: text(500).optional(),
    body: text(MAX_NOTE_CHARS).optional(),
    file: z
      .object({ sha256, name: text(200) })
      .strict()
      .optional(),
    serviceIds: z.array(serviceIdSchema).max(20).default([]),
    skills: z.array(skill).max(20).default([]),
    level: z.int().min(1).max(3).default(1),
    orgUnitId: z.string().min(1).max(64),
  })
  .strict();

const instant = z.iso.datetime({ offset: true }).transform((v) => new Date(v));
const unitId = z.string().min(1).max(64);
const employeeId = z.string().min(1).max(64);
const employeeIds = z.array(employeeId).max(MAX_ATTENDEES);
const session = z
  .object({
    title: text(120),
    materialSeriesId: id.optional(),
    orgUnitId: unitId,
    hallId: z.string().min(1).max(64).optional(),
    mode: z.enum(SESSION_MODES),
    place: z.string().max(300).optional(),
    startsAt: instant,
    endsAt: instant,
    employeeIds,
  })
  .strict();
/** An answer as the page gives it: positions shown, true/false, or text. */
const answer = z.union([
  z.object({ choices: z.array(z.int().min(0).max(15)).max(16) }).strict(),
  z.object({ truth: z.boolean() }).strict(),
  z.object({ text: z.string().max(MAX_ANSWER_CHARS) }).strict(),
]);
const answers = z.record(z.string().regex(/^\d{1,10}$/), answer).refine((r) => Object.keys(r).length <= 200, {
  error: 'at most 200 answers',
});

/** Asking to run a job again within the same ten minutes answers the job already asked for. */
const tenMinutes = () => Math.floor(Date.now() / 600_000);

const view = () => moduleProcedure({ module: 'training', level: 'view', scope: 'any-unit' });
/** The library: read by every clerk too; written by trainers (the service checks the material's unit). */
const read = () => moduleProcedure({ module: 'library', level: 'view', scope: 'any-unit' });
const write = () => moduleProcedure({ module: 'library', level: 'edit', scope: 'any-unit' });
const edit = () => moduleProcedure({ module: 'training', level: 'edit', scope: 'any-unit' });

export const trainingRouter = router({
  /** The library: the newest first, or a Chinese search (title hits first, hits marked). */
  library: read()
    .use(costly('training-search', 300))
    .input(
      z
        .object({
          q: z.string().max(MAX_QUERY_CHARS).optional(),
          kind: z.enum(MATERIAL_KINDS).optional(),
          serviceId: serviceIdSchema.optional(),
          skill: skill.optional(),
          level: z.int().min(1).max(3).optional(),
          all: z.boolean().optional(),
          limit: z.int().min(1).max(50).default(20),
          offset: z.int().min(0).max(1_000).default(0),
        })
        .strict(),
    )
    .query(({ ctx, input }) => searchMaterials(ctx.db, input)),
  /** The filters' choices: business types by name, skills named on materials. */
  libraryInfo: read().query(({ ctx }) => libraryInfo(ctx.db)),
  /** One material with its versions. */
  material: read()
    .input(z.object({ id }).strict())
    .query(({ ctx, input }) => getMaterial(ctx.db, ctx.user, input.id)),
  createMaterial: write()
    .input(material)
    .mutation(({ ctx, input }) => createMaterial(ctx.db, ctx.user, input, ctx.jobs ?? null)),
  /** A new version replacing the one in force. */
  newVersion: write()
    .input(z.object({ of: id, material }).strict())
    .mutation(({ ctx, input }) => newVersion(ctx.db, ctx.user, input.of, input.material, ctx.jobs ?? null)),
  archiveMaterial: write()
    .input(z.object({ id, archived: z.boolean() }).strict())
    .mutation(({ ctx, input }) => archiveMaterial(ctx.db, ctx.user, input.id, input.archived)),

  // Sessions (培训场次) and attendance.
  sessions: view()
    .input(z.object({ from: instant, to: instant, orgUnitId: unitId.optional() }).strict())
    .query(({ ctx, input }) => listSessions(ctx.db, ctx.user, input)),
  session: view()
    .input(z.object({ id }).strict())
    .query(({ ctx, input }) => getSession(ctx.db, ctx.user, input.id)),
  /** The clerks a unit's session may invite, by hall. */
  inviteChoices: view()
    .input(z.object({ orgUnitId: unitId }).strict())
    .query(({ ctx, input }) => inviteChoices(ctx.db, ctx.user, input.orgUnitId)),
  scheduleSession: edit()
    .input(session)
    .mutation(({ ctx, input }) => scheduleSession(ctx.db, ctx.user, input)),
  setAttendees: edit()
    .input(z.object({ sessionId: id, employeeIds }).strict())
    .mutation(({ ctx, input }) => setAttendees(ctx.db, ctx.user, input.sessionId, input.employeeIds)),
  cancelSession: edit()
    .input(z.object({ sessionId: id }).strict())
    .mutation(({ ctx, input }) => cancelSession(ctx.db, ctx.user, input.sessionId)),
  /** The room's check-in code now (it changes every 30 s), while the session's window is open. */
  checkinCode: edit()
    .input(z.object({ sessionId: id }).strict())
    .query(({ ctx, input }) => checkinCode(ctx.db, ctx.user, input.sessionId)),
  markAttendance: edit()
    .input(z.object({ sessionId: id, employeeId, status: z.enum(['invited', 'present', 'excused']) }).strict())
    .mutation(({ ctx, input }) => markAttendance(ctx.db, ctx.user, input)),
  /** A clerk's own sessions. */
  mySessions: signedInProcedure.query(({ ctx }) => mySessions(ctx.db, ctx.user)),
  /** A clerk checks in with the code scanned in the room. */
  checkIn: signedInProcedure
    .use(costly('training-checkin', 20))
    .input(z.object({ sessionId: id, code: z.string().regex(/^[A-Za-z0-9_-]{8}$/) }).strict())
    .mutation(({ ctx, input }) => checkIn(ctx.db, ctx.user, input)),
  giveFeedback: signedInProcedure
    .input(
      z
        .object({
          sessionId: id,
          courseScore: z.int().min(1).max(5),
          trainerScore: z.int().min(1).max(5),
          comment: z.string().max(500).optional(),
        })
        .strict(),
    )
    .mutation(({ ctx, input }) => giveFeedback(ctx.db, ctx.user, input)),

  // The question bank and exams.
  questions: view()
    .input(
      z
        .object({
          orgUnitId: unitId.optional(),
          text: z.string().max(100).optional(),
          kind: z.enum(QUESTION_KINDS).optional(),
          serviceId: serviceIdSchema.optional(),
          archived: z.boolean().optional(),
          limit: z.int().min(1).max(200).default(50),
          offset: z.int().min(0).max(100_000).default(0),
        })
        .strict(),
    )
    .query(({ ctx, input }) => listQuestions(ctx.db, ctx.user, input)),
  saveQuestion: edit()
    .input(z.object({ id: id.optional(), orgUnitId: unitId, question: questionSchema }).strict())
    .mutation(({ ctx, input }) => saveQuestion(ctx.db, ctx.user, input)),
  archiveQuestion: edit()
    .input(z.object({ id, archived: z.boolean() }).strict())
    .mutation(({ ctx, input }) => archiveQuestion(ctx.db, ctx.user, input.id, input.archived)),
  /** Rows read from an Excel sheet in the browser; each checked alone (a bad row refused as that row). */
  importQuestions: edit()
    .input(z.object({ orgUnitId: unitId, rows: z.array(z.unknown()).min(1).max(MAX_IMPORT) }).strict())
    .mutation(({ ctx, input }) => importQuestions(ctx.db, ctx.user, input)),
  exams: view().query(({ ctx }) => listExams(ctx.db, ctx.user)),
  examResults: view()
    .input(z.object({ examId: id }).strict())
    .query(({ ctx, input }) => examResults(ctx.db, ctx.user, input.examId)),
  createExam: edit()
    .input(
      z
        .object({
          title: text(120),
          orgUnitId: unitId,
          sessionId: id.optional(),
          serviceId: serviceIdSchema.optional(),
          questionIds: z.array(id).min(1).max(2_000),
          drawCount: z.int().min(1).max(200),
          timeLimitMinutes: z.int().min(1).max(600),
          maxAttempts: z.int().min(1).max(20),
          passPercent: z.int().min(0).max(100),
          opensAt: instant,
          closesAt: instant.optional(),
        })
        .strict(),
    )
    .mutation(({ ctx, input }) => createExam(ctx.db, ctx.user, input)),
  closeExam: edit()
    .input(z.object({ examId: id }).strict())
    .mutation(({ ctx, input }) => closeExam(ctx.db, ctx.user, input.examId)),
  /** A clerk's exams: open to them now, and those taken. */
  myExams: signedInProcedure.query(({ ctx }) => myExams(ctx.db, ctx.user)),
  startAttempt: signedInProcedure
    .input(z.object({ examId: id }).strict())
    .mutation(({ ctx, input }) => startAttempt(ctx.db, ctx.user, input.examId)),
  myAttempt: signedInProcedure
    .input(z.object({ attemptId: id }).strict())
    .query(({ ctx, input }) => myAttempt(ctx.db, ctx.user, input.attemptId)),
  /** Answers so far, saved as the clerk goes. */
  saveAnswers: signedInProcedure
    .use(costly('training-answers', 240))
    .input(z.object({ attemptId: id, answers }).strict())
    .mutation(({ ctx, input }) => saveAnswers(ctx.db, ctx.user, input.attemptId, input.answers)),
  // Training suggested from gaps, and the measured effect of courses.
  suggestions: view()
    .input(
      z
        .object({ hallId: z.string().min(1).max(64).optional(), status: z.enum(SUGGESTION_STATUSES).optional() })
        .strict(),
    )
    .query(({ ctx, input }) => listSuggestions(ctx.db, ctx.user, input)),
  decideSuggestion: view()
    .input(z.object({ id, status: z.enum(['dismissed', 'open']), reason: z.string().max(300).optional() }).strict())
    .mutation(({ ctx, input }) => decideSuggestion(ctx.db, ctx.user, input)),
  /** Runs the gap analysis of a hall now (a background job; asking again while one waits answers that one). */
  suggestNow: moduleProcedure({ module: 'training', level: 'edit', scope: 'hall' })
    .input(z.object({ hallId: z.string().min(1).max(64) }).strict())
    .mutation(async ({ ctx, input }) => {
      if (!ctx.jobs) throw new Error('this process runs no jobs');
      const job = await ctx.jobs.enqueue(
        SUGGEST_JOB,
        { hallId: input.hallId },
        { hallId: input.hallId, uniqueKey: `${SUGGEST_JOB}:now:${input.hallId}:${tenMinutes()}` },
      );
      return { jobId: job.id };
    }),
  effects: view().query(({ ctx }) => courseEffects(ctx.db, ctx.user)),
  /** The halls the caller sees (and may analyse), whether they may measure, and the newest runs of both jobs. */
  analysis: view()
    .input(z.object({ hallId: z.string().min(1).max(64).optional() }).strict())
    .query(({ ctx, input }) => analysisInfo(ctx.db, ctx.user, input)),
  /** Measures the courses now (a background job), for trainers at the root. */
  measureNow: moduleProcedure({ module: 'training', level: 'edit', scope: 'org-wide' })
    .input(z.object({}).strict())
    .mutation(async ({ ctx }) => {
      if (!ctx.jobs) throw new Error('this process runs no jobs');
      const job = await ctx.jobs.enqueue(EFFECTS_JOB, {}, { uniqueKey: `${EFFECTS_JOB}:now:${tenMinutes()}` });
      return { jobId: job.id };
    }),
  // Plans by rules, and each clerk's assignments.
  planRules: view().query(({ ctx }) => listRules(ctx.db, ctx.user)),
  savePlanRule: edit()
    .input(
      z
        .object({
          id: id.optional(),
          rule: z
            .object({
              name: text(80),
              orgUnitId: unitId,
              trigger: z.enum(PLAN_TRIGGERS),
              withinDays: z.int().min(1).max(365).optional(),
              serviceId: serviceIdSchema.optional(),
              skill: skill.optional(),
              materialSeriesIds: z.array(id).max(20).default([]),
              examId: id.optional(),
              dueDays: z.int().min(1).max(365),
              roles: z
                .array(z.enum(['clerk', 'lead', 'manager']))
                .min(1)
                .max(3),
              active: z.boolean().default(true),
            })
            .strict(),
        })
        .strict(),
    )
    .mutation(({ ctx, input }) => saveRule(ctx.db, ctx.user, input)),
  assignments: view()
    .input(
      z
        .object({ hallId: z.string().min(1).max(64).optional(), status: z.enum(ASSIGNMENT_STATUSES).optional() })
        .strict(),
    )
    .query(({ ctx, input }) => listAssignments(ctx.db, ctx.user, input)),
  /** A clerk's own plan. */
  myAssignments: signedInProcedure.query(({ ctx }) => myAssignments(ctx.db, ctx.user)),
  confirmRead: signedInProcedure
    .input(z.object({ assignmentId: id }).strict())
    .mutation(({ ctx, input }) => confirmRead(ctx.db, ctx.user, input.assignmentId)),
  submitAttempt: signedInProcedure
    .input(z.object({ attemptId: id, answers: answers.optional() }).strict())
    .mutation(({ ctx, input }) => submitAttempt(ctx.db, ctx.user, input.attemptId, input.answers)),
});

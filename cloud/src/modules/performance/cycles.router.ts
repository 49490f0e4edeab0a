/**
 * Assessment cycles (`cycles`) and their flows (`cycleFlows`). Flows hold for the whole organisation
 * (org-wide edit); a cycle is opened on an org unit; its list and page answer what lies under the
 * caller's grants; a sheet's manager actions are scoped to the sheet's hall; the clerk's own (`mine`,
 * `mySheet`, `selfReview`, `acknowledge`, `appeal`) are signed-in and answer only the linked employee's
 * sheets — anyone else's is not found.
 */
import { z } from 'zod';
import { calendarDate, text } from '../../inputs.ts';
import { moduleProcedure, router, signedInProcedure } from '../../trpc.ts';
import { flowStagesSchema } from './cycles.flow.ts';
import { advanceCycle, cycleDetail, listCycles, listFlows, openCycle, saveFlow } from './cycles.service.ts';
import {
  acknowledge,
  adjustLine,
  answerAppeal,
  fileAppeal,
  managerSheet,
  mySheet,
  mySheets,
  selfReview,
} from './cycles.sheets.ts';

const slug = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: 'letters, digits, _ . -' });
const id = z.int().min(1).max(2_147_483_647);
/** A reason a person gives: required where it is asked for, not just spaces. */
const reason = text(500).refine((s) => s.trim().length > 0, { error: 'a reason is required' });
const score = z.number().min(0).max(100);
const period = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('month'), month: z.string().regex(/^20\d\d-(0[1-9]|1[0-2])$/, { error: 'YYYY-MM' }) }),
  z.object({ kind: z.literal('quarter'), quarter: z.string().regex(/^20\d\d-Q[1-4]$/, { error: 'YYYY-Qn' }) }),
  z.object({ kind: z.literal('custom'), from: calendarDate, to: calendarDate }),
]);

export const cycleFlowsRouter = router({
  list: moduleProcedure({ module: 'performance', level: 'view', scope: 'any-unit' }).query(({ ctx }) =>
    listFlows(ctx.db),
  ),
  save: moduleProcedure({ module: 'performance', level: 'edit', scope: 'org-wide' })
    .input(z.object({ key: slug, name: text(100), stages: flowStagesSchema }))
    .mutation(({ ctx, input }) => saveFlow(ctx.db, ctx.user, input)),
});

export const cyclesRouter = router({
  list: moduleProcedure({ module: 'performance', level: 'view', scope: 'any-unit' }).query(({ ctx }) =>
    listCycles(ctx.db, ctx.user),
  ),
  open: moduleProcedure({ module: 'performance', level: 'edit', scope: 'org-unit' })
    .input(
      z.object({
        orgUnitId: slug,
        name: text(100).optional(),
        period,
        flowKey: slug.optional(),
        kpis: z
          .array(z.object({ key: slug, weight: z.number().min(0).max(100) }))
          .min(1)
          .max(50)
          .optional(),
      }),
    )
    .mutation(({ ctx, input }) => openCycle(ctx.db, ctx.user, input)),
  get: moduleProcedure({ module: 'performance', level: 'view', scope: 'any-unit' })
    .input(z.object({ cycleId: id }))
    .query(({ ctx, input }) => cycleDetail(ctx.db, ctx.user, input.cycleId)),
  advance: moduleProcedure({ module: 'performance', level: 'edit', scope: 'any-unit' })
    .input(z.object({ cycleId: id, reason: text(500).optional() }))
    .mutation(({ ctx, input }) => advanceCycle(ctx.db, ctx.user, input)),
  sheet: moduleProcedure({ module: 'performance', level: 'view', scope: 'hall' })
    .input(z.object({ hallId: slug, sheetId: id }))
    .query(({ ctx, input }) => managerSheet(ctx.db, ctx.user, input)),
  adjust: moduleProcedure({ module: 'performance', level: 'edit', scope: 'hall' })
    .input(z.object({ hallId: slug, sheetId: id, lineId: id, score, reason }))
    .mutation(({ ctx, input }) => adjustLine(ctx.db, ctx.user, input)),
  answerAppeal: moduleProcedure({ module: 'performance', level: 'edit', scope: 'hall' })
    .input(
      z.object({
        hallId: slug,
        appealId: id,
        decision: z.enum(['accept', 'reject']),
        newScore: score.optional(),
        reason: reason.optional(),
      }),
    )
    .mutation(({ ctx, input }) => answerAppeal(ctx.db, ctx.user, input)),
  /** The signed-in clerk's sheets. */
  mine: signedInProcedure.query(({ ctx }) => mySheets(ctx.db, ctx.user)),
  mySheet: signedInProcedure
    .input(z.object({ sheetId: id }))
    .query(({ ctx, input }) => mySheet(ctx.db, ctx.user, input.sheetId)),
  selfReview: signedInProcedure
    .input(
      z.object({
        sheetId: id,
        comment: text(1000).optional(),
        lines: z
          .array(z.object({ lineId: id, rating: z.int().min(1).max(5).optional(), comment: text(500).optional() }))
          .max(50),
      }),
    )
    .mutation(({ ctx, input }) => selfReview(ctx.db, ctx.user, input)),
  acknowledge: signedInProcedure
    .input(z.object({ sheetId: id }))
    .mutation(({ ctx, input }) => acknowledge(ctx.db, ctx.user, input)),
  appeal: signedInProcedure
    .input(z.object({ sheetId: id, lineId: id, reason }))
    .mutation(({ ctx, input }) => fileAppeal(ctx.db, ctx.user, input)),
});

/**
 * 排班 rosters (module `scheduling`: hall and region managers edit; a clerk has none of this): generate
 * a hall's roster (a job) or every hall's under an org unit, the periods and versions, one roster with
 * its coverage, the live check of an edit, edits saved one by one, a new draft from a published roster,
 * the diff of two versions, publish (a reason when days within the notice period change), discard.
 */
import { z } from 'zod';
import { calendarDate as date, text } from '../../inputs.ts';
import { moduleProcedure, router } from '../../trpc.ts';
import {
  cancelGeneration,
  checkEdit,
  coverageOf,
  diffRosters,
  discardRoster,
  getRoster,
  listRosters,
  publishRoster,
  requestGeneration,
  requestGenerationUnder,
  reviseRoster,
  saveEdit,
} from './rosters.service.ts';

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: 'letters, digits, _ . -' });
const hallId = id;
const rosterId = id;
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'HH:MM (24 h)' });
const breaks = z.array(z.object({ start: clock, end: clock })).max(6);
const shiftId = z.int().min(1).max(2_147_483_647);
const serviceId = id.nullable();

export const shiftEdit = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('add'),
    employeeId: id,
    date,
    start: clock,
    end: clock,
    serviceId,
    breaks: breaks.optional(),
  }),
  z.object({
    kind: z.literal('change'),
    shiftId,
    employeeId: id.optional(),
    date: date.optional(),
    start: clock,
    end: clock,
    serviceId: serviceId.optional(),
    breaks: breaks.optional(),
  }),
  z.object({ kind: z.literal('remove'), shiftId }),
]);

const period = { fromDate: date, weeks: z.union([z.literal(1), z.literal(4)]).default(1) };
const view = () => moduleProcedure({ module: 'scheduling', level: 'view', scope: 'hall' });
const edit = () => moduleProcedure({ module: 'scheduling', level: 'edit', scope: 'hall' });
const one = z.object({ hallId, rosterId });

export const rostersRouter = router({
  /** The hall's periods and their versions (status, gap, who and when, a generation's progress). */
  list: view()
    .input(z.object({ hallId }))
    .query(({ ctx, input }) => listRosters(ctx.db, input.hallId)),
  /** One roster with its shifts, employees, the rule check of the whole, and each day's expected service. */
  get: view()
    .input(one)
    .query(({ ctx, input }) => getRoster(ctx.db, input)),
  /** One day's coverage curve: required vs planned per interval, per service and in total. */
  coverage: view()
    .input(one.extend({ date }))
    .query(({ ctx, input }) => coverageOf(ctx.db, input)),
  /** The live check of an edit, not saved: hard rules and the service-level impact per interval. */
  check: view()
    .input(one.extend({ edit: shiftEdit }))
    .query(({ ctx, input }) => checkEdit(ctx.db, input)),
  /** Generates a roster for a week or four from a Monday (a job; answers the roster and its job). */
  generate: edit()
    .input(z.object({ hallId, ...period }))
    .mutation(({ ctx, input }) => requestGeneration(ctx.db, ctx.jobs, ctx.user, input)),
  /** Generates for every hall under an org unit (one job per hall). */
  generateUnder: moduleProcedure({ module: 'scheduling', level: 'edit', scope: 'org-unit' })
    .input(z.object({ orgUnitId: id, ...period }))
    .mutation(({ ctx, input }) => requestGenerationUnder(ctx.db, ctx.jobs, ctx.user, input)),
  /** Stops a generation (its job cancelled, the roster discarded). */
  cancel: edit()
    .input(one)
    .mutation(({ ctx, input }) => cancelGeneration(ctx.db, ctx.jobs, ctx.user, input)),
  /** Saves one edit of a draft (audited) and answers its check. */
  edit: edit()
    .input(one.extend({ edit: shiftEdit }))
    .mutation(({ ctx, input }) => saveEdit(ctx.db, ctx.user, input)),
  /** A new draft from a roster (to change a published one). */
  revise: edit()
    .input(one)
    .mutation(({ ctx, input }) => reviseRoster(ctx.db, ctx.user, input)),
  discard: edit()
    .input(one)
    .mutation(({ ctx, input }) => discardRoster(ctx.db, ctx.user, input)),
  /** Publishes a draft; `reason` is required when days within the notice period change. */
  publish: edit()
    .input(one.extend({ reason: text(500).optional() }))
    .mutation(({ ctx, input }) => publishRoster(ctx.db, ctx.user, input)),
  /** What changed between two versions, per person and day. */
  diff: view()
    .input(z.object({ hallId, from: rosterId, to: rosterId }))
    .query(({ ctx, input }) => diffRosters(ctx.db, input)),
});

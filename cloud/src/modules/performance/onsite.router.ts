/**
 * 现场评分 On-site scoring (router key `onsite`): checklist templates as configuration (listed per hall
 * or org unit, saved as new versions, retired, the defaults seeded), the scoring page's context and the
 * submission of a form, the hall's and an employee's forms, and corrective actions. Module
 * `performance`; a clerk sees their own forms through the `employee` scope ("self").
 */
import {
  checklistIdSchema,
  checklistTemplateSchema,
  counterIdSchema,
  hallIdSchema,
  ticketNoSchema,
} from '@hall/devices';
import { sha256Schema } from '@hall/devices/hub-events';
import { z } from 'zod';
import { calendarDate, text } from '../../inputs.ts';
import { moduleProcedure, router } from '../../trpc.ts';
import { actionOwners, closeAction, hallActions, openAction } from './onsite.actions.ts';
import { employeeForm, employeeForms, hallForm, hallForms, scoringContext, submitForm } from './onsite.service.ts';
import {
  retireTemplate,
  saveTemplate,
  seedDefaultTemplates,
  templatesForHall,
  templatesOfUnit,
} from './onsite.templates.ts';

const view = { module: 'performance', level: 'view' } as const;
const edit = { module: 'performance', level: 'edit' } as const;
const unitId = z.string().min(1).max(64);
const employeeId = z.string().min(1).max(64);
const formId = z.uuid();

const answer = z.object({
  itemId: checklistIdSchema,
  result: z.enum(['pass', 'fail', 'na']),
  points: z.number().min(0).max(100).nullable(),
  note: text(200).nullable(),
  photos: z.array(sha256Schema).max(4),
});
const action = z.object({
  itemId: checklistIdSchema,
  description: text(300),
  ownerEmployeeId: employeeId.nullish(),
  ownerUserId: z.string().min(1).max(64).nullish(),
  dueDate: calendarDate,
});

export const onsiteRouter = router({
  /** The templates in force for a hall. */
  templates: moduleProcedure({ ...view, scope: 'hall' })
    .input(z.object({ hallId: hallIdSchema }))
    .query(({ ctx, input }) => templatesForHall(ctx.db, input.hallId)),
  /** The templates an org unit looks after: in force there and defined below. */
  unitTemplates: moduleProcedure({ ...view, scope: 'org-unit' })
    .input(z.object({ orgUnitId: unitId }))
    .query(({ ctx, input }) => templatesOfUnit(ctx.db, input.orgUnitId)),
  /** A new version of a template at an org unit; the halls below get it in their config. */
  saveTemplate: moduleProcedure({ ...edit, scope: 'org-unit' })
    .input(z.object({ orgUnitId: unitId, template: checklistTemplateSchema.omit({ version: true }) }))
    .mutation(({ ctx, input }) => saveTemplate(ctx.db, ctx.user, input)),
  retireTemplate: moduleProcedure({ ...edit, scope: 'org-unit' })
    .input(z.object({ orgUnitId: unitId, templateId: checklistIdSchema }))
    .mutation(({ ctx, input }) => retireTemplate(ctx.db, ctx.user, input)),
  /** The default templates at the root (once; again adds nothing). */
  seedDefaults: moduleProcedure({ ...edit, scope: 'org-wide' }).mutation(({ ctx }) =>
    seedDefaultTemplates(ctx.db, ctx.user),
  ),
  /** What the scoring page offers: templates, clerks at counters now (with their ticket) first, counters. */
  scoringContext: moduleProcedure({ ...edit, scope: 'hall' })
    .input(z.object({ hallId: hallIdSchema }))
    .query(({ ctx, input }) => scoringContext(ctx.db, input.hallId)),
  /** A form: scored, stored once per formId, audited; actions for failed items opened with it. */
  submit: moduleProcedure({ ...edit, scope: 'hall' })
    .input(
      z.object({
        hallId: hallIdSchema,
        formId,
        templateId: checklistIdSchema,
        templateVersion: z.int().min(1).max(100_000),
        subjectKind: z.enum(['clerk', 'counter', 'hall']),
        subjectId: z.string().min(1).max(64),
        counterId: counterIdSchema.nullish(),
        ticketNo: ticketNoSchema.nullish(),
        answers: z.array(answer).min(1).max(720),
        signature: sha256Schema.nullish(),
        scoredAt: z.int().min(0).optional(),
        actions: z.array(action).max(60).optional(),
      }),
    )
    .mutation(({ ctx, input }) => submitForm(ctx.db, ctx.user, input)),
  /** A hall's forms over hall-local days [from, to] (at most 92; by default the two weeks to the hall's today). */
  forms: moduleProcedure({ ...view, scope: 'hall' })
    .input(
      z
        .object({ hallId: hallIdSchema, from: calendarDate.optional(), to: calendarDate.optional() })
        .refine(
          (q) => !q.from || !q.to || (q.from <= q.to && Date.parse(q.to) - Date.parse(q.from) <= 92 * 86_400_000),
          { error: 'from ≤ to, at most 92 days', path: ['to'] },
        ),
    )
    .query(({ ctx, input }) => hallForms(ctx.db, input)),
  form: moduleProcedure({ ...view, scope: 'hall' })
    .input(z.object({ hallId: hallIdSchema, formId }))
    .query(({ ctx, input }) => hallForm(ctx.db, input.hallId, input.formId)),
  /** An employee's forms: the hall's managers, or the clerk themself. */
  employeeForms: moduleProcedure({ ...view, scope: 'employee' })
    .input(z.object({ employeeId }))
    .query(({ ctx, input }) => employeeForms(ctx.db, input.employeeId)),
  employeeForm: moduleProcedure({ ...view, scope: 'employee' })
    .input(z.object({ employeeId, formId }))
    .query(({ ctx, input }) => employeeForm(ctx.db, input.employeeId, input.formId)),
  actions: moduleProcedure({ ...view, scope: 'hall' })
    .input(z.object({ hallId: hallIdSchema, status: z.enum(['open', 'closed']).optional() }))
    .query(({ ctx, input }) => hallActions(ctx.db, input)),
  actionOwners: moduleProcedure({ ...edit, scope: 'hall' })
    .input(z.object({ hallId: hallIdSchema }))
    .query(({ ctx, input }) => actionOwners(ctx.db, input.hallId)),
  openAction: moduleProcedure({ ...edit, scope: 'hall' })
    .input(action.extend({ hallId: hallIdSchema, formId }))
    .mutation(({ ctx, input }) => openAction(ctx.db, ctx.user, input)),
  closeAction: moduleProcedure({ ...edit, scope: 'hall' })
    .input(z.object({ hallId: hallIdSchema, actionId: z.uuid(), note: text(300) }))
    .mutation(({ ctx, input }) => closeAction(ctx.db, ctx.user, input)),
});

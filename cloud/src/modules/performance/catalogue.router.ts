/**
 * 指标库 The KPI catalogue's API (`kpis.*`): list, versions, the formula's live validation, a draft's
 * preview on last month's facts, create, edit (a new version), retire, restore, and writing the default
 * KPIs. Viewing needs `performance` view somewhere; changing the catalogue — the organisation's — needs
 * `performance` edit at the root of the org tree. Every change is audited (an edit with its diff).
 */
import { z } from 'zod';
import { calendarDate } from '../../inputs.ts';
import { costly, moduleProcedure, router } from '../../trpc.ts';
import { AppError } from '../../errors.ts';
import { audit } from '../access/access.service.ts';
import { SUBJECT_KINDS } from './facts.ts';
import { createKpiInput, kpiDraftSchema, kpiKeySchema, updateKpiInput } from './kpi.schema.ts';
import {
  createKpi,
  kpiVersions,
  listKpis,
  previewKpi,
  reference,
  restoreKpi,
  retireKpi,
  rootUnit,
  seedDefaults,
  updateKpi,
  validateFormula,
  ValidateLimiter,
} from './catalogue.service.ts';

const view = { module: 'performance', level: 'view', scope: 'any-unit' } as const;
const edit = { module: 'performance', level: 'edit', scope: 'org-wide' } as const;

/** Live validation runs at every pause in typing: bounded per user (per process: it guards this CPU). */
const validations = new ValidateLimiter();

export const kpisRouter = router({
  /** The catalogue: each KPI at its newest version with its version count; retired ones when asked. */
  list: moduleProcedure(view)
    .input(z.object({ includeRetired: z.boolean().default(false) }).default({ includeRetired: false }))
    .query(({ ctx, input }) => listKpis(ctx.db, ctx.user, input)),
  /** One KPI's versions, newest first, each with what changed. */
  versions: moduleProcedure(view)
    .input(z.object({ key: kpiKeySchema }))
    .query(({ ctx, input }) => kpiVersions(ctx.db, input.key)),
  /** The facts and functions a formula may use, the bounds, and the org units the caller can preview on. */
  reference: moduleProcedure(view).query(({ ctx }) => reference(ctx.db, ctx.user)),
  /** A formula checked as it is typed: the facts it uses, or what is wrong and where. */
  validate: moduleProcedure(view)
    .input(z.object({ formula: z.string().max(2_000) }))
    .query(({ ctx, input }) => {
      const waitMs = validations.take(ctx.user.id, Date.now());
      if (waitMs > 0)
        throw new AppError('TOO_MANY_REQUESTS', 'too many formula checks; slow down', {
          reason: 'busy',
          retryAfterMs: waitMs,
        });
      return validateFormula(input.formula);
    }),
  /** A draft over the daily facts of the halls under an org unit the caller can view (≤ 31 days, ≤ 200 halls). */
  preview: moduleProcedure({ module: 'performance', level: 'view', scope: 'org-unit' })
    .use(costly('kpi-preview', 30))
    .input(
      z.object({
        orgUnitId: z.string().min(1).max(64),
        draft: kpiDraftSchema,
        subjectKind: z.enum(SUBJECT_KINDS).optional(),
        from: calendarDate.optional(),
        to: calendarDate.optional(),
      }),
    )
    .query(({ ctx, input }) => previewKpi(ctx.db, input)),
  create: moduleProcedure(edit)
    .input(createKpiInput)
    .mutation(async ({ ctx, input }) => {
      const row = await createKpi(ctx.db, input.key, input.draft, ctx.user.id);
      await audit(ctx.db, {
        userId: ctx.user.id,
        action: 'kpi.created',
        entity: 'kpi',
        entityId: input.key,
        orgUnitId: await rootUnit(ctx.db),
        after: { version: 1, ...input.draft },
      });
      return { key: row.key, version: row.version };
    }),
  /** An edit: writes the next version; what used the older versions keeps them. */
  update: moduleProcedure(edit)
    .input(updateKpiInput)
    .mutation(async ({ ctx, input }) => {
      const { row, changes } = await updateKpi(ctx.db, input, ctx.user.id);
      await audit(ctx.db, {
        userId: ctx.user.id,
        action: 'kpi.updated',
        entity: 'kpi',
        entityId: input.key,
        orgUnitId: await rootUnit(ctx.db),
        before: { version: input.fromVersion, ...Object.fromEntries(changes.map((c) => [c.field, c.before])) },
        after: {
          version: row.version,
          ...Object.fromEntries(changes.map((c) => [c.field, c.after])),
          ...(input.reason ? { reason: input.reason } : {}),
        },
      });
      return { key: row.key, version: row.version, changed: changes.map((c) => c.field) };
    }),
  retire: moduleProcedure(edit)
    .input(z.object({ key: kpiKeySchema }))
    .mutation(async ({ ctx, input }) => {
      const row = await retireKpi(ctx.db, input.key);
      await audit(ctx.db, {
        userId: ctx.user.id,
        action: 'kpi.retired',
        entity: 'kpi',
        entityId: input.key,
        orgUnitId: await rootUnit(ctx.db),
        after: { version: row.version, retiredAt: row.retiredAt },
      });
      return { key: row.key, version: row.version };
    }),
  restore: moduleProcedure(edit)
    .input(z.object({ key: kpiKeySchema }))
    .mutation(async ({ ctx, input }) => {
      const row = await restoreKpi(ctx.db, input.key, ctx.user.id);
      await audit(ctx.db, {
        userId: ctx.user.id,
        action: 'kpi.restored',
        entity: 'kpi',
        entityId: input.key,
        orgUnitId: await rootUnit(ctx.db),
        after: { version: row.version },
      });
      return { key: row.key, version: row.version };
    }),
  /** The default telecom KPIs as version 1 where a key has none (idempotent). */
  seedDefaults: moduleProcedure(edit).mutation(async ({ ctx }) => {
    const { rows, written } = await seedDefaults(ctx.db, ctx.user.id);
    const unit = await rootUnit(ctx.db);
    for (const r of rows)
      await audit(ctx.db, {
        userId: ctx.user.id,
        action: 'kpi.created',
        entity: 'kpi',
        entityId: r.key,
        orgUnitId: unit,
        after: { version: 1, formula: r.formula, weight: r.weight, seeded: true },
      });
    return { written };
  }),
});

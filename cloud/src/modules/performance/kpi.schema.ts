/**
 * A KPI draft as the catalogue takes it (create, update, preview): one zod schema, the type inferred
 * from it. Besides shapes and bounds it checks what makes a KPI computable and fair — the formula
 * against the facts (engines/kpi), bands that agree with the direction, a minimum sample on a known
 * fact — and says what is wrong as a coded detail naming the field (error-shape.ts passes a custom
 * issue's `params.detail` to the console). Whether `appliesTo.orgUnitIds` exist needs the database: the
 * catalogue service checks it.
 */
import { z } from 'zod';
import { compileFormula, FORMULA_LIMITS } from '../../engines/kpi/index.ts';
import { text } from '../../inputs.ts';
import { EMPLOYEE_ROLES } from '../staff/staff.table.ts';
import { FACT_IDS, FORMULA_NAMES, SUBJECT_KINDS } from './facts.ts';
import { KPI_PERIODS, KPI_UNITS } from './performance.table.ts';

/** A KPI's stable key: lower-case words joined by dashes (`handle-mix`). */
export const kpiKeySchema = z
  .string()
  .min(2)
  .max(40)
  .regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, { error: 'lower-case letters, digits and dashes (handle-mix)' });

const finite = z.number().min(-1e9).max(1e9);

const bandsSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('linear'), zeroAt: finite, fullAt: finite }),
  z.object({
    kind: z.literal('piecewise'),
    points: z
      .array(z.object({ value: finite, score: z.number().min(0).max(100) }))
      .min(2)
      .max(12),
  }),
]);

const detail = (code: string, params?: Record<string, string | number>) => ({
  detail: params ? { code, params } : { code },
});

export const kpiDraftSchema = z
  .object({
    nameZh: text(40),
    nameEn: text(40),
    formula: z.string().max(FORMULA_LIMITS.chars * 2),
    unit: z.enum(KPI_UNITS),
    direction: z.enum(['higher', 'lower']),
    target: finite.nullable(),
    bands: bandsSchema,
    weight: z.number().min(0).max(100),
    appliesTo: z.object({
      subjects: z.array(z.enum(SUBJECT_KINDS)).max(3),
      roles: z.array(z.enum(EMPLOYEE_ROLES)).max(3).optional(),
      orgUnitIds: z.array(z.string().min(1).max(64)).max(50).optional(),
    }),
    period: z.enum(KPI_PERIODS),
    minSample: z.object({ fact: z.string().max(64), n: z.int().min(1).max(1_000_000) }).nullable(),
  })
  .superRefine((d, ctx) => {
    const compiled = compileFormula(d.formula, FORMULA_NAMES);
    if (!compiled.ok) {
      const { code, position, token } = compiled.error;
      ctx.addIssue({
        code: 'custom',
        path: ['formula'],
        message: `${code} at ${position}${token ? ` (${token})` : ''}`,
        params: detail(code, { position, column: position + 1, token }),
      });
    }
    if (d.bands.kind === 'linear') {
      const { zeroAt, fullAt } = d.bands;
      if (d.direction === 'higher' ? fullAt <= zeroAt : fullAt >= zeroAt)
        ctx.addIssue({
          code: 'custom',
          path: ['bands', 'fullAt'],
          message: `a "${d.direction}" KPI scores 100 ${d.direction === 'higher' ? 'above' : 'below'} where it scores 0`,
          params: detail(`kpi-bands-${d.direction}`),
        });
    } else {
      const pts = d.bands.points;
      const unsorted = pts.findIndex((p, i) => i > 0 && p.value <= (pts[i - 1] as { value: number }).value);
      if (unsorted >= 0)
        ctx.addIssue({
          code: 'custom',
          path: ['bands', 'points', unsorted, 'value'],
          message: 'points must be in increasing order of value',
          params: detail('kpi-bands-unsorted', { point: unsorted + 1 }),
        });
      else {
        const wrong = pts.findIndex((p, i) => {
          const prev = pts[i - 1];
          return prev !== undefined && (d.direction === 'higher' ? p.score < prev.score : p.score > prev.score);
        });
        if (wrong >= 0)
          ctx.addIssue({
            code: 'custom',
            path: ['bands', 'points', wrong, 'score'],
            message: `scores of a "${d.direction}" KPI must ${d.direction === 'higher' ? 'rise' : 'fall'} with the value`,
            params: detail(`kpi-bands-${d.direction}`, { point: wrong + 1 }),
          });
      }
    }
    if (d.minSample && !FACT_IDS.has(d.minSample.fact))
      ctx.addIssue({
        code: 'custom',
        path: ['minSample', 'fact'],
        message: `no fact ${d.minSample.fact}`,
        params: detail('kpi-sample-fact-unknown', { fact: d.minSample.fact }),
      });
    if (d.appliesTo.subjects.length === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['appliesTo', 'subjects'],
        message: 'applies to no one: choose clerks, counters or halls',
        params: detail('kpi-applies-to-empty'),
      });
  });

export type KpiDraftInput = z.infer<typeof kpiDraftSchema>;

/** A new KPI: its key and the draft (written as version 1). */
export const createKpiInput = z.object({ key: kpiKeySchema, draft: kpiDraftSchema });
/** An edit: the version it was made from (a concurrent edit is refused) and the new draft. */
export const updateKpiInput = z.object({
  key: kpiKeySchema,
  fromVersion: z.int().min(1).max(1_000_000),
  draft: kpiDraftSchema,
  /** Why it changed (kept in the audit with the diff). */
  reason: text(200).optional(),
});

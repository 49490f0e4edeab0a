/**
 * The shape of a stored KPI report (`kpi_reports.body`): a hall's day, or the roll-up of the halls under
 * an org unit. Figures only — names resolved at report time, so the report reads the same after a clerk
 * is renamed or a KPI is edited. A new shape is a new `KPI_REPORT_FORMAT`; old rows stay readable.
 */
import { z } from 'zod';

export const KPI_REPORT_FORMAT = 1;
export type ReportLang = 'zh-CN' | 'en';
/** At most this many clerks in a hall's report (a hall has tens); at most this many halls in a roll-up. */
export const MAX_REPORT_CLERKS = 200;
export const MAX_ROLLUP_HALLS = 1000;
export const MAX_REPORT_FORMS = 100;
/** Movers listed each way. */
export const REPORT_MOVERS = 3;

const num = z.number().nullable();

export const reportKpiSchema = z.object({
  key: z.string(),
  version: z.int(),
  nameZh: z.string(),
  nameEn: z.string(),
  unit: z.string(),
  direction: z.enum(['higher', 'lower']),
  target: num,
  weight: z.number(),
});
export type ReportKpi = z.infer<typeof reportKpiSchema>;

/** One KPI's value: `enough` false = "样本不足" (shown, neither scored nor ranked). */
export const reportValueSchema = z.object({
  key: z.string(),
  value: num,
  score: num,
  sample: num,
  enough: z.boolean(),
});
export type ReportValue = z.infer<typeof reportValueSchema>;

export const periodValuesSchema = z.object({
  days: z.int(),
  values: z.array(reportValueSchema),
  /** The weighted score over the KPIs with enough sample. */
  total: num,
});
export type PeriodValues = z.infer<typeof periodValuesSchema>;

export const clerkRowSchema = z.object({
  subjectId: z.string(),
  name: z.string(),
  day: periodValuesSchema.nullable(),
  month: periodValuesSchema,
  /** The day's total minus the previous day's; the last 7 days' minus the 7 before (null: one side missing). */
  deltaDay: num,
  deltaWeek: num,
});
export type ClerkRow = z.infer<typeof clerkRowSchema>;

const moverSchema = z.object({ subjectId: z.string(), name: z.string(), delta: z.number() });

export const hallReportSchema = z.object({
  format: z.literal(KPI_REPORT_FORMAT),
  kind: z.literal('hall'),
  hallId: z.string(),
  hallName: z.string(),
  timeZone: z.string(),
  date: z.string(),
  /** The first day of the month-to-date figures. */
  monthFrom: z.string(),
  generatedAt: z.number(),
  kpis: z.array(reportKpiSchema),
  hall: z.object({ day: periodValuesSchema.nullable(), month: periodValuesSchema.nullable() }),
  clerks: z.array(clerkRowSchema),
  clerksTotal: z.int(),
  movers: z.object({
    day: z.object({ up: z.array(moverSchema), down: z.array(moverSchema) }),
    week: z.object({ up: z.array(moverSchema), down: z.array(moverSchema) }),
  }),
  /** Month-to-date values with enough sample that miss the KPI's target. */
  belowTarget: z.array(
    z.object({ subjectId: z.string(), name: z.string(), key: z.string(), value: z.number(), target: z.number() }),
  ),
  onsite: z.object({
    total: z.int(),
    forms: z.array(
      z.object({
        formId: z.string(),
        subjectKind: z.enum(['clerk', 'counter', 'hall']),
        subjectName: z.string(),
        templateId: z.string(),
        points: z.number(),
        maxPoints: z.number(),
        criticalFailed: z.boolean(),
        failedItems: z.int(),
        at: z.number(),
      }),
    ),
  }),
});
export type HallKpiReport = z.infer<typeof hallReportSchema>;

export const rollupSchema = z.object({
  format: z.literal(KPI_REPORT_FORMAT),
  kind: z.literal('unit'),
  orgUnitId: z.string(),
  orgUnitName: z.string(),
  date: z.string(),
  monthFrom: z.string(),
  generatedAt: z.number(),
  kpis: z.array(reportKpiSchema),
  halls: z.array(
    z.object({
      hallId: z.string(),
      name: z.string(),
      day: periodValuesSchema.nullable(),
      month: periodValuesSchema.nullable(),
      /** 1 = best total; null: no total (no KPI with enough sample). */
      rankDay: z.int().nullable(),
      rankMonth: z.int().nullable(),
    }),
  ),
});
export type KpiRollup = z.infer<typeof rollupSchema>;

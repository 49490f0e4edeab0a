/**
 * The daily KPI report (router key `kpiReports`): a hall's reports (list, one, PDF, generate now), the
 * roll-up of a unit (one, PDF, generate now) and the report settings per unit. A hall's reports need
 * performance view at the hall; a roll-up and a setting need it at the unit named (a hall manager does
 * not see the region's). PDFs travel base64 (tens of kB; a report is bounded by its own limits).
 */
import { z } from 'zod';
import { calendarDate as date } from '../../inputs.ts';
import { costly, moduleProcedure, router } from '../../trpc.ts';
import { scheduleKpiReports } from './report.jobs.ts';
import { renderKpiReportPdf } from './report.pdf.ts';
import { kpiReportFileName } from './report.text.ts';
import {
  generateHallNow,
  generateRollupNow,
  hallReport,
  listHallReports,
  rollupReport,
  saveSetting,
  settingFor,
  storedHallReport,
  storedRollup,
} from './report.service.ts';

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: 'letters, digits, _ . -' });
const lang = z.enum(['zh-CN', 'en']);
const hall = (level: 'view' | 'edit') => moduleProcedure({ module: 'performance', level, scope: 'hall' });
const unit = (level: 'view' | 'edit') => moduleProcedure({ module: 'performance', level, scope: 'org-unit' });
const pdfAnswer = async (report: Parameters<typeof renderKpiReportPdf>[0], l: 'zh-CN' | 'en') => {
  const pdf = await renderKpiReportPdf(report, l);
  return {
    fileName: kpiReportFileName(report, l),
    contentType: 'application/pdf' as const,
    bytes: pdf.length,
    base64: pdf.toString('base64'),
  };
};

export const kpiReportsRouter = router({
  /** The hall's KPI reports, newest first; `before` pages back. */
  list: hall('view')
    .input(z.object({ hallId: id, before: date.optional(), limit: z.int().min(1).max(100).default(31) }))
    .query(({ ctx, input }) =>
      listHallReports(ctx.db, {
        hallId: input.hallId,
        limit: input.limit,
        ...(input.before ? { before: input.before } : {}),
      }),
    ),
  /** One day's stored report (null when none yet), with the hall's name. */
  get: hall('view')
    .input(z.object({ hallId: id, date }))
    .query(({ ctx, input }) => hallReport(ctx.db, input)),
  pdf: hall('view')
    .use(costly('kpi-report-pdf', 30))
    .input(z.object({ hallId: id, date, lang }))
    .query(async ({ ctx, input }) => pdfAnswer(await storedHallReport(ctx.db, input), input.lang)),
  /** Makes the day's report now (again: with the KPI versions it named when first made). Audited. */
  generate: hall('edit')
    .input(z.object({ hallId: id, date }))
    .mutation(({ ctx, input }) => generateHallNow(ctx.db, ctx.user, input)),
  rollup: router({
    get: unit('view')
      .input(z.object({ orgUnitId: id, date }))
      .query(({ ctx, input }) => rollupReport(ctx.db, input)),
    pdf: unit('view')
      .use(costly('kpi-report-pdf', 30))
      .input(z.object({ orgUnitId: id, date, lang }))
      .query(async ({ ctx, input }) => pdfAnswer(await storedRollup(ctx.db, input), input.lang)),
    generate: unit('edit')
      .input(z.object({ orgUnitId: id, date }))
      .mutation(({ ctx, input }) => generateRollupNow(ctx.db, ctx.user, input)),
  }),
  settings: router({
    /** The setting in force at the unit (its own or inherited: `fromUnitId`). */
    get: unit('view')
      .input(z.object({ orgUnitId: id }))
      .query(({ ctx, input }) => settingFor(ctx.db, input.orgUnitId)),
    put: unit('edit')
      .input(
        z.object({
          orgUnitId: id,
          enabled: z.boolean(),
          time: z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, { error: 'HH:MM' }),
          kpiKeys: z.array(z.string().min(1).max(64)).max(50),
          languages: z.array(lang).min(1).max(2),
        }),
      )
      .mutation(async ({ ctx, input }) => {
        const saved = await saveSetting(ctx.db, ctx.user, input);
        // The halls under the unit now run at the new time (or not at all).
        if (ctx.jobs) await scheduleKpiReports(ctx.jobs, ctx.db);
        return saved;
      }),
  }),
});

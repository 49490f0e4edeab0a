/**
 * A hall's daily reports: the list by date, one report, its PDF (base64 in the answer: a report is tens
 * of kB, bounded by the report's own limits), and "generate now". Everything needs analytics view at the
 * hall: the report holds nothing the drill-down does not show, and regenerating only re-reads facts.
 */
import { z } from 'zod';
import { calendarDate as date } from '../../inputs.ts';
import { moduleProcedure, router } from '../../trpc.ts';
import { enqueueBackfill } from './reports.jobs.ts';
import { generateNow, listReports, reportOfDay, reportPdf } from './reports.service.ts';

const hallId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: 'letters, digits, _ . -' });
const lang = z.enum(['zh-CN', 'en']);
const view = () => moduleProcedure({ module: 'analytics', level: 'view', scope: 'hall' });

export const reportsRouter = router({
  /** The hall's reports, newest day first; `before` (a date) pages back. */
  list: view()
    .input(z.object({ hallId, before: date.optional(), limit: z.int().min(1).max(100).default(31) }))
    .query(({ ctx, input }) =>
      listReports(ctx.db, {
        hallId: input.hallId,
        limit: input.limit,
        ...(input.before ? { before: input.before } : {}),
      }),
    ),
  /** One day's report (null when the day has none yet), with the hall's name and time zone. */
  get: view()
    .input(z.object({ hallId, date }))
    .query(({ ctx, input }) => reportOfDay(ctx.db, input)),
  /** The day's report as a PDF in `lang`, with its file name. */
  pdf: view()
    .input(z.object({ hallId, date, lang }))
    .query(async ({ ctx, input }) => {
      const { fileName, pdf } = await reportPdf(ctx.db, input);
      return { fileName, contentType: 'application/pdf' as const, bytes: pdf.length, base64: pdf.toString('base64') };
    }),
  /** Makes (or remakes) the day's report now; a repeat within 30 s answers the stored one. */
  generate: view()
    .input(z.object({ hallId, date }))
    .mutation(({ ctx, input }) => generateNow(ctx.db, ctx.user, input)),
  /**
   * Makes the missing reports of past days in the background (a job; at most 92 days): after an outage,
   * or for the days a hall's history already holds (the demo's first start). Once per hall and range.
   */
  backfill: view()
    .input(z.object({ hallId, from: date, to: date }))
    .mutation(async ({ ctx, input }) => {
      const job = await enqueueBackfill(ctx.jobs, input);
      return { jobId: job.id, created: job.created };
    }),
});

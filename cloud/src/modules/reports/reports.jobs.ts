/**
 * The reports' background work on the jobs module: each hall's daily report, 30 minutes after the hall
 * closes (in its time zone, by its opening hours), and the reports of a run of past days (a hall back
 * from an outage, the demo's history). Both are idempotent: a report is stored per hall and day, and a
 * run again replaces it with the same figures.
 */
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { calendarDate } from '../../inputs.ts';
import { shiftDate } from '../analytics/analytics.service.ts';
import type { Jobs } from '../jobs/jobs.service.ts';
import { JobError } from '../jobs/jobs.types.ts';
import { hallsRepository } from '../halls/halls.repository.ts';
import { halls } from '../halls/halls.table.ts';
import { enqueueForUsers, reportSubscribers } from '../notifications/notifications.service.ts';
import {
  dailyReportMail,
  generateDailyReport,
  generateDailyReports,
  reportPdf,
  type ForecastSource,
} from './reports.service.ts';

export const DAILY_REPORT_JOB = 'reports.daily';
export const REPORT_BACKFILL_JOB = 'reports.backfill';
/** When a hall's day is reported: this long after it closes. */
export const REPORT_AFTER_CLOSE_MINUTES = 30;
/** How far back the daily job makes the reports a missed run left out. */
const CATCH_UP_DAYS = 7;
/** The most days one backfill job makes (the demo's history is 28). */
export const MAX_BACKFILL_DAYS = 92;

const hallId = z.string().min(1).max(64);
/** The hall is the job's own (`hallId` of its schedule). */
const dailyPayload = z.object({}).strict();
const backfillPayload = z.object({ hallId, from: calendarDate, to: calendarDate });

/** The hall-local date of an instant. */
function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

export interface ReportJobHooks {
  /** A day's report was made by the daily job. Default: e-mail it to the hall's subscribers. */
  reported?: (db: Db, r: { hallId: string; date: string }) => Promise<void>;
  /** The day's forecast arrivals per hour (the scheduling module's `reportForecast`), beside the actual. */
  forecast?: ForecastSource;
}

/** Defines the report job types; every cloud process calls it at start. */
export function defineReportJobs(jobs: Jobs, hooks: ReportJobHooks = {}) {
  jobs.define<z.infer<typeof dailyPayload>>({
    type: DAILY_REPORT_JOB,
    payload: dailyPayload,
    maxAttempts: 5,
    backoff: { baseMs: 60_000, maxMs: 30 * 60_000 },
    timeoutMs: 10 * 60_000,
    handler: async ({ db, job, now, signal, progress }) => {
      const hall = job.hallId ? await hallsRepository.hall(db, job.hallId) : undefined;
      if (!job.hallId || !hall)
        throw new JobError('hall-not-found', 'the hall of this report is gone', { retry: false });
      const id = job.hallId;
      // The day that closed: the schedule fired 30 minutes after closing (a run by hand: the day now).
      const due = job.scheduledFor ? new Date(job.scheduledFor) : now();
      const date = localDate(new Date(due.getTime() - (REPORT_AFTER_CLOSE_MINUTES + 1) * 60_000), hall.timeZone);
      const opts = { now: now(), ...(hooks.forecast ? { forecast: hooks.forecast } : {}) };
      const report = await generateDailyReport(db, { hallId: id, date }, opts);
      progress(0.5, date);
      signal.throwIfAborted();
      // Days a stopped cloud missed.
      await generateDailyReports(db, { hallId: id, from: shiftDate(date, -CATCH_UP_DAYS), to: date }, opts);
      // Only a final report is mailed (once per day): a run by hand while the hall is open makes a
      // provisional one, and the mail waits for the run after closing.
      if (report.complete) await (hooks.reported ?? ((d, r) => mailDailyReport(d, r, now())))(db, { hallId: id, date });
      return { date, complete: report.complete };
    },
  });
  jobs.define<z.infer<typeof backfillPayload>>({
    type: REPORT_BACKFILL_JOB,
    payload: backfillPayload,
    maxAttempts: 3,
    backoff: { baseMs: 30_000, maxMs: 10 * 60_000 },
    timeoutMs: 60 * 60_000,
    handler: async ({ db, payload, now, signal, progress }) => {
      const made: string[] = [];
      const days: string[] = [];
      for (let d = payload.from; d <= payload.to && days.length < MAX_BACKFILL_DAYS; d = shiftDate(d, 1)) days.push(d);
      for (const [i, d] of days.entries()) {
        signal.throwIfAborted();
        made.push(...(await generateDailyReports(db, { hallId: payload.hallId, from: d, to: d }, { now: now() })));
        progress((i + 1) / days.length, `${i + 1} / ${days.length}`);
      }
      return { made: made.length };
    },
  });
}

/** Each hall's daily-report schedule (idempotent; at every start, so halls registered since get theirs). */
export async function scheduleDailyReports(jobs: Jobs, db: Db) {
  const rows = await db.select({ id: halls.id }).from(halls);
  await jobs.scheduleEveryHall({
    idPrefix: 'daily-report',
    type: DAILY_REPORT_JOB,
    hallIds: rows.map((r) => r.id),
    rule: { anchor: 'close', offsetMinutes: REPORT_AFTER_CLOSE_MINUTES },
    payload: {},
  });
}

/** Queues the making of a hall's missing reports from `from` to `to`; once per hall and range. */
export async function enqueueBackfill(jobs: Jobs | undefined, q: { hallId: string; from: string; to: string }) {
  if (!jobs) throw new Error('reports: this process runs no jobs');
  if (q.from > q.to) throw new AppError('BAD_REQUEST', 'from after to', { fields: ['from'] });
  if (shiftDate(q.from, MAX_BACKFILL_DAYS) <= q.to)
    throw new AppError('BAD_REQUEST', `at most ${MAX_BACKFILL_DAYS} days`, { fields: ['to'] });
  return jobs.enqueue(REPORT_BACKFILL_JOB, q, {
    hallId: q.hallId,
    uniqueKey: `${REPORT_BACKFILL_JOB}:${q.hallId}:${q.from}:${q.to}`,
  });
}

/** The attachment reference of a report's PDF in one language (loaded when the message is sent). */
export const reportAttachmentRef = (q: { hallId: string; date: string; lang: 'zh-CN' | 'en' }) =>
  `daily-report:${q.hallId}:${q.date}:${q.lang}`;

/** The PDF behind a `reportAttachmentRef`, or null for a reference of another kind. */
export async function reportAttachment(db: Db, ref: string): Promise<Buffer | null> {
  const m = /^daily-report:([A-Za-z0-9][A-Za-z0-9_.-]*):(\d{4}-\d{2}-\d{2}):(zh-CN|en)$/.exec(ref);
  if (!m) return null;
  const [, hallId, date, lang] = m as unknown as [string, string, string, 'zh-CN' | 'en'];
  return (await reportPdf(db, { hallId, date, lang })).pdf;
}

/**
 * E-mails a hall-day's report to its subscribers (notifications' outbox; once per hall, day and person:
 * a job that runs again adds nothing), each in their language with the PDF attached.
 */
export async function mailDailyReport(db: Db, q: { hallId: string; date: string }, now?: Date) {
  const people = await reportSubscribers(db, q.hallId);
  let queued = 0;
  for (const lang of ['zh-CN', 'en'] as const) {
    const userIds = people.filter((p) => p.language === lang).map((p) => p.userId);
    if (!userIds.length) continue;
    const mail = await dailyReportMail(db, { ...q, lang });
    queued += await enqueueForUsers(db, {
      dedupeKey: `daily-report|${q.hallId}|${q.date}`,
      userIds,
      via: ['email'],
      hallId: q.hallId,
      render: () => ({ subject: mail.subject, body: mail.text }),
      attachments: [
        {
          filename: mail.attachment.fileName,
          contentType: mail.attachment.contentType,
          ref: reportAttachmentRef({ ...q, lang }),
        },
      ],
      ...(now ? { now } : {}),
    });
  }
  return queued;
}

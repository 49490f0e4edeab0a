/**
 * When KPI reports are made and mailed: a schedule per hall (`kpi-report:<hall>`) at the time its setting
 * gives (hall-local HH:MM, every day), and one per unit with its own roll-up setting
 * (`kpi-rollup:<unit>`). A run reports the latest day that has closed by then, and only once the facts
 * job (`performance.daily`) has stored that day's `kpi_daily` rows: before that it fails with
 * `facts-not-ready` and the jobs platform retries it later (backoff). Idempotent: the report is stored
 * once (first writer wins) and the mail is deduplicated per report and person, so a run twice sends
 * nothing new.
 */
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { accessRepository } from '../access/access.repository.ts';
import { analyticsRepository } from '../analytics/analytics.repository.ts';
import { shiftDate } from '../analytics/analytics.service.ts';
import { hallsRepository } from '../halls/halls.repository.ts';
import type { Jobs } from '../jobs/jobs.service.ts';
import { JobError } from '../jobs/jobs.types.ts';
import { enqueueForUsers, kpiReportSubscribers } from '../notifications/notifications.service.ts';
import { closingTime } from '../reports/reports.service.ts';
import { renderKpiReportPdf } from './report.pdf.ts';
import { kpiReportRepository } from './report.repository.ts';
import type { HallKpiReport, KpiRollup, ReportLang } from './report.schema.ts';
import {
  factsReady,
  generateHallReport,
  generateRollup,
  hallSetting,
  hallsUnder,
  settingFor,
  storedHallReport,
  storedRollup,
} from './report.service.ts';
import { kpiReportFileName, kpiReportSummary } from './report.text.ts';

export const KPI_REPORT_JOB = 'performance.report';
export const KPI_ROLLUP_JOB = 'performance.report.rollup';

const rollupPayload = z.object({ orgUnitId: z.string().min(1).max(64) });

function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** The day a run at `due` reports: today when the hall had closed by then, else yesterday. */
export async function dayReportedAt(db: Db, hall: { id: string; timeZone: string }, due: Date): Promise<string> {
  const today = localDate(due, hall.timeZone);
  const { from } = await analyticsRepository.dayBounds(db, hall.timeZone, today);
  const closes = await closingTime(db, hall.id, today, from);
  return closes !== null && due.getTime() >= closes ? today : shiftDate(today, -1);
}

const cron = (hhmm: string) => `${Number(hhmm.slice(3, 5))} ${Number(hhmm.slice(0, 2))} * * *`;

export function defineKpiReportJobs(jobs: Jobs) {
  jobs.define<Record<string, never>>({
    type: KPI_REPORT_JOB,
    payload: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>,
    // The facts of the day may come hours late (a hub back online): retried for about 8 hours.
    maxAttempts: 12,
    backoff: { baseMs: 10 * 60_000, maxMs: 60 * 60_000 },
    timeoutMs: 10 * 60_000,
    handler: async ({ db, job, now }) => {
      const hall = job.hallId ? await hallsRepository.hall(db, job.hallId) : undefined;
      if (!hall) throw new JobError('hall-not-found', 'the hall of this report is gone', { retry: false });
      const setting = await hallSetting(db, hall.id);
      if (!setting.enabled) return { skipped: 'disabled' };
      const date = await dayReportedAt(db, hall, job.scheduledFor ? new Date(job.scheduledFor) : now());
      if (!(await factsReady(db, hall.id, date)))
        throw new JobError('facts-not-ready', `the KPI facts of ${date} are not stored yet`);
      const { written } = await generateHallReport(db, { hallId: hall.id, date }, now());
      const mailed = await mailKpiReport(db, { scope: 'hall', id: hall.id, date }, now());
      return { date, written, mailed };
    },
  });
  jobs.define<z.infer<typeof rollupPayload>>({
    type: KPI_ROLLUP_JOB,
    payload: rollupPayload,
    maxAttempts: 12,
    backoff: { baseMs: 10 * 60_000, maxMs: 60 * 60_000 },
    timeoutMs: 10 * 60_000,
    handler: async ({ db, job, payload, now }) => {
      const units = await accessRepository.units(db);
      const hallIds = hallsUnder(units, payload.orgUnitId);
      if (!units.some((u) => u.id === payload.orgUnitId))
        throw new JobError('unit-not-found', 'the unit of this roll-up is gone', { retry: false });
      const setting = await settingFor(db, payload.orgUnitId);
      if (!setting.enabled || hallIds.length === 0) return { skipped: 'disabled' };
      const first = await hallsRepository.hall(db, hallIds[0] as string);
      const due = job.scheduledFor ? new Date(job.scheduledFor) : now();
      const date = shiftDate(localDate(due, first?.timeZone ?? 'Asia/Shanghai'), -1);
      // Every hall's facts, or the roll-up would rank a hall whose day is missing last.
      for (const id of hallIds)
        if (!(await factsReady(db, id, date)))
          throw new JobError('facts-not-ready', `the KPI facts of ${date} are not stored for every hall yet`);
      const { written } = await generateRollup(db, { orgUnitId: payload.orgUnitId, date }, now());
      const mailed = await mailKpiReport(db, { scope: 'unit', id: payload.orgUnitId, date }, now());
      return { date, written, mailed };
    },
  });
}

/**
 * The schedules: one per hall at its setting's time (disabled when its setting is off), one per unit
 * that has a roll-up setting of its own. Idempotent; at every start and after a setting is saved.
 */
export async function scheduleKpiReports(jobs: Jobs, db: Db) {
  const units = await accessRepository.units(db);
  for (const unit of units) {
    if (unit.hallId) {
      const s = await hallSetting(db, unit.hallId);
      await jobs.schedule({
        id: `kpi-report:${unit.hallId}`,
        type: KPI_REPORT_JOB,
        hallId: unit.hallId,
        rule: { cron: cron(s.time) },
        payload: {},
        enabled: s.enabled,
      });
    }
  }
  for (const { orgUnitId: unitId } of await kpiReportRepository.settings(db)) {
    const unit = units.find((u) => u.id === unitId);
    if (!unit || unit.hallId) continue;
    const s = await settingFor(db, unitId);
    const first = hallsUnder(units, unitId)[0];
    const hall = first ? await hallsRepository.hall(db, first) : null;
    await jobs.schedule({
      id: `kpi-rollup:${unitId}`,
      type: KPI_ROLLUP_JOB,
      rule: { cron: cron(s.time) },
      timeZone: hall?.timeZone ?? 'Asia/Shanghai',
      payload: { orgUnitId: unitId },
      enabled: s.enabled,
    });
  }
}

/** The attachment reference of a stored KPI report's PDF in one language (made when the mail is sent). */
export const kpiReportAttachmentRef = (q: { scope: 'hall' | 'unit'; id: string; date: string; lang: ReportLang }) =>
  `kpi-report:${q.scope}:${q.id}:${q.date}:${q.lang}`;

/** The PDF behind a `kpiReportAttachmentRef`, or null for a reference of another kind. */
export async function kpiReportAttachment(db: Db, ref: string): Promise<Buffer | null> {
  const m = /^kpi-report:(hall|unit):([A-Za-z0-9][A-Za-z0-9_.-]*):(\d{4}-\d{2}-\d{2}):(zh-CN|en)$/.exec(ref);
  if (!m) return null;
  const [, scope, id, date, lang] = m as unknown as [string, 'hall' | 'unit', string, string, ReportLang];
  const report =
    scope === 'hall'
      ? await storedHallReport(db, { hallId: id, date })
      : await storedRollup(db, { orgUnitId: id, date });
  return renderKpiReportPdf(report, lang);
}

/**
 * E-mails a stored report to its subscribers through the notifications outbox, each in their language
 * when the setting allows it (else the setting's first), with the PDF attached. Once per report and
 * person: the outbox's dedupe key names the report, so a second run queues nothing.
 */
export async function mailKpiReport(db: Db, q: { scope: 'hall' | 'unit'; id: string; date: string }, now?: Date) {
  const unitId = q.scope === 'unit' ? q.id : (await accessRepository.unitOfHall(db, q.id))?.id;
  if (!unitId) return 0;
  const [people, setting] = await Promise.all([kpiReportSubscribers(db, unitId), settingFor(db, unitId)]);
  const report: HallKpiReport | KpiRollup =
    q.scope === 'hall'
      ? await storedHallReport(db, { hallId: q.id, date: q.date })
      : await storedRollup(db, { orgUnitId: q.id, date: q.date });
  const allowed = setting.languages.length ? setting.languages : (['zh-CN'] as ReportLang[]);
  const langOf = (l: ReportLang) => (allowed.includes(l) ? l : (allowed[0] as ReportLang));
  let queued = 0;
  for (const lang of ['zh-CN', 'en'] as const) {
    const userIds = people.filter((p) => langOf(p.language) === lang).map((p) => p.userId);
    if (!userIds.length) continue;
    const summary = kpiReportSummary(report, lang);
    queued += await enqueueForUsers(db, {
      dedupeKey: `kpi-report|${q.scope}|${q.id}|${q.date}`,
      userIds,
      via: ['email'],
      hallId: q.scope === 'hall' ? q.id : null,
      render: () => ({ subject: summary.subject, body: summary.text }),
      attachments: [
        {
          filename: kpiReportFileName(report, lang),
          contentType: 'application/pdf',
          ref: kpiReportAttachmentRef({ ...q, lang }),
        },
      ],
      ...(now ? { now } : {}),
    });
  }
  return queued;
}

/**
 * The daily hall report: assembled from the cloud's facts for one hall-day (the analytics module's
 * figures, so the report and the drill-down cannot disagree), stored, listed, rendered to PDF, and
 * summarised for e-mail. `generateDailyReport` is idempotent: the scheduled job and "generate now" may
 * run it any number of times, on any cloud process, and one report per hall-day remains.
 */
import { openingHoursSchema, WEEKDAY_KEYS } from '@hall/devices';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { accessRepository } from '../access/access.repository.ts';
import { audit, type SessionUser } from '../access/access.service.ts';
import { breakdown, hallDay, shiftDate } from '../analytics/analytics.service.ts';
import { analyticsRepository } from '../analytics/analytics.repository.ts';
import { hallsRepository } from '../halls/halls.repository.ts';
import { renderDailyReportPdf, reportFileName, reportSummary } from './report.pdf.ts';
import { reportsRepository as repo } from './reports.repository.ts';
import {
  dailyReportSchema,
  MAX_REPORT_ALARMS,
  MAX_REPORT_DEVICES,
  REPORT_FORMAT,
  type DailyReport,
  type ReportLang,
} from './reports.schema.ts';

/** The recent days the hour-by-hour comparison averages over (as the drill-down's default). */
export const REPORT_RECENT_DAYS = 7;

/**
 * A forecast of arrivals per hour for a hall-day, when the forecasting module has one. None exists yet:
 * this is the slot it plugs into (`generateDailyReport(db, q, { forecast })`).
 */
export type ForecastSource = (
  db: Db,
  q: { hallId: string; date: string },
) => Promise<{ source: string; publishedAt: number; arrivalsByHour: number[] } | null>;

async function hallOf(db: Db, hallId: string) {
  const hall = await hallsRepository.hall(db, hallId);
  if (!hall)
    throw new AppError('NOT_FOUND', `no hall ${hallId}`, {
      reason: 'not-found',
      detail: { code: 'hall-not-found', params: { hallId } },
    });
  return hall;
}

/** Each device's share of online time over [from, to), from its health changes (unknown time is not counted). */
function availability(
  health: Awaited<ReturnType<typeof repo.health>>,
  from: number,
  to: number,
): DailyReport['devices'] {
  const devices = new Map<
    string,
    { kind: string; online: boolean | null; since: number; up: number; down: number; outages: number }
  >();
  for (const b of health.before)
    devices.set(b.deviceId, { kind: b.kind, online: b.online, since: from, up: 0, down: 0, outages: b.online ? 0 : 1 });
  const close = (d: { online: boolean | null; since: number; up: number; down: number }, until: number) => {
    const span = Math.max(0, Math.min(until, to) - Math.max(d.since, from));
    if (d.online === true) d.up += span;
    if (d.online === false) d.down += span;
  };
  for (const e of health.during) {
    const t = e.at.getTime();
    let d = devices.get(e.deviceId);
    if (!d) {
      d = { kind: e.kind, online: null, since: t, up: 0, down: 0, outages: 0 };
      devices.set(e.deviceId, d);
    }
    close(d, t);
    if (d.online !== false && !e.online && t < to) d.outages += 1;
    d.online = e.online;
    d.since = t;
  }
  let up = 0;
  let down = 0;
  const list = [...devices].map(([deviceId, d]) => {
    close(d, to);
    up += d.up;
    down += d.down;
    return {
      deviceId,
      kind: d.kind,
      availability: d.up + d.down > 0 ? d.up / (d.up + d.down) : null,
      offlineMin: d.down / 60_000,
      outages: d.outages,
    };
  });
  // The least available first: what a manager must look at.
  list.sort((a, b) => (a.availability ?? 2) - (b.availability ?? 2) || a.deviceId.localeCompare(b.deviceId));
  return {
    from,
    to,
    availability: up + down > 0 ? up / (up + down) : null,
    total: list.length,
    list: list.slice(0, MAX_REPORT_DEVICES),
  };
}

/**
 * When the hall closes on `date` by the opening hours in its config (null: none stated, or closed that
 * day). `dayStart` is the hall's local midnight; the close is counted from it (no DST zone holds a hall
 * here; in one, a change-over day would be an hour off). The KPI report uses it to tell which day a run reports.
 */
export async function closingTime(db: Db, hallId: string, date: string, dayStart: Date): Promise<number | null> {
  const config = await hallsRepository.config(db, hallId);
  const hours = openingHoursSchema.safeParse(
    (config?.document.hall as { openingHours?: unknown } | undefined)?.openingHours,
  );
  const day = hours.success ? hours.data?.[WEEKDAY_KEYS[new Date(`${date}T12:00:00Z`).getUTCDay()] ?? 'sun'] : null;
  if (!day) return null;
  const [h, m] = day.close.split(':').map(Number);
  return dayStart.getTime() + ((h ?? 0) * 60 + (m ?? 0)) * 60_000;
}

/** Assembles one hall-day's report from the facts the cloud holds, without storing it. */
export async function buildDailyReport(
  db: Db,
  q: { hallId: string; date: string },
  opts: { now?: Date; forecast?: ForecastSource } = {},
): Promise<DailyReport> {
  const now = opts.now ?? new Date();
  const hall = await hallOf(db, q.hallId);
  const { from, to } = await analyticsRepository.dayBounds(db, hall.timeZone, q.date);
  const closesAt = await closingTime(db, q.hallId, q.date, from);
  const [day, services, staff, waits, spread, dayAlarms, span, forecast] = await Promise.all([
    hallDay(db, { hallId: q.hallId, date: q.date, recentDays: REPORT_RECENT_DAYS }, now),
    breakdown(db, { hallId: q.hallId, date: q.date, by: 'service' }, now),
    breakdown(db, { hallId: q.hallId, date: q.date, by: 'staff' }, now),
    repo.waits(db, q.hallId, from, to),
    repo.ratingSpread(db, q.hallId, from, to),
    repo.alarmsOfDay(db, q.hallId, from, to, MAX_REPORT_ALARMS),
    repo.workingSpan(db, q.hallId, from, to),
    opts.forecast ? opts.forecast(db, q) : Promise.resolve(null),
  ]);
  const totals = day.days[day.days.length - 1] ?? {
    key: q.date,
    label: q.date,
    arrivals: 0,
    served: 0,
    noShows: 0,
    cancelled: 0,
    serviceLevel: null,
    avgWaitMin: null,
    avgServiceMin: null,
    ratingAvg: null,
    ratings: 0,
  };
  // Devices over the hall's working span (its first ticket to its last); a day without tickets: the whole day.
  const spanFrom = span.first ?? from.getTime();
  const spanTo = Math.min(span.last ?? to.getTime(), to.getTime(), now.getTime());
  const health = await repo.health(db, q.hallId, new Date(spanFrom), new Date(Math.max(spanFrom, spanTo)));
  const distribution = [0, 0, 0, 0, 0];
  let skipped = 0;
  for (const r of spread) {
    if (r.skipped) skipped += r.n;
    else if (r.score !== null && r.score >= 1 && r.score <= 5)
      distribution[r.score - 1] = (distribution[r.score - 1] ?? 0) + r.n;
  }
  const report: DailyReport = {
    format: REPORT_FORMAT,
    hallId: hall.id,
    hallName: hall.name,
    timeZone: hall.timeZone,
    date: q.date,
    generatedAt: now.getTime(),
    // Final once the hall has closed (by its opening hours), or at midnight for a hall without them.
    complete: now.getTime() >= Math.min(to.getTime(), closesAt ?? Infinity),
    totals,
    abandonment: totals.arrivals > 0 ? (totals.noShows + totals.cancelled) / totals.arrivals : null,
    waits: { avgMin: waits.avg, p90Min: waits.p90, maxMin: waits.max },
    hours: day.hours.map((h, i) => ({ ...h, forecastArrivals: forecast?.arrivalsByHour[i] ?? null })),
    forecast: forecast ? { source: forecast.source, publishedAt: forecast.publishedAt } : null,
    recentDays: REPORT_RECENT_DAYS,
    services: services.rows,
    staff: staff.rows,
    ratings: { count: totals.ratings, average: totals.ratingAvg, distribution, skipped },
    alarms: {
      total: dayAlarms.counts.reduce((n, c) => n + c.n, 0),
      bySeverity: Object.fromEntries(dayAlarms.counts.map((c) => [c.severity, c.n])),
      list: dayAlarms.list.map((a) => ({
        alarmId: a.alarmId,
        rule: a.rule,
        severity: a.severity,
        message: a.message,
        params: a.params ?? null,
        raisedAt: a.raisedAt.getTime(),
        clearedAt: a.clearedAt?.getTime() ?? null,
        ackedAt: a.ackedAt?.getTime() ?? null,
      })),
    },
    devices: availability(health, spanFrom, Math.max(spanFrom, spanTo)),
  };
  return dailyReportSchema.parse(report);
}

/**
 * Makes and stores one hall-day's report, replacing an earlier one of the same day: idempotent, safe to
 * run again after a crash or on several processes at once (the last write wins with the same figures).
 * The scheduled job calls it 30 minutes after the hall closes.
 */
export async function generateDailyReport(
  db: Db,
  q: { hallId: string; date: string },
  opts: { now?: Date; forecast?: ForecastSource } = {},
): Promise<DailyReport> {
  const report = await buildDailyReport(db, q, opts);
  await repo.upsert(db, {
    hallId: report.hallId,
    date: report.date,
    formatVersion: REPORT_FORMAT,
    generatedAt: new Date(report.generatedAt),
    complete: report.complete,
    body: report,
  });
  return report;
}

/** The hall-local days from `from` to `to` (YYYY-MM-DD, both included), at most 366. */
function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to && out.length < 366; d = shiftDate(d, 1)) out.push(d);
  return out;
}

/**
 * Makes the reports of a run of past days (the demo's history, a hall that was offline): each day from
 * `from` to `to` that has no complete report yet (all of them with `force`), one after another so the
 * database is never asked for more than one day at a time. Days that have not ended are skipped.
 * Answers the dates it made.
 */
export async function generateDailyReports(
  db: Db,
  q: { hallId: string; from: string; to: string; force?: boolean },
  opts: { now?: Date; forecast?: ForecastSource } = {},
): Promise<string[]> {
  const now = opts.now ?? new Date();
  const hall = await hallOf(db, q.hallId);
  const today = await analyticsRepository.today(db, hall.timeZone, now);
  const made: string[] = [];
  for (const date of daysBetween(q.from, q.to)) {
    if (date >= today) break;
    const existing = q.force ? null : await repo.get(db, q.hallId, date, REPORT_FORMAT);
    if (existing?.complete) continue;
    await generateDailyReport(db, { hallId: q.hallId, date }, { ...opts, now });
    made.push(date);
  }
  return made;
}

/** A hall's stored reports, newest first (`before` pages back). */
export async function listReports(db: Db, q: { hallId: string; before?: string; limit: number }) {
  const hall = await hallOf(db, q.hallId);
  const rows = await repo.list(db, { ...q, formatVersion: REPORT_FORMAT });
  return {
    hallId: hall.id,
    name: hall.name,
    timeZone: hall.timeZone,
    reports: rows.map((r) => ({ ...r, generatedAt: r.generatedAt.getTime() })),
  };
}

/** A stored report, or null when that day has none. */
export async function getReport(db: Db, q: { hallId: string; date: string }): Promise<DailyReport | null> {
  await hallOf(db, q.hallId);
  const row = await repo.get(db, q.hallId, q.date, REPORT_FORMAT);
  return row ? dailyReportSchema.parse(row.body) : null;
}

/** A day's report with its hall's name and time zone (the report is null when the day has none yet). */
export async function reportOfDay(db: Db, q: { hallId: string; date: string }) {
  const hall = await hallOf(db, q.hallId);
  const row = await repo.get(db, q.hallId, q.date, REPORT_FORMAT);
  return {
    hallId: hall.id,
    name: hall.name,
    timeZone: hall.timeZone,
    report: row ? dailyReportSchema.parse(row.body) : null,
  };
}

async function stored(db: Db, q: { hallId: string; date: string }): Promise<DailyReport> {
  const report = await getReport(db, q);
  if (!report)
    throw new AppError('NOT_FOUND', `no report of ${q.hallId} on ${q.date}`, {
      reason: 'not-found',
      detail: { code: 'report-not-found', params: { date: q.date } },
    });
  return report;
}

/** The stored report as a PDF in `lang`, with the file name it should be saved under. */
export async function reportPdf(db: Db, q: { hallId: string; date: string; lang: ReportLang }) {
  const report = await stored(db, q);
  return { fileName: reportFileName(report, q.lang), pdf: await renderDailyReportPdf(report, q.lang) };
}

/**
 * What the e-mail of a stored report needs, in the recipient's language: a subject, a short plain-text
 * summary and the PDF to attach. (The notifications module sends it.)
 */
export async function dailyReportMail(db: Db, q: { hallId: string; date: string; lang: ReportLang }) {
  const report = await stored(db, q);
  const summary = reportSummary(report, q.lang);
  return {
    subject: summary.subject,
    text: summary.text,
    attachment: {
      fileName: reportFileName(report, q.lang),
      contentType: 'application/pdf' as const,
      content: await renderDailyReportPdf(report, q.lang),
    },
  };
}

/** "Generate now" within this long of the last generation answers the stored report: a double click costs nothing. */
export const REGENERATE_AFTER_MS = 30_000;

/**
 * A signed-in user's "generate now": regenerates the hall-day (unless it was made moments ago) and
 * records who did it in the audit log.
 */
export async function generateNow(
  db: Db,
  user: SessionUser,
  q: { hallId: string; date: string },
  now = new Date(),
): Promise<{ report: DailyReport; regenerated: boolean }> {
  const today = await analyticsRepository.today(db, (await hallOf(db, q.hallId)).timeZone, now);
  if (q.date > today)
    throw new AppError('BAD_REQUEST', `${q.date} has not begun in the hall`, {
      reason: 'invalid-input',
      fields: ['date'],
      detail: { code: 'report-future-day', params: { date: q.date } },
    });
  const existing = await repo.get(db, q.hallId, q.date, REPORT_FORMAT);
  if (existing && now.getTime() - existing.generatedAt.getTime() < REGENERATE_AFTER_MS)
    return { report: dailyReportSchema.parse(existing.body), regenerated: false };
  const report = await generateDailyReport(db, q, { now });
  await audit(db, {
    userId: user.id,
    action: 'report.generated',
    entity: 'daily-report',
    entityId: `${q.hallId}/${q.date}`,
    orgUnitId: (await accessRepository.unitOfHall(db, q.hallId))?.id ?? null,
    after: { hallId: q.hallId, date: q.date, arrivals: report.totals.arrivals, complete: report.complete },
  });
  return { report, regenerated: true };
}

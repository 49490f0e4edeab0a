/**
 * The daily hall report as stored (`daily_reports.body`) and as the console receives it: one zod schema,
 * the type inferred from it. Figures are the analytics module's for the same hall-day (shares 0–1,
 * minutes as decimals); times are epoch milliseconds, shown in the hall's time zone.
 */
import { z } from 'zod';

/** The shape of `body`; bump it when the shape changes (old rows keep their own version). */
export const REPORT_FORMAT = 1;

/** At most this many alarms and devices are listed in one report (the counts say how many there were). */
export const MAX_REPORT_ALARMS = 200;
export const MAX_REPORT_DEVICES = 500;

const share = z.number().min(0).max(1).nullable();
const minutes = z.number().min(0).nullable();

export const metricsSchema = z.object({
  key: z.string(),
  label: z.string(),
  arrivals: z.int(),
  served: z.int(),
  noShows: z.int(),
  cancelled: z.int(),
  serviceLevel: share,
  avgWaitMin: minutes,
  avgServiceMin: minutes,
  ratingAvg: z.number().nullable(),
  ratings: z.int(),
});

export const dailyReportSchema = z.object({
  format: z.literal(REPORT_FORMAT),
  hallId: z.string(),
  hallName: z.string(),
  timeZone: z.string(),
  date: z.string(),
  generatedAt: z.number(),
  /** The hall's day had ended when this was made; a report of today is provisional. */
  complete: z.boolean(),
  /** The day's totals (the analytics drill-down's day row). */
  totals: metricsSchema,
  /** Given up: no-shows and cancellations over arrivals (null without arrivals). */
  abandonment: share,
  waits: z.object({
    avgMin: minutes,
    p90Min: minutes,
    maxMin: minutes,
  }),
  /**
   * Traffic by hour 0–23, with the recent days' mean for the same hour and the forecast for the hour when
   * one exists (`forecast` names its source; null until the forecasting module publishes one).
   */
  hours: z.array(
    metricsSchema.extend({
      recentArrivals: z.number(),
      forecastArrivals: z.number().nullable(),
    }),
  ),
  forecast: z.object({ source: z.string(), publishedAt: z.number() }).nullable(),
  recentDays: z.int(),
  services: z.array(metricsSchema),
  staff: z.array(metricsSchema),
  ratings: z.object({
    count: z.int(),
    average: z.number().nullable(),
    /** Scores 1–5: how many of each. */
    distribution: z.array(z.int()).length(5),
    skipped: z.int(),
  }),
  alarms: z.object({
    total: z.int(),
    bySeverity: z.record(z.string(), z.int()),
    list: z
      .array(
        z.object({
          alarmId: z.string(),
          rule: z.string(),
          severity: z.string(),
          message: z.string(),
          params: z.record(z.string(), z.union([z.string(), z.number(), z.null()])).nullable(),
          raisedAt: z.number(),
          clearedAt: z.number().nullable(),
          ackedAt: z.number().nullable(),
        }),
      )
      .max(MAX_REPORT_ALARMS),
  }),
  devices: z.object({
    /** The span availability is measured over: the hall's working span (first ticket to last), else the day. */
    from: z.number(),
    to: z.number(),
    /** Online time over measured time, all devices together (null: nothing known). */
    availability: share,
    total: z.int(),
    list: z
      .array(
        z.object({
          deviceId: z.string(),
          kind: z.string(),
          availability: share,
          offlineMin: z.number(),
          outages: z.int(),
        }),
      )
      .max(MAX_REPORT_DEVICES),
  }),
});

export type DailyReport = z.infer<typeof dailyReportSchema>;
export type ReportMetrics = z.infer<typeof metricsSchema>;
export type ReportLang = 'zh-CN' | 'en';

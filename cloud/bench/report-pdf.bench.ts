/**
 * `npm run bench:report`: the daily report's PDF for a large hall-day — 24 busy hours, 12 services,
 * 40 staff, the full 200 alarms and 100 devices — rendered in each language: time per render (median of
 * 10 after a warm-up) and the PDF's size. Last line: one JSON object.
 */
import { renderDailyReportPdf } from '../src/modules/reports/report.pdf.ts';
import { dailyReportSchema, REPORT_FORMAT, type DailyReport } from '../src/modules/reports/reports.schema.ts';

const metrics = (key: string, label: string, i: number) => ({
  key,
  label,
  arrivals: 40 + i,
  served: 35 + i,
  noShows: 2,
  cancelled: 3,
  serviceLevel: 0.8,
  avgWaitMin: 6.5,
  avgServiceMin: 8.2,
  ratingAvg: 4.4,
  ratings: 20,
});
const start = Date.UTC(2026, 10, 26, 0, 0, 0) - 8 * 3_600_000;
const report: DailyReport = dailyReportSchema.parse({
  format: REPORT_FORMAT,
  hallId: 'SZ-FT-001',
  hallName: '深圳福田中心营业厅',
  timeZone: 'Asia/Shanghai',
  date: '2026-11-26',
  generatedAt: start + 24.5 * 3_600_000,
  complete: true,
  totals: metrics('2026-11-26', '2026-11-26', 1000),
  abandonment: 0.06,
  waits: { avgMin: 6.5, p90Min: 14, maxMin: 41 },
  hours: Array.from({ length: 24 }, (_, h) => ({
    ...metrics(String(h), `${String(h).padStart(2, '0')}:00`, h),
    recentArrivals: 38.5,
    forecastArrivals: 41,
  })),
  forecast: { source: 'seasonal-naive', publishedAt: start },
  recentDays: 7,
  services: Array.from({ length: 12 }, (_, i) => metrics(`s${i}`, `业务类别${i + 1}号`, i)),
  staff: Array.from({ length: 40 }, (_, i) => metrics(`e${i}`, `员工${i + 1}`, i)),
  ratings: { count: 900, average: 4.4, distribution: [10, 20, 70, 200, 600], skipped: 80 },
  alarms: {
    total: 260,
    bySeverity: { critical: 60, warning: 200 },
    list: Array.from({ length: 200 }, (_, i) => ({
      alarmId: `al-${i}`,
      rule: 'long-wait',
      severity: i % 3 ? 'warning' : 'critical',
      message: 'long wait',
      params: { service: '话费业务', minutes: 16, warning: 15, critical: 25 },
      raisedAt: start + 9 * 3_600_000 + i * 120_000,
      clearedAt: start + 9 * 3_600_000 + i * 120_000 + 600_000,
      ackedAt: null,
    })),
  },
  devices: {
    from: start + 9 * 3_600_000,
    to: start + 21 * 3_600_000,
    availability: 0.97,
    total: 100,
    list: Array.from({ length: 100 }, (_, i) => ({
      deviceId: `dev-${i}`,
      kind: 'ticket-terminal',
      availability: 0.95,
      offlineMin: 36,
      outages: 2,
    })),
  },
});

const out: Record<string, { medianMs: number; bytes: number }> = {};
for (const lang of ['zh-CN', 'en'] as const) {
  await renderDailyReportPdf(report, lang);
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    bytes = (await renderDailyReportPdf(report, lang)).length;
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  out[lang] = { medianMs: Math.round(times[5] as number), bytes };
  process.stdout.write(`${lang}: ${out[lang].medianMs} ms, ${bytes} bytes\n`);
}
process.stdout.write(`${JSON.stringify({ report: 'large hall-day', ...out })}\n`);

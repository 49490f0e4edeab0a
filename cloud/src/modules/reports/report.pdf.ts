/**
 * The daily report as a PDF (pdfmake 0.3, pure JS). Chinese needs a font with its glyphs: a subset of
 * Noto Sans CJK SC (SIL OFL) covering GB 2312 — every hanzi of everyday names and words — plus ASCII,
 * Latin-1 and the CJK and full-width punctuation, shipped in `fonts/` (1.6 MB; pdfkit embeds only the
 * glyphs a document uses, so a report is tens of kB). A character outside the subset prints as a blank
 * box; `fonts/README.md` says how to rebuild it with more.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { DailyReport, ReportLang } from './reports.schema.ts';
import { reportText, type ReportText } from './report.text.ts';

export { reportFileName, reportSummary } from './report.text.ts';

const FONT_PATH = new URL('./fonts/NotoSansSC-Regular.subset.otf', import.meta.url);
/**
 * The font's name in pdfmake's virtual file system is its real path: pdfmake's SVG text (svg-to-pdfkit)
 * opens fonts by name from the disk, everything else reads the virtual file.
 */
const FONT_FILE = fileURLToPath(FONT_PATH);

/** The one pdfmake instance of the process, configured on first use (fonts in its virtual file system, no file or URL access). */
interface PdfMake {
  virtualfs: { writeFileSync(name: string, data: Buffer): void };
  setFonts(fonts: Record<string, Record<string, string>>): void;
  setUrlAccessPolicy(policy: (url: string) => boolean): void;
  setLocalAccessPolicy(policy: (path: string) => boolean): void;
  createPdf(doc: object): { getBuffer(): Promise<Buffer> };
}
let pdfmake: PdfMake | null = null;
function printer(): PdfMake {
  if (pdfmake) return pdfmake;
  const p = createRequire(import.meta.url)('pdfmake') as PdfMake;
  p.virtualfs.writeFileSync(FONT_FILE, readFileSync(FONT_PATH));
  p.setFonts({ Sans: { normal: FONT_FILE, bold: FONT_FILE, italics: FONT_FILE, bolditalics: FONT_FILE } });
  // Nothing in a report may make the server fetch a URL or read a file.
  p.setUrlAccessPolicy(() => false);
  p.setLocalAccessPolicy(() => false);
  pdfmake = p;
  return p;
}

const BLUE = '#1f6feb';
const AMBER = '#9a6700';
const GREEN = '#2da44e';
const GREY = '#57606a';

/** The hours worth printing: those with traffic that day or recently, at least 08–18 (as the console). */
function printedHours(report: DailyReport) {
  const busy = report.hours.filter((h) => h.arrivals > 0 || h.recentArrivals > 0).map((h) => Number(h.key));
  const from = Math.min(8, ...busy);
  const to = Math.max(18, ...busy);
  return report.hours.filter((h) => Number(h.key) >= from && Number(h.key) <= to);
}

/** Arrivals by hour as bars, the recent days' mean (and the forecast, when one exists) as lines. */
function hourChart(hours: DailyReport['hours'], width = 515, height = 150): string {
  const pad = { left: 28, bottom: 18, top: 6 };
  const max = Math.max(1, ...hours.flatMap((h) => [h.arrivals, h.recentArrivals, h.forecastArrivals ?? 0]));
  const step = niceStep(max);
  const top = Math.ceil(max / step) * step;
  const plotW = width - pad.left;
  const plotH = height - pad.bottom - pad.top;
  const band = plotW / Math.max(1, hours.length);
  const y = (v: number) => pad.top + plotH - (v / top) * plotH;
  const parts: string[] = [];
  for (let v = 0; v <= top; v += step) {
    parts.push(`<line x1="${pad.left}" x2="${width}" y1="${y(v)}" y2="${y(v)}" stroke="#d0d7de" stroke-width="0.5"/>`);
    parts.push(`<text x="${pad.left - 4}" y="${y(v) + 3}" font-size="7" text-anchor="end" fill="${GREY}">${v}</text>`);
  }
  hours.forEach((h, i) => {
    const x = pad.left + i * band;
    const bh = (h.arrivals / top) * plotH;
    parts.push(
      `<rect x="${x + band * 0.15}" y="${y(h.arrivals)}" width="${band * 0.7}" height="${bh}" fill="${BLUE}"/>`,
    );
    parts.push(
      `<text x="${x + band / 2}" y="${height - 5}" font-size="7" text-anchor="middle" fill="${GREY}">${h.key.padStart(2, '0')}</text>`,
    );
  });
  const line = (values: Array<number | null>, color: string, dash: string) => {
    const pts = values
      .map((v, i) => (v === null ? null : `${pad.left + i * band + band / 2},${y(v)}`))
      .filter((p): p is string => p !== null);
    if (pts.length > 1)
      parts.push(
        `<polyline points="${pts.join(' ')}" fill="none" stroke="${color}" stroke-width="1.5" stroke-dasharray="${dash}"/>`,
      );
  };
  line(
    hours.map((h) => h.recentArrivals),
    AMBER,
    '0',
  );
  if (hours.some((h) => h.forecastArrivals !== null))
    line(
      hours.map((h) => h.forecastArrivals),
      GREEN,
      '4 2',
    );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${parts.join('')}</svg>`;
}

function niceStep(max: number): number {
  const raw = max / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const n = raw / mag;
  return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * mag;
}

const th = (text: string, right = true) => ({ text, style: 'th', alignment: right ? 'right' : 'left' });
const num = (text: string) => ({ text, alignment: 'right' });

function metricsTable(x: ReportText, first: string, rows: DailyReport['services']) {
  return {
    table: {
      headerRows: 1,
      widths: ['*', 'auto', 'auto', 'auto', 'auto', 'auto', 'auto', 'auto'],
      body: [
        [
          th(first, false),
          th(x.t('arrivals')),
          th(x.t('served')),
          th(x.t('serviceLevel')),
          th(x.t('avgWait')),
          th(x.t('avgService')),
          th(x.t('noShows')),
          th(x.t('rating')),
        ],
        ...rows.map((r) => [
          r.label,
          num(x.count(r.arrivals)),
          num(x.count(r.served)),
          num(x.percent(r.serviceLevel)),
          num(x.minutes(r.avgWaitMin)),
          num(x.minutes(r.avgServiceMin)),
          num(x.count(r.noShows + r.cancelled)),
          num(r.ratings ? x.decimal(r.ratingAvg) : '—'),
        ]),
      ],
    },
    layout: 'lightHorizontalLines',
    fontSize: 8,
    margin: [0, 0, 0, 10],
  };
}

/** The pdfmake document of a report (exported for tests that look at the layout without rendering). */
export function reportDocument(report: DailyReport, lang: ReportLang) {
  const x = reportText(lang, report.timeZone);
  const hours = printedHours(report);
  const tile = (label: string, value: string) => ({
    stack: [
      { text: value, fontSize: 14, color: '#1f2328' },
      { text: label, fontSize: 7.5, color: GREY },
    ],
    margin: [0, 0, 0, 6],
  });
  const noTickets = report.totals.arrivals === 0;
  const alarms = report.alarms;
  const devices = report.devices;
  return {
    pageSize: 'A4',
    pageMargins: [40, 48, 40, 44],
    info: { title: `${report.hallName} ${x.t('title')} ${report.date}`, creator: 'Hall Operations Platform' },
    defaultStyle: { font: 'Sans', fontSize: 9, lineHeight: 1.2 },
    styles: {
      h1: { fontSize: 18, color: '#1f2328' },
      h2: { fontSize: 12, color: BLUE, margin: [0, 10, 0, 4] },
      th: { color: GREY, fontSize: 7.5 },
      note: { color: GREY, fontSize: 8 },
    },
    footer: (n: number, of: number) => ({
      text: x.t('page', { n, of }),
      alignment: 'center',
      style: 'note',
      margin: [0, 12, 0, 0],
    }),
    content: [
      { text: `${report.hallName} · ${x.t('title')}`, style: 'h1' },
      {
        text: `${x.date(report.date)}${report.complete ? '' : ` ${x.t('provisional')}`}`,
        fontSize: 11,
        margin: [0, 2, 0, 2],
      },
      {
        text: x.t('generated', { at: x.dateTime(report.generatedAt), zone: report.timeZone }),
        style: 'note',
        margin: [0, 0, 0, 8],
      },
      { text: x.t('kpis'), style: 'h2' },
      {
        columns: [
          tile(x.t('arrivals'), x.count(report.totals.arrivals)),
          tile(x.t('served'), x.count(report.totals.served)),
          tile(x.t('serviceLevel'), x.percent(report.totals.serviceLevel)),
          tile(x.t('avgWait'), x.minutes(report.waits.avgMin)),
          tile(x.t('p90Wait'), x.minutes(report.waits.p90Min)),
          tile(x.t('abandonment'), x.percent(report.abandonment)),
          tile(x.t('rating'), report.ratings.count ? x.decimal(report.ratings.average) : '—'),
          tile(x.t('availability'), x.percent(devices.availability)),
        ],
        columnGap: 6,
      },
      { text: x.t('byHour'), style: 'h2' },
      noTickets
        ? { text: x.t('noTickets'), style: 'note' }
        : [
            { svg: hourChart(hours), width: 515, font: 'Sans' },
            {
              text: [
                { text: '■ ', color: BLUE },
                `${x.t('arrivals')}   `,
                { text: '— ', color: AMBER },
                `${x.t('recent', { n: report.recentDays })}   `,
                report.forecast ? { text: '- - ', color: GREEN } : '',
                report.forecast ? x.t('forecast') : x.t('noForecast'),
              ],
              style: 'note',
              margin: [0, 2, 0, 6],
            },
            {
              table: {
                headerRows: 1,
                widths: ['auto', '*', '*', '*', '*', '*', '*', '*', '*'],
                body: [
                  [
                    th(x.t('hour'), false),
                    th(x.t('arrivals')),
                    th(x.t('recent', { n: report.recentDays })),
                    th(x.t('forecast')),
                    th(x.t('served')),
                    th(x.t('serviceLevel')),
                    th(x.t('avgWait')),
                    th(x.t('noShows')),
                    th(x.t('rating')),
                  ],
                  ...hours.map((h) => [
                    h.label,
                    num(x.count(h.arrivals)),
                    num(x.decimal(h.recentArrivals)),
                    num(h.forecastArrivals === null ? '—' : x.decimal(h.forecastArrivals)),
                    num(x.count(h.served)),
                    num(x.percent(h.serviceLevel)),
                    num(x.minutes(h.avgWaitMin)),
                    num(x.count(h.noShows + h.cancelled)),
                    num(h.ratings ? x.decimal(h.ratingAvg) : '—'),
                  ]),
                ],
              },
              layout: 'lightHorizontalLines',
              fontSize: 8,
            },
            { text: x.t('byService'), style: 'h2' },
            metricsTable(x, x.t('service'), report.services),
            { text: x.t('byStaff'), style: 'h2' },
            metricsTable(x, x.t('staff'), report.staff),
          ],
      { text: x.t('ratingsTitle'), style: 'h2' },
      {
        table: {
          widths: ['auto', 'auto', 'auto', 'auto', 'auto', 'auto', 'auto'],
          body: [
            [th(x.t('ratings')), ...[5, 4, 3, 2, 1].map((n) => th(x.t('score', { n }))), th(x.t('skipped'))],
            [
              num(x.count(report.ratings.count)),
              ...[5, 4, 3, 2, 1].map((n) => num(x.count(report.ratings.distribution[n - 1] ?? 0))),
              num(x.count(report.ratings.skipped)),
            ],
          ],
        },
        layout: 'lightHorizontalLines',
        fontSize: 8,
      },
      { text: x.t('alarmsTitle'), style: 'h2' },
      alarms.total === 0
        ? { text: x.t('noAlarms'), style: 'note' }
        : {
            table: {
              headerRows: 1,
              widths: ['auto', 'auto', 'auto', '*', 'auto'],
              body: [
                [
                  th(x.t('raisedAt'), false),
                  th(x.t('clearedAt'), false),
                  th(x.t('severity'), false),
                  th(x.t('alarm'), false),
                  th(x.t('lasted')),
                ],
                ...alarms.list.map((a) => [
                  x.time(a.raisedAt),
                  a.clearedAt === null ? x.t('stillOpen') : x.time(a.clearedAt),
                  { text: x.severity(a.severity), color: a.severity === 'critical' ? '#cf222e' : '#1f2328' },
                  x.alarm(a),
                  num(x.duration(((a.clearedAt ?? report.generatedAt) - a.raisedAt) / 60_000)),
                ]),
              ],
            },
            layout: 'lightHorizontalLines',
            fontSize: 8,
          },
      alarms.total > alarms.list.length
        ? { text: x.t('alarmsMore', { n: alarms.total - alarms.list.length }), style: 'note' }
        : '',
      { text: x.t('devicesTitle'), style: 'h2' },
      devices.total === 0
        ? { text: x.t('noDevices'), style: 'note' }
        : [
            {
              text: x.t('devicesSpan', { from: x.time(devices.from), to: x.time(devices.to) }),
              style: 'note',
              margin: [0, 0, 0, 4],
            },
            {
              table: {
                headerRows: 1,
                widths: ['*', 'auto', 'auto', 'auto', 'auto'],
                body: [
                  [
                    th(x.t('device'), false),
                    th(x.t('kind'), false),
                    th(x.t('availability')),
                    th(x.t('offline')),
                    th(x.t('outages')),
                  ],
                  ...devices.list.map((d) => [
                    d.deviceId,
                    x.kind(d.kind),
                    num(x.percent(d.availability)),
                    num(d.offlineMin > 0 ? x.duration(d.offlineMin) : '—'),
                    num(x.count(d.outages)),
                  ]),
                ],
              },
              layout: 'lightHorizontalLines',
              fontSize: 8,
            },
          ],
    ],
  };
}

/** The report as a PDF file in `lang`. */
export async function renderDailyReportPdf(report: DailyReport, lang: ReportLang): Promise<Buffer> {
  return printer().createPdf(reportDocument(report, lang)).getBuffer();
}

/**
 * Any pdfmake document rendered with the report fonts (`font: 'Sans'`, Chinese readable) and the same
 * no-file, no-URL policy: the KPI report (performance/report.pdf.ts) prints through it.
 */
export async function renderPdf(doc: object): Promise<Buffer> {
  return printer().createPdf(doc).getBuffer();
}

/**
 * The KPI report and the roll-up as PDF: pdfmake documents printed through the daily report's printer
 * (reports/report.pdf.ts `renderPdf`: the embedded CJK font, no file or URL access).
 */
import { renderPdf } from '../reports/report.pdf.ts';
import type { HallKpiReport, KpiRollup, PeriodValues, ReportKpi, ReportLang } from './report.schema.ts';
import { kpiText, type KpiText } from './report.text.ts';

const BLUE = '#1f6feb';
const GREY = '#57606a';
const RED = '#cf222e';

const th = (text: string, right = true) => ({ text, style: 'th', alignment: right ? 'right' : 'left' });
const num = (text: string) => ({ text, alignment: 'right' });
const table = (widths: string[], body: unknown[][]) => ({
  table: { headerRows: 1, widths, body },
  layout: 'lightHorizontalLines',
  fontSize: 8,
  margin: [0, 0, 0, 8],
});

function frame(title: string, x: KpiText, content: unknown[], landscape: boolean) {
  return {
    pageSize: 'A4',
    pageOrientation: landscape ? 'landscape' : 'portrait',
    pageMargins: [36, 40, 36, 40],
    info: { title, creator: 'Hall Operations Platform' },
    defaultStyle: { font: 'Sans', fontSize: 9, lineHeight: 1.2 },
    styles: {
      h1: { fontSize: 17, color: '#1f2328' },
      h2: { fontSize: 12, color: BLUE, margin: [0, 10, 0, 4] },
      th: { color: GREY, fontSize: 7.5 },
      note: { color: GREY, fontSize: 8 },
    },
    footer: (n: number, of: number) => ({ text: x.t('page', { n, of }), alignment: 'center', style: 'note' }),
    content,
  };
}

const valueOf = (p: PeriodValues | null, key: string) => p?.values.find((v) => v.key === key);

/** The pdfmake document of a hall's KPI report (exported for tests of the layout). */
export function hallReportDocument(r: HallKpiReport, lang: ReportLang) {
  const x = kpiText(lang, r.timeZone);
  const kpiOf = new Map(r.kpis.map((k) => [k.key, k]));
  const hallKpis = r.kpis.filter((k) => valueOf(r.hall.month, k.key) || valueOf(r.hall.day, k.key));
  // Clerk columns: the KPIs any clerk has a value of, at most 8 across an A4 landscape page.
  const clerkKpis = r.kpis.filter((k) => r.clerks.some((c) => valueOf(c.month, k.key))).slice(0, 8);
  const movers = (m: HallKpiReport['movers']['day']) =>
    [
      `${x.t('up')}${x.lang === 'zh-CN' ? '：' : ': '}${m.up.map((u) => `${u.name} ${x.signed(u.delta)}`).join(x.lang === 'zh-CN' ? '、' : ', ') || x.t('none')}`,
      `${x.t('down')}${x.lang === 'zh-CN' ? '：' : ': '}${m.down.map((u) => `${u.name} ${x.signed(u.delta)}`).join(x.lang === 'zh-CN' ? '、' : ', ') || x.t('none')}`,
    ].join('    ');
  const content: unknown[] = [
    { text: `${r.hallName} · ${x.t('title')}`, style: 'h1' },
    { text: x.date(r.date), fontSize: 11, margin: [0, 2, 0, 2] },
    {
      text: `${x.t('generated', { at: x.dateTime(r.generatedAt) })}    ${x.t('versions', {
        list: x.join(r.kpis.map((k) => `${x.kpiName(k)} v${k.version}`)),
      })}`,
      style: 'note',
      margin: [0, 0, 0, 6],
    },
    { text: x.t('hallKpis'), style: 'h2' },
    table(
      ['*', 'auto', 'auto', 'auto', 'auto'],
      [
        [th(x.t('kpi'), false), th(x.t('day')), th(x.t('month')), th(x.t('target')), th(x.t('score'))],
        ...hallKpis.map((k) => [
          x.kpiName(k),
          num(x.cell(k, valueOf(r.hall.day, k.key))),
          num(x.cell(k, valueOf(r.hall.month, k.key))),
          num(k.target === null ? '—' : x.value(k, k.target)),
          num(x.score(valueOf(r.hall.month, k.key)?.score ?? null)),
        ]),
        [
          { text: x.t('total'), bold: true },
          num(x.score(r.hall.day?.total ?? null)),
          num(x.score(r.hall.month?.total ?? null)),
          '',
          '',
        ],
      ],
    ),
    { text: x.t('clerks'), style: 'h2' },
    r.clerks.length === 0
      ? { text: x.t('noClerks'), style: 'note' }
      : table(
          ['auto', ...clerkKpis.map(() => '*'), 'auto', 'auto'],
          [
            [
              th(x.t('clerk'), false),
              ...clerkKpis.map((k) => th(x.kpiName(k))),
              th(`${x.t('total')} ${x.t('day')}`),
              th(`${x.t('total')} ${x.t('month')}`),
            ],
            ...r.clerks.map((c) => [
              c.name,
              ...clerkKpis.map((k) =>
                num(`${x.cell(k, valueOf(c.day, k.key))}\n${x.cell(kpiOf.get(k.key), valueOf(c.month, k.key))}`),
              ),
              num(x.score(c.day?.total ?? null)),
              num(x.score(c.month.total)),
            ]),
          ],
        ),
    r.clerksTotal > r.clerks.length ? { text: x.t('more', { n: r.clerksTotal - r.clerks.length }), style: 'note' } : '',
    r.clerks.length ? { text: `${x.t('day')} / ${x.t('month')}`, style: 'note' } : '',
    { text: x.t('moversTitle'), style: 'h2' },
    { text: `${x.t('vsDay')}${x.lang === 'zh-CN' ? '：' : ': '}${movers(r.movers.day)}`, margin: [0, 0, 0, 2] },
    { text: `${x.t('vsWeek')}${x.lang === 'zh-CN' ? '：' : ': '}${movers(r.movers.week)}` },
    { text: x.t('belowTitle'), style: 'h2' },
    r.belowTarget.length === 0
      ? { text: x.t('belowNone'), style: 'note' }
      : table(
          ['*', '*', 'auto', 'auto'],
          [
            [th(x.t('clerk'), false), th(x.t('kpi'), false), th(x.t('value')), th(x.t('target'))],
            ...r.belowTarget.map((b) => {
              const k = kpiOf.get(b.key) as ReportKpi;
              return [b.name, k ? x.kpiName(k) : b.key, num(x.value(k, b.value)), num(x.value(k, b.target))];
            }),
          ],
        ),
    { text: x.t('onsiteTitle'), style: 'h2' },
    r.onsite.forms.length === 0
      ? { text: x.t('onsiteNone'), style: 'note' }
      : table(
          ['auto', '*', 'auto', 'auto', 'auto'],
          [
            [
              th(x.t('at'), false),
              th(x.t('subject'), false),
              th(x.t('template'), false),
              th(x.t('points')),
              th(x.t('failed')),
            ],
            ...r.onsite.forms.map((f) => [
              x.time(f.at),
              f.subjectName,
              f.templateId,
              num(`${x.decimal(f.points)} / ${x.decimal(f.maxPoints)}`),
              {
                text: `${x.count(f.failedItems)}${f.criticalFailed ? ` · ${x.t('critical')}` : ''}`,
                alignment: 'right',
                color: f.criticalFailed ? RED : '#1f2328',
              },
            ]),
          ],
        ),
  ];
  return frame(`${r.hallName} ${x.t('title')} ${r.date}`, x, content, true);
}

export function rollupDocument(r: KpiRollup, lang: ReportLang) {
  const x = kpiText(lang, 'Asia/Shanghai');
  const kpis = r.kpis.slice(0, 8);
  const content: unknown[] = [
    { text: `${r.orgUnitName} · ${x.t('rollupTitle')}`, style: 'h1' },
    { text: x.date(r.date), fontSize: 11, margin: [0, 2, 0, 2] },
    { text: x.t('generated', { at: x.dateTime(r.generatedAt) }), style: 'note', margin: [0, 0, 0, 6] },
    r.halls.length === 0
      ? { text: x.t('noHalls'), style: 'note' }
      : table(
          ['auto', '*', ...kpis.map(() => 'auto'), 'auto', 'auto', 'auto'],
          [
            [
              th(x.t('rankMonth'), false),
              th(x.t('hall'), false),
              ...kpis.map((k) => th(x.kpiName(k))),
              th(`${x.t('total')} ${x.t('month')}`),
              th(`${x.t('total')} ${x.t('day')}`),
              th(x.t('rankDay')),
            ],
            ...r.halls.map((h) => [
              h.rankMonth === null ? '—' : String(h.rankMonth),
              h.name,
              ...kpis.map((k) => num(x.cell(k, valueOf(h.month, k.key)))),
              num(x.score(h.month?.total ?? null)),
              num(x.score(h.day?.total ?? null)),
              num(h.rankDay === null ? '—' : String(h.rankDay)),
            ]),
          ],
        ),
  ];
  return frame(`${r.orgUnitName} ${x.t('rollupTitle')} ${r.date}`, x, content, true);
}

export const renderKpiReportPdf = (r: HallKpiReport | KpiRollup, lang: ReportLang) =>
  renderPdf(r.kind === 'hall' ? hallReportDocument(r, lang) : rollupDocument(r, lang));

/**
 * The KPI report's clerk and roll-up tables as XLSX: the file parses back with the report's figures (a
 * percent KPI as a share with the percent format, counts as numbers), the KPI names as column titles,
 * and the too-few KPIs listed by name.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { toXlsx } from '../../../export/table-file.ts';
import { setLang, t } from '../../../i18n.ts';
import { clerkColumns, kpiName, rollupColumns, type HallReport, type Rollup } from './kpi-table.ts';

const kpis: HallReport['kpis'] = [
  {
    key: 'served',
    version: 1,
    nameZh: '办结量',
    nameEn: 'Served',
    unit: 'count',
    direction: 'higher',
    target: 60,
    weight: 1,
  },
  {
    key: 'sl',
    version: 3,
    nameZh: '服务达标率',
    nameEn: 'Service level',
    unit: 'percent',
    direction: 'higher',
    target: 80,
    weight: 1,
  },
];
const period = (served: number, sl: number | null, slEnough: boolean, total: number) => ({
  days: 1,
  values: [
    { key: 'served', value: served, score: 60, sample: null, enough: true },
    { key: 'sl', value: sl, score: slEnough ? 90 : null, sample: 12, enough: slEnough },
  ],
  total,
});
const report: HallReport = {
  format: 1,
  kind: 'hall',
  hallId: 'H1',
  hallName: '城东营业厅',
  timeZone: 'Asia/Shanghai',
  date: '2026-11-26',
  monthFrom: '2026-11-01',
  generatedAt: Date.parse('2026-11-27T00:00:00Z'),
  kpis,
  hall: { day: period(75, 86.5, true, 88), month: period(145, 84, true, 87) },
  clerks: [
    {
      subjectId: 'e1',
      name: '张伟',
      day: period(30, 91.25, false, 60),
      month: period(50, 88, true, 75.5),
      deltaDay: -10,
      deltaWeek: null,
    },
  ],
  clerksTotal: 1,
  movers: { day: { up: [], down: [] }, week: { up: [], down: [] } },
  belowTarget: [],
  onsite: { total: 0, forms: [] },
};

describe('KPI report tables', () => {
  it('the clerk table as XLSX holds the report’s figures, KPI names as titles, too-few KPIs by name', async () => {
    setLang('zh-CN');
    const columns = clerkColumns(report, (which, k) =>
      t(which === 'day' ? 'kpiReport.dayOf' : 'kpiReport.monthOf', { kpi: kpiName(k) }),
    );
    const data = await toXlsx(
      { columns, rows: report.clerks },
      { title: '员工指标', subtitle: '城东营业厅 2026-11-26' },
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(data);
    const sheet = book.worksheets[0] as ExcelJS.Worksheet;
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual([
      '员工',
      '办结量（当日）',
      '办结量（本月）',
      '服务达标率（当日）',
      '服务达标率（本月）',
      '当日综合得分',
      '本月综合得分',
      '较前一日',
      '样本不足',
    ]);
    const row = sheet.getRow(3);
    expect(row.getCell(1).value).toBe('张伟');
    expect(row.getCell(2).value).toBe(30);
    expect(row.getCell(3).value).toBe(50);
    expect(row.getCell(4).value).toBeCloseTo(0.9125, 9);
    expect(row.getCell(4).numFmt).toBe('0.0%');
    expect(row.getCell(5).value).toBeCloseTo(0.88, 9);
    expect(row.getCell(6).value).toBe(60);
    expect(row.getCell(7).value).toBe(75.5);
    expect(row.getCell(8).value).toBe(-10);
    // The day's service level had too few samples: named as its column is; the month's had enough.
    expect(row.getCell(9).value).toBe('服务达标率（当日）');
  });

  it('the roll-up as XLSX ranks the halls with their month figures', async () => {
    setLang('en');
    const rollup: Rollup = {
      format: 1,
      kind: 'unit',
      orgUnitId: 'east',
      orgUnitName: '东区',
      date: '2026-11-26',
      monthFrom: '2026-11-01',
      generatedAt: 0,
      kpis,
      halls: [
        {
          hallId: 'H1',
          name: '城东营业厅',
          day: period(75, 86.5, true, 88),
          month: period(145, 84, true, 87),
          rankDay: 1,
          rankMonth: 1,
        },
        { hallId: 'H2', name: '城西营业厅', day: null, month: period(20, 70, false, 40), rankDay: null, rankMonth: 2 },
      ],
    };
    const data = await toXlsx({ columns: rollupColumns(rollup), rows: rollup.halls }, { title: 'Roll-up' });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(data);
    const sheet = book.worksheets[0] as ExcelJS.Worksheet;
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual([
      'Hall',
      'Rank (month)',
      'Served',
      'Service level',
      'Total (month)',
      'Total (day)',
      'Rank (day)',
    ]);
    expect((sheet.getRow(4).values as unknown[]).slice(1)).toEqual(['城西营业厅', 2, 20, 0.7, 40, '—', '—']);
    setLang('zh-CN');
  });
});

/** CSV as Excel on a Chinese Windows needs it, and the XLSX read back with exceljs: what a user opening the files sees. */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { setLang } from '../i18n.ts';
import { csvField, sheetName, tableFileName, toCsv, toXlsx } from './table-file.ts';
import type { TableSpec } from './table-spec.ts';

interface Row {
  name: string;
  n: number;
  sl: number | null;
  wait: number | null;
}
const spec: TableSpec<Row> = {
  columns: [
    { title: 'hall.by.service', kind: 'text', value: (r) => r.name },
    { title: 'hall.arrivals', kind: 'count', value: (r) => r.n },
    { title: 'hall.serviceLevel', kind: 'percent', value: (r) => r.sl },
    { title: 'hall.avgWait', kind: 'minutes', value: (r) => r.wait },
  ],
  rows: [
    { name: '话费业务', n: 1673, sl: 0.8534, wait: 4.26 },
    { name: '=HYPERLINK("http://x","点我")', n: 2, sl: null, wait: 13.4 },
    { name: '+86 办卡, "加急"', n: 0, sl: 1, wait: null },
  ],
};

describe('table exports', () => {
  it('CSV: UTF-8 with BOM, CRLF, the titles and figures as on screen, quoted, formulas defused', () => {
    setLang('zh-CN');
    const csv = toCsv(spec);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe('按业务,取号,达标率,平均等候（分钟）');
    expect(lines[1]).toBe('话费业务,"1,673",85.3%,4.3');
    expect(lines[2]).toBe(`"'=HYPERLINK(""http://x"",""点我"")",2,—,13`);
    expect(lines[3]).toBe(`"'+86 办卡, ""加急""",0,100%,—`);
    expect(csvField('-5')).toBe('-5');
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('-1+1')).toBe("'-1+1");
  });

  it('XLSX: numbers stay numbers with the number format of their column, titles in the UI language', async () => {
    setLang('en');
    const data = await toXlsx(spec, { title: 'By service', subtitle: '城东营业厅 2026-11-26' });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(data);
    const sheet = book.worksheets[0] as ExcelJS.Worksheet;
    expect(sheet.name).toBe('By service');
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual([
      'By service',
      'Tickets',
      'Within target',
      'Avg wait (min)',
    ]);
    const first = sheet.getRow(3);
    expect(first.getCell(2).value).toBe(1673);
    expect(first.getCell(2).numFmt).toBe('#,##0');
    expect(first.getCell(3).value).toBeCloseTo(0.8534, 9);
    expect(first.getCell(3).numFmt).toBe('0.0%');
    expect(first.getCell(4).value).toBeCloseTo(4.26, 9);
    expect(first.getCell(4).numFmt).toBe('[<10]0.0;0');
    // A formula-looking name is a string, never a formula; a missing figure reads as on screen.
    expect(sheet.getRow(4).getCell(1).value).toBe('=HYPERLINK("http://x","点我")');
    expect(sheet.getRow(4).getCell(1).type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getRow(4).getCell(3).value).toBe('—');
    setLang('zh-CN');
  });

  it('XLSX: a duration is a time value shown in hours and minutes, in the UI language', async () => {
    setLang('zh-CN');
    const waits: TableSpec<{ m: number }> = {
      columns: [{ title: 'overview.longestWait', kind: 'duration', value: (r) => r.m }],
      rows: [{ m: 65 }],
    };
    expect(toCsv(waits).slice(1).split('\r\n')[1]).toBe('1小时5分钟');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await toXlsx(waits, { title: 'x' }));
    const cell = (book.worksheets[0] as ExcelJS.Worksheet).getRow(3).getCell(1);
    // A time value: exceljs reads a cell with a time format back as a Date from Excel's epoch (1899-12-30).
    expect((cell.value as Date).getTime() - Date.UTC(1899, 11, 30)).toBe(65 * 60_000);
    expect(cell.numFmt).toBe('[h]"小时"mm"分钟"');
  });

  it('names files after the hall, the table and the date, and sheets as Excel allows', () => {
    expect(tableFileName(['城东营业厅', '分时段明细', '2026-11-26'], 'xlsx')).toBe(
      '城东营业厅-分时段明细-2026-11-26.xlsx',
    );
    expect(tableFileName(['A/B:厅', 'x'], 'csv')).toBe('A_B_厅-x.csv');
    expect(sheetName('2026年11月26日 09:00 时段明细 [按业务]')).toBe('2026年11月26日 09 00 时段明细  按业务 ');
    expect(sheetName('x'.repeat(40))).toHaveLength(31);
  });
});

/**
 * A table as a file: CSV (UTF-8 with a byte-order mark, so Excel on Chinese Windows reads the Chinese,
 * CRLF lines, RFC 4180 quoting, and a leading ' on any cell that would start a formula) or XLSX (exceljs,
 * imported only when someone exports: it is ~250 kB gzipped and the console's first load stays small).
 */
import { t } from '../i18n.ts';
import { cellText, numberFormat, sheetValue, type TableSpec } from './table-spec.ts';

/** What spreadsheet programs take for a formula at the start of a cell (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A CSV field: prefixed when it could be read as a formula, quoted when it holds a quote, comma or line break. */
export function csvField(text: string): string {
  const safe = FORMULA_START.test(text) && !/^-?\d[\d,]*(\.\d+)?%?$/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The table as CSV text, as the screen shows it (titles in the UI's language), BOM first. */
export function toCsv<R>(spec: TableSpec<R>): string {
  const lines = [
    spec.columns.map((c) => csvField(c.label ?? t(c.title))).join(','),
    ...spec.rows.map((r) => spec.columns.map((c) => csvField(cellText(c.kind, c.value(r)))).join(',')),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** A sheet name Excel accepts: at most 31 characters, none of : \ / ? * [ ]. */
export function sheetName(title: string): string {
  return title.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || 'Sheet1';
}

/** The table as an XLSX workbook: a title row, the column titles, then the rows with numeric cells. */
export async function toXlsx<R>(spec: TableSpec<R>, meta: { title: string; subtitle?: string }): Promise<ArrayBuffer> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  book.creator = t('app.name');
  book.created = new Date();
  const sheet = book.addWorksheet(sheetName(meta.title), { views: [{ state: 'frozen', ySplit: 2 }] });
  const title = sheet.addRow([meta.subtitle ? `${meta.title} · ${meta.subtitle}` : meta.title]);
  title.font = { bold: true, size: 13 };
  const head = sheet.addRow(spec.columns.map((c) => c.label ?? t(c.title)));
  head.font = { bold: true };
  head.alignment = { wrapText: true, vertical: 'middle' };
  for (const r of spec.rows) {
    const row = sheet.addRow(
      spec.columns.map((c) => {
        const v = sheetValue(c.kind, c.value(r));
        // A missing figure reads as on screen; a number stays a number.
        return v === null ? '—' : v;
      }),
    );
    spec.columns.forEach((c, i) => {
      const fmt = numberFormat(c.kind);
      const cell = row.getCell(i + 1);
      if (fmt && typeof cell.value === 'number') cell.numFmt = fmt;
      if (c.kind !== 'text') cell.alignment = { horizontal: 'right' };
    });
  }
  spec.columns.forEach((c, i) => {
    // Wide enough for the title (a Chinese character is about two columns) and the longest cell.
    const widths = [c.label ?? t(c.title), ...spec.rows.map((r) => cellText(c.kind, c.value(r)))].map((s) =>
      [...s].reduce((w, ch) => w + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0),
    );
    sheet.getColumn(i + 1).width = Math.min(40, Math.max(8, ...widths) + 2);
  });
  return book.xlsx.writeBuffer() as Promise<ArrayBuffer>;
}

/** `城东营业厅-分时段明细-2026-11-26.xlsx`: without characters a file system refuses. */
export function tableFileName(parts: string[], ext: 'xlsx' | 'csv'): string {
  const safe = parts
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .map((p) => p.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, '_').trim())
    .filter(Boolean)
    .join('-')
    .slice(0, 120);
  return `${safe}.${ext}`;
}

/** Hands a file to the browser as a download. */
export function saveFile(data: BlobPart, fileName: string, type: string) {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

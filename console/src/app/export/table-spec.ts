/**
 * One definition of a data table for the screen and for its files: each column's title (a message key),
 * its kind of figure and how to read it off a row. The page renders cells with `cellText`, the XLSX
 * writes the same value as a number with the matching number format, the CSV writes `cellText` — so the
 * screen and the files cannot drift apart.
 */
import { count, decimal, minutes, percent, wait } from '../format.ts';
import { lang, type ConsoleKey } from '../i18n.ts';

/**
 * - `text`: a name or label;
 * - `count`: a whole number, grouped (1,673);
 * - `percent`: a share 0–1 shown as a percentage to a tenth;
 * - `minutes`: a duration in minutes for a column headed "(分钟)/(min)": one decimal under 10, whole above;
 * - `decimal`: a measured figure (a rating) to one decimal;
 * - `duration`: minutes said as hours and minutes (1小时5分钟 / 1 h 5 min); in a sheet a time value
 *   (days, Excel's unit) formatted as hours and minutes.
 */
export type CellKind = 'text' | 'count' | 'percent' | 'minutes' | 'decimal' | 'duration';

export type CellValue = string | number | null;

export interface TableColumn<R> {
  title: ConsoleKey;
  /** A title that is data rather than a message (a KPI's name): shown instead of `t(title)`. */
  label?: string;
  kind: CellKind;
  value: (row: R) => CellValue;
}

export interface TableSpec<R> {
  columns: Array<TableColumn<R>>;
  rows: R[];
}

const DASH = '—';

/** The cell as the screen shows it, in the UI's language. */
export function cellText(kind: CellKind, v: CellValue): string {
  if (v === null) return DASH;
  if (typeof v === 'string') return v;
  switch (kind) {
    case 'count':
      return count(v);
    case 'percent':
      return percent(v);
    case 'minutes':
      return minutes(v);
    case 'decimal':
      return decimal(v);
    case 'duration':
      return wait(v);
    default:
      return String(v);
  }
}

/** Excel's number format for each kind in the UI's language (the cell keeps the full-precision value). */
export function numberFormat(kind: CellKind): string | undefined {
  switch (kind) {
    case 'count':
      return '#,##0';
    case 'percent':
      return '0.0%';
    case 'minutes':
      // As the screen: one decimal under 10, whole numbers from 10.
      return '[<10]0.0;0';
    case 'decimal':
      return '0.0';
    case 'duration':
      return lang() === 'zh-CN' ? '[h]"小时"mm"分钟"' : '[h]" h "mm" min"';
    default:
      return undefined;
  }
}

/** The value a sheet cell holds: a duration in days (Excel's time unit), everything else as it is. */
export const sheetValue = (kind: CellKind, v: CellValue): CellValue =>
  kind === 'duration' && typeof v === 'number' ? v / 1440 : v;

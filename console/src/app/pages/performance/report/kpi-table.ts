/**
 * The KPI report's tables as `TableSpec`s: what the page shows and what its XLSX/CSV exports hold (one
 * definition, so the files and the screen agree). A KPI's value reads by its unit; a value with too few
 * samples keeps its number and is listed in the "样本不足" column.
 */
import type { Outputs } from '../../../api.ts';
import type { CellKind, CellValue, TableColumn } from '../../../export/table-spec.ts';
import { lang } from '../../../i18n.ts';

export type HallReport = NonNullable<Outputs['kpiReports']['get']['report']>;
export type Rollup = NonNullable<Outputs['kpiReports']['rollup']['get']['report']>;
export type Kpi = HallReport['kpis'][number];
type Period = HallReport['clerks'][number]['month'] | null;
export type Clerk = HallReport['clerks'][number];
export type RollupHall = Rollup['halls'][number];

export const kpiName = (k: Pick<Kpi, 'nameZh' | 'nameEn'>) => (lang() === 'zh-CN' ? k.nameZh : k.nameEn);

/** The cell kind of a KPI's unit, and its value as that kind holds it (percent KPIs are 0–100; cells 0–1). */
export function kpiCell(k: Pick<Kpi, 'unit'>): { kind: CellKind; of: (v: number | null) => CellValue } {
  switch (k.unit) {
    case 'percent':
      return { kind: 'percent', of: (v) => (v === null ? null : v / 100) };
    case 'count':
      return { kind: 'count', of: (v) => v };
    case 'minutes':
      return { kind: 'duration', of: (v) => v };
    case 'seconds':
      return { kind: 'duration', of: (v) => (v === null ? null : v / 60) };
    default:
      return { kind: 'decimal', of: (v) => v };
  }
}

export const valueIn = (p: Period | undefined, key: string) => p?.values.find((v) => v.key === key);

/** The KPIs any row has a value of (a KPI that applies to nobody here is left out). */
export const shownKpis = (kpis: Kpi[], periods: Period[]) => kpis.filter((k) => periods.some((p) => valueIn(p, k.key)));

/**
 * Per clerk: each KPI's day and month value, the totals, the change since the day before, and the values
 * with too few samples (样本不足: shown, neither scored nor ranked), named as their columns are.
 */
export function clerkColumns(
  report: HallReport,
  label: (key: 'day' | 'month', k: Kpi) => string,
): Array<TableColumn<Clerk>> {
  const kpis = shownKpis(
    report.kpis,
    report.clerks.map((c) => c.month),
  );
  const columns: Array<TableColumn<Clerk>> = [{ title: 'kpiReport.clerk', kind: 'text', value: (c) => c.name }];
  for (const k of kpis) {
    const cell = kpiCell(k);
    columns.push(
      {
        title: 'kpiReport.day',
        label: label('day', k),
        kind: cell.kind,
        value: (c) => cell.of(valueIn(c.day, k.key)?.value ?? null),
      },
      {
        title: 'kpiReport.month',
        label: label('month', k),
        kind: cell.kind,
        value: (c) => cell.of(valueIn(c.month, k.key)?.value ?? null),
      },
    );
  }
  columns.push(
    { title: 'kpiReport.totalDay', kind: 'decimal', value: (c) => c.day?.total ?? null },
    { title: 'kpiReport.totalMonth', kind: 'decimal', value: (c) => c.month.total },
    { title: 'kpiReport.deltaDay', kind: 'decimal', value: (c) => c.deltaDay },
    {
      title: 'kpiReport.tooFew',
      kind: 'text',
      value: (c) =>
        kpis
          .flatMap((k) => [
            ...(valueIn(c.day, k.key)?.enough === false ? [label('day', k)] : []),
            ...(valueIn(c.month, k.key)?.enough === false ? [label('month', k)] : []),
          ])
          .join('、') || null,
    },
  );
  return columns;
}

/** Per hall of a roll-up (best month first): the month's rank, each KPI's month value, the totals. */
export function rollupColumns(report: Rollup): Array<TableColumn<RollupHall>> {
  const kpis = shownKpis(
    report.kpis,
    report.halls.map((h) => h.month),
  );
  return [
    { title: 'kpiReport.hall', kind: 'text', value: (h) => h.name },
    { title: 'kpiReport.rankMonth', kind: 'count', value: (h) => h.rankMonth },
    ...kpis.map((k): TableColumn<RollupHall> => {
      const cell = kpiCell(k);
      return {
        title: 'kpiReport.month',
        label: kpiName(k),
        kind: cell.kind,
        value: (h) => cell.of(valueIn(h.month, k.key)?.value ?? null),
      };
    }),
    { title: 'kpiReport.totalMonth', kind: 'decimal', value: (h) => h.month?.total ?? null },
    { title: 'kpiReport.totalDay', kind: 'decimal', value: (h) => h.day?.total ?? null },
    { title: 'kpiReport.rankDay', kind: 'count', value: (h) => h.rankDay },
  ];
}

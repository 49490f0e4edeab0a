/** The measure columns the analysis tables share, each with its compared figure and its good direction. */
import type { Outputs } from '../../api.ts';
import type { ConsoleKey } from '../../i18n.ts';
import type { Col } from './parts.tsx';
import type { CompareWith } from './state.ts';

export type CubeRow = Outputs['analytics']['cube']['rows'][number];
type Measures = Omit<
  CubeRow,
  'key' | 'label' | 'unitId' | 'hallId' | 'previous' | 'lastYear' | 'staffHours' | 'perStaffHour'
>;
type WithCompare = Measures & { previous?: Measures | null; lastYear?: Measures | null };

const other = (r: WithCompare, c: CompareWith) =>
  c === 'lastYear' ? r.lastYear : c === 'previous' ? r.previous : null;

/** The first column: the row's name. */
export const nameColumn = <R extends { label: string }>(title: ConsoleKey): Col<R> => ({
  title,
  kind: 'text',
  value: (r) => r.label,
  key: true,
});

/** Arrivals, served, service level, waits, handling, abandonment, ratings: with the compared period's figure. */
export function measureColumns<R extends WithCompare>(compare: CompareWith): Array<Col<R>> {
  const cmp = (f: (m: Measures) => number | null) => (r: R) => {
    const o = other(r, compare);
    return o ? f(o) : null;
  };
  return [
    {
      title: 'analysis.col.arrivals',
      kind: 'count',
      value: (r) => r.arrivals,
      compare: cmp((m) => m.arrivals),
      better: 'none',
      key: true,
    },
    { title: 'analysis.col.served', kind: 'count', value: (r) => r.served },
    {
      title: 'analysis.col.serviceLevel',
      kind: 'percent',
      value: (r) => r.serviceLevel,
      compare: cmp((m) => m.serviceLevel),
      better: 'up',
      key: true,
    },
    {
      title: 'analysis.col.avgWait',
      kind: 'minutes',
      value: (r) => r.avgWaitMin,
      compare: cmp((m) => m.avgWaitMin),
      better: 'down',
      key: true,
    },
    { title: 'analysis.col.avgHandle', kind: 'minutes', value: (r) => r.avgHandleMin },
    {
      title: 'analysis.col.abandon',
      kind: 'percent',
      value: (r) => r.abandonRate,
      compare: cmp((m) => m.abandonRate),
      better: 'down',
    },
    {
      title: 'analysis.col.rating',
      kind: 'decimal',
      value: (r) => (r.ratings ? r.ratingAvg : null),
      compare: cmp((m) => (m.ratings ? m.ratingAvg : null)),
      better: 'up',
    },
    { title: 'analysis.col.noShows', kind: 'count', value: (r) => r.noShows },
  ];
}

/** Traffic per staff-hour (where the daily staff facts give the hours). */
export const perStaffHourColumn = <R extends { perStaffHour?: number | null }>(): Col<R> => ({
  title: 'analysis.col.perStaffHour',
  kind: 'decimal',
  value: (r) => r.perStaffHour ?? null,
});

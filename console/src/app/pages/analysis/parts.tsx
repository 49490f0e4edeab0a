/**
 * Pieces every analysis tab uses: a data table driven by one `TableSpec` (screen and XLSX/CSV), sortable,
 * with rows that drill; the change against the compared period as an arrow coloured by whether it is
 * good; the tab's states (loading, empty, refused, unknown unit).
 */
import { createMemo, createSignal, For, Show, type JSX, type Resource } from 'solid-js';
import { ExportButtons } from '../../components/ExportButtons.tsx';
import { Loaded } from '../../components/States.tsx';
import { cellText, type CellValue, type TableColumn } from '../../export/table-spec.ts';
import { calendarDate, count, dataLang, decimal, percent } from '../../format.ts';
import { dayLabel } from '../../components/DateField.tsx';
import { t, type ConsoleKey } from '../../i18n.ts';
import type { CompareWith } from './state.ts';

/** Which way a figure is better: up (service level), down (waits), or neither (arrivals). */
export type Better = 'up' | 'down' | 'none';

export interface Col<R> extends TableColumn<R> {
  /** The same figure in the compared period, shown as a change beside it (and exported as its own column). */
  compare?: (row: R) => CellValue;
  better?: Better;
  /** Kept on a phone (the key columns); the others are dropped below 600 px. */
  key?: boolean;
  /** A cell drawn rather than written (a sparkline, a band); the export still writes `value`. */
  cell?: (row: R) => JSX.Element;
}

/** The change from `before` to `now` in words the column's kind suits: points for shares, % for counts. */
export function change(kind: TableColumn<unknown>['kind'], now: CellValue, before: CellValue) {
  if (typeof now !== 'number' || typeof before !== 'number') return null;
  const raw = now - before;
  // A change below what the cell shows is no change (a wait of 7.62 against 7.60 is "7.6 ＝", not "▲0.0").
  const least = kind === 'percent' ? 0.0005 : kind === 'decimal' ? 0.005 : kind === 'count' ? 0.5 : 0.05;
  const diff = Math.abs(raw) < least ? 0 : raw;
  if (kind === 'percent') return { diff, text: t('analysis.delta.points', { n: decimal(Math.abs(diff) * 100) }) };
  if (kind === 'minutes' || kind === 'duration') return { diff, text: decimal(Math.abs(diff)) };
  // A rating moves in hundredths: 4.13 → 4.09 is a change, not "0.0".
  if (kind === 'decimal') return { diff, text: decimal(Math.abs(diff), Math.abs(diff) < 0.1 ? 2 : 1) };
  if (before === 0) return { diff, text: count(Math.abs(diff)) };
  return { diff, text: percent(Math.abs(diff / before)) };
}

export function Delta(props: {
  kind: TableColumn<unknown>['kind'];
  now: CellValue;
  before: CellValue;
  better: Better;
}) {
  const c = () => change(props.kind, props.now, props.before);
  const tone = () => {
    const d = c()?.diff ?? 0;
    if (Math.abs(d) < 1e-9 || props.better === 'none') return 'flat';
    return d > 0 === (props.better === 'up') ? 'better' : 'worse';
  };
  return (
    <Show when={c()}>
      {(x) => (
        <span class={`delta ${tone()}`} title={cellText(props.kind, props.before)}>
          {x().diff > 1e-9 ? '▲' : x().diff < -1e-9 ? '▼' : '＝'}
          {Math.abs(x().diff) > 1e-9 ? x().text : ''}
        </span>
      )}
    </Show>
  );
}

const compareLabel = (compare: CompareWith) =>
  t(compare === 'lastYear' ? 'analysis.compare.lastYear' : 'analysis.compare.previous');

/**
 * A table with a heading and its export buttons: sortable by any column (a click on its heading), each
 * row optionally a link deeper (`onPick`), the compared period's figures as arrows in the cells and as
 * columns of their own in the files.
 */
export function DataTable<R>(props: {
  title: string;
  /** The file name's parts around the title: the unit's name and the period. */
  before: string;
  after: string;
  columns: Array<Col<R>>;
  rows: R[];
  rowKey: (row: R) => string;
  compare?: CompareWith;
  selected?: string | null;
  onPick?: (row: R) => void;
  sortable?: boolean;
  /** The sort kept by the page (in the address): undefined to keep it in the table, null for none yet. */
  sortBy?: string | null;
  onSort?: (sortBy: string) => void;
  /** The heading's level (h2 for a tab's main table, h3 below it). */
  level?: 2 | 3;
  testId?: string;
}) {
  const [localSort, setLocalSort] = createSignal<{ i: number; desc: boolean } | null>(null);
  // In the address when the page keeps it there (`sortBy`: a column's title key, "-" before it for descending).
  const sort = () => {
    if (props.sortBy === undefined) return localSort();
    const desc = props.sortBy?.startsWith('-') ?? false;
    const key = props.sortBy?.replace(/^-/, '');
    const i = props.columns.findIndex((c) => c.title.replace(/^analysis\.col\./, '') === key);
    return i < 0 ? null : { i, desc };
  };
  const setSort = (v: { i: number; desc: boolean }) => {
    const c = props.columns[v.i];
    if (props.onSort && c) props.onSort(`${v.desc ? '-' : ''}${c.title.replace(/^analysis\.col\./, '')}`);
    else setLocalSort(v);
  };
  const comparing = () => props.compare !== undefined && props.compare !== 'off';
  const rows = createMemo(() => {
    const s = sort();
    const col = s ? props.columns[s.i] : undefined;
    if (!s || !col) return props.rows;
    const v = (r: R) => col.value(r);
    return [...props.rows].sort((a, b) => {
      const x = v(a);
      const y = v(b);
      if (x === null) return 1;
      if (y === null) return -1;
      const o = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'zh-CN');
      return s.desc ? -o : o;
    });
  });
  const spec = () => ({
    rows: rows(),
    columns: props.columns.flatMap((c): Array<TableColumn<R>> => {
      const base: TableColumn<R> = {
        title: c.title,
        kind: c.kind,
        value: c.value,
        ...(c.label ? { label: c.label } : {}),
      };
      const cmp = c.compare;
      return cmp && comparing()
        ? [
            base,
            { ...base, label: `${c.label ?? t(c.title)} · ${compareLabel(props.compare ?? 'previous')}`, value: cmp },
          ]
        : [base];
    }),
  });
  const head = (c: Col<R>, i: number) => {
    const s = sort();
    const on = s?.i === i;
    return (
      <th
        scope="col"
        classList={{ num: c.kind !== 'text', narrow: !c.key && i > 0 }}
        aria-sort={on ? (s?.desc ? 'descending' : 'ascending') : undefined}
      >
        <Show when={props.sortable} fallback={c.label ?? t(c.title)}>
          <button
            type="button"
            class="link sort"
            onClick={() => setSort({ i, desc: on ? !s?.desc : c.kind !== 'text' })}
          >
            {c.label ?? t(c.title)}
            {on ? (s?.desc ? ' ↓' : ' ↑') : ''}
          </button>
        </Show>
      </th>
    );
  };
  const Heading = (p: { children: JSX.Element }) => (props.level === 3 ? <h3>{p.children}</h3> : <h2>{p.children}</h2>);
  return (
    <div class="analysis-table" data-testid={props.testId}>
      <div class="table-head">
        <Heading>{props.title}</Heading>
        <ExportButtons title={props.title} before={props.before} after={props.after} table={spec} />
      </div>
      <div class="table-wrap">
        <table class="data">
          <thead>
            <tr>
              <For each={props.columns}>{(c, i) => head(c, i())}</For>
            </tr>
          </thead>
          <tbody>
            <For each={rows()}>
              {(r) => (
                <tr classList={{ selected: props.selected === props.rowKey(r) }}>
                  <For each={props.columns}>
                    {(c, i) => {
                      const text = () => cellText(c.kind, c.value(r));
                      if (i() === 0)
                        return (
                          <th scope="row" lang={dataLang(text())}>
                            <Show when={props.onPick} fallback={text()}>
                              <button type="button" class="link" onClick={() => props.onPick?.(r)}>
                                {text()}
                              </button>
                            </Show>
                          </th>
                        );
                      return (
                        <td
                          classList={{ num: c.kind !== 'text', narrow: !c.key }}
                          lang={c.kind === 'text' && !c.cell ? dataLang(text()) : undefined}
                        >
                          {c.cell ? c.cell(r) : text()}
                          <Show when={c.compare && comparing()}>
                            {' '}
                            <Delta
                              kind={c.kind}
                              now={c.value(r)}
                              before={c.compare?.(r) ?? null}
                              better={c.better ?? 'none'}
                            />
                          </Show>
                        </td>
                      );
                    }}
                  </For>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** "这段时间没有数据". */
export function Empty(props: { text?: ConsoleKey }) {
  return (
    <p class="empty" role="status">
      {t(props.text ?? 'analysis.empty')}
    </p>
  );
}

/** A tab's content once its query answered, or its state: loading, refused, unknown unit, failed. */
export function Answer<T>(props: {
  of: Resource<T>;
  retry: () => void;
  children: (v: () => NonNullable<T>) => JSX.Element;
}) {
  return (
    <Loaded of={props.of} retry={props.retry} refused="analysis.refused" notFound="analysis.notFound">
      {(v) => props.children(v)}
    </Loaded>
  );
}

/** A headline figure: what it is, its value, the change against the compared period. */
export function Figure(props: {
  label: ConsoleKey;
  kind: TableColumn<unknown>['kind'];
  value: CellValue;
  before?: CellValue;
  better?: Better;
}) {
  return (
    <div class="figure">
      <span class="figure-label">{t(props.label)}</span>
      <span class="figure-value">{cellText(props.kind, props.value)}</span>
      <Show when={props.before !== undefined}>
        <Delta kind={props.kind} now={props.value} before={props.before ?? null} better={props.better ?? 'none'} />
      </Show>
    </div>
  );
}

/**
 * A sentence of the catalog whose `data` parameters are names (a unit, a clerk, a service): each in a
 * span with the language of its content, so that "Against the clerks of 华南区" reads right aloud.
 */
export function Say(props: {
  text: ConsoleKey;
  params?: Record<string, string | number>;
  data: Record<string, string>;
}) {
  const parts = () => {
    const marked: Record<string, string | number> = { ...props.params };
    for (const k of Object.keys(props.data)) marked[k] = `\u0000${k}\u0000`;
    return t(props.text, marked).split('\u0000');
  };
  return (
    <For each={parts()}>
      {(part, i) =>
        i() % 2 === 1 ? <span lang={dataLang(props.data[part] ?? '')}>{props.data[part] ?? ''}</span> : part
      }
    </For>
  );
}

/** A period in words: one day with its weekday, or its first and last day. */
export function periodText(from: string, to: string): string {
  return from === to ? dayLabel(from) : `${calendarDate(from)} – ${calendarDate(to)}`;
}

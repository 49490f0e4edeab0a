/**
 * The drill-down's metrics table (hours, services, counters, staff), also on the daily report page: its
 * columns are one `TableSpec` definition the screen and the XLSX/CSV exports share.
 */
import { For, Show } from 'solid-js';
import type { Outputs } from '../api.ts';
import { cellText, type TableColumn } from '../export/table-spec.ts';
import { dataLang, serviceLevelTone } from '../format.ts';
import type { ConsoleKey } from '../i18n.ts';
import { TableHead } from './TableHead.tsx';

type Row = Outputs['analytics']['breakdown']['rows'][number];

/** The drill-down's columns: one definition for the screen and its XLSX/CSV exports. */
export function metricsColumns(first: ConsoleKey): Array<TableColumn<Row>> {
  return [
    { title: first, kind: 'text', value: (r) => r.label },
    { title: 'hall.arrivals', kind: 'count', value: (r) => r.arrivals },
    { title: 'hall.served', kind: 'count', value: (r) => r.served },
    { title: 'hall.serviceLevel', kind: 'percent', value: (r) => r.serviceLevel },
    { title: 'hall.avgWait', kind: 'minutes', value: (r) => r.avgWaitMin },
    { title: 'hall.avgService', kind: 'minutes', value: (r) => r.avgServiceMin },
    { title: 'hall.noShows', kind: 'count', value: (r) => r.noShows + r.cancelled },
    { title: 'hall.rating', kind: 'decimal', value: (r) => (r.ratings ? r.ratingAvg : null) },
  ];
}

export function MetricsTable(props: {
  rows: Row[];
  first: ConsoleKey;
  selected?: string | null;
  onPick?: (row: Row) => void;
  pickLabel?: (row: Row) => string;
}) {
  const columns = () => metricsColumns(props.first);
  return (
    <div class="table-wrap">
      <table class="data">
        <TableHead columns={columns().map((c, i) => (i === 0 ? c.title : { key: c.title, num: true }))} />
        <tbody>
          <For each={props.rows}>
            {(r) => (
              <tr classList={{ selected: props.selected === r.key }}>
                <th scope="row" lang={dataLang(r.label)}>
                  <Show when={props.onPick} fallback={r.label}>
                    <button
                      type="button"
                      class="link"
                      aria-pressed={props.selected === r.key}
                      aria-label={props.pickLabel?.(r) ?? r.label}
                      onClick={() => props.onPick?.(r)}
                    >
                      {r.label}
                    </button>
                  </Show>
                </th>
                <For each={columns().slice(1)}>
                  {(c) => (
                    <td class={c.kind === 'percent' ? `num sl-${serviceLevelTone(r.serviceLevel)}` : 'num'}>
                      {cellText(c.kind, c.value(r))}
                    </td>
                  )}
                </For>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}

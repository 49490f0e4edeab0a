/** A data table's header row from message keys: numeric columns right-aligned, action columns named for screen readers only. */
import { For } from 'solid-js';
import { t, type ConsoleKey } from '../i18n.ts';

export interface Column {
  key: ConsoleKey;
  num?: boolean;
  /** A column without a visible heading (its buttons say what they do). */
  hidden?: boolean;
}

export function TableHead(props: { columns: Array<Column | ConsoleKey> }) {
  return (
    <thead>
      <tr>
        <For each={props.columns.map((c) => (typeof c === 'string' ? { key: c } : c))}>
          {(c) => (
            <th scope="col" class={c.num ? 'num' : undefined}>
              {c.hidden ? <span class="visually-hidden">{t(c.key)}</span> : t(c.key)}
            </th>
          )}
        </For>
      </tr>
    </thead>
  );
}

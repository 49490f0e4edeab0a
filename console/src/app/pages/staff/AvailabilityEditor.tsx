/**
 * When an employee can work, per weekday: not available, all day, or from–to. (The record keeps up to
 * four windows a day; this editor sets one, and keeps a day it does not change as it was.)
 */
import { For, Show } from 'solid-js';
import { t } from '../../i18n.ts';
import { WEEKDAYS, weekdayLabel, type Availability, type Weekday } from './staff-text.tsx';

type Mode = 'all' | 'none' | 'window';

const modeOf = (a: Availability, d: Weekday): Mode =>
  a[d] === undefined ? 'all' : a[d] === null || a[d]?.length === 0 ? 'none' : 'window';

export function AvailabilityEditor(props: { value: Availability; onChange: (next: Availability) => void }) {
  const set = (d: Weekday, v: Availability[Weekday] | undefined) => {
    const next = { ...props.value };
    if (v === undefined) delete next[d];
    else next[d] = v;
    props.onChange(next);
  };
  const setMode = (d: Weekday, mode: Mode) =>
    set(d, mode === 'all' ? undefined : mode === 'none' ? null : [{ from: '09:00', to: '18:00' }]);
  const setTime = (d: Weekday, which: 'from' | 'to', value: string) => {
    const w = props.value[d]?.[0] ?? { from: '09:00', to: '18:00' };
    set(d, [{ ...w, [which]: value }, ...(props.value[d]?.slice(1) ?? [])]);
  };
  return (
    <table class="availability">
      <tbody>
        <For each={WEEKDAYS}>
          {(d) => (
            <tr data-day={d}>
              <th scope="row" id={`avail-${d}`}>
                {weekdayLabel(d)}
              </th>
              <td>
                <select
                  aria-labelledby={`avail-${d}`}
                  value={modeOf(props.value, d)}
                  onChange={(ev) => setMode(d, ev.currentTarget.value as Mode)}
                >
                  <option value="all">{t('staff.avail.all')}</option>
                  <option value="none">{t('staff.avail.none')}</option>
                  <option value="window">{t('staff.avail.window')}</option>
                </select>
              </td>
              <td class="times">
                <Show when={modeOf(props.value, d) === 'window'}>
                  <input
                    type="time"
                    aria-label={t('staff.avail.from', { day: weekdayLabel(d) })}
                    value={props.value[d]?.[0]?.from ?? '09:00'}
                    onChange={(ev) => setTime(d, 'from', ev.currentTarget.value)}
                  />
                  <span aria-hidden="true">–</span>
                  <input
                    type="time"
                    aria-label={t('staff.avail.to', { day: weekdayLabel(d) })}
                    value={props.value[d]?.[0]?.to ?? '18:00'}
                    onChange={(ev) => setTime(d, 'to', ev.currentTarget.value)}
                  />
                </Show>
              </td>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  );
}

/**
 * A day picker that speaks the UI's language: the browser's own date input writes the date in the
 * browser's locale (11/27/2026 in a Chinese page on an English system, whatever the page's `lang`),
 * so the days are offered as the UI writes them (2026年11月27日 周五 / Fri, 27 November 2026), with a
 * step back and forward.
 */
import { A } from '@solidjs/router';
import { createSignal, For, type JSX } from 'solid-js';
import { clockIn, dataLang } from '../format.ts';
import { lang, t } from '../i18n.ts';

/** The date `n` days after `date` (YYYY-MM-DD; negative `n` goes back). */
import { addDays as shiftDay } from '@hall/devices/calendar';
export { shiftDay };

/** A day as the UI's language writes it, with its weekday. */
export function dayLabel(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(lang(), {
    timeZone: 'UTC',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    weekday: 'short',
  }).format(Date.UTC(y, m - 1, d));
}

export function DateField(props: {
  label: string;
  value: string;
  /** The last day offered (the hall's today). */
  max: string;
  /** How many days back from `max` are offered. */
  days?: number;
  onChange: (date: string) => void;
}) {
  const options = () => {
    const n = props.days ?? 90;
    const list = Array.from({ length: n + 1 }, (_, i) => shiftDay(props.max, -i));
    // A day asked for by address, outside the window, is still shown as chosen.
    return list.includes(props.value) ? list : [props.value, ...list];
  };
  return (
    <div class="date-field" role="group" aria-label={props.label}>
      <span class="date-field-label">{props.label}</span>
      <button type="button" aria-label={t('date.previous')} onClick={() => props.onChange(shiftDay(props.value, -1))}>
        ‹
      </button>
      <select aria-label={props.label} onChange={(e) => props.onChange(e.currentTarget.value)}>
        <For each={options()}>
          {(d) => (
            <option value={d} selected={d === props.value}>
              {dayLabel(d)}
            </option>
          )}
        </For>
      </select>
      <button
        type="button"
        aria-label={t('date.next')}
        disabled={props.value >= props.max}
        onClick={() => props.onChange(shiftDay(props.value, 1))}
      >
        ›
      </button>
    </div>
  );
}

/**
 * The head of a hall's list of daily reports: the hall, the title, a day (yesterday in the hall by
 * default, never after its today) and what to do with that day (`action`: "generate").
 */
export function DayReportsHead(props: {
  hallId: string;
  hallName: string;
  title: string;
  timeZone: string;
  action: (date: string) => JSX.Element;
}) {
  const today = () => clockIn(props.timeZone).date;
  const [day, setDay] = createSignal<string | null>(null);
  const chosen = () => day() ?? shiftDay(today(), -1);
  return (
    <div class="page-head">
      <div>
        <p class="crumbs">
          <A href={`/halls/${props.hallId}`} lang={dataLang(props.hallName)}>
            {props.hallName}
          </A>
        </p>
        <h1>{props.title}</h1>
      </div>
      <div class="filters">
        <DateField label={t('hall.date')} value={chosen()} max={today()} onChange={setDay} />
        {props.action(chosen())}
      </div>
    </div>
  );
}

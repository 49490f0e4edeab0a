/**
 * The signed-in clerk's own shifts on the published roster (the hub's `counter.shifts`): today's and
 * tomorrow's start–end with the length, breaks, and the service planned. Nothing at all when the hub has
 * no roster; "not on the roster" for a day the roster covers without a shift of the clerk's.
 */
import { formatNumber } from '@hall/devices/alarm-text';
import { For, Show } from 'solid-js';
import { lang, t } from '../../lib/i18n.ts';
import { Name } from '../lib/names.tsx';
import { addDays } from '@hall/devices/calendar';

export interface ShiftsView {
  version: number | null;
  today: string;
  days: string[];
  shifts: Array<{
    date: string;
    start: string;
    end: string;
    breaks: Array<{ start: string; end: string }>;
    serviceId: string | null;
    serviceName: string | null;
  }>;
}

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

/** A shift's length, as 时/分 (h/min). */
export function shiftLength(start: string, end: string): string {
  const total = minutesOf(end) - minutesOf(start);
  const h = Math.floor(total / 60);
  const m = total % 60;
  const n = (x: number) => formatNumber(x, lang());
  if (h && m) return t('ctr.roster.hm', { h: n(h), m: n(m) });
  return h ? t('ctr.roster.h', { h: n(h) }) : t('ctr.roster.m', { m: n(m) });
}

/** 11月25日 周三 / Wed, Nov 25 (a hall-local calendar date, so formatted as UTC). */
const dateText = (date: string) =>
  new Intl.DateTimeFormat(lang(), { timeZone: 'UTC', month: 'short', day: 'numeric', weekday: 'short' }).format(
    Date.parse(`${date}T00:00:00Z`),
  );

export function MyShifts(props: { view: ShiftsView | null | undefined }) {
  const days = () => {
    const v = props.view;
    if (!v || v.version === null) return [];
    return v.days
      .filter((d) => d >= v.today)
      .map((date) => ({ date, shifts: v.shifts.filter((s) => s.date === date) }));
  };
  const dayName = (date: string) => {
    const today = props.view?.today ?? '';
    if (date === today) return t('ctr.roster.today');
    if (date === addDays(today, 1)) return t('ctr.roster.tomorrow');
    return '';
  };
  return (
    <Show when={days().length > 0}>
      <section class="counter-shifts" aria-label={t('ctr.roster.title')} data-testid="counter-shifts">
        <h2>{t('ctr.roster.title')}</h2>
        <ul>
          <For each={days()}>
            {(d) => (
              <li data-date={d.date}>
                <span class="shift-day">
                  <strong>{dayName(d.date)}</strong> {dateText(d.date)}
                </span>
                <Show when={d.shifts.length > 0} fallback={<span class="shift-none">{t('ctr.roster.none')}</span>}>
                  <For each={d.shifts}>
                    {(s) => (
                      <span class="shift">
                        <span class="shift-time">
                          <time>{s.start}</time>–<time>{s.end}</time>
                          <span class="shift-length">
                            {lang() === 'zh-CN'
                              ? `（${shiftLength(s.start, s.end)}）`
                              : ` (${shiftLength(s.start, s.end)})`}
                          </span>
                        </span>
                        <Show when={s.breaks.length > 0}>
                          <span class="shift-breaks">
                            {t('ctr.roster.breaks')}
                            {lang() === 'zh-CN' ? '：' : ': '}
                            {s.breaks.map((b) => `${b.start}–${b.end}`).join(lang() === 'zh-CN' ? '、' : ', ')}
                          </span>
                        </Show>
                        <Show when={s.serviceName}>
                          {(name) => (
                            <span class="shift-service">
                              {t('ctr.roster.service')}
                              {lang() === 'zh-CN' ? '：' : ': '}
                              <Name text={name()} />
                            </span>
                          )}
                        </Show>
                      </span>
                    )}
                  </For>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  );
}

/**
 * The wall screen's clock: the hub's time (each snapshot says when it was made), ticking with the
 * screen's own clock in between, shown in the hall's time zone — a screen whose PC clock is wrong or set
 * to another zone still shows the hall's time.
 */
import type { Lang } from '../../lib/i18n.ts';

/** The hub's time now, from the last snapshot's `at` and when the screen received it. */
export const hubNow = (snapshotAt: number, receivedAt: number, now: number) => snapshotAt + (now - receivedAt);

/** Time (HH:MM, 24 h) and date with weekday, in the hall's zone and the screen's language. */
export function clockText(at: number, timeZone: string, lang: Lang): { time: string; date: string } {
  const time = new Intl.DateTimeFormat(lang, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const date = new Intl.DateTimeFormat(lang, {
    timeZone,
    month: lang === 'zh-CN' ? 'long' : 'short',
    day: 'numeric',
    weekday: 'short',
  });
  return { time: time.format(at), date: date.format(at) };
}

/**
 * When a schedule is next due: a cron expression (croner) or a time relative to the hall's opening
 * hours ("30 minutes after the hall closes"), both evaluated in the hall's time zone (croner handles
 * daylight saving and zone offsets). Pure: the caller passes the moment to look after.
 */
import { Cron } from 'croner';
import { WEEKDAY_KEYS, type OpeningHours } from '@hall/devices';

export type ScheduleRule = { cron: string } | { anchor: 'open' | 'close'; offsetMinutes: number };

/** Throws croner's error when the expression is not a valid cron pattern. */
export function checkCron(expr: string): void {
  new Cron(expr, { paused: true });
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * The cron patterns a hall-relative rule stands for: one per open weekday, at that day's open/close time
 * plus the offset (which may move it into the next or previous day).
 */
export function relativePatterns(
  rule: { anchor: 'open' | 'close'; offsetMinutes: number },
  hours: OpeningHours,
): string[] {
  const out: string[] = [];
  WEEKDAY_KEYS.forEach((day, dow) => {
    const h = hours[day];
    if (!h) return;
    const total = minutesOf(rule.anchor === 'open' ? h.open : h.close) + rule.offsetMinutes;
    const shift = Math.floor(total / 1_440);
    const m = total - shift * 1_440;
    out.push(`${m % 60} ${Math.floor(m / 60)} * * ${(((dow + shift) % 7) + 7) % 7}`);
  });
  return out;
}

/** The first moment strictly after `after` the rule is due, or null if it never is. */
export function nextFire(
  rule: ScheduleRule,
  opts: { after: Date; timeZone: string; openingHours?: OpeningHours | null },
): Date | null {
  const patterns = 'cron' in rule ? [rule.cron] : opts.openingHours ? relativePatterns(rule, opts.openingHours) : [];
  let best: Date | null = null;
  for (const p of patterns) {
    const next = new Cron(p, { timezone: opts.timeZone, paused: true }).nextRun(opts.after);
    if (next && (!best || next < best)) best = next;
  }
  return best;
}

/** `2026-11-29T21:30` in the zone: the part of a scheduled job's unique key that names its occurrence. */
export function localStamp(at: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/**
 * Hall-local clock times as instants, and minute arithmetic on sets of time spans: what adherence and the
 * roster review need to lay a planned shift (a hall-local day and HH:MM times) over counter sessions
 * (instants). Pure: no database, no clock.
 */

/** A half-open span of time in ms since the epoch: [from, to). */
export interface Span {
  from: number;
  to: number;
}

const offsetFormat = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at an instant, in ms (east positive). */
export function zoneOffsetMs(at: number, timeZone: string): number {
  let f = offsetFormat.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    offsetFormat.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(at)).map((x) => [x.type, x.value]));
  const local = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
    Number(p.second),
  );
  return local - Math.floor(at / 1000) * 1000;
}

/** The instant of a hall-local date and clock time (`HH:MM`; `24:00` is the next midnight). */
export function localInstant(date: string, hhmm: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [h, min] = hhmm.split(':').map(Number) as [number, number];
  const naive = Date.UTC(y, m - 1, d, h, min);
  // Two passes settle the offset on either side of a daylight-saving change.
  let at = naive - zoneOffsetMs(naive, timeZone);
  at = naive - zoneOffsetMs(at, timeZone);
  return at;
}

/** The hall-local date of an instant. */
export function localDate(at: number, timeZone: string): string {
  return new Date(at + zoneOffsetMs(at, timeZone)).toISOString().slice(0, 10);
}

/** Minutes after hall-local midnight of an instant. */
export function localMinutes(at: number, timeZone: string): number {
  const local = at + zoneOffsetMs(at, timeZone);
  return Math.round((local - Math.floor(local / 86_400_000) * 86_400_000) / 60_000);
}

export const toMinutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};
export const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

export { addDays } from '@hall/devices/calendar';

/** Spans sorted and merged where they touch or overlap. */
export function union(spans: readonly Span[]): Span[] {
  const sorted = spans.filter((s) => s.to > s.from).sort((a, b) => a.from - b.from);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out.at(-1);
    if (last && s.from <= last.to) last.to = Math.max(last.to, s.to);
    else out.push({ ...s });
  }
  return out;
}

/** `a` without the parts covered by `b`. */
export function subtract(a: readonly Span[], b: readonly Span[]): Span[] {
  const cut = union(b);
  const out: Span[] = [];
  for (const s of union(a)) {
    let from = s.from;
    for (const c of cut) {
      if (c.to <= from || c.from >= s.to) continue;
      if (c.from > from) out.push({ from, to: c.from });
      from = Math.max(from, c.to);
      if (from >= s.to) break;
    }
    if (from < s.to) out.push({ from, to: s.to });
  }
  return out;
}

/** Where `a` and `b` overlap. */
export function intersect(a: readonly Span[], b: readonly Span[]): Span[] {
  const ua = union(a);
  const ub = union(b);
  const out: Span[] = [];
  for (const x of ua)
    for (const y of ub) {
      const from = Math.max(x.from, y.from);
      const to = Math.min(x.to, y.to);
      if (to > from) out.push({ from, to });
    }
  return union(out);
}

/** Total length in minutes. */
export const minutesOf = (spans: readonly Span[]) => union(spans).reduce((a, s) => a + (s.to - s.from), 0) / 60_000;

/** Spans clipped to a window. */
export const clip = (spans: readonly Span[], w: Span) => intersect(spans, [w]);

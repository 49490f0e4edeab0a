/**
 * Two versions of a roster compared person by person (pure), and the part of a published roster a
 * hub runs with: today's and tomorrow's shifts and the clerks required per interval (the hall config's
 * `roster` section, devices/src/hall-config.ts).
 */
import type { RosterSection } from '@hall/devices';
import { addDays, type RosterPlanning, type RosterShiftView } from './rosters.model.ts';

type Shift = Pick<RosterShiftView, 'employeeId' | 'date' | 'start' | 'end' | 'breaks' | 'serviceId'>;

export interface ShiftChange {
  kind: 'added' | 'removed' | 'moved';
  employeeId: string;
  date: string;
  before: { start: string; end: string; serviceId: string | null } | null;
  after: { start: string; end: string; serviceId: string | null } | null;
}

const same = (a: Shift, b: Shift) =>
  a.start === b.start &&
  a.end === b.end &&
  (a.serviceId ?? null) === (b.serviceId ?? null) &&
  JSON.stringify(a.breaks) === JSON.stringify(b.breaks);
const slot = (s: Shift) => ({ start: s.start, end: s.end, serviceId: s.serviceId ?? null });

/**
 * What changed from `from` to `to`: per employee and day, a shift added, removed, or moved (times,
 * breaks or service changed). Days with several shifts pair them in start order.
 */
export function diffShifts(from: Shift[], to: Shift[]): ShiftChange[] {
  const group = (list: Shift[]) => {
    const m = new Map<string, Shift[]>();
    for (const s of [...list].sort((a, b) => a.start.localeCompare(b.start))) {
      const k = `${s.employeeId}|${s.date}`;
      m.set(k, [...(m.get(k) ?? []), s]);
    }
    return m;
  };
  const a = group(from);
  const b = group(to);
  const out: ShiftChange[] = [];
  for (const k of new Set([...a.keys(), ...b.keys()])) {
    const [employeeId, date] = k.split('|') as [string, string];
    const xs = a.get(k) ?? [];
    const ys = b.get(k) ?? [];
    for (let i = 0; i < Math.max(xs.length, ys.length); i++) {
      const x = xs[i];
      const y = ys[i];
      if (x && y) {
        if (!same(x, y)) out.push({ kind: 'moved', employeeId, date, before: slot(x), after: slot(y) });
      } else if (x) out.push({ kind: 'removed', employeeId, date, before: slot(x), after: null });
      else if (y) out.push({ kind: 'added', employeeId, date, before: null, after: slot(y) });
    }
  }
  return out.sort((p, q) => p.date.localeCompare(q.date) || p.employeeId.localeCompare(q.employeeId));
}

/** The clerks required per interval on a day of the roster (all services together), as from–to rows. */
export function requiredRows(p: RosterPlanning, d: number): RosterSection['days'][number]['required'] {
  const rows: RosterSection['days'][number]['required'] = [];
  for (let i = 0; i < p.intervals; i++) {
    const m = p.dayStartMinutes + i * p.intervalMinutes;
    if (m + p.intervalMinutes > 24 * 60) break;
    const agents = p.services.reduce((sum, _, k) => sum + (p.required[d]?.[k]?.[i] ?? 0), 0);
    const hh = (x: number) => `${String(Math.floor(x / 60)).padStart(2, '0')}:${String(x % 60).padStart(2, '0')}`;
    rows.push({ from: hh(m), to: hh(Math.min(m + p.intervalMinutes, 23 * 60 + 59)), agents });
  }
  return rows;
}

export interface PublishedDaySource {
  version: number;
  publishedAt: Date | null;
  fromDate: string;
  planning: RosterPlanning;
  shifts: RosterShiftView[];
}

/**
 * The hub's roster section for `today` and the day after: each day from the published roster that
 * covers it (none: the day is left out). Shifts of employees the hub does not know (no staff entry) or
 * at services it does not have are left out: the hub would refuse the whole document.
 */
export function rosterSection(o: {
  today: string;
  sources: PublishedDaySource[];
  staffIds: Map<string, string>;
  knownStaff: Set<string>;
  knownServices: Set<string>;
}): { section: RosterSection; skipped: number } | null {
  const days: RosterSection['days'] = [];
  let version = 0;
  let publishedAt: Date | null = null;
  let skipped = 0;
  for (const date of [o.today, addDays(o.today, 1)]) {
    const src = o.sources.find((s) => s.fromDate <= date && date < addDays(s.fromDate, s.planning.required.length));
    if (!src) continue;
    const d = Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${src.fromDate}T00:00:00Z`)) / 86_400_000);
    version = Math.max(version, src.version);
    if (src.publishedAt && (!publishedAt || src.publishedAt > publishedAt)) publishedAt = src.publishedAt;
    const shifts: RosterSection['days'][number]['shifts'] = [];
    for (const s of src.shifts.filter((x) => x.date === date).sort((a, b) => a.start.localeCompare(b.start))) {
      const staffId = o.staffIds.get(s.employeeId);
      if (!staffId || !o.knownStaff.has(staffId) || s.start >= s.end) {
        skipped++;
        continue;
      }
      shifts.push({
        staffId,
        start: s.start,
        end: s.end,
        breaks: s.breaks.filter((b) => b.start >= s.start && b.end <= s.end && b.start < b.end),
        ...(s.serviceId && o.knownServices.has(s.serviceId) ? { serviceId: s.serviceId } : {}),
      });
    }
    days.push({ date, shifts, required: requiredRows(src.planning, d) });
  }
  if (!days.length) return null;
  return {
    section: { version, ...(publishedAt ? { publishedAt: publishedAt.toISOString() } : {}), days },
    skipped,
  };
}

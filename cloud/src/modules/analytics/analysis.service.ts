/**
 * The console's analysis: any period (hall-local days) at any level of the org tree, compared with the
 * period before and the same period last year, by one dimension at a time — the drill-down is a chain of
 * such views (HQ by region → region by hall → hall by day → day by hour → hour by service/counter/clerk →
 * the tickets). Clerks against their hall and their region's band, customer habits (mix, channels,
 * weekday × hour, patience, the effect of waits on ratings), footfall and conversion, device
 * availability. Everything reads the roll-ups (analysis.repository.ts); names come from the org tree and
 * the halls' configs, never ids where a name exists.
 */
import { addDays, daysBetween, weekdayOf } from '@hall/devices/calendar';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { lifeTable } from '../../engines/analysis/patience.ts';
import { accessRepository } from '../access/access.repository.ts';
import { subtree, unitsAllowed, type SessionUser } from '../access/access.service.ts';
import { hallsRepository } from '../halls/halls.repository.ts';
import { analysisRepository as repo, type CubeDim, type RollupSource, type SumRow } from './analysis.repository.ts';
import { analyticsRepository } from './analytics.repository.ts';
import { WAIT_BANDS } from './rollup.ts';

/** The longest period one view covers (a year and a leap day). */
export const MAX_PERIOD_DAYS = 366;
/** The most tickets a ticket list shows (one hall-hour has far fewer; a busy hall-day may reach it). */
export const MAX_TICKETS = 500;

export interface Measures {
  arrivals: number;
  served: number;
  noShows: number;
  cancelled: number;
  /** Left before being called, per ticket taken (0–1). */
  abandonRate: number | null;
  /** Called within the service's target, per ticket due (0–1). */
  serviceLevel: number | null;
  avgWaitMin: number | null;
  avgHandleMin: number | null;
  ratingAvg: number | null;
  ratings: number;
  transfers: number;
}

export interface Row extends Measures {
  key: string;
  label: string;
  /** The hall or org unit the row drills into, where it is one. */
  unitId?: string | null;
  hallId?: string | null;
  staffHours?: number | null;
  perStaffHour?: number | null;
  previous?: Measures | null;
  lastYear?: Measures | null;
}

const ratio = (n: number, d: number) => (d > 0 ? n / d : null);

export function measures(r: SumRow): Measures {
  return {
    arrivals: r.arrivals,
    served: r.served,
    noShows: r.noShows,
    cancelled: r.cancelled,
    abandonRate: ratio(r.cancelled, r.arrivals),
    serviceLevel: ratio(r.withinTarget, r.slDue),
    avgWaitMin: r.waitN > 0 ? r.waitSumMs / r.waitN / 60_000 : null,
    avgHandleMin: r.handleN > 0 ? r.handleSumMs / r.handleN / 60_000 : null,
    ratingAvg: ratio(r.ratingSum, r.ratingN),
    ratings: r.ratingN,
    transfers: r.transfers,
  };
}

const EMPTY: SumRow = {
  key: '',
  arrivals: 0,
  served: 0,
  noShows: 0,
  cancelled: 0,
  withinTarget: 0,
  slDue: 0,
  waitSumMs: 0,
  waitN: 0,
  handleSumMs: 0,
  handleN: 0,
  ratingSum: 0,
  ratingN: 0,
  transfers: 0,
};

export interface Period {
  from: string;
  to: string;
}

/** The period checked: in order, at most a year. */
export function checkPeriod(p: Period): Period {
  if (p.to < p.from)
    throw new AppError('BAD_REQUEST', 'to: before from', { detail: { code: 'analysis-period-reversed' } });
  if (daysBetween(p.from, p.to) + 1 > MAX_PERIOD_DAYS)
    throw new AppError('BAD_REQUEST', `to: at most ${MAX_PERIOD_DAYS} days`, {
      detail: { code: 'analysis-period-too-long', params: { max: MAX_PERIOD_DAYS } },
    });
  return p;
}

/** The same dates a year earlier (29 February becomes the 28th). */
export function yearBefore(date: string): string {
  const y = Number(date.slice(0, 4)) - 1;
  const md = date.slice(5);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return `${y}-${md === '02-29' && !leap ? '02-28' : md}`;
}

export function comparePeriods(p: Period) {
  const days = daysBetween(p.from, p.to) + 1;
  return {
    previous: { from: addDays(p.from, -days), to: addDays(p.from, -1) },
    lastYear: { from: yearBefore(p.from), to: yearBefore(p.to) },
    days,
  };
}

interface Scope {
  unit: { id: string; name: string; kind: string; hallId: string | null };
  /** The visible halls under the unit, with names. */
  halls: Array<{ hallId: string; name: string; unitId: string }>;
  /** hall → the child unit of `unit` it sits under (itself when the unit is its parent). */
  childOf: Map<string, string>;
  units: Map<string, { id: string; name: string; kind: string; parentId: string | null; hallId: string | null }>;
}

/** The org unit's visible halls, and the child unit each lies under. */
export async function scopeOf(db: Db, user: SessionUser, orgUnitId: string): Promise<Scope> {
  const units = await accessRepository.units(db);
  const byId = new Map(units.map((u) => [u.id, u]));
  const unit = byId.get(orgUnitId);
  if (!unit) throw new AppError('NOT_FOUND', `orgUnitId: no unit ${orgUnitId}`);
  const allowed = unitsAllowed(user, units, 'analytics', 'view');
  const under = subtree(units, orgUnitId);
  const halls = units
    .filter((u) => u.hallId && under.has(u.id) && allowed.has(u.id))
    .map((u) => ({ hallId: u.hallId as string, name: u.name, unitId: u.id }));
  const childOf = new Map<string, string>();
  for (const h of halls) {
    let id: string | null = h.unitId;
    while (id && byId.get(id)?.parentId !== orgUnitId && id !== orgUnitId) id = byId.get(id)?.parentId ?? null;
    childOf.set(h.hallId, id && id !== orgUnitId ? id : h.unitId);
  }
  return { unit, halls, childOf, units: byId };
}

/** Names of services, staff and (for one hall) counters across the halls' configs. */
async function namesOf(db: Db, hallIds: string[], lists: ReadonlyArray<'staff' | 'counters'> = ['staff']) {
  const services = new Map<string, string>();
  const staff = new Map<string, string>();
  const counters = new Map<string, string>();
  for (const r of await repo.names(db, hallIds, lists)) {
    if (r.name === null) continue;
    (r.kind === 'services' ? services : r.kind === 'staff' ? staff : counters).set(r.id, r.name);
  }
  return { services, staff, counters };
}

const TIME_DIMS = new Set<CubeDim>(['day', 'week', 'month']);
const HALL_DIMS = new Set<CubeDim>(['child', 'hall', 'day', 'week', 'month', 'weekday']);

export interface CubeInput extends Period {
  orgUnitId: string;
  by: CubeDim;
  compare: boolean;
  serviceId?: string;
  channel?: string;
  hour?: number;
  staffId?: string;
}

/** Which roll-up answers a view, or a coded refusal naming the field that asks too much of it. */
function sourceFor(q: CubeInput): RollupSource {
  const clerk = q.by === 'clerk' || q.staffId !== undefined;
  const hour = q.by === 'hour' || q.by === 'weekdayHour' || q.hour !== undefined;
  const dayOnly = q.by === 'channel' || q.by === 'priority' || q.channel !== undefined;
  const refuse = (field: string) => {
    throw new AppError('BAD_REQUEST', `${field}: cannot be combined with this view`, {
      detail: { code: 'analysis-combination' },
    });
  };
  if (clerk && hour) refuse(q.hour !== undefined ? 'hour' : 'by');
  if ((clerk || hour) && dayOnly) refuse(q.channel !== undefined ? 'channel' : 'by');
  if (clerk) return 'clerk';
  if (hour) return 'hour';
  // Halls, regions and periods of the whole hall: the smallest roll-up.
  return q.serviceId === undefined && HALL_DIMS.has(q.by) && !dayOnly ? 'hallDay' : 'day';
}

/** One view: the period's rows by `by`, with totals, each compared with the period before and last year. */
export async function cube(db: Db, user: SessionUser, q: CubeInput) {
  checkPeriod(q);
  const source = sourceFor(q);
  const scope = await scopeOf(db, user, q.orgUnitId);
  const by: CubeDim = q.by === 'child' && scope.unit.hallId ? 'hall' : q.by;
  const halls = scope.halls.map((h) => h.hallId);
  const filters = {
    ...(q.serviceId ? { serviceId: q.serviceId } : {}),
    ...(q.channel ? { channel: q.channel } : {}),
    ...(q.hour === undefined ? {} : { hour: q.hour }),
    ...(q.staffId ? { staffId: q.staffId } : {}),
  };
  const run = (p: Period, dim: CubeDim | 'total') =>
    repo.cube(db, {
      halls,
      childOf: scope.childOf,
      from: p.from,
      to: p.to,
      by: dim === 'total' ? 'hall' : dim,
      source,
      ...filters,
    });
  const { previous, lastYear, days } = comparePeriods(q);
  const [rows, prevRows, lyRows, staff] = await Promise.all([
    run(q, by),
    q.compare ? run(previous, by) : Promise.resolve([]),
    q.compare ? run(lastYear, by) : Promise.resolve([]),
    ['hall', 'child', 'day', 'week', 'month'].includes(by) && source === 'hallDay'
      ? repo.staffMinutes(db, halls, q.from, q.to)
      : Promise.resolve(null),
  ]);
  const names = await namesOf(db, halls, by === 'clerk' ? ['staff'] : []);
  const hallName = new Map(scope.halls.map((h) => [h.hallId, h]));
  const label = (key: string): { label: string; unitId?: string | null; hallId?: string | null } => {
    switch (by) {
      case 'child': {
        const u = scope.units.get(key);
        return { label: u?.name ?? key, unitId: key, hallId: u?.hallId ?? null };
      }
      case 'hall': {
        const h = hallName.get(key);
        return { label: h?.name ?? key, unitId: h?.unitId ?? null, hallId: key };
      }
      case 'service':
        return { label: names.services.get(key) ?? key };
      case 'clerk':
        return { label: names.staff.get(key) ?? key };
      case 'hour':
        return { label: `${key}:00` };
      default:
        return { label: key };
    }
  };
  // Staff-hours per row key (closed days only: they come from the nightly facts).
  const staffHours = new Map<string, number>();
  if (staff)
    for (const s of staff) {
      const key =
        by === 'hall'
          ? s.hallId
          : by === 'child'
            ? (scope.childOf.get(s.hallId) ?? s.hallId)
            : by === 'day'
              ? s.day
              : by === 'month'
                ? s.day.slice(0, 7)
                : addDays(s.day, -weekdayOf(s.day));
      staffHours.set(key, (staffHours.get(key) ?? 0) + s.minutes / 60);
    }
  const total = (list: SumRow[]) => measures(sum(list));
  const shift = (key: string, kind: 'previous' | 'lastYear') =>
    by === 'day' ? (kind === 'previous' ? addDays(key, -days) : yearBefore(key)) : TIME_DIMS.has(by) ? null : key;
  const prevBy = new Map(prevRows.map((r) => [r.key, r]));
  const lyBy = new Map(lyRows.map((r) => [r.key, r]));
  const compareOf = (key: string, kind: 'previous' | 'lastYear') => {
    if (!q.compare) return undefined;
    const k = shift(key, kind);
    const hit = k === null ? undefined : (kind === 'previous' ? prevBy : lyBy).get(k);
    return hit ? measures(hit) : null;
  };
  const totalStaffHours = staff ? staff.reduce((n, s) => n + s.minutes / 60, 0) : null;
  const totals = total(rows);
  const out = rows.map((r): Row => {
    const m = measures(r);
    const hours = staff ? (staffHours.get(r.key) ?? null) : undefined;
    return {
      key: r.key,
      ...label(r.key),
      ...m,
      ...(hours === undefined ? {} : { staffHours: hours, perStaffHour: hours ? m.arrivals / hours : null }),
      ...(q.compare ? { previous: compareOf(r.key, 'previous'), lastYear: compareOf(r.key, 'lastYear') } : {}),
    };
  });
  // Names in the reader's order (units, halls, services, clerks); times and hours in their own.
  if (['child', 'hall', 'service', 'clerk'].includes(by)) out.sort((a, b) => NAMES.compare(a.label, b.label));
  return {
    unit: { id: scope.unit.id, name: scope.unit.name, kind: scope.unit.kind, hallId: scope.unit.hallId },
    path: pathOf(scope),
    halls: scope.halls.length,
    by,
    period: { from: q.from, to: q.to },
    previous,
    lastYear,
    totals: {
      ...totals,
      staffHours: totalStaffHours,
      perStaffHour: totalStaffHours ? totals.arrivals / totalStaffHours : null,
      ...(q.compare ? { previous: total(prevRows), lastYear: total(lyRows) } : {}),
    },
    rows: out,
  };
}

const NAMES = new Intl.Collator('zh-CN');

function sum(rows: readonly SumRow[]): SumRow {
  const acc = { ...EMPTY };
  for (const r of rows)
    for (const k of Object.keys(EMPTY) as Array<keyof SumRow>) if (k !== 'key') (acc[k] as number) += r[k] as number;
  return acc;
}

/** The unit's ancestors from the top, for the breadcrumb. */
function pathOf(scope: Scope) {
  const out: Array<{ id: string; name: string; kind: string }> = [];
  for (let u = scope.units.get(scope.unit.id); u; u = u.parentId ? scope.units.get(u.parentId) : undefined)
    out.unshift({ id: u.id, name: u.name, kind: u.kind });
  return out;
}

/** The units a user may analyse: regions and halls under their grants, as a tree (parents first). */
export async function analysisUnits(db: Db, user: SessionUser) {
  const units = await accessRepository.units(db);
  const allowed = unitsAllowed(user, units, 'analytics', 'view');
  return units
    .filter((u) => allowed.has(u.id))
    .map((u) => ({ id: u.id, name: u.name, kind: u.kind, parentId: u.parentId, hallId: u.hallId }));
}

const percentile = (sorted: number[], p: number) => {
  if (sorted.length === 0) return null;
  const i = (sorted.length - 1) * p;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (i - lo);
};

/**
 * Clerks of the unit's halls over the period: volume, handling time as measured and mix-adjusted (the
 * clerk's time against what the region's mean per service predicts for the same mix), ratings, no-shows,
 * tickets served per day, and the band (10th–90th percentile) of the clerks of the region around them.
 */
export async function clerks(db: Db, user: SessionUser, q: Period & { orgUnitId: string }) {
  checkPeriod(q);
  const scope = await scopeOf(db, user, q.orgUnitId);
  const halls = scope.halls.map((h) => h.hallId);
  // The band: the clerks of the region above a hall (of the unit itself when it is a region or HQ).
  const regionUnit = scope.units.get(scope.unit.id)?.parentId ?? null;
  const bandScope = scope.unit.hallId && regionUnit ? await scopeOf(db, user, regionUnit) : scope;
  const bandHalls = bandScope.halls.map((h) => h.hallId);
  const [mine, band, days] = await Promise.all([
    repo.clerkServices(db, halls, q.from, q.to),
    bandHalls.length === halls.length ? Promise.resolve(null) : repo.clerkServices(db, bandHalls, q.from, q.to),
    repo.clerkDays(db, halls, q.from, q.to),
  ]);
  const bandRows = band ?? mine;
  // The region's mean handling time per service.
  const perService = new Map<string, { ms: number; n: number }>();
  for (const r of bandRows) {
    const s = perService.get(r.serviceId) ?? { ms: 0, n: 0 };
    s.ms += r.handleSumMs;
    s.n += r.handleN;
    perService.set(r.serviceId, s);
  }
  const mean = (serviceId: string) => {
    const s = perService.get(serviceId);
    return s && s.n > 0 ? s.ms / s.n : null;
  };
  const regionMeanMs = (() => {
    let ms = 0;
    let n = 0;
    for (const s of perService.values()) {
      ms += s.ms;
      n += s.n;
    }
    return n > 0 ? ms / n : null;
  })();
  const perClerk = (rows: typeof mine) => {
    const out = new Map<
      string,
      { sum: SumRow; expectedMs: number; halls: Set<string>; services: Map<string, number> }
    >();
    for (const r of rows) {
      const c = out.get(r.staffId) ?? { sum: { ...EMPTY }, expectedMs: 0, halls: new Set(), services: new Map() };
      c.sum = sum([c.sum, r]);
      const m = mean(r.serviceId);
      if (m !== null) c.expectedMs += m * r.handleN;
      c.halls.add(r.hallId);
      c.services.set(r.serviceId, (c.services.get(r.serviceId) ?? 0) + r.served);
      out.set(r.staffId, c);
    }
    return out;
  };
  const view = (c: ReturnType<typeof perClerk> extends Map<string, infer V> ? V : never) => {
    const m = measures(c.sum);
    const handleRatio = c.expectedMs > 0 ? c.sum.handleSumMs / c.expectedMs : null;
    return {
      ...m,
      handleRatio,
      mixAdjustedHandleMin:
        handleRatio !== null && regionMeanMs !== null ? (handleRatio * regionMeanMs) / 60_000 : null,
    };
  };
  const names = await namesOf(db, bandHalls);
  const hallName = new Map(bandScope.halls.map((h) => [h.hallId, h.name]));
  const bandOf = (values: Array<number | null>) => {
    const v = values.filter((x): x is number => x !== null).sort((a, b) => a - b);
    return { p10: percentile(v, 0.1), p50: percentile(v, 0.5), p90: percentile(v, 0.9), n: v.length };
  };
  const bandClerks = [...perClerk(bandRows).values()].map(view);
  const spark = new Map<string, Map<string, number>>();
  for (const d of days) {
    const s = spark.get(d.staffId) ?? new Map<string, number>();
    s.set(d.day, (s.get(d.day) ?? 0) + d.served);
    spark.set(d.staffId, s);
  }
  const dates = Array.from({ length: daysBetween(q.from, q.to) + 1 }, (_, i) => addDays(q.from, i));
  const mineClerks = [...perClerk(mine).entries()].map(([staffId, c]) => ({
    staffId,
    name: names.staff.get(staffId) ?? staffId,
    halls: [...c.halls].map((h) => ({ hallId: h, name: hallName.get(h) ?? h })),
    services: [...c.services.entries()]
      .filter(([, n]) => n > 0)
      .map(([id, n]) => ({ id, name: names.services.get(id) ?? id, served: n })),
    ...view(c),
    servedPerDay: dates.map((d) => spark.get(staffId)?.get(d) ?? 0),
  }));
  mineClerks.sort((a, b) => b.served - a.served);
  return {
    unit: { id: scope.unit.id, name: scope.unit.name },
    bandUnit: { id: bandScope.unit.id, name: bandScope.unit.name, clerks: bandClerks.length },
    period: { from: q.from, to: q.to },
    dates,
    clerks: mineClerks,
    band: {
      served: bandOf(bandClerks.map((c) => c.served)),
      handleRatio: bandOf(bandClerks.map((c) => c.handleRatio)),
      ratingAvg: bandOf(bandClerks.map((c) => c.ratingAvg)),
      noShowRate: bandOf(bandClerks.map((c) => ratio(c.noShows, c.served + c.noShows))),
    },
  };
}

/**
 * Customer habits over the period: service mix, channels, priorities, transaction types, arrivals by
 * weekday × hour (mean per such day), patience per service (life table over the wait bands), and the
 * mean rating per wait band.
 */
export async function habits(db: Db, user: SessionUser, q: Period & { orgUnitId: string }) {
  checkPeriod(q);
  const scope = await scopeOf(db, user, q.orgUnitId);
  const halls = scope.halls.map((h) => h.hallId);
  const base = { halls, from: q.from, to: q.to };
  const [services, channels, priorities, heat, waits, tx] = await Promise.all([
    repo.cube(db, { ...base, by: 'service', source: 'day' }),
    repo.cube(db, { ...base, by: 'channel', source: 'day' }),
    repo.cube(db, { ...base, by: 'priority', source: 'day' }),
    repo.cube(db, { ...base, by: 'weekdayHour', source: 'hour' }),
    repo.waits(db, halls, q.from, q.to),
    repo.txTypes(db, halls, q.from, q.to),
  ]);
  const names = await namesOf(db, halls, []);
  // How many of each weekday the period holds (× halls: the heat map is per hall and day).
  const weekdays = Array.from({ length: 7 }, () => 0);
  for (let d = q.from; d <= q.to; d = addDays(d, 1)) weekdays[weekdayOf(d)] = (weekdays[weekdayOf(d)] ?? 0) + 1;
  const hallsN = Math.max(halls.length, 1);
  const byService = new Map<string, typeof waits>();
  for (const w of waits) byService.set(w.serviceId, [...(byService.get(w.serviceId) ?? []), w]);
  const patience = [...byService.entries()].map(([serviceId, rows]) => {
    // Every band, empty ones included: each interval of the table is its band's own width.
    const t = lifeTable(
      WAIT_BANDS.map((band) => {
        const r = rows.find((x) => x.band === band);
        return { from: band, left: r ? r.abandoned + r.noShows : 0, called: r?.called ?? 0 };
      }),
    );
    return {
      serviceId,
      name: names.services.get(serviceId) ?? serviceId,
      customers: t.customers,
      left: rows.reduce((n, r) => n + r.abandoned + r.noShows, 0),
      medianMinutes: t.medianMinutes,
      points: t.points,
    };
  });
  const ratingByBand = WAIT_BANDS.map((band) => {
    const rows = waits.filter((w) => w.band === band);
    const n = rows.reduce((s, r) => s + r.ratingN, 0);
    return {
      band,
      ratings: n,
      ratingAvg: n > 0 ? rows.reduce((s, r) => s + r.ratingSum, 0) / n : null,
      called: rows.reduce((s, r) => s + r.called, 0),
    };
  });
  return {
    unit: { id: scope.unit.id, name: scope.unit.name },
    period: { from: q.from, to: q.to },
    halls: halls.length,
    services: services.map((r) => ({ key: r.key, label: names.services.get(r.key) ?? r.key, ...measures(r) })),
    channels: channels.map((r) => ({ key: r.key, label: r.key, ...measures(r) })),
    priorities: priorities.map((r) => ({ key: r.key, label: r.key, ...measures(r) })),
    txTypes: tx.map((t) => ({ ...t, service: names.services.get(t.serviceId) ?? t.serviceId })),
    heat: heat.map((r) => {
      const [wd, h] = r.key.split(':').map(Number) as [number, number];
      return { weekday: wd, hour: h, arrivals: r.arrivals, perDay: r.arrivals / ((weekdays[wd] || 1) * hallsN) };
    }),
    weekdays,
    patience,
    ratingByBand,
  };
}

/**
 * People in and out through the doors, tickets taken, conversion (tickets per person in) and the balk
 * estimate (people in beyond the tickets taken, per hall-hour: who came in and left without a ticket),
 * by hour, day, hall or child unit; with each hall's live count of people without a ticket.
 */
export async function footfall(
  db: Db,
  user: SessionUser,
  q: Period & { orgUnitId: string; by: 'hour' | 'day' | 'hall' | 'child' },
  now = new Date(),
) {
  checkPeriod(q);
  const scope = await scopeOf(db, user, q.orgUnitId);
  const by = q.by === 'child' && scope.unit.hallId ? 'hall' : q.by;
  const halls = scope.halls.map((h) => h.hallId);
  const rows = await repo.footfall(db, { halls, from: q.from, to: q.to, by, childOf: scope.childOf });
  const hallName = new Map(scope.halls.map((h) => [h.hallId, h]));
  const live = await analyticsRepository.live(db, halls, now);
  const view = (r: { entered: number; left: number; tickets: number; balk: number }) => ({
    entered: r.entered,
    left: r.left,
    tickets: r.tickets,
    conversion: ratio(r.tickets, r.entered),
    balk: r.balk,
    balkRate: ratio(r.balk, r.entered),
  });
  return {
    unit: { id: scope.unit.id, name: scope.unit.name },
    period: { from: q.from, to: q.to },
    by,
    totals: view(
      rows.reduce(
        (a, r) => ({
          entered: a.entered + r.entered,
          left: a.left + r.left,
          tickets: a.tickets + r.tickets,
          balk: a.balk + r.balk,
        }),
        { entered: 0, left: 0, tickets: 0, balk: 0 },
      ),
    ),
    rows: rows.map((r) => {
      const h = by === 'hall' ? hallName.get(r.key) : undefined;
      const u = by === 'child' ? scope.units.get(r.key) : undefined;
      return {
        key: r.key,
        label: by === 'hour' ? `${r.key}:00` : (h?.name ?? u?.name ?? r.key),
        unitId: h?.unitId ?? u?.id ?? null,
        hallId: by === 'hall' ? r.key : (u?.hallId ?? null),
        ...view(r),
      };
    }),
    now: live.map((l) => ({
      hallId: l.hallId,
      name: hallName.get(l.hallId)?.name ?? l.hallId,
      inHall: l.inHall,
      waiting: l.waiting,
      atCounters: l.atCounters,
      withoutTicket: Math.max(0, l.inHall - l.waiting - l.atCounters),
    })),
  };
}

/** Each device's availability over the period (time online over time its state was known). */
export async function availability(db: Db, user: SessionUser, q: Period & { orgUnitId: string }, now = new Date()) {
  checkPeriod(q);
  const scope = await scopeOf(db, user, q.orgUnitId);
  const halls = scope.halls;
  if (halls.length === 0) return { unit: { id: scope.unit.id, name: scope.unit.name }, devices: [], halls: [] };
  const tz = (await hallsRepository.hall(db, halls[0]?.hallId as string))?.timeZone ?? 'Asia/Shanghai';
  const from = (await analyticsRepository.dayBounds(db, tz, q.from)).from;
  const toBound = (await analyticsRepository.dayBounds(db, tz, q.to)).to;
  const to = new Date(Math.min(toBound.getTime(), now.getTime()));
  const [rows, days] = await Promise.all([
    repo.availability(db, { halls: halls.map((h) => h.hallId), from, to }),
    repo.availabilityByDay(db, { halls: halls.map((h) => h.hallId), from: q.from, to: q.to, now }),
  ]);
  const hallName = new Map(halls.map((h) => [h.hallId, h.name]));
  const perHall = new Map<string, { online: number; known: number; devices: number; drops: number }>();
  for (const r of rows) {
    const h = perHall.get(r.hallId) ?? { online: 0, known: 0, devices: 0, drops: 0 };
    h.online += r.onlineS;
    h.known += r.knownS;
    h.devices += 1;
    h.drops += r.drops;
    perHall.set(r.hallId, h);
  }
  return {
    unit: { id: scope.unit.id, name: scope.unit.name },
    devices: rows.map((r) => ({
      hallId: r.hallId,
      hall: hallName.get(r.hallId) ?? r.hallId,
      deviceId: r.deviceId,
      kind: r.kind,
      availability: ratio(r.onlineS, r.knownS),
      knownHours: r.knownS / 3600,
      drops: r.drops,
    })),
    halls: [...perHall.entries()].map(([hallId, h]) => ({
      hallId,
      name: hallName.get(hallId) ?? hallId,
      availability: ratio(h.online, h.known),
      devices: h.devices,
      drops: h.drops,
      /** Day by day (days with no known state left out). */
      days: days
        .filter((d) => d.hallId === hallId && d.knownS > 0)
        .map((d) => ({ date: d.day, availability: d.onlineS / d.knownS })),
    })),
  };
}

/** The tickets behind a view: one hall's day or hour, optionally one service, clerk or counter. */
export async function ticketList(
  db: Db,
  q: { hallId: string; date: string; hour?: number; serviceId?: string; staffId?: string; counterId?: string },
) {
  const hall = await hallsRepository.hall(db, q.hallId);
  if (!hall) throw new AppError('NOT_FOUND', `hallId: no hall ${q.hallId}`);
  const day = await analyticsRepository.dayBounds(db, hall.timeZone, q.date);
  const from = q.hour === undefined ? day.from : new Date(day.from.getTime() + q.hour * 3_600_000);
  const to = q.hour === undefined ? day.to : new Date(from.getTime() + 3_600_000);
  const rows = await repo.tickets(db, {
    hallId: q.hallId,
    from,
    to,
    limit: MAX_TICKETS + 1,
    ...(q.serviceId ? { serviceId: q.serviceId } : {}),
    ...(q.staffId ? { staffId: q.staffId } : {}),
    ...(q.counterId ? { counterId: q.counterId } : {}),
  });
  const names = await namesOf(db, [q.hallId], ['staff', 'counters']);
  return {
    hallId: hall.id,
    hall: hall.name,
    timeZone: hall.timeZone,
    date: q.date,
    hour: q.hour ?? null,
    truncated: rows.length > MAX_TICKETS,
    tickets: rows.slice(0, MAX_TICKETS).map((t) => ({
      ...t,
      service: names.services.get(t.serviceId) ?? t.serviceId,
      counter: t.counterId ? (names.counters.get(t.counterId) ?? t.counterId) : null,
      staff: t.staffId ? (names.staff.get(t.staffId) ?? t.staffId) : null,
      waitMin: t.firstCalledAt === null ? null : (t.firstCalledAt - t.arrivalAt) / 60_000,
      handleMin: t.startedAt !== null && t.endedAt !== null ? (t.endedAt - t.startedAt) / 60_000 : null,
    })),
  };
}

/**
 * A ticket's contribution to the analysis roll-ups (analytics.table.ts), in memory: ingest subtracts the
 * contribution of every ticket a batch touches as it was and adds it as it is now, so the roll-ups follow
 * the tickets through every state change, transfer and rating without reading them again. The SQL of
 * `rollupRepository.recompute` states the same rules over the stored tickets; the two must agree
 * (cloud/test/rollup.test.ts). No database here.
 */
import { zoneOffsetMs } from '../adherence/adherence.time.ts';

/** Lower bounds (minutes) of the wait bands of `rollup_wait`: fine where most customers decide. */
export const WAIT_BANDS = [0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60] as const;

/** The band (its lower bound in minutes) of a wait of `ms` milliseconds. */
export function waitBand(ms: number): number {
  let band: number = WAIT_BANDS[0];
  for (const b of WAIT_BANDS) if (b * 60_000 <= ms) band = b;
  return band;
}

/** What a ticket contributes: the fields of a `tickets` row the roll-ups read. */
export interface TicketFacts {
  hallId: string;
  serviceId: string;
  channel: string;
  priority: string | null;
  arrivalAt: Date;
  firstCalledAt: Date | null;
  startedAt: Date | null;
  endedAt: Date | null;
  outcome: string;
  staffId: string | null;
  transfers: number;
  txTypes: string[] | null;
  ratingSum: number;
  ratingN: number;
}

/** What the roll-ups need of the hall: its time zone and each service's target wait. */
export interface HallContext {
  timeZone: string;
  /** Minutes; the analytics' 10 when the config names no target. */
  targetMinutes: (serviceId: string) => number;
}

export const MEASURES = [
  'arrivals',
  'served',
  'noShows',
  'cancelled',
  'withinTarget',
  'slDue',
  'waitSumMs',
  'waitN',
  'handleSumMs',
  'handleN',
  'ratingSum',
  'ratingN',
  'transfers',
] as const;
export type Measures = Record<(typeof MEASURES)[number], number>;
export const WAIT_MEASURES = ['called', 'abandoned', 'noShows', 'ratingSum', 'ratingN'] as const;
export type WaitMeasures = Record<(typeof WAIT_MEASURES)[number], number>;

const zero = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** The measures of one ticket. */
export function measuresOf(t: TicketFacts, targetMinutes: number): Measures {
  const waitMs = t.firstCalledAt ? t.firstCalledAt.getTime() - t.arrivalAt.getTime() : null;
  const target = targetMinutes * 60_000;
  const leftAfterTarget =
    t.outcome === 'cancelled' && t.endedAt !== null && t.endedAt.getTime() - t.arrivalAt.getTime() > target;
  const handled = t.outcome === 'done' && t.startedAt !== null && t.endedAt !== null;
  return {
    arrivals: 1,
    served: t.outcome === 'done' ? 1 : 0,
    noShows: t.outcome === 'noshow' ? 1 : 0,
    cancelled: t.outcome === 'cancelled' ? 1 : 0,
    withinTarget: waitMs !== null && waitMs <= target ? 1 : 0,
    slDue: waitMs !== null || leftAfterTarget ? 1 : 0,
    waitSumMs: waitMs ?? 0,
    waitN: waitMs === null ? 0 : 1,
    handleSumMs: handled ? (t.endedAt as Date).getTime() - (t.startedAt as Date).getTime() : 0,
    handleN: handled ? 1 : 0,
    ratingSum: t.ratingSum,
    ratingN: t.ratingN,
    transfers: t.transfers,
  };
}

/** The wait band a ticket counts in, and how (null: still waiting, nothing known yet). */
export function waitOf(t: TicketFacts): { band: number; measures: WaitMeasures } | null {
  const m: WaitMeasures = { called: 0, abandoned: 0, noShows: 0, ratingSum: 0, ratingN: 0 };
  if (t.firstCalledAt) {
    // A no-show left before the call: its patience was shorter than this wait (counted as leaving here).
    if (t.outcome === 'noshow') m.noShows = 1;
    else m.called = 1;
    m.ratingSum = t.ratingSum;
    m.ratingN = t.ratingN;
    return { band: waitBand(t.firstCalledAt.getTime() - t.arrivalAt.getTime()), measures: m };
  }
  if (t.outcome === 'cancelled' && t.endedAt) {
    m.abandoned = 1;
    return { band: waitBand(t.endedAt.getTime() - t.arrivalAt.getTime()), measures: m };
  }
  return null;
}

const localCache = new Map<string, { day: string; hour: number }>();

/**
 * The hall-local date and hour of an instant. Cached per quarter hour (every time zone's offset is a
 * multiple of 15 minutes and changes on a quarter hour).
 */
export function localDayHour(at: Date, timeZone: string): { day: string; hour: number } {
  const quarter = Math.floor(at.getTime() / 900_000);
  const key = `${timeZone}|${quarter}`;
  const hit = localCache.get(key);
  if (hit) return hit;
  const start = quarter * 900_000;
  const local = new Date(start + zoneOffsetMs(start, timeZone));
  const value = { day: local.toISOString().slice(0, 10), hour: local.getUTCHours() };
  if (localCache.size > 50_000) localCache.clear();
  localCache.set(key, value);
  return value;
}

interface Keyed<K, M> {
  key: K;
  measures: M;
}

/** Changes summed per roll-up row (`id`: the row's key values joined). Hot at ingest: no per-call objects. */
class Sums<K extends object, M extends Record<string, number>> {
  readonly rows = new Map<string, Keyed<K, M>>();
  private readonly names: readonly (keyof M & string)[];
  constructor(names: readonly (keyof M & string)[]) {
    this.names = names;
  }
  add(id: string, key: () => K, measures: M, sign: 1 | -1) {
    let row = this.rows.get(id);
    if (!row) {
      row = { key: key(), measures: zero(this.names) as M };
      this.rows.set(id, row);
    }
    const acc = row.measures as Record<string, number>;
    for (const k of this.names) acc[k] = (acc[k] as number) + sign * (measures[k] as number);
  }
  /** The rows that change something (a ticket that only moved between states of one row nets out). */
  changed(): Array<K & M> {
    return [...this.rows.values()]
      .filter((r) => this.names.some((k) => r.measures[k] !== 0))
      .map((r) => ({ ...r.key, ...r.measures }));
  }
}

export type HourKey = { hallId: string; day: string; hour: number; serviceId: string };
export type DayKey = { hallId: string; day: string; serviceId: string; channel: string; priority: string };
export type ClerkKey = { hallId: string; day: string; staffId: string; serviceId: string };
export type WaitKey = { hallId: string; day: string; serviceId: string; band: number };
export type TxKey = { hallId: string; day: string; serviceId: string; txType: string };
export type FootfallKey = { hallId: string; day: string; hour: number };

const ONE = { n: 1 };

/** The change a batch makes to every roll-up, summed per row. */
export class RollupDelta {
  readonly hallDay = new Sums<{ hallId: string; day: string }, Measures>(MEASURES);
  readonly hour = new Sums<HourKey, Measures>(MEASURES);
  readonly day = new Sums<DayKey, Measures>(MEASURES);
  readonly clerk = new Sums<ClerkKey, Measures>(MEASURES);
  readonly wait = new Sums<WaitKey, WaitMeasures>(WAIT_MEASURES);
  readonly tx = new Sums<TxKey, { n: number }>(['n']);
  readonly footfall = new Sums<FootfallKey, { entered: number; left: number }>(['entered', 'left']);

  private readonly hall: HallContext;
  constructor(hall: HallContext) {
    this.hall = hall;
  }

  /** Adds (`sign` 1) or takes away (-1) one ticket's contribution. */
  ticket(t: TicketFacts, sign: 1 | -1) {
    const { day, hour } = localDayHour(t.arrivalAt, this.hall.timeZone);
    const m = measuresOf(t, this.hall.targetMinutes(t.serviceId));
    const { hallId, serviceId } = t;
    this.hallDay.add(`${hallId}\u0001${day}`, () => ({ hallId, day }), m, sign);
    const at = `${hallId}\u0001${day}\u0001${serviceId}`;
    this.hour.add(`${at}\u0001${hour}`, () => ({ hallId, day, hour, serviceId }), m, sign);
    const channel = t.channel;
    const priority = t.priority ?? '';
    this.day.add(
      `${at}\u0001${channel}\u0001${priority}`,
      () => ({ hallId, day, serviceId, channel, priority }),
      m,
      sign,
    );
    const staffId = t.staffId;
    if (staffId) this.clerk.add(`${at}\u0001${staffId}`, () => ({ hallId, day, staffId, serviceId }), m, sign);
    const w = waitOf(t);
    if (w) {
      const band = w.band;
      this.wait.add(`${at}\u0001${band}`, () => ({ hallId, day, serviceId, band }), w.measures, sign);
    }
    for (const txType of t.txTypes ?? [])
      this.tx.add(`${at}\u0001${txType}`, () => ({ hallId, day, serviceId, txType }), ONE, sign);
  }

  /** People through the doors in one minute. */
  doors(hallId: string, minute: Date, entered: number, left: number) {
    const { day, hour } = localDayHour(minute, this.hall.timeZone);
    this.footfall.add(`${hallId}\u0001${day}\u0001${hour}`, () => ({ hallId, day, hour }), { entered, left }, 1);
  }
}

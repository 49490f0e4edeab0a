/**
 * What the console's overview and drill-down show: each visible hall's live status, one hall's day by
 * hour next to its recent days, and any slice of it broken down by service, counter or staff, with names
 * from the hall's config.
 */
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { accessRepository } from '../access/access.repository.ts';
import { unitsAllowed, type SessionUser } from '../access/access.service.ts';
import { hallsRepository } from '../halls/halls.repository.ts';
import { analyticsRepository as repo, type Dimension, type MetricsRow } from './analytics.repository.ts';

/** A hub that has not been heard from for this long is shown offline (it polls every 10 s). */
export const HUB_OFFLINE_AFTER_MS = 60_000;
/** A hub whose oldest unsent event is older than this has a stuck upload (live, rows leave within seconds). */
export const SYNC_STUCK_AFTER_MS = 5 * 60_000;

export interface Metrics {
  key: string;
  label: string;
  arrivals: number;
  served: number;
  noShows: number;
  cancelled: number;
  /** Share of tickets called within target, 0–1; null when nothing was due yet. */
  serviceLevel: number | null;
  avgWaitMin: number | null;
  avgServiceMin: number | null;
  ratingAvg: number | null;
  ratings: number;
}

const share = (n: number, d: number) => (d > 0 ? n / d : null);

function metrics(row: MetricsRow, label: (key: string) => string): Metrics {
  const key = row.key ?? '';
  return {
    key,
    label: label(key),
    arrivals: row.arrivals,
    served: row.served,
    noShows: row.noShows,
    cancelled: row.cancelled,
    serviceLevel: share(row.withinTarget, row.slDenominator),
    avgWaitMin: row.avgWaitMin,
    avgServiceMin: row.avgServiceMin,
    ratingAvg: row.ratingAvg,
    ratings: row.ratings,
  };
}

/** The halls under the org units where this user may view analytics. */
export async function visibleHalls(
  db: Db,
  user: SessionUser,
): Promise<Array<{ hallId: string; unitId: string; parentName: string | null }>> {
  const units = await accessRepository.units(db);
  const allowed = unitsAllowed(user, units, 'analytics', 'view');
  const byId = new Map(units.map((u) => [u.id, u]));
  return units
    .filter((u) => u.hallId && allowed.has(u.id))
    .map((u) => ({
      hallId: u.hallId as string,
      unitId: u.id,
      parentName: (u.parentId && byId.get(u.parentId)?.name) || null,
    }));
}

export async function overview(db: Db, user: SessionUser, now = new Date()) {
  const halls = await visibleHalls(db, user);
  const meta = new Map(halls.map((h) => [h.hallId, h]));
  const rows = await repo.status(db, [...meta.keys()], now);
  return rows.map((r) => ({
    hallId: r.hallId,
    name: r.name,
    timeZone: r.timeZone,
    region: meta.get(r.hallId)?.parentName ?? null,
    waiting: r.waiting,
    longestWaitMin: r.oldestWaitingAt === null ? 0 : Math.max(0, (now.getTime() - r.oldestWaitingAt) / 60_000),
    issuedToday: r.issuedToday,
    servedToday: r.servedToday,
    serviceLevelToday: share(r.withinTarget, r.slDenominator),
    openAlarms: r.openAlarms,
    criticalAlarms: r.criticalAlarms,
    hubOnline: r.lastSeenAt !== null && now.getTime() - r.lastSeenAt <= HUB_OFFLINE_AFTER_MS,
    /** The last time the cloud's acknowledgement of this hall's events moved forward. */
    lastSyncAt: r.lastAckedAt,
    sync: {
      /** Events the hub holds that the cloud has not acknowledged, as the hub said at its latest poll. */
      pending: r.pending ?? 0,
      /** Minutes the oldest of them has waited. */
      oldestPendingMin: r.oldestPendingAt === null ? null : Math.max(0, (now.getTime() - r.oldestPendingAt) / 60_000),
      /** The upload is stuck: events wait longer than a live hub ever lets them. */
      stuck:
        r.oldestPendingAt !== null && (r.pending ?? 0) > 0 && now.getTime() - r.oldestPendingAt > SYNC_STUCK_AFTER_MS,
      /** Rows the cloud refused, kept in the hub's dead-letter table. */
      deadLetters: r.deadLetters ?? 0,
    },
  }));
}

/** Names for services, counters and staff from the hall's config (the id when it has none). */
async function labels(db: Db, hallId: string) {
  const doc = (await hallsRepository.config(db, hallId))?.document ?? {};
  const names = (list: unknown) =>
    new Map(
      ((Array.isArray(list) ? list : []) as Array<{ id?: unknown; name?: unknown }>).map((x) => [
        String(x.id),
        String(x.name ?? x.id),
      ]),
    );
  const services = names(doc.services);
  const counters = names(doc.counters);
  const staff = names(doc.staff);
  return {
    services,
    for: (by: Dimension) => (key: string) => {
      if (by === 'hour') return `${key.padStart(2, '0')}:00`;
      if (key === '') return '—';
      const map = by === 'service' ? services : by === 'counter' ? counters : by === 'staff' ? staff : null;
      return map?.get(key) ?? key;
    },
  };
}

async function hallOf(db: Db, hallId: string) {
  const hall = await hallsRepository.hall(db, hallId);
  if (!hall) throw new AppError('NOT_FOUND', `no hall ${hallId}`);
  return hall;
}

/** One hall's day by hour (0–23, empty hours included), the mean of the previous days by hour, and each day's totals. */
export async function hallDay(
  db: Db,
  q: { hallId: string; date?: string; recentDays: number; serviceId?: string },
  now = new Date(),
) {
  const hall = await hallOf(db, q.hallId);
  const date = q.date ?? (await repo.today(db, hall.timeZone, now));
  const { from, to } = await repo.dayBounds(db, hall.timeZone, date);
  const recentFrom = (await repo.dayBounds(db, hall.timeZone, shiftDate(date, -q.recentDays))).from;
  const names = await labels(db, q.hallId);
  const base = { hallId: q.hallId, timeZone: hall.timeZone, now, ...(q.serviceId ? { serviceId: q.serviceId } : {}) };
  const [hours, recentHours, days] = await Promise.all([
    repo.metrics(db, { ...base, from, to, by: 'hour' }),
    repo.metrics(db, { ...base, from: recentFrom, to: from, by: 'hour' }),
    repo.metrics(db, { ...base, from: recentFrom, to, by: 'day' }),
  ]);
  const byHour = new Map(hours.map((h) => [h.key, h]));
  const byDay = new Map(days.map((d) => [d.key, d]));
  const recentByHour = new Map(recentHours.map((h) => [h.key, h.arrivals / q.recentDays]));
  const empty = (key: string): MetricsRow => ({
    key,
    arrivals: 0,
    served: 0,
    noShows: 0,
    cancelled: 0,
    withinTarget: 0,
    slDenominator: 0,
    avgWaitMin: null,
    avgServiceMin: null,
    ratingAvg: null,
    ratings: 0,
  });
  return {
    hallId: hall.id,
    name: hall.name,
    timeZone: hall.timeZone,
    date,
    services: [...names.services].map(([id, name]) => ({ id, name })),
    hours: Array.from({ length: 24 }, (_, h) => ({
      ...metrics(byHour.get(String(h)) ?? empty(String(h)), names.for('hour')),
      recentArrivals: recentByHour.get(String(h)) ?? 0,
    })),
    // Every day of the window, quiet ones included, oldest first.
    days: Array.from({ length: q.recentDays + 1 }, (_, i) => shiftDate(date, i - q.recentDays)).map((d) =>
      metrics(byDay.get(d) ?? empty(d), (k) => k),
    ),
  };
}

/** A slice of one hall's day (the whole day, or one hour) by service, counter or staff. */
export async function breakdown(
  db: Db,
  q: { hallId: string; date: string; hour?: number; by: 'service' | 'counter' | 'staff'; serviceId?: string },
  now = new Date(),
) {
  const hall = await hallOf(db, q.hallId);
  const day = await repo.dayBounds(db, hall.timeZone, q.date);
  const from = q.hour === undefined ? day.from : new Date(day.from.getTime() + q.hour * 3_600_000);
  const to = q.hour === undefined ? day.to : new Date(from.getTime() + 3_600_000);
  const names = await labels(db, q.hallId);
  const rows = await repo.metrics(db, {
    hallId: q.hallId,
    timeZone: hall.timeZone,
    from,
    to,
    by: q.by,
    now,
    ...(q.serviceId ? { serviceId: q.serviceId } : {}),
  });
  return {
    hallId: hall.id,
    date: q.date,
    hour: q.hour ?? null,
    by: q.by,
    rows: rows.map((r) => metrics(r, names.for(q.by))),
  };
}

/** `YYYY-MM-DD` moved by whole days (calendar arithmetic, no time zone involved). */
import { addDays as shiftDate } from '@hall/devices/calendar';
export { shiftDate };

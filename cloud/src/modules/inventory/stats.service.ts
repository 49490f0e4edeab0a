/**
 * Inventory statistics (distribution and consumption per item, hall, unit, campaign, service and period;
 * consumption per 100 customers), ageing and expiry, the leakage flag, and reorder points with their
 * reasoning — all read against the halls' own customers (the analysis roll-ups), so a figure is never typed in.
 */
import { addDays, daysBetween } from '@hall/devices/calendar';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { reorder, type Reorder } from '../../engines/inventory/reorder.ts';
import { accessRepository } from '../access/access.repository.ts';
import { subtree, unitsAllowed, type SessionUser } from '../access/access.service.ts';
import { localDate } from '../adherence/adherence.time.ts';
import { analysisRepository } from '../analytics/analysis.repository.ts';
import { hallsRepository } from '../halls/halls.repository.ts';
import { itemsById } from './catalogue.service.ts';
import { refuse } from './inventory.common.ts';
import { inventoryRepository as repo } from './inventory.repository.ts';
import { statsRepository as stats, type StatsDim } from './stats.repository.ts';

/** Days of history a consumption rate is learnt from, and the days a reorder looks ahead. */
export const RATE_DAYS = 28;
export const HORIZON_DAYS = 14;
export const REVIEW_DAYS = 7;
export const MAX_STATS_DAYS = 366;

type Unit = { id: string; name: string; parentId: string | null; hallId: string | null; kind: string };

/** The halls under a unit the user may see inventory of, and the child unit of `unitId` each lies under. */
export async function inventoryScope(db: Db, user: SessionUser, unitId: string) {
  const units = (await accessRepository.units(db)) as Unit[];
  const byId = new Map(units.map((u) => [u.id, u]));
  const unit = byId.get(unitId);
  if (!unit) throw refuse('org-unit-not-found', 'orgUnitId', {}, 'NOT_FOUND');
  const allowed = unitsAllowed(user, units, 'inventory', 'view');
  const under = subtree(units, unitId);
  const halls = units
    .filter((u) => u.hallId && under.has(u.id) && allowed.has(u.id))
    .map((u) => ({ hallId: u.hallId as string, name: u.name, unitId: u.id }));
  const childOf = new Map<string, Unit>();
  for (const h of halls) {
    let u = byId.get(h.unitId);
    while (u && u.parentId !== unitId && u.id !== unitId) u = u.parentId ? byId.get(u.parentId) : undefined;
    childOf.set(h.hallId, u && u.id !== unitId ? u : byId.get(h.unitId)!);
  }
  return { unit, halls, childOf };
}

function checkPeriod(from: string, to: string) {
  if (to < from)
    throw new AppError('BAD_REQUEST', 'to: before from', {
      fields: ['to'],
      detail: { code: 'analysis-period-reversed' },
    });
  if (daysBetween(from, to) + 1 > MAX_STATS_DAYS)
    throw new AppError('BAD_REQUEST', `to: at most ${MAX_STATS_DAYS} days`, {
      fields: ['to'],
      detail: { code: 'analysis-period-too-long', params: { max: MAX_STATS_DAYS } },
    });
}

/** Services' names across the halls' configs. */
async function serviceNames(db: Db, halls: string[]) {
  const out = new Map<string, string>();
  if (!halls.length) return out;
  for (const r of await analysisRepository.names(db, halls, []))
    if (r.kind === 'services' && r.name) out.set(r.id, r.name);
  return out;
}

export type StatsBy = StatsDim | 'unit';

/**
 * Distribution (units that reached halls) and consumption (units issued, net) by one dimension, with the
 * customers of the same halls and days, and consumption per 100 customers. `by: 'unit'` groups the unit's
 * halls into its child units (regions under HQ); `by: 'service'` is consumption per 100 customers of each
 * business type (counter issues carry their ticket's service).
 */
export async function inventoryStats(
  db: Db,
  user: SessionUser,
  q: { orgUnitId: string; from: string; to: string; by: StatsBy; itemId?: string | undefined },
) {
  checkPeriod(q.from, q.to);
  const scope = await inventoryScope(db, user, q.orgUnitId);
  const halls = scope.halls.map((h) => h.hallId);
  const by: StatsDim = q.by === 'unit' ? 'hall' : q.by;
  const items = await itemsById(db);
  const item = q.itemId ? items.get(q.itemId) : undefined;
  if (q.itemId && !item) throw refuse('inventory-item-unknown', 'itemId', { item: q.itemId });
  const [issued, distributed, customers] = await Promise.all([
    stats.issued(db, { halls, from: q.from, to: q.to, by, itemId: q.itemId }),
    stats.distributed(db, { halls, from: q.from, to: q.to, by, itemId: q.itemId }),
    // Per 100 customers: of the item's services when one item is asked for (all customers otherwise).
    stats.customers(db, {
      halls,
      from: q.from,
      to: q.to,
      by,
      ...(item?.serviceIds.length ? { serviceIds: item.serviceIds } : {}),
    }),
  ]);
  const keyOf = (r: { key: string; hallId: string }) => (q.by === 'unit' ? scope.childOf.get(r.hallId)!.id : r.key);
  const rows = new Map<
    string,
    { key: string; issued: number; atCounter: number; distributed: number; customers: number }
  >();
  const row = (key: string) => {
    let r = rows.get(key);
    if (!r) rows.set(key, (r = { key, issued: 0, atCounter: 0, distributed: 0, customers: 0 }));
    return r;
  };
  for (const r of issued) {
    const x = row(keyOf(r));
    x.issued += r.issued;
    x.atCounter += r.atCounter;
  }
  for (const r of distributed) row(keyOf(r)).distributed += r.distributed;
  // Customers belong to a row only where the dimension is one customers have (hall, unit, time, service).
  const perRowCustomers = by === 'hall' || by === 'day' || by === 'week' || by === 'month' || by === 'service';
  let allCustomers = 0;
  for (const c of customers) {
    allCustomers += c.customers;
    if (perRowCustomers && (by !== 'service' || rows.has(c.key) || c.customers > 0))
      row(keyOf(c)).customers += c.customers;
  }
  const names = by === 'service' ? await serviceNames(db, halls) : new Map<string, string>();
  const hallNames = new Map(scope.halls.map((h) => [h.hallId, h.name]));
  const childUnits = new Map([...scope.childOf.values()].map((u) => [u.id, u.name]));
  const label = (key: string) => {
    if (q.by === 'unit') return { nameZh: childUnits.get(key) ?? key };
    if (by === 'item') return { nameZh: items.get(key)?.nameZh ?? key, nameEn: items.get(key)?.nameEn ?? key };
    if (by === 'hall') return { nameZh: hallNames.get(key) ?? key };
    if (by === 'service') return { nameZh: key ? (names.get(key) ?? key) : null };
    if (by === 'campaign') return { nameZh: key || null };
    return {};
  };
  const out = [...rows.values()]
    .map((r) => ({
      ...r,
      ...label(r.key),
      customers: perRowCustomers ? r.customers : null,
      per100:
        perRowCustomers && r.customers > 0 ? (100 * (by === 'service' ? r.atCounter : r.issued)) / r.customers : null,
    }))
    .sort((a, b) =>
      by === 'day' || by === 'week' || by === 'month' ? a.key.localeCompare(b.key) : b.issued - a.issued,
    );
  const total = out.reduce((s, r) => ({ issued: s.issued + r.issued, distributed: s.distributed + r.distributed }), {
    issued: 0,
    distributed: 0,
  });
  return {
    unit: { id: scope.unit.id, name: scope.unit.name },
    halls: scope.halls.length,
    rows: out,
    total: { ...total, customers: allCustomers, per100: allCustomers > 0 ? (100 * total.issued) / allCustomers : null },
  };
}

/**
 * Stock by age (days since it last came in) at the unit's halls and warehouses, and campaign materials whose
 * validity has ended — with what must happen to them (return or destroy).
 */
export async function ageing(db: Db, user: SessionUser, q: { orgUnitId: string }, now = new Date()) {
  const scope = await inventoryScope(db, user, q.orgUnitId);
  const units = (await accessRepository.units(db)) as Unit[];
  const under = subtree(units, q.orgUnitId);
  const allowed = unitsAllowed(user, units, 'inventory', 'view');
  const locations = (await repo.locations(db)).filter(
    (l) =>
      (l.kind === 'hall' && scope.halls.some((h) => h.hallId === l.hallId)) ||
      ((l.kind === 'warehouse' || l.kind === 'damaged') &&
        l.orgUnitId &&
        under.has(l.orgUnitId) &&
        allowed.has(l.orgUnitId)),
  );
  const items = await itemsById(db);
  const today = localDate(now.getTime(), 'Asia/Shanghai');
  const rows = (
    await stats.ageing(
      db,
      locations.map((l) => l.id),
    )
  ).map((r) => {
    const l = locations.find((x) => x.id === r.locationId)!;
    const i = items.get(r.itemId);
    const ageDays = r.lastInAt === null ? null : Math.floor((now.getTime() - r.lastInAt) / 86_400_000);
    const expired = !!i?.validTo && i.validTo < today;
    return {
      locationId: l.id,
      locationKind: l.kind,
      locationZh: l.nameZh,
      locationEn: l.nameEn,
      itemId: r.itemId,
      nameZh: i?.nameZh ?? r.itemId,
      nameEn: i?.nameEn ?? r.itemId,
      unitZh: i?.unitZh ?? '',
      unitEn: i?.unitEn ?? '',
      campaign: i?.campaign ?? null,
      validTo: i?.validTo ?? null,
      qty: r.qty,
      ageDays,
      band:
        ageDays === null ? null : ageDays <= 30 ? '0-30' : ageDays <= 60 ? '31-60' : ageDays <= 90 ? '61-90' : '90+',
      expired,
      /** What the campaign's end asks of it (null while valid, or when it may be kept). */
      action: expired && i?.afterCampaign !== 'keep' ? (i?.afterCampaign ?? null) : null,
    };
  });
  return rows.sort((a, b) => Number(b.expired) - Number(a.expired) || (b.ageDays ?? 0) - (a.ageDays ?? 0));
}

/**
 * Days where a hall's counters (or one clerk) handed out far more of a material than the day's customers of
 * its services make plausible (bulk issues — events, street promotion — are not to customers in the queue): issued > 1.5 × (customers × per customer) + 5. The customers are the hall's
 * arrivals of the item's services (all services when it names none); a clerk's are the tickets they served.
 */
export async function leakage(db: Db, user: SessionUser, q: { orgUnitId: string; from: string; to: string }) {
  checkPeriod(q.from, q.to);
  const scope = await inventoryScope(db, user, q.orgUnitId);
  const halls = scope.halls.map((h) => h.hallId);
  const [issued, tickets, items] = await Promise.all([
    stats.issuedPerDay(db, { halls, from: q.from, to: q.to }),
    stats.ticketsPerDay(db, { halls, from: q.from, to: q.to }),
    itemsById(db),
  ]);
  // Customers per hall × day × clerk (or the hall's arrivals), by service: read once, looked up per issued row.
  const byDay = new Map<string, Map<string, number>>();
  for (const t of tickets) {
    const k = `${t.hallId}|${t.day}|${t.staffId ?? ''}`;
    const m = byDay.get(k) ?? new Map<string, number>();
    m.set(t.serviceId, (m.get(t.serviceId) ?? 0) + t.n);
    byDay.set(k, m);
  }
  const customers = (hallId: string, day: string, staffId: string | null, services: string[]) => {
    const m = byDay.get(`${hallId}|${day}|${staffId ?? ''}`);
    if (!m) return 0;
    let n = 0;
    for (const [serviceId, v] of m) if (services.length === 0 || services.includes(serviceId)) n += v;
    return n;
  };
  const staffNames = new Map<string, string>();
  for (const r of await analysisRepository.names(db, halls, ['staff']))
    if (r.kind === 'staff' && r.name) staffNames.set(r.id, r.name);
  const hallNames = new Map(scope.halls.map((h) => [h.hallId, h.name]));
  const flags = [];
  for (const r of issued) {
    const item = items.get(r.itemId);
    // A counter issue recorded without its clerk is in the hall's row only.
    if (!item || (r.perClerk && !r.staffId)) continue;
    const n = customers(r.hallId, r.day, r.staffId, item.serviceIds);
    const plausible = n * item.perCustomer;
    if (r.issued > 1.5 * plausible + 5)
      flags.push({
        hallId: r.hallId,
        hallName: hallNames.get(r.hallId) ?? r.hallId,
        day: r.day,
        staffId: r.staffId,
        staffName: r.staffId ? (staffNames.get(r.staffId) ?? null) : null,
        itemId: r.itemId,
        nameZh: item.nameZh,
        nameEn: item.nameEn,
        issued: r.issued,
        customers: n,
        plausible,
        ratio: plausible > 0 ? r.issued / plausible : null,
      });
  }
  return flags.sort((a, b) => b.issued - b.plausible - (a.issued - a.plausible));
}

export interface HallReorderLine extends Reorder {
  itemId: string;
  nameZh: string;
  nameEn: string;
  unitZh: string;
  unitEn: string;
  onHand: number;
  incoming: number;
  leadTimeDays: number;
  safetyDays: number;
  /** Where the forecast came from: the hall's traffic forecast, or the same weekdays of the last 4 weeks. */
  forecastSource: 'forecast' | 'history';
  /** The reasoning per service in words' terms: its name, the rate, and the coming days' mean customers. */
  why: Array<{ serviceId: string; serviceName: string | null; per100: number; customersPerDay: number }>;
}

/** Reorder points of every material a hall holds or hands out, with the reasoning. */
export async function hallReorder(db: Db, hallId: string, now = new Date()): Promise<HallReorderLine[]> {
  const hall = await hallsRepository.hall(db, hallId);
  if (!hall) throw refuse('hall-not-found', 'hallId', {}, 'NOT_FOUND');
  const locationId = `hall:${hallId}`;
  const today = localDate(now.getTime(), hall.timeZone);
  const from = addDays(today, -RATE_DAYS);
  const to = addDays(today, -1);
  const [history, customers, stock, incoming, items, forecastRows, byWeekday] = await Promise.all([
    stats.rateHistory(db, { hallId, from, to }),
    stats.customersByService(db, { hallId, from, to }),
    repo.stockOf(db, [locationId]),
    stats.incoming(db, [locationId]),
    itemsById(db),
    stats.forecastByDay(db, { hallId, from: today, to: addDays(today, HORIZON_DAYS - 1) }),
    stats.customersByWeekday(db, { hallId, from, to }),
  ]);
  // The coming days' customers per service: the hall's forecast where it has those days, else the mean of
  // the same weekday over the last four weeks.
  const fromForecast = new Set(forecastRows.map((r) => r.date)).size >= HORIZON_DAYS / 2;
  const forecast: Array<Record<string, number>> = [];
  for (let d = 0; d < HORIZON_DAYS; d += 1) {
    const date = addDays(today, d);
    const day: Record<string, number> = {};
    if (fromForecast) for (const r of forecastRows.filter((x) => x.date === date)) day[r.serviceId] = r.mean;
    else {
      const wd = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
      for (const r of byWeekday.filter((x) => x.weekday === wd)) day[r.serviceId] = r.customers / (RATE_DAYS / 7);
    }
    forecast.push(day);
  }
  const customersOf = new Map(customers.map((c) => [c.serviceId, c.customers]));
  const names = await serviceNames(db, [hallId]);
  const perDay = (serviceId: string) =>
    forecast.reduce((sum, day) => sum + (day[serviceId] ?? 0), 0) / Math.max(1, forecast.length);
  const ids = new Set([...stock.filter((s) => s.qty > 0).map((s) => s.itemId), ...history.map((h) => h.itemId)]);
  const lines: HallReorderLine[] = [];
  for (const itemId of ids) {
    const item = items.get(itemId);
    if (!item || item.kind !== 'item' || !item.active) continue;
    const mine = history.filter((h) => h.itemId === itemId);
    const services = new Set([...item.serviceIds, ...mine.flatMap((h) => (h.serviceId ? [h.serviceId] : []))]);
    const onHand = stock.find((s) => s.itemId === itemId)?.qty ?? 0;
    const coming = incoming.find((s) => s.itemId === itemId)?.qty ?? 0;
    const r = reorder({
      history: [...services].map((serviceId) => ({
        serviceId,
        issued: mine.find((h) => h.serviceId === serviceId)?.issued ?? 0,
        customers: customersOf.get(serviceId) ?? 0,
      })),
      bulkIssued: mine.filter((h) => h.serviceId === null).reduce((s, h) => s + h.issued, 0),
      historyDays: RATE_DAYS,
      forecast,
      leadTimeDays: item.leadTimeDays,
      safetyDays: item.safetyDays,
      reviewDays: REVIEW_DAYS,
      onHand,
      incoming: coming,
    });
    lines.push({
      ...r,
      itemId,
      nameZh: item.nameZh,
      nameEn: item.nameEn,
      unitZh: item.unitZh,
      unitEn: item.unitEn,
      onHand,
      incoming: coming,
      leadTimeDays: item.leadTimeDays,
      safetyDays: item.safetyDays,
      forecastSource: fromForecast ? 'forecast' : 'history',
      why: r.rates
        .filter((x) => x.customers > 0)
        .map((x) => ({
          serviceId: x.serviceId,
          serviceName: names.get(x.serviceId) ?? null,
          per100: x.per100,
          customersPerDay: perDay(x.serviceId),
        })),
    });
  }
  return lines.sort((a, b) => Number(b.low) - Number(a.low) || (a.coverDays ?? 1e9) - (b.coverDays ?? 1e9));
}

/** Reorder points of the unit's halls (each hall's lines), for a region's replenishment. */
export async function unitReorder(db: Db, user: SessionUser, q: { orgUnitId: string }, now = new Date()) {
  const scope = await inventoryScope(db, user, q.orgUnitId);
  const out = [];
  for (const h of scope.halls.slice(0, 200))
    out.push({ hallId: h.hallId, hallName: h.name, lines: await hallReorder(db, h.hallId, now) });
  return out;
}

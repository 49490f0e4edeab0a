/**
 * Reorder points for promotional materials, driven by the hall's own customers. A material is handed out
 * with some services: over the last weeks, so many units per 100 customers of each service (counter issues
 * carry the ticket's service), plus bulk issues (events, street promotion) per day. The demand of a coming
 * day is the hall's forecast customers of each service × its rate, plus the bulk rate. Then:
 *
 *   reorder point = demand over the lead time + safety stock (safety days × mean daily demand)
 *   order up to   = reorder point + demand over the review period
 *   suggested     = order up to − (on hand + already on its way), if the position is at or below the point
 *
 * and the days of cover left: on hand walked through the coming days' demand. Every figure of the reasoning
 * is answered so the console can say why ("2.3 days of cover left"). No database here.
 */

export interface ReorderInput {
  /** Units issued at counters per service, and customers (arrivals) of each service, over `historyDays`. */
  history: Array<{ serviceId: string; issued: number; customers: number }>;
  /** Units issued in bulk or without a service over `historyDays`. */
  bulkIssued: number;
  historyDays: number;
  /** Forecast customers per coming day (index 0 = today's remainder or tomorrow, as the caller decides) per service. */
  forecast: Array<Record<string, number>>;
  leadTimeDays: number;
  safetyDays: number;
  /** Days between two replenishments (the part of the order beyond the reorder point). */
  reviewDays: number;
  onHand: number;
  /** Requested, approved or shipped to the hall and not yet received. */
  incoming: number;
}

export interface Reorder {
  /** Units per 100 customers of each service with any history. */
  rates: Array<{ serviceId: string; per100: number; issued: number; customers: number }>;
  bulkPerDay: number;
  /** Forecast demand per coming day (units). */
  demand: number[];
  meanDailyDemand: number;
  leadTimeDemand: number;
  safetyStock: number;
  reorderPoint: number;
  orderUpTo: number;
  /** On hand + incoming. */
  position: number;
  /** At or below the reorder point. */
  low: boolean;
  /** Units to ask for now (0 when not low), whole units. */
  suggested: number;
  /** Days the stock on hand lasts at the forecast demand (null: no demand). */
  coverDays: number | null;
}

/** Demand summed over the first `days` days (fractional: part of the last day), extended at the mean. */
export function demandOver(demand: readonly number[], days: number, mean: number): number {
  let total = 0;
  let left = days;
  for (let d = 0; left > 0; d += 1) {
    const take = Math.min(1, left);
    total += take * (d < demand.length ? (demand[d] as number) : mean);
    left -= take;
  }
  return total;
}

/** Days until `stock` is used up by the daily demand (fractional), extended at the mean; null without demand. */
export function coverDays(stock: number, demand: readonly number[], mean: number): number | null {
  if (stock <= 0) return 0;
  if (mean <= 0 && demand.every((d) => d <= 0)) return null;
  let left = stock;
  for (let d = 0; d < demand.length; d += 1) {
    const use = demand[d] as number;
    if (use >= left) return d + (use > 0 ? left / use : 0);
    left -= use;
  }
  return mean > 0 ? demand.length + left / mean : null;
}

export function reorder(input: ReorderInput): Reorder {
  const days = Math.max(1, input.historyDays);
  const rates = input.history
    .filter((h) => h.customers > 0 || h.issued > 0)
    .map((h) => ({
      serviceId: h.serviceId,
      issued: h.issued,
      customers: h.customers,
      // Units handed out with a service no customer came for (the ticket's service changed): per day, as bulk.
      per100: h.customers > 0 ? (100 * h.issued) / h.customers : 0,
    }));
  const orphan = input.history.filter((h) => h.customers === 0).reduce((s, h) => s + h.issued, 0);
  const bulkPerDay = (input.bulkIssued + orphan) / days;
  const demand = input.forecast.map(
    (day) => bulkPerDay + rates.reduce((s, r) => s + (r.per100 / 100) * (day[r.serviceId] ?? 0), 0),
  );
  const meanDailyDemand = demand.length ? demand.reduce((s, d) => s + d, 0) / demand.length : bulkPerDay;
  const leadTimeDemand = demandOver(demand, input.leadTimeDays, meanDailyDemand);
  const safetyStock = input.safetyDays * meanDailyDemand;
  const reorderPoint = leadTimeDemand + safetyStock;
  const orderUpTo = reorderPoint + input.reviewDays * meanDailyDemand;
  const position = input.onHand + input.incoming;
  const low = meanDailyDemand > 0 && position <= reorderPoint;
  return {
    rates,
    bulkPerDay,
    demand,
    meanDailyDemand,
    leadTimeDemand,
    safetyStock,
    reorderPoint,
    orderUpTo,
    position,
    low,
    suggested: low ? Math.max(0, Math.ceil(orderUpTo - position)) : 0,
    coverDays: coverDays(input.onHand, demand, meanDailyDemand),
  };
}

/**
 * The low-stock state with hysteresis: raised at or below the reorder point, cleared only once the position is
 * back above the point by a margin (20 %, at least one unit) — so a hall hovering at its point is told once.
 */
export function lowStockState(wasLow: boolean, position: number, reorderPoint: number, hasDemand: boolean): boolean {
  if (!hasDemand) return false;
  if (!wasLow) return position <= reorderPoint;
  return position <= reorderPoint + Math.max(1, 0.2 * reorderPoint);
}

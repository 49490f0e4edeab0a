/**
 * The wait a new ticket is told: P50 and P90 minutes. The customer is served when `ahead + 1`
 * services finish across the capacity now serving the service; service times come from the last
 * services measured today (the configured expectation until there are some). With c servers the time
 * to n completions is modelled as a sum of n service times divided by c: mean n·μ/c and a spread that
 * grows with √n. Its accuracy is measured against what actually happens (hall state: MAE, P90 coverage).
 */
import type { ServiceConfig } from '../../config.ts';

const KEEP = 50;
const Z90 = 1.2816;

export class ServiceTimes {
  readonly #recent = new Map<string, number[]>();
  readonly #expected: Map<string, number>;

  constructor(services: readonly ServiceConfig[]) {
    this.#expected = new Map(services.map((s) => [s.id, s.expectedServiceMinutes * 60_000]));
  }

  add(serviceId: string, ms: number) {
    if (!(ms >= 0)) return;
    const list = this.#recent.get(serviceId) ?? [];
    list.push(ms);
    if (list.length > KEEP) list.shift();
    this.#recent.set(serviceId, list);
  }

  /** Mean and coefficient of variation of recent service times (ms). */
  stats(serviceId: string): { mean: number; cv: number; n: number } {
    const list = this.#recent.get(serviceId) ?? [];
    const expected = this.#expected.get(serviceId) ?? 6 * 60_000;
    if (list.length < 5) return { mean: expected, cv: 0.7, n: list.length };
    const mean = list.reduce((a, b) => a + b, 0) / list.length;
    const sd = Math.sqrt(list.reduce((a, b) => a + (b - mean) ** 2, 0) / (list.length - 1));
    return { mean, cv: mean > 0 ? sd / mean : 0.7, n: list.length };
  }
}

/**
 * `ahead` tickets are called before this one; `idle` counters' worth of capacity would call someone at
 * once; the rest of the `capacity` is busy. The first busy counter frees after a residual service time
 * (μ(1+cv²)/2 for a renewal process), each further one after a full service time, all divided by the
 * capacity serving the service.
 */
export function estimateWait(opts: {
  ahead: number;
  serviceId: string;
  capacity: number;
  idle: number;
  times: ServiceTimes;
}): { p50Minutes: number; p90Minutes: number } {
  const { mean, cv } = opts.times.stats(opts.serviceId);
  const spread = Math.max(cv, 0.3);
  const k = opts.ahead + 1 - Math.floor(opts.idle);
  if (k <= 0) return { p50Minutes: 0, p90Minutes: 0 };
  // With nobody serving the service right now, assume one counter will: the honest answer is "long".
  const c = Math.max(opts.capacity, 0.5);
  const residual = (mean * (1 + spread * spread)) / 2;
  const m = (residual + (k - 1) * mean) / c;
  const sd = (Math.sqrt(k) * mean * spread) / c;
  return { p50Minutes: round(m / 60_000), p90Minutes: round((m + Z90 * sd) / 60_000) };
}

const round = (x: number) => Math.round(x * 10) / 10;

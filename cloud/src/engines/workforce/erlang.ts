/**
 * Queueing formulas for staffing a hall (DESIGN.md §7). Times are in seconds; `arrivals` is the count in
 * `period` seconds.
 *
 * - Erlang B: blocking with N servers and no queue.
 * - Erlang C (M/M/N): customers wait as long as it takes. P(wait), the share served within T, the mean
 *   wait and occupancy in closed form.
 * - Erlang A (M/M/N+M): customers give up after an exponential patience with the given mean. Solved
 *   exactly on the birth–death chain (truncated where the probability left is below 1e-14); the share
 *   served within T comes from each waiting state's chance to reach a counter before T and before
 *   giving up (uniformisation of a pure-death chain), so a customer who leaves counts as a miss.
 */

export interface QueueInput {
  arrivals: number;
  period: number;
  aht: number;
  /** The service-level target time T (seconds). */
  targetTime: number;
  /** Mean patience (seconds); present → Erlang A. */
  patience?: number;
}

export interface QueueMetrics {
  agents: number;
  /** Share of arrivals that wait at all. */
  pWait: number;
  /** Share of arrivals served within the target time (abandons are misses). */
  serviceLevel: number;
  /** Mean wait in queue over all arrivals (seconds). */
  asa: number;
  /** Busy share of the agents. */
  occupancy: number;
  /** Share of arrivals who give up (Erlang A; 0 in Erlang C). */
  pAbandon: number;
}

/** Erlang B blocking probability for offered load `a` (Erlangs) on `n` servers (stable recursion). */
export function erlangB(n: number, a: number): number {
  let b = 1;
  for (let k = 1; k <= n; k++) b = (a * b) / (k + a * b);
  return b;
}

/** Erlang C probability of waiting; 1 when the load reaches the servers' capacity. */
export function erlangC(n: number, a: number): number {
  if (n <= a) return 1;
  const b = erlangB(n, a);
  return (n * b) / (n - a * (1 - b));
}

export function erlangCMetrics(n: number, q: QueueInput): QueueMetrics {
  const lambda = q.arrivals / q.period;
  const mu = 1 / q.aht;
  // The load as one product and one division: λ/μ would round 10 Erlangs to 10.000000000000002.
  const a = (q.arrivals * q.aht) / q.period;
  if (n <= a) return { agents: n, pWait: 1, serviceLevel: 0, asa: Infinity, occupancy: 1, pAbandon: 0 };
  const c = erlangC(n, a);
  const drain = n * mu - lambda;
  return {
    agents: n,
    pWait: c,
    serviceLevel: 1 - c * Math.exp(-drain * q.targetTime),
    asa: c / drain,
    occupancy: a / n,
    pAbandon: 0,
  };
}

/** Stationary distribution of M/M/n+M (truncated), normalised; index = customers in the system. */
function stationary(n: number, lambda: number, mu: number, theta: number): number[] {
  const log: number[] = [0];
  let max = 0;
  // Grow past the mode until the terms are negligible (e^-36 of the largest) and falling.
  for (let k = 1; ; k++) {
    const death = Math.min(k, n) * mu + Math.max(k - n, 0) * theta;
    const l = (log[k - 1] as number) + Math.log(lambda) - Math.log(death);
    log.push(l);
    max = Math.max(max, l);
    if (k > n && l < max - 36 && lambda < death) break;
    if (k > n + 1_000_000) throw new Error('Erlang A: the chain did not converge');
  }
  const p = log.map((l) => Math.exp(l - max));
  const sum = p.reduce((s, x) => s + x, 0);
  return p.map((x) => x / sum);
}

/**
 * For a customer arriving with k others waiting ahead (all n agents busy), the probability of reaching
 * an agent within `t` seconds without giving up, for every k up to `kMax`.
 */
function servedWithin(n: number, mu: number, theta: number, t: number, kMax: number): number[] {
  // Uniformised pure-death chain: from j ahead, move up at rate n·mu + j·theta; the customer leaves at rate theta.
  const rate = (j: number) => n * mu + j * theta;
  const big = rate(kMax) + theta;
  const lt = big * t;
  // Poisson(lt) weights, far enough into the tail.
  const steps = Math.ceil(lt + 12 * Math.sqrt(lt + 1) + 20);
  let v = new Float64Array(kMax + 1); // v[j] = P(served within m steps | j ahead)
  const out = new Float64Array(kMax + 1);
  // Poisson weights in logs: e^-lt underflows for long target times.
  let logWeight = -lt;
  let cumulative = Math.exp(logWeight); // P(N(t) <= m)
  // P(served by t) = sum_m P(N(t) = m) v_m; accumulate with v_0 = 0.
  for (let m = 1; m <= steps; m++) {
    const next = new Float64Array(kMax + 1);
    for (let j = 0; j <= kMax; j++) {
      const up = rate(j) / big;
      const stay = 1 - up - theta / big;
      next[j] = up * (j === 0 ? 1 : (v[j - 1] as number)) + stay * (v[j] as number);
    }
    v = next;
    logWeight += Math.log(lt) - Math.log(m);
    const weight = lt === 0 ? 0 : Math.exp(logWeight);
    cumulative += weight;
    for (let j = 0; j <= kMax; j++) out[j] = (out[j] as number) + weight * (v[j] as number);
    if (1 - cumulative < 1e-15) break;
  }
  return [...out];
}

export function erlangAMetrics(n: number, q: QueueInput): QueueMetrics {
  const lambda = q.arrivals / q.period;
  const mu = 1 / q.aht;
  const theta = 1 / (q.patience as number);
  const p = stationary(n, lambda, mu, theta);
  let pWait = 0;
  let queue = 0;
  let busy = 0;
  for (let k = 0; k < p.length; k++) {
    const pk = p[k] as number;
    if (k >= n) pWait += pk;
    queue += Math.max(k - n, 0) * pk;
    busy += Math.min(k, n) * pk;
  }
  const kMax = Math.max(0, p.length - 1 - n);
  const reach = n > 0 ? servedWithin(n, mu, theta, q.targetTime, kMax) : [];
  let within = 0;
  for (let k = 0; k < p.length; k++)
    within += k < n ? (p[k] as number) : (p[k] as number) * ((reach[k - n] as number | undefined) ?? 0);
  return {
    agents: n,
    pWait,
    serviceLevel: within,
    asa: queue / lambda,
    occupancy: busy / n,
    pAbandon: (theta * queue) / lambda,
  };
}

export const queueMetrics = (n: number, q: QueueInput): QueueMetrics =>
  q.patience === undefined ? erlangCMetrics(n, q) : erlangAMetrics(n, q);

export interface StaffingTarget {
  /** Share to be served within `targetTime`, 0–1. */
  serviceLevel: number;
  /** Highest acceptable occupancy (e.g. 0.85); default 1. */
  maxOccupancy?: number;
  /** Highest acceptable share of customers giving up (Erlang A); default 1. */
  maxAbandon?: number;
  /** Share of paid time not at the counter (breaks, training, absence): staff = agents ÷ (1 − shrinkage). */
  shrinkage?: number;
}

export interface StaffingAnswer extends QueueMetrics {
  /** Staff to schedule once shrinkage is allowed for. */
  staff: number;
}

/** The fewest agents meeting every target, and the staff to schedule for them. */
export function requiredAgents(q: QueueInput, target: StaffingTarget): StaffingAnswer {
  const shrink = target.shrinkage ?? 0;
  if (shrink < 0 || shrink >= 1) throw new RangeError('shrinkage: must be at least 0 and below 1');
  if (!(target.serviceLevel >= 0 && target.serviceLevel < 1))
    throw new RangeError('serviceLevel: must be at least 0 and below 1');
  const staffFor = (m: QueueMetrics) => ({
    ...m,
    staff: m.agents === 0 ? 0 : Math.ceil(m.agents / (1 - shrink) - 1e-9),
  });
  if (q.arrivals <= 0) return staffFor({ agents: 0, pWait: 0, serviceLevel: 1, asa: 0, occupancy: 0, pAbandon: 0 });
  const a = (q.arrivals * q.aht) / q.period;
  const ok = (m: QueueMetrics) =>
    m.serviceLevel >= target.serviceLevel - 1e-12 &&
    m.occupancy <= (target.maxOccupancy ?? 1) + 1e-12 &&
    m.pAbandon <= (target.maxAbandon ?? 1) + 1e-12;
  // Every target improves with more agents, so search: from a lower bound (Erlang C needs more agents
  // than the load; nobody serves more than N·μ, so the served share caps at N/a), double, then bisect.
  let lo = Math.max(1, q.patience === undefined ? Math.floor(a) + 1 : Math.floor(target.serviceLevel * a));
  let best = queueMetrics(lo, q);
  if (ok(best)) return staffFor(best);
  let hi = lo;
  for (;;) {
    hi = hi * 2;
    best = queueMetrics(hi, q);
    if (ok(best)) break;
    lo = hi;
    if (hi > a * 20 + 10_000) throw new Error('no staffing meets these targets');
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    const m = queueMetrics(mid, q);
    if (ok(m)) [hi, best] = [mid, m];
    else lo = mid;
  }
  return staffFor(best);
}

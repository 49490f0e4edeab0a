/**
 * A discrete-event simulation of one day at the counters, to check a staffing plan where the formulas'
 * assumptions do not hold: arrivals vary by interval (a Poisson process with a rate per interval),
 * service times are lognormal (or exponential), customers give up after an exponential patience, and the
 * number of agents changes at interval boundaries (an agent going off finishes the customer in hand).
 * First come, first served. Figures are by the interval a customer arrived in.
 */
import { Sampler } from './sampling.ts';

export interface SimInterval {
  /** Start, in seconds from the start of the day. */
  start: number;
  length: number;
  /** Expected arrivals in the interval. */
  arrivals: number;
  agents: number;
}

export interface SimInput {
  intervals: SimInterval[];
  aht: number;
  /** Coefficient of variation of service times; `exponential: true` draws exponential ones instead. */
  serviceCv?: number;
  exponential?: boolean;
  /** Mean patience in seconds; absent: nobody gives up. */
  patience?: number;
  targetTime: number;
  seed: number;
}

export interface SimIntervalResult {
  start: number;
  arrivals: number;
  served: number;
  abandoned: number;
  waited: number;
  servedWithin: number;
  /** Mean wait of everyone who arrived (abandons until they left), seconds. */
  asa: number | null;
  serviceLevel: number | null;
  pAbandon: number | null;
  occupancy: number | null;
}

export interface SimResult {
  intervals: SimIntervalResult[];
  total: Omit<SimIntervalResult, 'start'>;
}

/** A binary heap of timed events. */
class Events<T> {
  readonly #items: Array<{ at: number; seq: number; value: T }> = [];
  #seq = 0;
  get size() {
    return this.#items.length;
  }
  push(at: number, value: T) {
    const items = this.#items;
    items.push({ at, seq: this.#seq++, value });
    let i = items.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.#less(i, p)) break;
      [items[i], items[p]] = [items[p] as (typeof items)[number], items[i] as (typeof items)[number]];
      i = p;
    }
  }
  pop(): { at: number; value: T } | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && this.#less(l, m)) m = l;
        if (r < items.length && this.#less(r, m)) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m] as (typeof items)[number], items[i] as (typeof items)[number]];
        i = m;
      }
    }
    return top;
  }
  #less(a: number, b: number) {
    const x = this.#items[a] as { at: number; seq: number };
    const y = this.#items[b] as { at: number; seq: number };
    return x.at < y.at || (x.at === y.at && x.seq < y.seq);
  }
}

type Ev = { kind: 'arrival' } | { kind: 'done' } | { kind: 'boundary'; index: number };

export function simulateDay(input: SimInput): SimResult {
  const arrivalsRng = new Sampler(input.seed);
  const serviceRng = new Sampler(input.seed + 1_000_003);
  const patienceRng = new Sampler(input.seed + 2_000_029);
  const ivs = [...input.intervals].sort((a, b) => a.start - b.start);
  if (ivs.length === 0) throw new RangeError('intervals: at least one');
  const stats = ivs.map((iv) => ({
    start: iv.start,
    arrivals: 0,
    served: 0,
    abandoned: 0,
    waited: 0,
    servedWithin: 0,
    waitSum: 0,
    busy: 0,
  }));
  const intervalOf = (t: number) => {
    let lo = 0;
    let hi = ivs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((ivs[mid] as SimInterval).start <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const draw = () =>
    input.exponential ? serviceRng.exponential(input.aht) : serviceRng.lognormal(input.aht, input.serviceCv ?? 1);

  const events = new Events<Ev>();
  const queue: Array<{ at: number; leaves: number; interval: number }> = [];
  let head = 0;
  let busy = 0;
  let agents = (ivs[0] as SimInterval).agents;
  let now = (ivs[0] as SimInterval).start;
  let busySince = now;

  // Arrivals: a Poisson process whose rate changes at interval boundaries (memoryless, so redraw there).
  const nextArrival = (from: number) => {
    for (let i = intervalOf(from); i < ivs.length; i++) {
      const iv = ivs[i] as SimInterval;
      const t0 = Math.max(from, iv.start);
      const rate = iv.arrivals / iv.length;
      if (rate <= 0) continue;
      const t = t0 + arrivalsRng.exponential(1 / rate);
      if (t < iv.start + iv.length) return t;
    }
    return null;
  };
  /** Busy time into the interval stats (for occupancy), up to `t`. */
  const accrue = (t: number) => {
    let from = busySince;
    while (from < t) {
      const i = intervalOf(from);
      const iv = ivs[i] as SimInterval;
      const to = i === ivs.length - 1 ? t : Math.min(t, iv.start + iv.length);
      (stats[i] as { busy: number }).busy += busy * (to - from);
      from = to;
    }
    busySince = t;
  };
  const start = (c: { at: number; interval: number }) => {
    const s = stats[c.interval] as (typeof stats)[number];
    const wait = now - c.at;
    s.served += 1;
    s.waitSum += wait;
    if (wait <= input.targetTime) s.servedWithin += 1;
    busy += 1;
    events.push(now + draw(), { kind: 'done' });
  };
  /** Free agents take the next customers still there; those whose patience ran out have left. */
  const dispatch = () => {
    while (busy < agents && head < queue.length) {
      const c = queue[head++] as (typeof queue)[number];
      if (c.leaves <= now) {
        const s = stats[c.interval] as (typeof stats)[number];
        s.abandoned += 1;
        s.waitSum += c.leaves - c.at;
        continue;
      }
      start(c);
    }
  };

  const first = nextArrival(now);
  if (first !== null) events.push(first, { kind: 'arrival' });
  ivs.forEach((iv, i) => i > 0 && events.push(iv.start, { kind: 'boundary', index: i }));
  for (let e = events.pop(); e; e = events.pop()) {
    accrue(e.at);
    now = e.at;
    if (e.value.kind === 'arrival') {
      const i = intervalOf(now);
      const s = stats[i] as (typeof stats)[number];
      s.arrivals += 1;
      const c = {
        at: now,
        leaves: input.patience === undefined ? Infinity : now + patienceRng.exponential(input.patience),
        interval: i,
      };
      if (busy < agents && head === queue.length) start(c);
      else {
        s.waited += 1;
        queue.push(c);
      }
      const next = nextArrival(now);
      if (next !== null) events.push(next, { kind: 'arrival' });
    } else if (e.value.kind === 'done') {
      busy -= 1;
    } else {
      agents = (ivs[e.value.index] as SimInterval).agents;
    }
    // After closing, the last interval's agents go on serving whoever is still waiting.
    dispatch();
  }
  // Whoever is left in the queue gave up.
  for (; head < queue.length; head++) {
    const c = queue[head] as (typeof queue)[number];
    const s = stats[c.interval] as (typeof stats)[number];
    s.abandoned += 1;
    s.waitSum += Math.min(c.leaves, now) - c.at;
  }

  const summarise = (
    s: { arrivals: number; served: number; abandoned: number; waited: number; servedWithin: number; waitSum: number },
    capacity: number,
    busyTime: number,
  ) => ({
    arrivals: s.arrivals,
    served: s.served,
    abandoned: s.abandoned,
    waited: s.waited,
    servedWithin: s.servedWithin,
    asa: s.arrivals ? s.waitSum / s.arrivals : null,
    serviceLevel: s.arrivals ? s.servedWithin / s.arrivals : null,
    pAbandon: s.arrivals ? s.abandoned / s.arrivals : null,
    occupancy: capacity > 0 ? busyTime / capacity : null,
  });
  const total = stats.reduce(
    (t, s) => ({
      arrivals: t.arrivals + s.arrivals,
      served: t.served + s.served,
      abandoned: t.abandoned + s.abandoned,
      waited: t.waited + s.waited,
      servedWithin: t.servedWithin + s.servedWithin,
      waitSum: t.waitSum + s.waitSum,
    }),
    { arrivals: 0, served: 0, abandoned: 0, waited: 0, servedWithin: 0, waitSum: 0 },
  );
  return {
    intervals: stats.map((s, i) => ({
      start: s.start,
      ...summarise(s, (ivs[i] as SimInterval).agents * (ivs[i] as SimInterval).length, s.busy),
    })),
    total: summarise(
      total,
      ivs.reduce((c, iv) => c + iv.agents * iv.length, 0),
      stats.reduce((b, s) => b + s.busy, 0),
    ),
  };
}

/**
 * Did a course move the KPI? Difference in differences for trained clerks against matched untrained peers.
 *
 * Per trained clerk, the KPI over the weeks before training ([end − before, end)) and after it, once the
 * settling-in days are past ([end + skip, end + skip + after)). Each window's value is a ratio of sums
 * (Σnum / Σden: handle seconds over expected seconds, rating points over ratings) — never a mean of daily
 * ratios, so a busy day weighs what its tickets weigh. Peers: untrained clerks with enough data in the same
 * calendar windows, the k nearest to the clerk by the before value, from the clerk's hall first and then its
 * region, ties broken by id. The clerk's effect is their change minus the peers' mean change (what the whole
 * hall went through anyway: a new system, the season), signed so that positive means better.
 *
 * The course's effect is the mean over clerks, with a standard error over clerks (widened where clerks share
 * peers) and a 95 % t interval (n − 1 degrees of freedom).
 * Verdict: improved / worsened when the interval excludes 0; otherwise no-effect (the course is flagged as
 * moving nothing) unless the interval is too wide to say that (inconclusive); insufficient with too few
 * clerks measured. The result is plain JSON (stored in a jsonb column; `effectResultSchema` reads it back).
 * No database here.
 */
import {
  type ClerkEffect,
  type ClerkSeries,
  EFFECT_LIMITS,
  type EffectInput,
  type EffectOptions,
  type EffectOptionsInput,
  type EffectResult,
  type EffectVerdict,
  type SkippedClerk,
  effectOptionsSchema,
  kpiDirectionSchema,
} from './effect.schema.ts';

export * from './effect.schema.ts';

// Student's t, 97.5 % quantiles for df 1..30 (any statistics table).
const T975 = [
  12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.306, 2.2622, 2.2281, 2.201, 2.1788, 2.1604, 2.1448, 2.1314,
  2.1199, 2.1098, 2.1009, 2.093, 2.086, 2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423,
];

/**
 * The 97.5 % quantile of Student's t. Past the table, the Cornish–Fisher expansion around z = 1.95996
 * (Abramowitz & Stegun 26.7.5; within 0.0001 of the true value from df 30) rather than a jump to 1.96.
 */
export function tQuantile975(df: number): number {
  if (df < 1) throw new RangeError(`df: ${df}, at least 1`);
  const d = Math.floor(df);
  if (d <= T975.length) return T975[d - 1] as number;
  const z = 1.959964;
  const z3 = z ** 3;
  const z5 = z ** 5;
  return z + (z3 + z) / (4 * d) + (5 * z5 + 16 * z3 + 3 * z) / (96 * d * d);
}

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function dayNumber(value: unknown, field: string): number {
  const m = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const t = Date.UTC(y, mo - 1, d);
    const back = new Date(t);
    if (back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d) return t / DAY_MS;
  }
  throw new RangeError(`${field}: ${JSON.stringify(value)} is not a YYYY-MM-DD date`);
}

const isoOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** A series sorted by day with running sums, so any window's sums take two binary searches. */
interface Prepared {
  clerkId: string;
  hallId: string;
  regionId: string;
  days: number[];
  /** Running sums: index i holds the sum over the first i days. */
  num: Float64Array;
  den: Float64Array;
  count: Float64Array;
}

interface WindowSums {
  num: number;
  den: number;
  count: number;
}

function prepare(series: ClerkSeries, field: string): Prepared {
  if (typeof series.clerkId !== 'string') throw new RangeError(`${field}.clerkId: not a string`);
  const rows = series.days;
  if (!Array.isArray(rows)) throw new RangeError(`${field}.days: not an array`);
  if (rows.length > EFFECT_LIMITS.daysPerSeries) {
    throw new RangeError(`${field}.days: ${rows.length} days, at most ${EFFECT_LIMITS.daysPerSeries}`);
  }
  const parsed = rows.map((r, i) => {
    const at = `${field}.days[${i}]`;
    const count = r.count ?? r.den;
    if (!Number.isFinite(r.num)) throw new RangeError(`${at}.num: ${r.num} is not a finite number`);
    if (!Number.isFinite(r.den) || r.den < 0) throw new RangeError(`${at}.den: ${r.den} is not a number ≥ 0`);
    if (!Number.isFinite(count) || count < 0) throw new RangeError(`${at}.count: ${count} is not a number ≥ 0`);
    return { day: dayNumber(r.date, `${at}.date`), num: r.num, den: r.den, count };
  });
  parsed.sort((a, b) => a.day - b.day);
  const n = parsed.length;
  const p: Prepared = {
    clerkId: series.clerkId,
    hallId: series.hallId,
    regionId: series.regionId,
    days: parsed.map((r) => r.day),
    num: new Float64Array(n + 1),
    den: new Float64Array(n + 1),
    count: new Float64Array(n + 1),
  };
  parsed.forEach((r, i) => {
    p.num[i + 1] = (p.num[i] as number) + r.num;
    p.den[i + 1] = (p.den[i] as number) + r.den;
    p.count[i + 1] = (p.count[i] as number) + r.count;
  });
  return p;
}

/** First index whose day is ≥ `day`. */
function lowerBound(days: readonly number[], day: number): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((days[mid] as number) < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Sums over [from, to) in day numbers. */
function sumsOver(p: Prepared, from: number, to: number): WindowSums {
  const a = lowerBound(p.days, from);
  const b = lowerBound(p.days, to);
  return {
    num: (p.num[b] as number) - (p.num[a] as number),
    den: (p.den[b] as number) - (p.den[a] as number),
    count: (p.count[b] as number) - (p.count[a] as number),
  };
}

const enough = (w: WindowSums, minCount: number): boolean => w.count >= minCount && w.den > 0;
const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

function resolveOptions(raw: EffectOptionsInput | undefined): EffectOptions {
  const parsed = effectOptionsSchema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new RangeError(`options.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
}

function indexBy(list: readonly Prepared[], key: (p: Prepared) => string): Map<string, Prepared[]> {
  const map = new Map<string, Prepared[]>();
  for (const p of list) {
    const group = map.get(key(p));
    if (group) group.push(p);
    else map.set(key(p), [p]);
  }
  return map;
}

interface Candidate {
  p: Prepared;
  before: number;
  after: number;
  distance: number;
}

/**
 * The k nearest eligible peers by the before value from `pool`, ties by id. Sorting the eligible ones is
 * n log n in the pool, which is one hall or one region.
 */
function nearest(
  pool: readonly Prepared[],
  take: number,
  accept: (p: Prepared) => boolean,
  windows: { bFrom: number; bTo: number; aFrom: number; aTo: number; level: number; minCount: number },
): Candidate[] {
  if (take <= 0) return [];
  const found: Candidate[] = [];
  for (const p of pool) {
    if (!accept(p)) continue;
    const b = sumsOver(p, windows.bFrom, windows.bTo);
    if (!enough(b, windows.minCount)) continue;
    const a = sumsOver(p, windows.aFrom, windows.aTo);
    if (!enough(a, windows.minCount)) continue;
    const before = b.num / b.den;
    found.push({ p, before, after: a.num / a.den, distance: Math.abs(before - windows.level) });
  }
  found.sort((x, y) => x.distance - y.distance || byId(x.p.clerkId, y.p.clerkId));
  return found.slice(0, take);
}

/**
 * The variance of the mean clerk effect. The clerk-level estimate, var(e) / n, treats the clerks' effects as
 * independent; but a peer may serve several clerks (the trained of one hall share most of their peers), and
 * then the peers' noise does not average out as that assumes: with 8 clerks in 3 halls, simulated courses with
 * no effect were called improved or worsened 9 % of the time instead of 5 %. So the peers' part is counted
 * as it is: the course effect is mean(trained change) − Σⱼ wⱼ × (peer j's change), wⱼ = (1/n) Σᵢ [j ∈ Pᵢ] / |Pᵢ|,
 * whose peer term has the variance σₚ² Σⱼ wⱼ², where var(e) / n assumed σₚ² (1/n²) Σᵢ 1/|Pᵢ|. The
 * difference is added; it is 0 when no peer is shared. σₚ²: the pooled variance of the peers' changes
 * around their clerk's peer mean (without a clerk with two peers, var(e), which bounds it from above).
 */
function courseVariance(clerks: readonly ClerkEffect[], effect: number): number {
  const n = clerks.length;
  const clerkLevel = clerks.reduce((s, c) => s + (c.effect - effect) ** 2, 0) / (n - 1);
  const weight = new Map<string, number>();
  let assumed = 0;
  let squares = 0;
  let dof = 0;
  for (const c of clerks) {
    const k = c.peers.length;
    assumed += 1 / k / (n * n);
    const peersChange = c.peersAfter - c.peersBefore;
    for (const p of c.peers) {
      weight.set(p.clerkId, (weight.get(p.clerkId) ?? 0) + 1 / k / n);
      squares += (p.after - p.before - peersChange) ** 2;
    }
    dof += k - 1;
  }
  const peerVariance = dof > 0 ? squares / dof : clerkLevel;
  let actual = 0;
  for (const w of weight.values()) actual += w * w;
  return clerkLevel / n + peerVariance * Math.max(0, actual - assumed);
}

export function measureEffect(input: EffectInput): EffectResult {
  const direction = kpiDirectionSchema.safeParse(input.direction);
  if (!direction.success)
    throw new RangeError(`direction: ${JSON.stringify(input.direction)} is not one of lower-better, higher-better`);
  const options = resolveOptions(input.options);
  if (input.candidates.length > EFFECT_LIMITS.candidates) {
    throw new RangeError(`candidates: ${input.candidates.length} clerks, at most ${EFFECT_LIMITS.candidates}`);
  }
  if (input.trained.length > EFFECT_LIMITS.trained) {
    throw new RangeError(`trained: ${input.trained.length} clerks, at most ${EFFECT_LIMITS.trained}`);
  }
  const through = input.dataThrough === undefined ? null : dayNumber(input.dataThrough, 'dataThrough');
  const candidates = input.candidates.map((c, i) => prepare(c, `candidates[${i}]`));
  const trained = input.trained.map((t, i) => ({
    p: prepare(t, `trained[${i}]`),
    end: dayNumber(t.trainingEnded, `trained[${i}].trainingEnded`),
  }));
  const byHall = indexBy(candidates, (p) => p.hallId);
  const byRegion = indexBy(candidates, (p) => p.regionId);
  const sign = direction.data === 'lower-better' ? -1 : 1;
  const { beforeDays, afterDays, skipDays, minCount, peersPerClerk: k } = options;

  const clerks: ClerkEffect[] = [];
  const skipped: SkippedClerk[] = [];
  for (const { p, end } of trained) {
    const bFrom = end - beforeDays;
    const aFrom = end + skipDays;
    const aTo = aFrom + afterDays;
    if (through !== null && aTo - 1 > through) {
      skipped.push({ clerkId: p.clerkId, reason: 'window-open' });
      continue;
    }
    const b = sumsOver(p, bFrom, end);
    if (!enough(b, minCount)) {
      skipped.push({ clerkId: p.clerkId, reason: 'few-before', have: b.count, need: minCount });
      continue;
    }
    const a = sumsOver(p, aFrom, aTo);
    if (!enough(a, minCount)) {
      skipped.push({ clerkId: p.clerkId, reason: 'few-after', have: a.count, need: minCount });
      continue;
    }
    const before = b.num / b.den;
    const after = a.num / a.den;
    const windows = { bFrom, bTo: end, aFrom, aTo, level: before, minCount };
    // The caller leaves the trained out of the candidates; a clerk is never their own peer all the same.
    const hall = nearest(byHall.get(p.hallId) ?? [], k, (c) => c.clerkId !== p.clerkId, windows);
    const region = nearest(
      byRegion.get(p.regionId) ?? [],
      k - hall.length,
      (c) => c.hallId !== p.hallId && c.clerkId !== p.clerkId,
      windows,
    );
    const peers = [...hall, ...region];
    if (peers.length === 0) {
      skipped.push({ clerkId: p.clerkId, reason: 'no-peers' });
      continue;
    }
    const peersBefore = mean(peers.map((c) => c.before));
    const peersAfter = mean(peers.map((c) => c.after));
    const effect = sign * (after - before - (peersAfter - peersBefore));
    clerks.push({
      clerkId: p.clerkId,
      hallId: p.hallId,
      trainingEnded: isoOf(end),
      before: { from: isoOf(bFrom), to: isoOf(end - 1), value: before, den: b.den, count: b.count },
      after: { from: isoOf(aFrom), to: isoOf(aTo - 1), value: after, den: a.den, count: a.count },
      peers: peers.map((c) => ({
        clerkId: c.p.clerkId,
        hallId: c.p.hallId,
        sameHall: c.p.hallId === p.hallId,
        before: c.before,
        after: c.after,
      })),
      peersBefore,
      peersAfter,
      effect,
      effectPct: before !== 0 ? (100 * effect) / Math.abs(before) : null,
    });
  }

  const picture =
    clerks.length === 0
      ? null
      : {
          trainedBefore: mean(clerks.map((c) => c.before.value)),
          trainedAfter: mean(clerks.map((c) => c.after.value)),
          peersBefore: mean(clerks.map((c) => c.peersBefore)),
          peersAfter: mean(clerks.map((c) => c.peersAfter)),
        };
  const base = { direction: direction.data, options, clerks, skipped, picture };
  if (picture === null || clerks.length < options.minClerks) {
    return { ...base, verdict: 'insufficient', flagged: false, course: null };
  }

  const effects = clerks.map((c) => c.effect);
  const n = effects.length;
  const effect = mean(effects);
  const standardError = Math.sqrt(courseVariance(clerks, effect));
  const t = tQuantile975(n - 1);
  const half = t * standardError;
  const ci: [number, number] = [effect - half, effect + half];
  const level = Math.abs(picture.trainedBefore);
  const pct = (x: number): number => (100 * x) / level;
  const verdict: EffectVerdict =
    ci[0] > 0
      ? 'improved'
      : ci[1] < 0
        ? 'worsened'
        : half > (options.maxHalfWidthPct / 100) * level
          ? 'inconclusive'
          : 'no-effect';
  return {
    ...base,
    verdict,
    flagged: verdict === 'no-effect',
    course: {
      effect,
      standardError,
      df: n - 1,
      t,
      ci,
      effectPct: level > 0 ? pct(effect) : null,
      ciPct: level > 0 ? [pct(ci[0]), pct(ci[1])] : null,
      halfWidthPct: level > 0 ? pct(half) : null,
    },
  };
}

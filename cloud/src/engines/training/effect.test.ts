import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { describe, expect, it } from 'vitest';
import {
  type ClerkSeries,
  type DaySums,
  type EffectInput,
  type TrainedClerk,
  effectResultSchema,
  measureEffect,
  tQuantile975,
} from './effect.ts';

const DAY_MS = 86_400_000;
const iso = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
const dayOf = (date: string): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS;

/** Constant days: `value` every day from `from` for `days` days, `den` a day. */
function flat(from: string, days: number, value: number, den = 10): DaySums[] {
  return Array.from({ length: days }, (_, i) => ({ date: iso(dayOf(from) + i), num: value * den, den }));
}

/** A clerk at `before` until `end` (excluded) and at `after` from `end`; 90 days around the end. */
function stepClerk(id: string, hallId: string, end: string, before: number, after: number, den = 10): ClerkSeries {
  const start = iso(dayOf(end) - 45);
  return {
    clerkId: id,
    hallId,
    regionId: hallId.startsWith('south') ? 'south' : 'north',
    days: [...flat(start, 45, before, den), ...flat(end, 45, after, den)],
  };
}

/**
 * A seeded region of halls. Every clerk has a level (0.8–1.2 of the expected handling time, or 3.8–4.6
 * rating points); from the day the course ended, every clerk's level moves by `trend` × level (a new system,
 * the season) and the trained clerks' by `effect` × level on top. A day has 15–35 tickets; its ratio is the
 * level × (1 + 0.10 z): about what 25 tickets with a per-ticket variation of 50 % give.
 */
function world(opts: {
  seed: number;
  trend: number;
  effect: number;
  rating?: boolean;
}): Pick<EffectInput, 'trained' | 'candidates'> {
  const rng = xoroshiro128plus(opts.seed);
  const u = (): number => uniformFloat64(rng);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  const end = dayOf('2025-04-01');
  const halls = [
    { hallId: 'north-1', regionId: 'north', trained: 3, untrained: 5 },
    { hallId: 'north-2', regionId: 'north', trained: 2, untrained: 4 },
    { hallId: 'south-1', regionId: 'south', trained: 3, untrained: 5 },
  ];
  const trained: TrainedClerk[] = [];
  const candidates: ClerkSeries[] = [];
  for (const h of halls) {
    for (let c = 0; c < h.trained + h.untrained; c += 1) {
      const isTrained = c < h.trained;
      const level = opts.rating ? 3.8 + 0.8 * u() : 0.8 + 0.4 * u();
      const days: DaySums[] = [];
      for (let d = end - 40; d < end + 40; d += 1) {
        const tickets = 15 + Math.floor(21 * u());
        const shift = d >= end ? opts.trend + (isTrained ? opts.effect : 0) : 0;
        const ratio = level * (1 + shift) * (1 + 0.1 * normal());
        // Handling: den = the expected seconds of the day's tickets (300 s each), count = the tickets.
        // Ratings: den = the ratings.
        const den = opts.rating ? tickets : tickets * 300;
        days.push({ date: iso(d), num: ratio * den, den, count: tickets });
      }
      const clerk = {
        clerkId: `${h.hallId}-${isTrained ? 't' : 'c'}${c}`,
        hallId: h.hallId,
        regionId: h.regionId,
        days,
      };
      if (isTrained) trained.push({ ...clerk, trainingEnded: '2025-04-01' });
      else candidates.push(clerk);
    }
  }
  return { trained, candidates };
}

describe('training effect: difference in differences against matched peers', () => {
  it('finds a 12 % faster handling that a 5 % hall-wide drift hides from a plain before/after', () => {
    // The ratio of 28 days of ~25 tickets varies by about 0.10 / √28 ≈ 1.9 % of the level; a clerk's change by
    // √2 × 1.9 ≈ 2.7 %, three peers' mean change by 2.7 / √3 ≈ 1.6 %: a clerk's effect by ≈ 3.1 %, the mean of 8
    // by ≈ 1.1 %. 3.5 points is three standard errors.
    const r = measureEffect({ direction: 'lower-better', ...world({ seed: 7, trend: 0.05, effect: -0.12 }) });
    expect(r.clerks).toHaveLength(8);
    expect(r.verdict).toBe('improved');
    expect(r.flagged).toBe(false);
    expect(r.course?.effectPct).toBeGreaterThan(12 - 3.5);
    expect(r.course?.effectPct).toBeLessThan(12 + 3.5);
    expect(r.course?.ciPct?.[0]).toBeLessThan(12);
    expect(r.course?.ciPct?.[1]).toBeGreaterThan(12);
    expect(r.course?.standardError).toBeLessThan(0.025);
    // The plain before/after of the trained: about 7 % faster (5 − 12); the peers went 5 % slower meanwhile.
    const p = r.picture!;
    const naive = 100 * (1 - p.trainedAfter / p.trainedBefore);
    const peers = 100 * (p.peersAfter / p.peersBefore - 1);
    expect(naive).toBeGreaterThan(5);
    expect(naive).toBeLessThan(9);
    expect(peers).toBeGreaterThan(3.5);
    expect(peers).toBeLessThan(6.5);
    expect(r.course!.effectPct! - naive).toBeGreaterThan(3);
  });

  it('flags a course that changes nothing: trained and peers move alike', () => {
    // One seeded course; how often such a course is wrongly called improved or worsened is the next test.
    const r = measureEffect({ direction: 'lower-better', ...world({ seed: 1, trend: 0.05, effect: 0 }) });
    expect(r.verdict).toBe('no-effect');
    expect(r.flagged).toBe(true);
    expect(r.course!.ci[0]).toBeLessThan(0);
    expect(r.course!.ci[1]).toBeGreaterThan(0);
    expect(r.course!.halfWidthPct).toBeLessThan(15);
  });

  it('calls a course that changes nothing improved or worsened about 5 % of the time, as a 95 % interval should', () => {
    // The trained of a hall share their peers, so the peers' noise does not average out over clerks: the plain
    // clerk-level standard error called 37 of these 400 courses improved or worsened (9 %); with the shared
    // peers counted, 16 (4 %). 30 (7.5 %) is 2.3 binomial standard deviations above the 20 expected.
    let wrong = 0;
    for (let seed = 1; seed <= 400; seed += 1) {
      const r = measureEffect({ direction: 'lower-better', ...world({ seed, trend: 0.05, effect: 0 }) });
      if (r.verdict === 'improved' || r.verdict === 'worsened') wrong += 1;
    }
    expect(wrong).toBeLessThanOrEqual(30);
  });

  it('ratings (higher is better): a course that lifts them by 0.3 points reads as an improvement', () => {
    // +7 % of a 4.2 level ≈ +0.3 points while every clerk's ratings sag 3 %.
    const data = world({ seed: 3, trend: -0.03, effect: 0.07, rating: true });
    const r = measureEffect({ direction: 'higher-better', ...data });
    expect(r.verdict).toBe('improved');
    expect(r.course!.effect).toBeGreaterThan(0.3 - 0.15);
    expect(r.course!.effect).toBeLessThan(0.3 + 0.15);
    // The same figures read as a lower-is-better KPI: the same size, the other way.
    const flipped = measureEffect({ direction: 'lower-better', ...data });
    expect(flipped.verdict).toBe('worsened');
    expect(flipped.course!.effect).toBeCloseTo(-r.course!.effect, 10);
  });

  it('a course that slows clerks down is reported as worse', () => {
    const r = measureEffect({ direction: 'lower-better', ...world({ seed: 5, trend: 0, effect: 0.1 }) });
    expect(r.verdict).toBe('worsened');
    expect(r.flagged).toBe(false);
    expect(r.course!.ci[1]).toBeLessThan(0);
  });

  it('says nothing when the clerks disagree too much to rule an effect in or out', () => {
    // Three clerks, effects +30 %, −25 %, +5 %: a mean of 3.3 % with an interval far wider than ± 15 %.
    const end = '2025-04-01';
    const trained = [
      { ...stepClerk('t1', 'north-1', end, 1, 0.7), trainingEnded: end },
      { ...stepClerk('t2', 'north-1', end, 1, 1.25), trainingEnded: end },
      { ...stepClerk('t3', 'north-1', end, 1, 0.95), trainingEnded: end },
    ];
    const candidates = ['c1', 'c2', 'c3'].map((id) => stepClerk(id, 'north-1', end, 1, 1));
    const r = measureEffect({ direction: 'lower-better', trained, candidates });
    expect(r.verdict).toBe('inconclusive');
    expect(r.flagged).toBe(false);
    expect(r.course!.halfWidthPct).toBeGreaterThan(15);
  });

  it('worked by hand: three clerks 10, 15 and 5 % faster are not enough to tell (t with 2 df, not 1.96)', () => {
    const end = '2025-04-01';
    const trained = [0.9, 0.85, 0.95].map((after, i) => ({
      ...stepClerk(`t${i + 1}`, 'north-1', end, 1, after),
      trainingEnded: end,
    }));
    const candidates = ['c1', 'c2', 'c3'].map((id) => stepClerk(id, 'north-1', end, 1, 1));
    const r = measureEffect({ direction: 'lower-better', trained, candidates });
    // Effects 0.10, 0.15, 0.05: mean 0.10, sd 0.05, standard error 0.05 / √3 = 0.02887, t(2) = 4.3027:
    // 0.10 ± 0.1242 contains 0 (with 1.96 it would have been 0.10 ± 0.0566, "improved").
    expect(r.clerks.map((c) => c.effect)).toEqual([
      expect.closeTo(0.1, 10),
      expect.closeTo(0.15, 10),
      expect.closeTo(0.05, 10),
    ]);
    expect(r.course!.effect).toBeCloseTo(0.1, 10);
    expect(r.course!.standardError).toBeCloseTo(0.05 / Math.sqrt(3), 10);
    expect(r.course!.t).toBe(4.3027);
    expect(r.course!.ci[0]).toBeCloseTo(0.1 - (4.3027 * 0.05) / Math.sqrt(3), 10);
    expect(r.verdict).toBe('no-effect');
    expect(r.flagged).toBe(true);
    // Windows: 28 days before the end, the after window from the 4th day (3 days of settling in) for 28 days.
    expect(r.clerks[0]?.before).toMatchObject({ from: '2025-03-04', to: '2025-03-31', count: 280 });
    expect(r.clerks[0]?.after).toMatchObject({ from: '2025-04-04', to: '2025-05-01', count: 280 });
  });

  it('t quantiles: the table up to 30 degrees of freedom, then close to the normal', () => {
    expect(tQuantile975(1)).toBe(12.7062);
    expect(tQuantile975(30)).toBe(2.0423);
    expect(tQuantile975(40)).toBeCloseTo(2.0211, 3);
    expect(tQuantile975(120)).toBeCloseTo(1.9799, 3);
    expect(tQuantile975(1e6)).toBeCloseTo(1.96, 3);
  });
});

describe('peers', () => {
  const end = '2025-04-01';
  const clerk = (id: string, hallId: string, before: number) => stepClerk(id, hallId, end, before, before);
  const trained = { ...clerk('t', 'north-1', 1), trainingEnded: end };
  const candidates = [
    clerk('p-4', 'north-1', 1.3),
    clerk('p-2', 'north-1', 1.05),
    clerk('p-3', 'north-1', 1.2),
    clerk('p-1', 'north-1', 0.95),
    // The nearest of all, but from another hall of the region.
    clerk('q-1', 'north-2', 1),
    clerk('q-2', 'north-2', 1.01),
    // From the other region: never a peer.
    clerk('s-1', 'south-1', 1),
  ];
  // The nearest in the hall, but off sick after the course ended: too few tickets in the after window.
  const sick = { ...clerk('p-0', 'north-1', 1), days: [...flat('2025-02-15', 45, 1), ...flat(end, 45, 1, 0)] };
  const run = (list: ClerkSeries[], t: TrainedClerk = trained) =>
    measureEffect({ direction: 'lower-better', trained: [t], candidates: list, options: { minClerks: 2 } });

  it('come from the same hall first, nearest by the before level, ties by id', () => {
    const r = run([...candidates, sick]);
    // p-1 and p-2 are both 0.05 away: by id. p-3 next; p-4 and the other hall's exact match are left out.
    expect(r.clerks[0]?.peers.map((p) => p.clerkId)).toEqual(['p-1', 'p-2', 'p-3']);
    expect(r.clerks[0]?.peers.every((p) => p.sameHall)).toBe(true);
  });

  it('are completed from the region when the hall has fewer than k', () => {
    const lonely = { ...clerk('u', 'north-3', 1), trainingEnded: end };
    const r = run([...candidates, clerk('h-1', 'north-3', 1.4), clerk('h-2', 'north-3', 1)], lonely);
    // Both of the hall (h-1 although 1.4 is far), then the nearest of the region's other halls, each once.
    expect(r.clerks[0]?.peers.map((p) => [p.clerkId, p.sameHall])).toEqual([
      ['h-2', true],
      ['h-1', true],
      ['q-1', false],
    ]);
  });

  it('are the same whatever order the candidates come in', () => {
    const forward = run(candidates);
    const backward = run([...candidates].reverse());
    expect(backward.clerks[0]?.peers).toEqual(forward.clerks[0]?.peers);
  });

  it('serve several trained clerks', () => {
    const r = measureEffect({
      direction: 'lower-better',
      trained: [trained, { ...clerk('t2', 'north-1', 1), trainingEnded: end }],
      candidates,
    });
    expect(r.clerks[1]?.peers.map((p) => p.clerkId)).toEqual(r.clerks[0]?.peers.map((p) => p.clerkId));
  });

  it('a clerk with no peer with enough data is skipped', () => {
    const r = run([sick]);
    expect(r.skipped).toEqual([{ clerkId: 't', reason: 'no-peers' }]);
  });
});

describe('what counts', () => {
  const end = '2025-04-01';
  const peers = ['c1', 'c2', 'c3'].map((id) => stepClerk(id, 'north-1', end, 1, 1));

  it('a clerk with too few tickets after training is skipped with the reason; too few left: insufficient', () => {
    const quiet: TrainedClerk = {
      ...stepClerk('t-quiet', 'north-1', end, 1, 0.9),
      trainingEnded: end,
      // Before: 28 days × 10; after the course: 15 tickets in all, the minimum is 20.
      days: [...flat('2025-02-01', 59, 1), ...flat('2025-04-05', 3, 0.9, 5)],
    };
    const trained = [
      quiet,
      { ...stepClerk('t1', 'north-1', end, 1, 0.9), trainingEnded: end },
      { ...stepClerk('t2', 'north-1', end, 1, 0.9), trainingEnded: end },
    ];
    const r = measureEffect({ direction: 'lower-better', trained, candidates: peers });
    expect(r.skipped).toEqual([{ clerkId: 't-quiet', reason: 'few-after', have: 15, need: 20 }]);
    expect(r.clerks.map((c) => c.clerkId)).toEqual(['t1', 't2']);
    expect(r.verdict).toBe('insufficient');
    expect(r.flagged).toBe(false);
    expect(r.course).toBeNull();
    // The picture is still there for the two measured.
    expect(r.picture?.trainedAfter).toBeCloseTo(0.9, 10);
  });

  it('a clerk whose after window has not ended yet waits', () => {
    const t = { ...stepClerk('t1', 'north-1', end, 1, 0.9), trainingEnded: end };
    const r = measureEffect({ direction: 'lower-better', trained: [t], candidates: peers, dataThrough: '2025-04-20' });
    expect(r.skipped).toEqual([{ clerkId: 't1', reason: 'window-open' }]);
  });

  it('a busy day weighs more than a quiet one: the ratio of sums, not the mean of daily ratios', () => {
    // Before the course, alternating days of 100 tickets at 1.0 and 10 tickets at 2.0: 14 × (100 + 20) / 14 × 110.
    const days: DaySums[] = Array.from({ length: 28 }, (_, i) => {
      const busy = i % 2 === 0;
      return { date: iso(dayOf('2025-03-04') + i), num: busy ? 100 : 20, den: busy ? 100 : 10 };
    });
    const t: TrainedClerk = {
      clerkId: 't1',
      hallId: 'north-1',
      regionId: 'north',
      trainingEnded: end,
      days: [...days, ...flat('2025-04-01', 40, 1)],
    };
    const r = measureEffect({ direction: 'lower-better', trained: [t], candidates: peers });
    expect(r.clerks[0]?.before.value).toBeCloseTo(120 / 110, 10);
    expect(r.clerks[0]?.before.count).toBe(14 * 110);
  });

  it('what is stored reads back the same (plain JSON, the result schema)', () => {
    const r = measureEffect({ direction: 'lower-better', ...world({ seed: 7, trend: 0.05, effect: -0.12 }) });
    const stored = JSON.parse(JSON.stringify(r)) as unknown;
    expect(effectResultSchema.parse(stored)).toEqual(r);
    expect(r.options).toMatchObject({ beforeDays: 28, afterDays: 28, skipDays: 3, minCount: 20, peersPerClerk: 3 });
  });
});

describe('bounds', () => {
  const end = '2025-04-01';
  const one = stepClerk('c', 'north-1', end, 1, 1);
  const t = { ...one, clerkId: 't', trainingEnded: end };

  it('refuses more than 5,000 candidates, naming the field', () => {
    const many = Array.from({ length: 5001 }, (_, i) => ({ ...one, clerkId: `c${i}`, days: [] }));
    expect(() => measureEffect({ direction: 'lower-better', trained: [t], candidates: many })).toThrow(
      new RangeError('candidates: 5001 clerks, at most 5000'),
    );
  });

  it('refuses a series longer than 400 days, naming the clerk', () => {
    const long = { ...one, days: flat('2024-01-01', 401, 1) };
    expect(() => measureEffect({ direction: 'lower-better', trained: [t], candidates: [one, long] })).toThrow(
      new RangeError('candidates[1].days: 401 days, at most 400'),
    );
  });

  it('refuses a bad date, a bad number or an option out of range, naming the field', () => {
    const bad = (input: Partial<EffectInput>) => () =>
      measureEffect({ direction: 'lower-better', trained: [t], candidates: [one], ...input });
    expect(bad({ trained: [{ ...t, trainingEnded: '2025-02-30' }] })).toThrow(/^trained\[0\]\.trainingEnded: /);
    expect(bad({ candidates: [{ ...one, days: [{ date: '2025-04-01', num: 1, den: -1 }] }] })).toThrow(
      /^candidates\[0\]\.days\[0\]\.den: /,
    );
    expect(bad({ options: { beforeDays: 500 } })).toThrow(RangeError);
    expect(bad({ options: { beforeDays: 500 } })).toThrow(/^options\.beforeDays: /);
  });
});

import { resolve } from 'node:path';
import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import { describe, expect, it } from 'vitest';
import { countPerInterval, type RateProfile } from './arrivals.ts';
import { planDay } from './plan.ts';
import { loadScenario } from './scenario.ts';

const scenarioFile = (name: string) => resolve(import.meta.dirname, '../../scenarios', `${name}.yaml`);
const busy = loadScenario(scenarioFile('busy-saturday'));
/** The busy hall on a day of twice its traffic: samples large enough for the statistical checks' power. */
const busier = { ...busy, services: busy.services.map((s) => ({ ...s, surge: 2 })) };
const quiet = loadScenario(scenarioFile('quiet-weekday'));
const SATURDAY = '2026-11-28';
const WEDNESDAY = '2026-11-25';

/**
 * Pearson's chi-square of observed counts against expected Poisson means. Intervals with an expected
 * count under 5 are merged with their neighbours (the usual validity rule). The total is itself random
 * (Poisson), so the degrees of freedom are the number of bins.
 */
function chiSquare(profile: RateProfile, times: number[]): { statistic: number; df: number; p: number } {
  const observed = countPerInterval(profile, times);
  const bins: Array<{ o: number; e: number }> = [];
  let acc = { o: 0, e: 0 };
  profile.expected.forEach((e, i) => {
    acc = { o: acc.o + (observed[i] as number), e: acc.e + e };
    if (acc.e >= 5) {
      bins.push(acc);
      acc = { o: 0, e: 0 };
    }
  });
  if (acc.e > 0 && bins.length) {
    const last = bins[bins.length - 1] as { o: number; e: number };
    last.o += acc.o;
    last.e += acc.e;
  }
  const statistic = bins.reduce((s, b) => s + (b.o - b.e) ** 2 / b.e, 0);
  return { statistic, df: bins.length, p: 1 - chisquareCdf(statistic, bins.length) };
}

describe('simulated day plan', () => {
  it('ships three scenarios that validate', () => {
    for (const name of ['quiet-weekday', 'busy-saturday', 'promotion-surge']) {
      expect(loadScenario(scenarioFile(name)).name).toBe(name);
    }
  });

  for (const [label, scenario, date] of [
    ['busy Saturday', busy, SATURDAY],
    ['quiet weekday', quiet, WEDNESDAY],
  ] as const) {
    it(`arrivals per interval follow the configured profile of each service (chi-square at 1%, ${label})`, () => {
      const plan = planDay(scenario, date);
      for (const service of scenario.services) {
        const profile = plan.profiles.get(service.id) as RateProfile;
        const times = plan.customers.filter((c) => c.serviceId === service.id).map((c) => c.arrival);
        const test = chiSquare(profile, times);
        expect(test.p, `${service.id}: chi2=${test.statistic.toFixed(1)} df=${test.df}`).toBeGreaterThan(0.01);
      }
    });
  }

  it('the chi-square test does reject arrivals drawn from the wrong profile', () => {
    const plan = planDay(busier, SATURDAY);
    const profile = plan.profiles.get('billing') as RateProfile;
    // Same volume, but flat over the day: the busy afternoon is missing.
    const total = profile.expected.reduce((a, b) => a + b, 0);
    const flat = { ...profile, expected: profile.expected.map(() => total / profile.expected.length) };
    const times = plan.customers.filter((c) => c.serviceId === 'billing').map((c) => c.arrival);
    expect(chiSquare(flat, times).p).toBeLessThan(0.01);
  });

  it('the day total matches the configured volume', () => {
    const plan = planDay(busy, SATURDAY);
    const expected = busy.services.reduce((s, svc) => s + svc.dailyVolume.sat * svc.surge, 0);
    // Poisson: the total is within 3 standard deviations of its mean.
    expect(Math.abs(plan.customers.length - expected)).toBeLessThan(3 * Math.sqrt(expected));
  });

  it('service times have the configured means (within 5% over the day) and spread', () => {
    const plan = planDay(busier, SATURDAY);
    const ratios: number[] = [];
    for (const service of busy.services) {
      const mean = service.serviceTime.meanMinutes * 60_000;
      const samples = plan.customers.filter((c) => c.serviceId === service.id).map((c) => c.serviceMs);
      const m = samples.reduce((a, b) => a + b, 0) / samples.length;
      const sd = Math.sqrt(samples.reduce((a, b) => a + (b - m) ** 2, 0) / (samples.length - 1));
      // Each service's mean within 4 standard errors, its coefficient of variation within 25%.
      expect(Math.abs(m - mean), service.id).toBeLessThan(
        (4 * service.serviceTime.cv * mean) / Math.sqrt(samples.length),
      );
      expect(Math.abs(sd / m - service.serviceTime.cv) / service.serviceTime.cv, service.id).toBeLessThan(0.25);
      ratios.push(...samples.map((s) => s / mean));
    }
    const pooled = ratios.reduce((a, b) => a + b, 0) / ratios.length;
    expect(Math.abs(pooled - 1)).toBeLessThan(0.05);
  });

  it('is deterministic for a seed, and another seed gives another day', () => {
    const a = planDay(busy, SATURDAY, 5);
    const b = planDay(busy, SATURDAY, 5);
    const c = planDay(busy, SATURDAY, 6);
    expect(b.customers).toEqual(a.customers);
    expect(b.walkIns).toEqual(a.walkIns);
    expect(c.customers.map((x) => x.arrival)).not.toEqual(a.customers.map((x) => x.arrival));
  });

  it('plans priorities, remote tickets, walk-ins and patience as configured', () => {
    const plan = planDay(busy, SATURDAY);
    const billing = plan.customers.filter((c) => c.serviceId === 'billing');
    const elderly = billing.filter((c) => c.priority === 'elderly').length / billing.length;
    expect(elderly).toBeGreaterThan(0.04);
    expect(elderly).toBeLessThan(0.13);
    const remote = plan.customers.filter((c) => c.channel === 'remote');
    expect(remote.length).toBeGreaterThan(0);
    expect(remote.every((c) => c.requestAt < c.arrival || c.requestAt === plan.open)).toBe(true);
    expect(plan.customers.filter((c) => c.channel === 'remote' && c.serviceId === 'billing')).toEqual([]);
    expect(plan.walkIns.length / plan.customers.length).toBeGreaterThan(0.4);
    expect(plan.walkIns.length / plan.customers.length).toBeLessThan(0.6);
    expect(plan.customers.every((c) => c.arrival >= plan.open && c.arrival < plan.close)).toBe(true);
  });

  it('a weekday scenario simulated on a closed day plans nothing', () => {
    const closedOnSunday = { ...quiet, openingHours: { ...quiet.openingHours, sun: null } };
    expect(planDay(closedOnSunday, '2026-11-29').customers).toEqual([]);
  });
});

/**
 * Arrivals as a non-homogeneous Poisson process whose rate is constant within each interval of the
 * intraday profile. Sampled exactly by the time-change theorem: unit-rate exponential gaps are spent
 * against the integrated rate Λ(t), so no thinning and no approximation.
 */
import type { Random } from '../random/random.ts';

export interface RateProfile {
  /** Start of the first interval (epoch ms). */
  start: number;
  intervalMs: number;
  /** Expected arrivals in each interval. */
  expected: number[];
}

export function sampleArrivals(profile: RateProfile, random: Random): number[] {
  const times: number[] = [];
  let budget = random.exponential(1);
  for (let i = 0; i < profile.expected.length; i++) {
    const lambda = profile.expected[i] as number;
    if (lambda <= 0) continue;
    // Position within the interval, as a fraction of its integrated rate already spent.
    let spent = 0;
    while (spent + budget <= lambda) {
      spent += budget;
      times.push(profile.start + (i + spent / lambda) * profile.intervalMs);
      budget = random.exponential(1);
    }
    budget -= lambda - spent;
  }
  return times;
}

/** Counts of `times` per interval of `profile` (times outside are ignored). */
export function countPerInterval(profile: RateProfile, times: readonly number[]): number[] {
  const counts = profile.expected.map(() => 0);
  for (const t of times) {
    const i = Math.floor((t - profile.start) / profile.intervalMs);
    if (i >= 0 && i < counts.length) counts[i] = (counts[i] as number) + 1;
  }
  return counts;
}

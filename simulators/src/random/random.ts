/**
 * Seeded randomness for simulations: the same seed gives the same hall. Built on pure-rand's
 * xoroshiro128+; `fork()` jumps 2^64 draws ahead, so each part of a model (arrivals, service times,
 * patience, ratings) draws from its own stream and changing one part does not shift the others.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';

type Generator = ReturnType<typeof xoroshiro128plus>;

export class Random {
  #rng: Generator;
  #spareNormal: number | null = null;

  constructor(seed: number | Generator) {
    this.#rng = typeof seed === 'number' ? xoroshiro128plus(seed) : seed;
  }

  /** An independent stream: this generator jumped 2^64 draws ahead (this one is jumped past it too). */
  fork(): Random {
    this.#rng.jump();
    const child = new Random(xoroshiro128plusFromState(this.#rng.getState()));
    this.#rng.jump();
    return child;
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return uniformFloat64(this.#rng);
  }

  /** Uniform in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.uniform();
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.uniform() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.uniform() < p;
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    // 1 - u is in (0, 1], so the logarithm is finite.
    return -mean * Math.log(1 - this.uniform());
  }

  /** Standard normal by Box-Muller (the second value of each pair is kept for the next call). */
  normal(mean = 0, sd = 1): number {
    if (this.#spareNormal !== null) {
      const z = this.#spareNormal;
      this.#spareNormal = null;
      return mean + sd * z;
    }
    const u = 1 - this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.#spareNormal = r * Math.sin(2 * Math.PI * v);
    return mean + sd * r * Math.cos(2 * Math.PI * v);
  }

  /**
   * Lognormal given its mean and coefficient of variation (sd / mean), the way service times are
   * usually described: sigma² = ln(1 + cv²), mu = ln(mean) - sigma²/2.
   */
  lognormal(mean: number, cv: number): number {
    const sigma2 = Math.log(1 + cv * cv);
    return Math.exp(this.normal(Math.log(mean) - sigma2 / 2, Math.sqrt(sigma2)));
  }

  /** An index drawn with probability proportional to its weight. */
  weighted(weights: readonly number[]): number {
    const total = weights.reduce((a, b) => a + b, 0);
    let x = this.uniform() * total;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i] as number;
      if (x < 0) return i;
    }
    return weights.length - 1;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.uniform() * items.length)] as T;
  }

  /** A short id from this stream (deterministic for a seed), e.g. for a device's boot id. */
  token(length = 8): string {
    const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.uniform() * alphabet.length)];
    return out;
  }
}

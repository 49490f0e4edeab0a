/**
 * Seeded draws for the workforce simulation (pure-rand's xoroshiro128+): the same seed replays the same
 * day. Each part of the model (arrivals, service, patience) gets its own stream.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export class Sampler {
  readonly #rng: ReturnType<typeof xoroshiro128plus>;
  #spare: number | null = null;

  constructor(seed: number) {
    this.#rng = xoroshiro128plus(seed);
  }

  uniform(): number {
    return uniformFloat64(this.#rng);
  }

  exponential(mean: number): number {
    return -mean * Math.log(1 - this.uniform());
  }

  normal(): number {
    if (this.#spare !== null) {
      const z = this.#spare;
      this.#spare = null;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(1 - this.uniform()));
    const a = 2 * Math.PI * this.uniform();
    this.#spare = r * Math.sin(a);
    return r * Math.cos(a);
  }

  /** Lognormal by its mean and coefficient of variation: sigma² = ln(1 + cv²), mu = ln(mean) − sigma²/2. */
  lognormal(mean: number, cv: number): number {
    const s2 = Math.log(1 + cv * cv);
    return Math.exp(Math.log(mean) - s2 / 2 + Math.sqrt(s2) * this.normal());
  }
}

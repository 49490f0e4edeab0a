import { describe, expect, it } from 'vitest';
import { Random } from './random.ts';

describe('Random', () => {
  it('repeats its draws for a seed', () => {
    const a = new Random(42);
    const b = new Random(42);
    expect(Array.from({ length: 5 }, () => a.uniform())).toEqual(Array.from({ length: 5 }, () => b.uniform()));
  });

  it('forks streams that do not depend on how much the parent draws afterwards', () => {
    const a = new Random(7);
    const b = new Random(7);
    const fa = a.fork();
    const fb = b.fork();
    for (let i = 0; i < 100; i++) a.uniform();
    expect(fa.uniform()).toBe(fb.uniform());
    expect(fa.uniform()).not.toBe(a.uniform());
  });

  it('draws exponential and lognormal values with the asked mean', () => {
    const r = new Random(3);
    const n = 20_000;
    const exp = Array.from({ length: n }, () => r.exponential(5));
    const logn = Array.from({ length: n }, () => r.lognormal(10, 0.8));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(exp)).toBeCloseTo(5, 0);
    expect(Math.abs(mean(logn) - 10) / 10).toBeLessThan(0.03);
    expect(Math.min(...logn)).toBeGreaterThan(0);
  });
});

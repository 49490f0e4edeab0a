import { describe, expect, it } from 'vitest';
import { compileFormula } from './formula.ts';
import { scoreOf } from './score.ts';

const names = new Set(['served', 'session_minutes', 'rating_sum', 'ratings', 'hall_rating_sum', 'hall_ratings']);

describe('KPI formulas', () => {
  it('computes tickets per hour and gives no value without time at a counter', () => {
    const r = compileFormula('ratio(served, session_minutes / 60)', names);
    if (!r.ok) throw new Error(r.error.code);
    expect(r.formula.uses).toEqual(['served', 'session_minutes']);
    expect(r.formula.evaluate({ served: 45, session_minutes: 450 })).toBe(6);
    expect(r.formula.evaluate({ served: 3, session_minutes: 0 })).toBeNull();
  });

  it('shrinks a clerk with 2 ratings towards the hall, one with 200 hardly at all', () => {
    const r = compileFormula('shrink(rating_sum, ratings, ratio(hall_rating_sum, hall_ratings), 10)', names);
    if (!r.ok) throw new Error(r.error.code);
    const hall = { hall_rating_sum: 4400, hall_ratings: 1000 };
    expect(r.formula.evaluate({ rating_sum: 10, ratings: 2, ...hall })).toBeCloseTo((10 + 44) / 12, 6);
    expect(r.formula.evaluate({ rating_sum: 1000, ratings: 200, ...hall })).toBeCloseTo((1000 + 44) / 210, 6);
  });

  it('refuses a syntax error, an unknown fact and an unknown function with where they are', () => {
    const syntax = compileFormula('served + * 2', names);
    expect(syntax).toMatchObject({ ok: false, error: { code: 'kpi-formula-syntax' } });
    const unknown = compileFormula('served / sesion_minutes', names);
    expect(unknown).toEqual({
      ok: false,
      error: { code: 'kpi-formula-unknown-name', position: 9, token: 'sesion_minutes' },
    });
    const fn = compileFormula('served + import(1)', names);
    expect(fn).toMatchObject({ ok: false, error: { code: 'kpi-formula-unknown-function', position: 9 } });
    expect(compileFormula('"a"', names)).toMatchObject({ ok: false, error: { code: 'kpi-formula-not-allowed' } });
    expect(compileFormula('served = 3', names)).toMatchObject({ ok: false });
  });
});

describe('KPI scores', () => {
  it('scores linearly in either direction and holds at the ends', () => {
    expect(scoreOf(4, { kind: 'linear', zeroAt: 2, fullAt: 6 })).toBe(50);
    expect(scoreOf(9, { kind: 'linear', zeroAt: 2, fullAt: 6 })).toBe(100);
    expect(scoreOf(117.5, { kind: 'linear', zeroAt: 150, fullAt: 85 })).toBe(50);
  });
  it('scores piecewise between points', () => {
    const bands = {
      kind: 'piecewise' as const,
      points: [
        { value: 0, score: 100 },
        { value: 1, score: 80 },
        { value: 3, score: 40 },
      ],
    };
    expect(scoreOf(2, bands)).toBe(60);
    expect(scoreOf(7, bands)).toBe(40);
  });
});

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

  it('says where each refusal is and what is there', () => {
    const refusal = (source: string) => {
      const r = compileFormula(source, names);
      return r.ok ? null : r.error;
    };
    expect(refusal('served + * 2')).toEqual({ code: 'kpi-formula-syntax', position: 9, token: '*' });
    expect(refusal('ratio(served, ratings')).toEqual({ code: 'kpi-formula-syntax', position: 21, token: '' });
    expect(refusal('served)')).toEqual({ code: 'kpi-formula-syntax', position: 6, token: ')' });
    // Two operands side by side (mathjs would multiply them): refused at the second.
    expect(refusal('served  ratings')).toEqual({ code: 'kpi-formula-syntax', position: 8, token: 'ratings' });
    expect(refusal('ratio(served, ratings) * sesion')).toEqual({
      code: 'kpi-formula-unknown-name',
      position: 25,
      token: 'sesion',
    });
    expect(refusal('max(served, 1) + avg(ratings)')).toEqual({
      code: 'kpi-formula-unknown-function',
      position: 17,
      token: 'avg',
    });
    expect(refusal('served = 3')).toEqual({ code: 'kpi-formula-not-allowed', position: 7, token: '=' });
    expect(refusal('served（1）')).toEqual({ code: 'kpi-formula-not-allowed', position: 6, token: '（' });
    expect(refusal("served'")).toEqual({ code: 'kpi-formula-not-allowed', position: 6, token: "'" });
    expect(refusal('ratio(served) + ratio(1, 2, 3)')).toEqual({
      code: 'kpi-formula-arity',
      position: 0,
      token: 'ratio',
    });
    expect(refusal('ratio(1, 2) + ratio(1, 2, 3)')).toEqual({
      code: 'kpi-formula-arity',
      position: 14,
      token: 'ratio',
    });
    expect(refusal('1:3')).toEqual({ code: 'kpi-formula-not-allowed', position: 1, token: ':' });
    expect(refusal('   ')).toEqual({ code: 'kpi-formula-syntax', position: 0, token: '' });
  });

  it('refuses formulas beyond the bounds before mathjs sees them', () => {
    const long = `served + ${'1 + '.repeat(130)}1`;
    expect(compileFormula(long, names)).toMatchObject({
      ok: false,
      error: { code: 'kpi-formula-too-long', position: 500 },
    });
    const many = Array.from({ length: 150 }, () => '1').join('+');
    expect(compileFormula(many, names)).toMatchObject({ ok: false, error: { code: 'kpi-formula-too-complex' } });
    const deep = `${'('.repeat(13)}served${')'.repeat(13)}`;
    expect(compileFormula(deep, names)).toEqual({
      ok: false,
      error: { code: 'kpi-formula-too-complex', position: 12, token: '(' },
    });
    expect(compileFormula(`${'('.repeat(12)}served${')'.repeat(12)}`, names).ok).toBe(true);
  });

  it('reads comparisons, words as operators and conditions', () => {
    const r = compileFormula('served >= 10 and not (ratings == 0) ? rating_sum / ratings : -1', names);
    if (!r.ok) throw new Error(r.error.code);
    expect(r.formula.evaluate({ served: 12, ratings: 4, rating_sum: 18 })).toBe(4.5);
    expect(r.formula.evaluate({ served: 12, ratings: 0, rating_sum: 0 })).toBe(-1);
    expect(r.formula.evaluate({ served: 2, ratings: 4, rating_sum: 18 })).toBe(-1);
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

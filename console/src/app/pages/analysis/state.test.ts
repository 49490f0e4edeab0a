import { describe, expect, it } from 'vitest';
import { periodOf, readState, stepPeriod } from './state.ts';

const TODAY = '2026-11-30'; // a Monday

describe('the analysis address', () => {
  it('says nothing: the top unit over the week of yesterday, Monday to yesterday, against the period before', () => {
    const s = readState({}, TODAY, 'hq');
    expect(s).toMatchObject({ unit: 'hq', period: 'week', from: '2026-11-23', to: '2026-11-29', view: 'overview' });
    expect(s.compare).toBe('previous');
    // On a Wednesday, the week so far: Monday and Tuesday.
    expect(readState({}, '2026-11-25', 'hq')).toMatchObject({ from: '2026-11-23', to: '2026-11-24' });
  });

  it('a period from the address: a month, a week, a day, a custom range (put in order)', () => {
    expect(readState({ period: 'month', from: '2026-02-01' }, TODAY, 'hq')).toMatchObject({
      from: '2026-02-01',
      to: '2026-02-28',
    });
    expect(readState({ period: 'month', from: '2026-11-01' }, TODAY, 'hq').to).toBe(TODAY);
    expect(readState({ period: 'week', from: '2026-11-18' }, TODAY, 'hq')).toMatchObject({
      from: '2026-11-16',
      to: '2026-11-22',
    });
    expect(readState({ period: 'custom', from: '2026-11-20', to: '2026-11-02' }, TODAY, 'hq')).toMatchObject({
      from: '2026-11-02',
      to: '2026-11-20',
    });
  });

  it('refuses what it cannot use: a bad date, an hour out of range, an id with a slash, an unknown tab', () => {
    const s = readState(
      { period: 'day', from: '2026-13-40', hour: '24', unit: 'hall-1/../x', view: 'secret', by: 'x' },
      TODAY,
      'hq',
    );
    expect(s).toMatchObject({ unit: 'hq', from: '2026-11-29', hour: null, view: 'overview', by: 'service' });
    expect(readState({ hour: '0', by: 'staff', staff: 'E1' }, TODAY, 'hq')).toMatchObject({
      hour: 0,
      by: 'staff',
      staff: 'E1',
    });
  });

  it('steps periods back and forth: months by their lengths, weeks from Monday, custom by its length', () => {
    expect(stepPeriod({ period: 'month', from: '2026-03-01', to: '2026-03-31' }, -1, TODAY)).toEqual({
      from: '2026-02-01',
      to: '2026-02-28',
    });
    expect(stepPeriod({ period: 'week', from: '2026-11-16', to: '2026-11-22' }, 1, TODAY)).toEqual({
      from: '2026-11-23',
      to: '2026-11-29',
    });
    expect(stepPeriod({ period: 'custom', from: '2026-11-01', to: '2026-11-10' }, -1, TODAY)).toEqual({
      from: '2026-10-22',
      to: '2026-10-31',
    });
    expect(periodOf('day', '2026-11-18', TODAY)).toEqual({ from: '2026-11-18', to: '2026-11-18' });
  });
});

/**
 * The wishes module's pure rules: a swap's hard rules one by one, whether a wish was met by a roster,
 * what counts as an unpopular shift, and hall-local dates.
 */
import { describe, expect, it } from 'vitest';
import {
  availableAt,
  fairnessLines,
  isUnpopular,
  localDate,
  swapProblems,
  wishOutcome,
  type ShiftLike,
  type SwapCandidate,
} from './wishes.rules.ts';

const shift = (date: string, start = '09:00', end = '17:30', o: Partial<ShiftLike> = {}): ShiftLike => ({
  date,
  start,
  end,
  breaks: [{ start: '12:00', end: '12:30' }],
  serviceId: 'billing',
  templateId: 'full@09:00~12:00',
  ...o,
});
const offered = { ...shift('2026-12-09'), employeeId: 'a', hallId: 'H' };
const taker = (o: Partial<SwapCandidate> = {}): SwapCandidate => ({
  id: 'b',
  hallId: 'H',
  status: 'active',
  skills: { billing: 2 },
  contract: { kind: 'full-time', minWeekHours: 0, maxWeekHours: 40, maxDaysPerWeek: 5, minRestHours: 11 },
  availability: {},
  shifts: [],
  awayDays: [],
  ...o,
});
const rules = (c: SwapCandidate) => swapProblems(offered, c).map((p) => p.rule);

describe('swap rules', () => {
  it('allows a colleague with the skill, room in the contract, rest and availability', () => {
    expect(rules(taker())).toEqual([]);
  });
  it('names each rule a taker breaks', () => {
    expect(rules(taker({ skills: { vip: 3 } }))).toEqual(['skill']);
    expect(rules(taker({ id: 'a' }))).toEqual(['same-person']);
    expect(rules(taker({ shifts: [shift('2026-12-09', '13:00', '20:30')] }))).toEqual(['same-day']);
    // Four 8 h days already (Mon–Thu around Wednesday's shift): a fifth breaks 30 h, not 5 days.
    const week = ['2026-12-07', '2026-12-08', '2026-12-10', '2026-12-11'].map((d) =>
      shift(d, '09:00', '13:00', { breaks: [] }),
    );
    expect(swapProblems(offered, taker({ contract: { ...taker().contract, maxWeekHours: 20 }, shifts: week }))).toEqual(
      [{ rule: 'week-hours', params: { hours: 24, max: 20 } }],
    );
    expect(rules(taker({ contract: { ...taker().contract, maxDaysPerWeek: 4 }, shifts: week }))).toEqual(['week-days']);
    // A late shift the evening before ends 22:00: 11 h later is 09:00 — exactly enough; 22:30 is not.
    expect(rules(taker({ shifts: [shift('2026-12-08', '14:00', '22:00')] }))).toEqual([]);
    expect(rules(taker({ shifts: [shift('2026-12-08', '14:00', '22:30')] }))).toEqual(['rest']);
    expect(rules(taker({ availability: { mon: [{ from: '08:00', to: '18:00' }] } }))).toEqual(['availability']);
    expect(rules(taker({ awayDays: ['2026-12-09'] }))).toEqual(['time-off']);
    expect(rules(taker({ contract: { ...taker().contract, templates: ['part-4h'] } }))).toEqual(['template']);
  });
  it('reads weekly availability: none stated is any time; a stated day needs a window around the shift', () => {
    expect(availableAt({}, '2026-12-09', 540, 1050)).toBe(true);
    expect(availableAt({ wed: [{ from: '08:00', to: '18:00' }] }, '2026-12-09', 540, 1050)).toBe(true);
    expect(availableAt({ wed: [{ from: '08:00', to: '15:00' }] }, '2026-12-09', 540, 1050)).toBe(false);
    expect(availableAt({ wed: null, thu: [{ from: '08:00', to: '18:00' }] }, '2026-12-09', 540, 1050)).toBe(false);
  });
});

describe('wish outcomes', () => {
  const period = { from: '2026-12-07', to: '2026-12-13' };
  const wish = { fromDate: '2026-12-09', toDate: '2026-12-09', templateId: null, anyDay: false, weekdays: null };
  it('a day off is met without a shift that day; not met with one', () => {
    expect(wishOutcome({ ...wish, kind: 'day-off' }, period, [{ date: '2026-12-08', templateId: 'full' }])).toEqual({
      status: 'met',
      days: [],
    });
    expect(wishOutcome({ ...wish, kind: 'day-off' }, period, [{ date: '2026-12-09', templateId: 'full' }])).toEqual({
      status: 'unmet',
      days: ['2026-12-09'],
    });
  });
  it('shifts are matched by the settings template, whatever the start', () => {
    const late = { ...wish, kind: 'undesired-shift' as const, templateId: 'late', anyDay: true, toDate: '2026-12-31' };
    expect(wishOutcome(late, period, [{ date: '2026-12-11', templateId: 'late@13:30~16:00' }])).toEqual({
      status: 'unmet',
      days: ['2026-12-11'],
    });
    const want = { ...wish, kind: 'desired-shift' as const, templateId: 'early' };
    expect(wishOutcome(want, period, [{ date: '2026-12-09', templateId: 'early@08:30' }])?.status).toBe('met');
  });
  it('says nothing about a wish outside the roster’s period', () => {
    expect(
      wishOutcome({ ...wish, kind: 'day-off', fromDate: '2026-12-20', toDate: '2026-12-20' }, period, []),
    ).toBeNull();
  });
  it('an availability change counts only its weekdays', () => {
    const w = {
      ...wish,
      kind: 'availability' as const,
      fromDate: '2026-12-01',
      toDate: '2026-12-31',
      weekdays: [5, 6],
    };
    expect(wishOutcome(w, period, [{ date: '2026-12-09', templateId: 'full' }])).toEqual({ status: 'met', days: [] });
    expect(wishOutcome(w, period, [{ date: '2026-12-12', templateId: 'full' }])?.days).toEqual(['2026-12-12']);
  });
});

describe('fairness', () => {
  it('counts late and split shifts and flagged templates as unpopular', () => {
    const none = new Set<string>();
    expect(isUnpopular(shift('2026-12-09', '12:00', '20:00'), none)).toBe(true);
    expect(isUnpopular(shift('2026-12-09', '09:00', '19:30'), none)).toBe(false);
    expect(
      isUnpopular(shift('2026-12-09', '08:00', '19:00', { breaks: [{ start: '11:00', end: '14:00' }] }), none),
    ).toBe(true);
    expect(isUnpopular(shift('2026-12-09'), new Set(['full']))).toBe(true);
  });
  it('sums hours above the contract minimum week by week (a short week does not offset a long one)', () => {
    const eight = (date: string) => ({ ...shift(date, '09:00', '17:00', { breaks: [] }), employeeId: 'a' });
    const [line] = fairnessLines({
      employees: [{ id: 'a', minWeekHours: 16 }],
      shifts: [...['2026-11-30', '2026-12-01', '2026-12-02'].map(eight), eight('2026-12-07')],
      weeks: ['2026-11-30', '2026-12-07'],
      unpopularTemplates: new Set(),
      wishes: new Map(),
    });
    expect(line).toMatchObject({ hours: 32, extraHours: 8, shifts: 4, weekendShifts: 0 });
  });
});

describe('hall-local dates', () => {
  it('is the hall’s calendar day, not UTC’s', () => {
    expect(localDate('Asia/Shanghai', new Date('2026-12-09T17:30:00Z'))).toBe('2026-12-10');
  });
});

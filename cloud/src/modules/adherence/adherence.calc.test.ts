import { describe, expect, it } from 'vitest';
import { clerkDay } from './adherence.calc.ts';
import { localInstant, subtract, union } from './adherence.time.ts';

const TZ = 'Asia/Shanghai';
const D = '2026-11-23';
const at = (hhmm: string) => localInstant(D, hhmm, TZ);
const shift = { start: '09:00', end: '17:30', breaks: [{ start: '12:00', end: '12:30' }], serviceId: null };

describe('clerkDay', () => {
  it('does not call a shift that has not begun missed, nor a running one ended early', () => {
    const later = clerkDay({
      date: D,
      timeZone: TZ,
      shifts: [shift],
      sessions: [],
      pauses: [],
      graceMinutes: 5,
      now: at('08:00'),
    });
    expect(later.upcoming).toBe(true);
    expect(later.flags).toEqual([]);
    // At 11:00, signed in since 09:00 and still there: 120 of the 120 minutes due, no early end yet.
    const running = clerkDay({
      date: D,
      timeZone: TZ,
      shifts: [shift],
      sessions: [{ counterId: 'C1', from: at('09:00'), to: null }],
      pauses: [],
      graceMinutes: 5,
      now: at('11:00'),
    });
    expect(running.adherence).toBe(1);
    expect(running.earlyEndMinutes).toBeNull();
    expect(running.flags).toEqual([]);
  });

  it('counts a shift past midnight on its own day', () => {
    const night = { start: '20:00', end: '02:00', breaks: [], serviceId: null };
    const r = clerkDay({
      date: D,
      timeZone: TZ,
      shifts: [night],
      sessions: [{ counterId: 'C1', from: at('20:00'), to: localInstant('2026-11-24', '02:00', TZ) }],
      pauses: [],
      graceMinutes: 5,
      now: localInstant('2026-11-25', '00:00', TZ),
    });
    expect(r.plannedMinutes).toBe(360);
    expect(r.adherence).toBe(1);
  });

  it('subtracts and merges spans', () => {
    expect(
      union([
        { from: 0, to: 5 },
        { from: 3, to: 8 },
        { from: 10, to: 12 },
      ]),
    ).toEqual([
      { from: 0, to: 8 },
      { from: 10, to: 12 },
    ]);
    expect(
      subtract(
        [{ from: 0, to: 10 }],
        [
          { from: 2, to: 4 },
          { from: 8, to: 12 },
        ],
      ),
    ).toEqual([
      { from: 0, to: 2 },
      { from: 4, to: 8 },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { PublishedRoster } from './published-roster.ts';

// 2026-11-25 in Shanghai (UTC+8): the test's instants are built from hall-local HH:MM.
const at = (date: string, hhmm: string) => Date.parse(`${date}T${hhmm}:00+08:00`);
const tz = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const hm = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Shanghai',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

const roster = (counters = 2) =>
  new PublishedRoster({
    counters,
    localDate: (t) => tz.format(t),
    localTime: (t) => hm.format(t),
    roster: {
      version: 7,
      days: [
        {
          date: '2026-11-25',
          shifts: [
            {
              staffId: 'E1',
              start: '09:00',
              end: '13:00',
              breaks: [{ start: '11:00', end: '11:30' }],
              serviceId: 'billing',
            },
            { staffId: 'E2', start: '09:00', end: '17:00', breaks: [] },
            { staffId: 'E3', start: '12:00', end: '18:00', breaks: [] },
          ],
          required: [
            { from: '09:00', to: '12:00', agents: 2 },
            { from: '12:00', to: '18:00', agents: 2.5 },
          ],
        },
        { date: '2026-11-26', shifts: [{ staffId: 'E1', start: '13:00', end: '18:00', breaks: [] }], required: [] },
      ],
    },
  });

describe('the published roster on the hub', () => {
  it('counts the clerks at the counters now: on shift, not on a planned break; capped at the counters', () => {
    const r = roster();
    expect(r.at(at('2026-11-25', '08:59'))).toEqual({ date: '2026-11-25', clerks: 0, counters: 0, required: null });
    expect(r.at(at('2026-11-25', '09:00'))).toMatchObject({ clerks: 2, counters: 2, required: 2 });
    // E1 on the break, E2 at the counter.
    expect(r.at(at('2026-11-25', '11:15'))).toMatchObject({ clerks: 1, counters: 1 });
    // E1 back, E2, E3: three clerks for two counters.
    expect(r.at(at('2026-11-25', '12:30'))).toMatchObject({ clerks: 3, counters: 2, required: 2.5 });
    // The end of a shift is its first minute off.
    expect(r.at(at('2026-11-25', '13:00'))).toMatchObject({ clerks: 2 });
    // No day for the date: nothing to say (the hand-typed schedule applies).
    expect(r.at(at('2026-11-27', '10:00'))).toBeNull();
  });

  it('gives a clerk their own shifts from today on, and follows a new roster at once', () => {
    const r = roster();
    expect(r.shiftsOf('E1', at('2026-11-25', '10:00')).map((s) => `${s.date} ${s.start}-${s.end}`)).toEqual([
      '2026-11-25 09:00-13:00',
      '2026-11-26 13:00-18:00',
    ]);
    // Tomorrow, yesterday's shift is gone.
    expect(r.shiftsOf('E1', at('2026-11-26', '10:00')).map((s) => s.date)).toEqual(['2026-11-26']);
    expect(r.shiftsOf('E9', at('2026-11-25', '10:00'))).toEqual([]);
    let heard = 0;
    r.onChange(() => (heard += 1));
    r.apply(undefined);
    expect(heard).toBe(1);
    expect(r.version).toBeNull();
    expect(r.at(at('2026-11-25', '10:00'))).toBeNull();
    expect(r.shiftsOf('E1', at('2026-11-25', '10:00'))).toEqual([]);
  });
});

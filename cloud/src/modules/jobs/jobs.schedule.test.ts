import { describe, expect, it } from 'vitest';
import { hallConfigSchema } from '@hall/devices';
import { localStamp, nextFire, relativePatterns } from './jobs.schedule.ts';

const weekdays = { open: '09:00', close: '18:00' };
const hours = {
  mon: weekdays,
  tue: weekdays,
  wed: weekdays,
  thu: weekdays,
  fri: weekdays,
  sat: { open: '10:00', close: '16:00' },
  sun: null,
};

describe('schedules', () => {
  it('fires 30 minutes after the hall closes, in the hall’s time zone, skipping closed days', () => {
    // Saturday 2026-11-28 12:00 in Shenzhen (04:00Z): next is Saturday 16:30 local = 08:30Z.
    const after = new Date('2026-11-28T04:00:00Z');
    const rule = { anchor: 'close' as const, offsetMinutes: 30 };
    const first = nextFire(rule, { after, timeZone: 'Asia/Shanghai', openingHours: hours });
    expect(first?.toISOString()).toBe('2026-11-28T08:30:00.000Z');
    // Sunday is closed: after Saturday's, Monday 18:30 local.
    const second = nextFire(rule, { after: first as Date, timeZone: 'Asia/Shanghai', openingHours: hours });
    expect(second?.toISOString()).toBe('2026-11-30T10:30:00.000Z');
    expect(localStamp(second as Date, 'Asia/Shanghai')).toBe('2026-11-30T18:30');
  });

  it('moves an offset past midnight into the next day', () => {
    expect(
      relativePatterns({ anchor: 'close', offsetMinutes: 90 }, { sat: { open: '10:00', close: '23:00' } }),
    ).toEqual(['30 0 * * 0']);
  });

  it('evaluates cron in the zone, across a daylight-saving change', () => {
    // Berlin leaves summer time on 2026-10-25 at 03:00 CEST: 02:00 comes twice, the first one (CEST) fires.
    const rule = { cron: '0 2 * * *' };
    const a = nextFire(rule, { after: new Date('2026-10-24T12:00:00Z'), timeZone: 'Europe/Berlin' });
    const b = nextFire(rule, { after: a as Date, timeZone: 'Europe/Berlin' });
    expect(a?.toISOString()).toBe('2026-10-25T00:00:00.000Z');
    expect(b?.toISOString()).toBe('2026-10-26T01:00:00.000Z');
  });

  it('never fires without opening hours', () => {
    expect(
      nextFire({ anchor: 'open', offsetMinutes: 0 }, { after: new Date(), timeZone: 'UTC', openingHours: null }),
    ).toBeNull();
  });

  it('takes opening hours in the hall config, and refuses a day that closes before it opens', () => {
    const base = {
      hall: { id: 'H1', name: 'H1', timeZone: 'Asia/Shanghai', capacity: 10 },
      services: [{ id: 'billing', name: '话费', prefix: 'A' }],
      counters: [{ id: 'C1', name: '1号', services: { billing: 1 } }],
    };
    const ok = hallConfigSchema.safeParse({ ...base, hall: { ...base.hall, openingHours: hours } });
    expect(ok.success && ok.data.hall.openingHours?.sat).toEqual({ open: '10:00', close: '16:00' });
    const bad = hallConfigSchema.safeParse({
      ...base,
      hall: { ...base.hall, openingHours: { mon: { open: '18:00', close: '09:00' } } },
    });
    expect(bad.success ? [] : bad.error.issues.map((i) => i.path.join('.'))).toEqual(['hall.openingHours.mon.close']);
  });
});

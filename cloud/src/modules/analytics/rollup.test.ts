import { describe, expect, it } from 'vitest';
import { localDayHour, waitBand } from './rollup.ts';

describe('roll-up keys', () => {
  it('a hall-local day and hour, also in a half-hour zone and across a daylight-saving change', () => {
    expect(localDayHour(new Date('2026-11-26T18:29:59Z'), 'Asia/Kolkata')).toEqual({ day: '2026-11-26', hour: 23 });
    expect(localDayHour(new Date('2026-11-26T18:30:00Z'), 'Asia/Kolkata')).toEqual({ day: '2026-11-27', hour: 0 });
    // Berlin leaves summer time on 25 Oct 2026 at 03:00 CEST: 02:xx happens twice.
    expect(localDayHour(new Date('2026-10-25T00:59:00Z'), 'Europe/Berlin')).toEqual({ day: '2026-10-25', hour: 2 });
    expect(localDayHour(new Date('2026-10-25T01:00:00Z'), 'Europe/Berlin')).toEqual({ day: '2026-10-25', hour: 2 });
    expect(localDayHour(new Date('2026-10-25T02:00:00Z'), 'Europe/Berlin')).toEqual({ day: '2026-10-25', hour: 3 });
    expect(localDayHour(new Date('2026-11-26T15:59:00Z'), 'Asia/Shanghai')).toEqual({ day: '2026-11-26', hour: 23 });
  });

  it('wait bands by their lower bound', () => {
    expect([59_999, 60_000, 7 * 60_000, 7.9 * 60_000, 14 * 60_000, 61 * 60_000, 600 * 60_000].map(waitBand)).toEqual([
      0, 1, 6, 6, 12, 60, 60,
    ]);
  });
});

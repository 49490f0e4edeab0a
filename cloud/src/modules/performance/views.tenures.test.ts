import { describe, expect, it } from 'vitest';
import { tenuresOf } from './views.service.ts';

describe("the halls behind a clerk's facts", () => {
  it('reads each hall only for the days the clerk worked there (a staff number is reused after a move)', () => {
    const moved = new Date('2026-11-15T00:00:00+08:00');
    expect(tenuresOf([{ from: 'H-A', to: 'H-B', date: '2026-11-15' }], 'H-B', 'Asia/Shanghai')).toEqual([
      { hallId: 'H-A', from: null, to: moved },
      { hallId: 'H-B', from: moved, to: null },
    ]);
  });
  it('is the current hall alone for a clerk who never moved', () => {
    expect(tenuresOf([], 'H-A', 'Asia/Shanghai')).toEqual([{ hallId: 'H-A', from: null, to: null }]);
  });
});

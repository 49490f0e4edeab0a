import { describe, expect, it } from 'vitest';
import { alarmFigures, minutes, percent, serviceLevelTone } from './format.ts';

describe('console number formats', () => {
  it('shows shares to a tenth of a percent and nothing as a dash', () => {
    expect(percent(0.8534)).toBe('85.3%');
    expect(percent(1)).toBe('100%');
    expect(percent(null)).toBe('—');
  });
  it('shows short waits with a decimal and long ones whole', () => {
    expect(minutes(4.26)).toBe('4.3');
    expect(minutes(12.6)).toBe('13');
    expect(minutes(undefined)).toBe('—');
  });
  it("rounds an alarm's raw measurements and keeps whole numbers and names", () => {
    expect(
      alarmFigures({ rows: 273, minutes: 86.65463333333334, counters: 0.6666, service: '话费缴费', hub: null }),
    ).toEqual({ rows: 273, minutes: '87', counters: '0.7', service: '话费缴费', hub: null });
    expect(alarmFigures(null)).toBeNull();
  });
  it('grades the service level against its 80% goal', () => {
    expect(serviceLevelTone(0.8)).toBe('good');
    expect(serviceLevelTone(0.7)).toBe('fair');
    expect(serviceLevelTone(0.6)).toBe('poor');
    expect(serviceLevelTone(null)).toBe('none');
  });
});

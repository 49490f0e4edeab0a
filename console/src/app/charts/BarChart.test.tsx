import { describe, expect, it } from 'vitest';
import { hasValues, valueRange } from './BarChart.tsx';

describe('bar chart value axis', () => {
  it('starts at zero, however high the values (740–830 tickets are not drawn as 0–90)', () => {
    expect(valueRange(830)[0]).toBe(0);
    expect(valueRange(830)[1]).toBeGreaterThanOrEqual(830);
    expect(valueRange(830)[1]).toBeLessThanOrEqual(1000);
    expect(valueRange(4.2)).toEqual([0, 5]);
    expect(valueRange(0)).toEqual([0, 1]);
    expect(valueRange(null)).toEqual([0, 1]);
  });

  it('has nothing to draw when every value is missing (no data is not zero)', () => {
    expect(hasValues([{ label: 'a', kind: 'bars', color: '#000', values: [null, null] }])).toBe(false);
    expect(hasValues([{ label: 'a', kind: 'bars', color: '#000', values: [null, 0] }])).toBe(true);
  });
});

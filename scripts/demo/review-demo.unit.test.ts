import { join } from 'node:path';
import { loadScenario } from '@hall/simulators';
import { describe, expect, it } from 'vitest';
import { reviewDemo, shiftsForDate } from './review-demo.ts';

const scenario = (name: string) =>
  loadScenario(join(import.meta.dirname, '../../simulators/scenarios', `${name}.yaml`));

describe('the demo history as published rosters', () => {
  it('gives each date the roster its hall played that day, meals as break times', () => {
    const quiet = scenario('quiet-weekday');
    const monday = shiftsForDate(quiet, '2026-11-23');
    expect(monday.length).toBe(quiet.roster?.[quiet.asWeekday ?? 'mon']?.length);
    const meal = monday.find((s) => s.breaks.length > 0)!;
    expect(meal.breaks[0]!.end > meal.breaks[0]!.start).toBe(true);
    // A calendar hall (南山) works its Saturday roster on Saturdays only.
    const busy = { ...scenario('busy-saturday'), asWeekday: undefined };
    expect(shiftsForDate(busy, '2026-11-28').map((s) => s.staffId)).toEqual(busy.roster?.sat.map((s) => s.staff));
    expect(shiftsForDate(busy, '2026-11-24').map((s) => s.staffId)).toEqual(busy.roster?.tue.map((s) => s.staff));
  });

  it('imports one roster per calendar week of the history and reviews the last complete week', async () => {
    const calls: Array<[string, Record<string, unknown>]> = [];
    const api = {
      call: async <T>(path: string, input: unknown) => (calls.push([path, input as Record<string, unknown>]), {} as T),
    };
    // Today is Monday 2026-11-30: 28 days of history are 2026-11-02 … 2026-11-29, four whole weeks.
    await reviewDemo(api, [scenario('quiet-weekday')], { today: '2026-11-30', historyDays: 28 });
    expect(calls.map(([p, i]) => `${p} ${String(i.fromDate ?? i.week)}`)).toEqual([
      'adherence.importPublished 2026-11-02',
      'adherence.importPublished 2026-11-09',
      'adherence.importPublished 2026-11-16',
      'adherence.importPublished 2026-11-23',
      'adherence.startReview 2026-11-23',
    ]);
    expect(calls[0]![1].publishedAt).toBe('2026-10-29T10:00:00Z');
  });
});

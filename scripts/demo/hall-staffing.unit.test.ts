/**
 * The demo halls are staffed for their traffic: the roster each shipped scenario carries is judged
 * against the requirement re-derived from the scenario (Erlang A per half hour), so a change of traffic
 * or staff without a new roster (`npm run -s demo:staff`) fails here.
 */
import { join, resolve } from 'node:path';
import { loadScenario, planDay } from '@hall/simulators';
import { describe, expect, it } from 'vitest';
import { checkRoster } from './hall-staffing.ts';

const dir = resolve(import.meta.dirname, '../../simulators/scenarios');

describe.each(['quiet-weekday', 'busy-saturday'])('the %s roster', (name) => {
  const scenario = loadScenario(join(dir, `${name}.yaml`));
  const week = checkRoster(scenario);

  it('staffs every day for about 80% called within 10 minutes (Erlang A, the pooled hall)', () => {
    for (const d of week) {
      expect(d.staffHours, d.day).toBeGreaterThan(0);
      expect(d.serviceLevel, `${d.day}: expected service level`).toBeGreaterThan(0.65);
      expect(d.pAbandon, `${d.day}: expected abandonment`).toBeLessThan(0.15);
    }
  });

  it('falls short of the requirement in few staff-hours', () => {
    const short = week.reduce((a, d) => a + d.shortHours, 0);
    const needed = week.reduce((a, d) => a + d.required.reduce((x, y) => x + y, 0), 0) / 2;
    expect(short / needed).toBeLessThan(0.12);
  });

  it('never has more clerks on shift than the hall has counters, nor one counter twice', () => {
    for (const day of ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const) {
      const counters = (scenario.roster?.[day] ?? []).map(
        (r) => scenario.staff.find((s) => s.id === r.staff)?.counterId,
      );
      expect(new Set(counters).size, day).toBe(counters.length);
    }
  });
});

describe('the door before opening', () => {
  it('lets the customers who came early in at opening, none before', () => {
    const scenario = loadScenario(join(dir, 'quiet-weekday.yaml'));
    const plan = planDay(scenario, '2026-01-06');
    expect(plan.customers.length).toBeGreaterThan(0);
    expect(Math.min(...plan.customers.map((c) => c.arrival))).toBe(plan.open);
    expect(Math.min(...plan.customers.map((c) => c.requestAt))).toBe(plan.open);
    expect(plan.customers.filter((c) => c.arrival === plan.open).length).toBeGreaterThan(1);
  });
});

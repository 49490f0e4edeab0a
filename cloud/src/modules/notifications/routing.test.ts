import { describe, expect, it } from 'vitest';
import { atLeast, backoffMs, chainOf, matchingRules, nextCheck, quietUntil, type RuleLike } from './routing.ts';

const units = [
  { id: 'hq', parentId: null, kind: 'hq', hallId: null },
  { id: 'south', parentId: 'hq', kind: 'region', hallId: null },
  { id: 'hall-1', parentId: 'south', kind: 'hall', hallId: 'H1' },
  { id: 'hall-2', parentId: 'hq', kind: 'hall', hallId: 'H2' },
];
const rule = (over: Partial<RuleLike>): RuleLike => ({
  id: 1,
  orgUnitId: 'south',
  alarmRule: null,
  minSeverity: 'major',
  enabled: true,
  repeatSeconds: null,
  escalation: [],
  quietHours: null,
  ...over,
});

describe('routing', () => {
  it('a rule at a region applies to its halls, not to others; by rule and from a severity up', () => {
    const chain = chainOf(units, 'H1');
    expect(chain.map((u) => u.id)).toEqual(['hall-1', 'south', 'hq']);
    const rules = [rule({ id: 1 }), rule({ id: 2, alarmRule: 'device-offline' }), rule({ id: 3, orgUnitId: 'hall-2' })];
    expect(matchingRules(rules, chain, { rule: 'long-wait', severity: 'critical' }).map((r) => r.id)).toEqual([1]);
    expect(matchingRules(rules, chain, { rule: 'long-wait', severity: 'minor' })).toEqual([]);
    expect(atLeast('critical', 'warning')).toBe(true);
    expect(atLeast('warning', 'major')).toBe(false);
  });

  it('quiet hours across midnight hold a message until they end, in the hall time zone', () => {
    const quiet = { from: '22:00', to: '07:00' };
    // 23:30 in Shanghai = 15:30 UTC.
    const held = quietUntil(new Date(Date.UTC(2026, 10, 25, 15, 30)), quiet, 'Asia/Shanghai');
    expect(held?.toISOString()).toBe('2026-11-25T23:00:00.000Z');
    expect(quietUntil(new Date(Date.UTC(2026, 10, 25, 4, 0)), quiet, 'Asia/Shanghai')).toBeNull();
  });

  it('the next check is the next escalation step or repeat', () => {
    const raised = new Date(0);
    const r = rule({
      escalation: [
        { afterSeconds: 600, to: 'region-managers' },
        { afterSeconds: 1_800, to: 'hq-managers' },
      ],
    });
    expect(nextCheck([r], raised, new Date(0))?.getTime()).toBe(600_000);
    expect(nextCheck([r], raised, new Date(700_000))?.getTime()).toBe(1_800_000);
    expect(nextCheck([r], raised, new Date(2_000_000))).toBeNull();
    expect(nextCheck([rule({ repeatSeconds: 900 })], raised, new Date(1_000_000))?.getTime()).toBe(1_800_000);
  });

  it('backoff doubles up to its cap, with jitter', () => {
    const p = { baseMs: 5_000, maxMs: 60_000 };
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffMs(a, p, () => 0.5))).toEqual([
      5_000, 10_000, 20_000, 40_000, 60_000, 60_000,
    ]);
    expect(backoffMs(1, p, () => 0)).toBe(4_000);
  });
});

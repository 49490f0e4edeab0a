import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bankDateKey, planReplay, readBankDay } from './bank-data.ts';

const FILE = resolve(import.meta.dirname, '../../../../shared/data/anonymous-bank-1999-02.tsv');

describe('bank call log', () => {
  const calls = readBankDay(FILE, '1999-02-10');
  const plan = planReplay(calls);

  it('reads the non-phantom calls of a day', () => {
    expect(calls).toHaveLength(1673);
    expect(calls.filter((c) => c.outcome === 'AGENT')).toHaveLength(1335);
    expect(plan.expected).toEqual({ requests: 1673, served: 1335, abandoned: 338 });
  });

  it('never has one counter serve two customers at once', () => {
    const busy = new Map<string, number>();
    let overlaps = 0;
    for (const step of plan.steps) {
      if (step.kind === 'serve') {
        if ((busy.get(step.counter) ?? 0) > 0) overlaps += 1;
        busy.set(step.counter, (busy.get(step.counter) ?? 0) + 1);
      }
      if (step.kind === 'finish') busy.set(step.counter, (busy.get(step.counter) ?? 1) - 1);
    }
    expect(overlaps).toBe(0);
    // The log does have agents with overlapping services: they get a second counter.
    expect([...plan.counters.keys()].some((c) => c.endsWith('-2'))).toBe(true);
  });

  it('requests every ticket before it is served or cancelled, and opens counters before use', () => {
    const requested = new Set<unknown>();
    const open = new Set<string>();
    for (const step of plan.steps) {
      if (step.kind === 'open') open.add(step.counter);
      if (step.kind === 'close') open.delete(step.counter);
      if (step.kind === 'request') requested.add(step.call);
      if (step.kind === 'serve' || step.kind === 'cancel') expect(requested.has(step.call)).toBe(true);
      if (step.kind === 'serve' || step.kind === 'finish') expect(open.has(step.counter), step.counter).toBe(true);
    }
  });

  it('refuses a day outside the log', () => {
    expect(() => bankDateKey('2026-02-10')).toThrow(/February 1999/);
    expect(() => readBankDay(FILE, '1999-02-30')).toThrow(/no calls/);
  });
});

/**
 * `npm run wfm` as a user runs it: a process per command, JSON in and out, errors naming the field.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { cost, violations, type RosterInstance, type RosterResult } from '@hall/cloud/workforce';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'hall-wfm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function wfm(...args: string[]): Promise<{ code: number; json: Record<string, unknown> | null; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'cloud/src/cli/wfm.ts'), ...args],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
    );
    return { code: 0, json: JSON.parse(stdout.trim().split('\n').at(-1) as string) as Record<string, unknown>, stderr };
  } catch (err) {
    const e = err as { code: number; stderr: string };
    return { code: e.code, json: null, stderr: e.stderr };
  }
}
const file = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
};

describe('npm run wfm', () => {
  it('erlang: the published example, Erlang A with patience, and refusals that name the flag', async () => {
    const c = await wfm(
      'erlang',
      '--arrivals',
      '100',
      '--period',
      '1800',
      '--aht',
      '180',
      '--target-sl',
      '0.8',
      '--target-time',
      '20',
    );
    expect(c.json).toMatchObject({ agents: 14 });
    expect(c.json?.pWait).toBeCloseTo(0.1741319, 6);
    expect(c.json?.asa).toBeCloseTo(7.835937, 5);
    expect(c.json).not.toHaveProperty('pAbandon');
    const a = await wfm(
      'erlang',
      '--arrivals',
      '100',
      '--period',
      '1800',
      '--aht',
      '180',
      '--target-sl',
      '0.8',
      '--target-time',
      '20',
      '--patience',
      '120',
      '--max-abandon',
      '0.03',
      '--shrinkage',
      '0.3',
    );
    expect(a.json).toMatchObject({ model: 'erlang-a', agents: 14, staff: 20 });
    expect(a.json?.pAbandon).toBeLessThanOrEqual(0.03);
    const bad = await wfm(
      'erlang',
      '--arrivals',
      '100',
      '--period',
      '1800',
      '--aht',
      '0',
      '--target-sl',
      '0.8',
      '--target-time',
      '20',
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--aht: must be above 0/);
  }, 60_000);

  it('staffing, analyse and simulate take JSON files and name a bad field', async () => {
    const traffic = { intervalMinutes: 30, arrivals: [20, 100, 160], aht: 180, targetTime: 20 };
    const s = await wfm('staffing', '--input', file('staffing.json', { ...traffic, serviceLevel: 0.8 }));
    expect((s.json?.intervals as Array<{ agents: number }>).map((r) => r.agents)).toEqual([4, 14, 20]);
    const a = await wfm(
      'analyse',
      '--input',
      file('analyse.json', { traffic, staffed: [4, 10, 20], target: { serviceLevel: 0.8 } }),
    );
    expect(a.json).toMatchObject({ verdict: 'understaffed', worst: [{ interval: 1, gap: -4 }] });
    const sim = await wfm(
      'simulate',
      '--input',
      file('sim.json', {
        intervals: [{ start: 0, length: 3600, arrivals: 200, agents: 14 }],
        aht: 180,
        targetTime: 20,
        seed: 3,
      }),
    );
    expect((sim.json?.total as { arrivals: number }).arrivals).toBeGreaterThan(150);
    const bad = await wfm(
      'staffing',
      '--input',
      file('bad.json', { ...traffic, arrivals: [1, 'x'], serviceLevel: 0.8 }),
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/arrivals\.1:/);
  }, 60_000);

  // What the solver proves does not depend on the machine: under its default work limit (nodes, no
  // clock) a roster that keeps every rule, its cost as an independent checker computes it, and a bound
  // under that cost which the reported gap is computed from. How many seconds it takes is a speed goal:
  // `npm run bench:roster` carries it (a 20-second time limit here found no roster at all once, with the
  // machine busy; this week stayed at 9.9% after 20 s before the plan learnt contracts and wishes).
  it('roster: a generated hall instance comes back as a rule-keeping roster with a proven bound and its gap', async () => {
    const example = await wfm('roster-example', '--employees', '14', '--days', '7', '--seed', '4');
    const inst = example.json as unknown as RosterInstance;
    const r = await wfm('roster', '--input', file('instance.json', inst), '--gap', '0.01');
    expect(r.code).toBe(0);
    const result = r.json as unknown as RosterResult;
    expect(result.assignments.length).toBeGreaterThan(30);
    expect(violations(inst, result.assignments)).toEqual([]);
    expect(result.objective).toBeCloseTo(cost(inst, result.assignments).total, 4);
    expect(result.bound).toBeGreaterThan(0);
    expect(result.bound).toBeLessThanOrEqual(result.objective + 1e-6);
    expect(result.gap).toBeCloseTo((result.objective - result.bound) / result.objective, 4);
    expect(result.gap).toBeLessThanOrEqual(0.01);
    // The work limit is the only limit: the same instance gives the same roster on a second run.
    const again = await wfm('roster', '--input', file('instance.json', inst), '--gap', '0.01');
    expect((again.json as unknown as RosterResult).assignments).toEqual(result.assignments);
  }, 300_000);

  it('forecast: the next days from a history', async () => {
    const history = Array.from({ length: 14 }, (_, d) => ({
      date: new Date(Date.UTC(2026, 10, 1 + d)).toISOString().slice(0, 10),
      counts: [10, 20, 30],
    }));
    const f = await wfm('forecast', '--input', file('history.json', { history }), '--days', '3');
    expect(
      (f.json?.forecasts as Array<{ date: string; arrivals: number[] }>).map((x) => [
        x.date,
        x.arrivals.map(Math.round),
      ]),
    ).toEqual([
      ['2026-11-15', [10, 20, 30]],
      ['2026-11-16', [10, 20, 30]],
      ['2026-11-17', [10, 20, 30]],
    ]);
  }, 60_000);
});

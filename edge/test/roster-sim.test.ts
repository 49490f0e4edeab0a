/**
 * The demo's promise, end to end on a virtual clock: a real hub holds a published roster, the simulated
 * hall reads it from the hub over HTTP (as `sim hall --roster-from` does) and its clerks follow it, so at
 * every moment the hub's "counters below schedule" rule expects as many counters as the clerks keep open —
 * including a clerk on a planned break (paused) and one whose shift has ended; and the wall screen's
 * staffed-vs-required figures agree.
 */
import { HallSim, publishedDayFromHub, VirtualScheduler, zonedEpoch } from '@hall/simulators';
import { describe, expect, it } from 'vitest';
import { parseHallConfig } from '../src/config.ts';
import { busyMorning, MORNING_DATE as DATE } from './support/busy-morning.ts';
import { hubConfigFor } from './support/scenario-config.ts';
import { startTestHub } from './support/test-hub.ts';

const at = (hhmm: string) => zonedEpoch(DATE, hhmm, busyMorning.hall.timeZone);
const ROSTER = {
  version: 9,
  days: [
    {
      date: DATE,
      shifts: [
        {
          staffId: 'E1001',
          start: '08:45',
          end: '11:30',
          breaks: [{ start: '10:00', end: '10:15' }],
          serviceId: 'billing',
        },
        { staffId: 'E1002', start: '08:45', end: '10:30', breaks: [] },
        { staffId: 'E1004', start: '09:30', end: '12:00', breaks: [] },
      ],
      required: [{ from: '09:00', to: '11:00', agents: 3 }],
    },
  ],
};

describe('simulated clerks and the hub follow one published roster', () => {
  it('the counters open as planned and the alarm expects exactly them, at every sampled moment', async () => {
    const { hall: base, env } = hubConfigFor(busyMorning);
    const hall = parseHallConfig({ ...base, roster: ROSTER }, 'test config');
    const scheduler = new VirtualScheduler(at('08:30'), { ioRounds: 6 });
    const t = await startTestHub({ hall, clock: () => scheduler.now() });
    const roster = await publishedDayFromHub({ hubHttp: t.httpUrl, displayToken: t.displayToken, date: DATE });
    expect(roster?.version).toBe(9);
    const sim = new HallSim({
      scenario: busyMorning,
      date: DATE,
      hubUrl: t.url,
      scheduler,
      deviceClock: scheduler,
      env,
      roster,
    });
    const samples: Array<{ at: string; expected: number | null; open: number; staffing: unknown }> = [];
    for (const hhmm of ['09:10', '09:40', '10:05', '10:40', '11:40'])
      scheduler.at(at(hhmm), () => {
        const facts = t.hub.alerts.facts(scheduler.now());
        const snapshot = t.hub.state.snapshot();
        samples.push({
          at: hhmm,
          expected: facts.scheduledCounters,
          // Counters a clerk works now: open and not on a break.
          open: snapshot.counters.filter((c) => c.status !== 'closed' && c.status !== 'paused').length,
          staffing: snapshot.staffing,
        });
      });
    try {
      await sim.start();
      await scheduler.run(at('12:30'));
    } finally {
      await sim.stop();
      await t.stop();
    }
    expect(samples.map((s) => [s.at, s.expected, s.open])).toEqual([
      ['09:10', 2, 2],
      ['09:40', 3, 3],
      // E1001 on the planned break.
      ['10:05', 2, 2],
      // E1002's shift has ended.
      ['10:40', 2, 2],
      ['11:40', 1, 1],
    ]);
    expect(samples[2]?.staffing).toMatchObject({ planned: 2, required: 3, rosterVersion: 9 });
  }, 180_000);
});

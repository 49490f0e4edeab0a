/**
 * The simulated clerks follow a published roster (the hub's roster section for the day) instead of the
 * scenario's weekly one: in virtual time, every shift's counter opens at the shift's start and closes at
 * its end, a planned break pauses it, a clerk without a shift never signs in, and a shift whose clerk has
 * no counter of their own is seated at a free one. The scenario is the quiet weekday hall with a tenth of
 * its customers (the clerks' buttons are what is checked, not the queue).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '@hall/scripts/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualScheduler } from '../src/clock/scheduler.ts';
import { zonedEpoch } from '../src/hall/calendar.ts';
import { HallSim } from '../src/hall/hall.sim.ts';
import { rosterShifts } from '../src/hall/roster-shifts.ts';
import { loadScenario } from '../src/hall/scenario.ts';
import { observe, startBareBroker, type BareBroker } from './support/broker.ts';
import { startFakeHub } from './support/fake-hub.ts';

const shipped = loadScenario(resolve(import.meta.dirname, '../scenarios/quiet-weekday.yaml'));
const scenario = {
  ...shipped,
  services: shipped.services.map((s) => ({ ...s, surge: 0.1 })),
};
const DATE = '2026-11-25';
const at = (hhmm: string) => zonedEpoch(DATE, hhmm, scenario.hall.timeZone);

const ROSTER = {
  shifts: [
    {
      staffId: 'E1001',
      start: '09:00',
      end: '12:00',
      breaks: [{ start: '10:00', end: '10:15' }],
      serviceId: 'billing',
    },
    { staffId: 'E1003', start: '09:30', end: '11:30', breaks: [] },
    // A clerk the scenario does not know (no counter of their own): seated at a free counter.
    { staffId: 'E9001', start: '09:00', end: '11:00', breaks: [], serviceId: 'billing' },
  ],
};

let broker: BareBroker;
let pki: string;
beforeAll(async () => {
  broker = await startBareBroker();
  pki = mkdtempSync(join(tmpdir(), 'hall-roster-sim-'));
});
afterAll(async () => {
  await broker?.close();
  rmSync(pki, { recursive: true, force: true });
});

describe('simulated clerks and the published roster', () => {
  it('seats each shift at a counter free for all of it: the clerk’s own first, else one skilled for its service', () => {
    const { shifts, unseated } = rosterShifts(scenario, {
      shifts: [
        ...ROSTER.shifts,
        // More clerks than counters from 09:05: C04-C10 are free, the eighth stranger has nowhere to sit.
        ...Array.from({ length: 8 }, (_, i) => ({
          staffId: `E80${String(i).padStart(2, '0')}`,
          start: '09:05',
          end: '10:00',
          breaks: [],
        })),
      ],
    });
    const seat = new Map(shifts.map((s) => [s.staff.id, s.staff.counterId]));
    expect(seat.get('E1001')).toBe('C01');
    expect(seat.get('E1003')).toBe('C03');
    // C01's clerk is at C01; C02's (E1002) is skilled for billing and C02 is free.
    expect(seat.get('E9001')).toBe('C02');
    expect(unseated).toEqual(['E8007 09:05-10:00']);
    // The break is the roster's: 15 minutes from 10:00.
    expect(shifts.find((s) => s.staff.id === 'E1001')?.breaks).toEqual([
      { start: '10:00', minutes: 15, reason: 'break' },
    ]);
  });

  it('opens and closes the counters as the roster plans, on a virtual clock', async () => {
    const hub = await startFakeHub(broker.url, scenario.hall.id, {
      prefixes: Object.fromEntries(scenario.services.map((s) => [s.id, s.prefix])),
      padOf: (counter) => counter.replace('ctr-', 'pad-'),
    });
    const observer = await observe(broker.port, `hall/${scenario.hall.id}/dev/+/evt/+`);
    const ports = new Map<string, number>();
    for (const d of scenario.devices.peopleCounters) if (d.transport !== 'mqtt') ports.set(d.id, await freePort());
    const scheduler = new VirtualScheduler(at('08:30'), { ioRounds: 4 });
    const sim = new HallSim({
      scenario,
      date: DATE,
      seed: 3,
      hubUrl: broker.url,
      scheduler,
      deviceClock: scheduler,
      roster: ROSTER,
      portOf: (id) => ports.get(id) ?? 0,
      pkiDir: pki,
    });
    try {
      await sim.start();
      await scheduler.run(at('12:45'));
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      await sim.stop();
      await observer.stop();
      await hub.close();
    }
    const events = observer.messages.flatMap((m) => {
      const match = /\/dev\/([^/]+)\/evt\/(counter\.(?:open|close|pause|resume))$/.exec(m.topic);
      if (!match) return [];
      const p = JSON.parse(m.payload) as { ts: number; staffId?: string };
      return [{ device: match[1] as string, type: match[2] as string, ts: p.ts, staffId: p.staffId ?? null }];
    });
    const opened = events.filter((e) => e.type === 'counter.open');
    // Only the clerks on the roster sign in, once each, at their counters, at the start of their shift.
    expect(opened.map((e) => `${e.staffId}@${e.device}`).sort()).toEqual([
      'E1001@ctr-c01',
      'E1003@ctr-c03',
      'E9001@ctr-c02',
    ]);
    const startOf = { E1001: '09:00', E1003: '09:30', E9001: '09:00' } as Record<string, string>;
    for (const e of opened) expect(e.ts - at(startOf[e.staffId as string] as string)).toBeLessThan(60_000);
    // Each counter closes at the end of its shift (after the customer at the counter, if any).
    const endOf = { 'ctr-c01': '12:00', 'ctr-c03': '11:30', 'ctr-c02': '11:00' } as Record<string, string>;
    const closed = events.filter((e) => e.type === 'counter.close');
    expect(closed.map((e) => e.device).sort()).toEqual(['ctr-c01', 'ctr-c02', 'ctr-c03']);
    for (const e of closed) {
      const end = at(endOf[e.device] as string);
      expect(e.ts).toBeGreaterThanOrEqual(end);
      expect(e.ts - end).toBeLessThan(40 * 60_000);
    }
    // E1001's planned break: paused from 10:00 (or after the customer then at the counter) for 15 minutes.
    const pause = events.find((e) => e.type === 'counter.pause' && e.device === 'ctr-c01');
    const resume = events.find((e) => e.type === 'counter.resume' && e.device === 'ctr-c01');
    expect(pause && pause.ts >= at('10:00') && pause.ts < at('10:40')).toBe(true);
    expect(resume && pause && resume.ts - pause.ts).toBe(15 * 60_000);
    expect(events.filter((e) => e.type === 'counter.pause' && e.device !== 'ctr-c01')).toEqual([]);
  }, 120_000);

  it('follows a roster published while the hall works: shortened, removed, added and cancelled shifts', async () => {
    const first = {
      shifts: [
        ...ROSTER.shifts,
        // Planned for later, gone from the new roster: never comes.
        { staffId: 'E1004', start: '11:00', end: '12:00', breaks: [] },
      ],
    };
    const second = {
      shifts: [
        // Ends at 10:30 now; its 10:00 break stays.
        { ...ROSTER.shifts[0]!, end: '10:30' },
        // E1003 (at C03 since 09:30) is gone: closes after the customer at the counter.
        ROSTER.shifts[2]!,
        // New: comes at 10:15 to their own counter.
        { staffId: 'E1005', start: '10:15', end: '12:00', breaks: [] },
      ],
    };
    const hub = await startFakeHub(broker.url, scenario.hall.id, {
      prefixes: Object.fromEntries(scenario.services.map((s) => [s.id, s.prefix])),
      padOf: (counter) => counter.replace('ctr-', 'pad-'),
    });
    const observer = await observe(broker.port, `hall/${scenario.hall.id}/dev/+/evt/+`);
    const ports = new Map<string, number>();
    for (const d of scenario.devices.peopleCounters) if (d.transport !== 'mqtt') ports.set(d.id, await freePort());
    const scheduler = new VirtualScheduler(at('08:30'), { ioRounds: 4 });
    const sim = new HallSim({
      scenario,
      date: DATE,
      seed: 3,
      hubUrl: broker.url,
      scheduler,
      deviceClock: scheduler,
      roster: first,
      portOf: (id) => ports.get(id) ?? 0,
      pkiDir: pki,
    });
    try {
      await sim.start();
      scheduler.at(at('10:00'), () => sim.replan(second));
      await scheduler.run(at('12:30'));
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      await sim.stop();
      await observer.stop();
      await hub.close();
    }
    const events = observer.messages.flatMap((m) => {
      const match = /\/dev\/([^/]+)\/evt\/(counter\.(?:open|close))$/.exec(m.topic);
      if (!match) return [];
      const p = JSON.parse(m.payload) as { ts: number; staffId?: string };
      return [{ device: match[1] as string, type: match[2] as string, ts: p.ts, staffId: p.staffId ?? null }];
    });
    const opened = events.filter((e) => e.type === 'counter.open');
    expect(opened.map((e) => `${e.staffId}@${e.device}`).sort()).toEqual([
      'E1001@ctr-c01',
      'E1003@ctr-c03',
      'E1005@ctr-c05',
      'E9001@ctr-c02',
    ]);
    const e1005 = opened.find((e) => e.staffId === 'E1005');
    expect(e1005 && e1005.ts - at('10:15')).toBeLessThan(60_000);
    const closedAt = (device: string) => events.find((e) => e.type === 'counter.close' && e.device === device)?.ts ?? 0;
    // E1001: the new end (10:30), after the customer at the counter; E1003: right after 10:00.
    expect(closedAt('ctr-c01')).toBeGreaterThanOrEqual(at('10:30'));
    expect(closedAt('ctr-c01')).toBeLessThan(at('11:10'));
    expect(closedAt('ctr-c03')).toBeGreaterThanOrEqual(at('10:00'));
    expect(closedAt('ctr-c03')).toBeLessThan(at('10:40'));
    expect(closedAt('ctr-c05')).toBeGreaterThanOrEqual(at('12:00'));
  }, 120_000);
});

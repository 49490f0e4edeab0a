/**
 * A simulated busy morning end to end through a real hub, in virtual time (the hub runs on the same
 * virtual clock): the quiet-weekday hall squeezed into two busy hours, its kiosks, clerks, rating pads and
 * door counter on the wire. Every customer ends served, no-show or cancelled; timestamps are in order;
 * the hub's counts agree with the simulator's own record.
 */
import { resolve } from 'node:path';
import { HallSim, loadScenario, VirtualScheduler, zonedEpoch, type Scenario } from '@hall/simulators';
import { describe, expect, it } from 'vitest';
import { hubConfigFor } from './support/scenario-config.ts';
import { startTestHub } from './support/test-hub.ts';

const base = loadScenario(resolve(import.meta.dirname, '../../simulators/scenarios/quiet-weekday.yaml'));
const DATE = '2026-11-25'; // a Wednesday

/** Two hours of opening, 160 customers expected, clerks staying until the queue is worked off. */
const busyMorning: Scenario = {
  ...base,
  openingHours: { ...base.openingHours, wed: { open: '09:00', close: '11:00' } },
  intraday: { ...base.intraday, weekday: [8, 10, 10, 8] },
  services: base.services.map((s, i) => ({ ...s, dailyVolume: { ...s.dailyVolume, wed: [90, 40, 16, 14][i] ?? 10 } })),
  staff: base.staff.map((s) => ({ ...s, shift: { start: '08:45', end: '12:30' }, breaks: s.id === 'E1003' ? [{ start: '10:00', minutes: 15, reason: 'break' as const }] : [] })),
  devices: { ...base.devices, peopleCounters: base.devices.peopleCounters.filter((d) => d.transport === 'mqtt') },
};

describe('a busy morning through the hub', () => {
  it('serves everyone the simulator sent, and the counts agree', async () => {
    const { hall, env } = hubConfigFor(busyMorning);
    const scheduler = new VirtualScheduler(zonedEpoch(DATE, '08:30', busyMorning.hall.timeZone), { ioRounds: 6 });
    const t = await startTestHub({ hall, clock: () => scheduler.now() });
    const sim = new HallSim({ scenario: busyMorning, date: DATE, hubUrl: t.url, scheduler, deviceClock: scheduler, env });
    try {
      await sim.start();
      await scheduler.run(zonedEpoch(DATE, "14:00", busyMorning.hall.timeZone));
      await new Promise((r) => setTimeout(r, 300));

      const tickets = [...t.hub.engine.tickets.values()];
      const by = (status: string) => tickets.filter((x) => x.status === status).length;
      const s = sim.stats;
      expect(s.noAnswer).toBe(0);
      expect(s.ticketsPrinted).toBeGreaterThan(120);
      expect(tickets).toHaveLength(s.ticketsPrinted);
      // Everyone ends served, no-show or cancelled: nobody is left waiting, called or in service.
      expect(by('waiting') + by('called') + by('serving')).toBe(0);
      expect(by('done')).toBe(s.served);
      expect(by('noshow')).toBe(s.noShows);
      expect(by('cancelled')).toBe(s.cancelled);
      // Timestamps in order for every ticket.
      for (const x of tickets) {
        if (x.firstCalledAt !== null) expect(x.firstCalledAt).toBeGreaterThanOrEqual(x.issuedAt);
        if (x.startedAt !== null) expect(x.startedAt).toBeGreaterThanOrEqual(x.firstCalledAt as number);
        if (x.endedAt !== null && x.startedAt !== null) expect(x.endedAt).toBeGreaterThanOrEqual(x.startedAt);
      }
      const snapshot = t.hub.state.snapshot();
      expect(snapshot.totals).toMatchObject({ servedToday: s.served, noShowsToday: s.noShows, issuedToday: s.ticketsPrinted, ratingsToday: s.ratings });
      // The side door counts everyone who used it, in and out again.
      expect(snapshot.totals.enteredToday).toBe(s.arrived + s.walkIns);
      expect(snapshot.totals.occupancy).toBe(0);
      expect(snapshot.counters.every((c) => c.status === 'closed')).toBe(true);
      // The journal holds it all: replaying it gives the same tickets.
      expect(t.hub.store.lastSeq()).toBeGreaterThan(s.ticketsPrinted * 3);
    } finally {
      await sim.stop();
      await t.stop();
    }
  }, 180_000);
});

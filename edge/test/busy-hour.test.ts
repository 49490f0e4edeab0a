/**
 * A simulated busy morning end to end through a real hub, in virtual time (the hub runs on the same
 * virtual clock): the quiet-weekday hall squeezed into two busy hours, its kiosks, clerks, rating pads and
 * door counter on the wire. Every customer ends served, no-show or cancelled; timestamps are in order;
 * the hub's counts agree with the simulator's own record.
 */
import { HallSim, VirtualScheduler, zonedEpoch } from '@hall/simulators';
import { describe, expect, it } from 'vitest';
import { busyMorning, MORNING_DATE as DATE } from './support/busy-morning.ts';
import { hubConfigFor } from './support/scenario-config.ts';
import { startTestHub } from './support/test-hub.ts';

describe('a busy morning through the hub', () => {
  it('serves everyone the simulator sent, and the counts agree', async () => {
    const { hall, env } = hubConfigFor(busyMorning);
    const scheduler = new VirtualScheduler(zonedEpoch(DATE, '08:30', busyMorning.hall.timeZone), { ioRounds: 6 });
    const t = await startTestHub({ hall, clock: () => scheduler.now() });
    const sim = new HallSim({
      scenario: busyMorning,
      date: DATE,
      hubUrl: t.url,
      scheduler,
      deviceClock: scheduler,
      env,
    });
    try {
      await sim.start();
      await scheduler.run(zonedEpoch(DATE, '14:00', busyMorning.hall.timeZone));
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
      expect(snapshot.totals).toMatchObject({
        servedToday: s.served,
        noShowsToday: s.noShows,
        issuedToday: s.ticketsPrinted,
        ratingsToday: s.ratings,
      });
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

/**
 * Occupancy from people counters of every transport: MQTT `count` events, Modbus and OPC UA readings.
 * Each new pair of cumulative totals becomes an `occupancy.counted` event with the deltas; the last
 * totals per device come back from the journal after a restart, so nothing is counted twice.
 */
import type { Logger } from 'pino';
import type { EventBus } from '../../bus/event-bus.ts';
import type { HubEvent } from '../../bus/hub-events.ts';
import type { Journal } from '../../store/journal.ts';
import { countDelta } from './count-delta.ts';

export class OccupancyFeature {
  readonly #last = new Map<string, { in: number; out: number }>();
  readonly #o: { bus: EventBus; journal: Journal; log: Logger };

  constructor(opts: { bus: EventBus; journal: Journal; log: Logger }) {
    this.#o = opts;
  }

  /** Restores the last totals from committed events (at start, from the journal). */
  restore(event: HubEvent) {
    if (event.type === 'occupancy.counted') this.#last.set(event.deviceId, { in: event.totalIn, out: event.totalOut });
  }

  start() {
    const { bus, journal } = this.#o;
    bus.on('device.event', (msg) => {
      if (msg.event.kind !== 'people-counter' || msg.event.type !== 'count') return;
      const p = msg.event.payload;
      if (journal.seen(p.eid)) return;
      this.#reading(msg.deviceId, p.in, p.out, msg.receivedAt, p.eid);
    });
    bus.on('counter.reading', (r) => this.#reading(r.deviceId, r.inTotal, r.outTotal, r.at));
  }

  #reading(deviceId: string, inTotal: number, outTotal: number, at: number, eid?: string) {
    const last = this.#last.get(deviceId) ?? null;
    const dIn = countDelta(last?.in ?? null, inTotal);
    const dOut = countDelta(last?.out ?? null, outTotal);
    this.#last.set(deviceId, { in: inTotal, out: outTotal });
    const changed = !last || dIn.delta > 0 || dOut.delta > 0 || dIn.reset || dOut.reset;
    const events: HubEvent[] = changed
      ? [
          {
            type: 'occupancy.counted',
            at,
            deviceId,
            in: dIn.delta,
            out: dOut.delta,
            totalIn: inTotal,
            totalOut: outTotal,
            reset: dIn.reset || dOut.reset,
          },
        ]
      : [];
    if (events.length || eid) void this.#o.journal.record({ events, ...(eid ? { eid, deviceId } : {}), replies: [] });
  }
}

/**
 * Ratings: when a service finishes, the rating pad at that counter prompts the customer; the pad's
 * answer (or its report that the customer walked away) is recorded with the counter and the clerk.
 */
import type { Logger } from 'pino';
import type { EventBus } from '../../bus/event-bus.ts';
import type { HubEvent } from '../../bus/hub-events.ts';
import type { HallConfig } from '../../config.ts';
import type { Journal } from '../../store/journal.ts';
import type { QueueEngine } from '../queue/queue.engine.ts';

interface RatingsOptions {
  bus: EventBus;
  journal: Journal;
  engine: QueueEngine;
  config: HallConfig;
  log: Logger;
  reqId: () => string;
}

export class RatingsFeature {
  readonly #o: RatingsOptions;
  readonly #padsOf = new Map<string, string[]>();
  readonly #counterOfPad = new Map<string, string>();

  constructor(opts: RatingsOptions) {
    this.#o = opts;
    for (const d of opts.config.devices) {
      if (d.transport === 'mqtt' && d.kind === 'rating-pad' && d.counterId) {
        this.#padsOf.set(d.counterId, [...(this.#padsOf.get(d.counterId) ?? []), d.id]);
        this.#counterOfPad.set(d.id, d.counterId);
      }
    }
  }

  start() {
    const { bus, journal, engine } = this.#o;
    bus.on('hub.committed', ({ events }) => {
      for (const e of events) {
        if (e.type !== 'ticket.finished') continue;
        const staff = this.#o.config.staff.find((s) => s.id === e.staffId);
        for (const pad of this.#padsOf.get(e.counterId) ?? []) {
          bus.emit('device.command', {
            deviceId: pad,
            name: 'prompt',
            payload: { reqId: this.#o.reqId(), ticketNo: e.ticketNo, counterId: e.counterId, staffId: e.staffId ?? 'unknown', ...(staff ? { staffName: staff.name } : {}), timeoutSec: 60 },
          });
        }
      }
    });
    bus.on('device.event', (msg) => {
      if (msg.event.kind !== 'rating-pad') return;
      const p = msg.event.payload;
      if (journal.seen(p.eid)) return;
      const counterId = this.#counterOfPad.get(msg.deviceId) ?? null;
      const ticket = engine.tickets.get(p.ticketNo);
      const event: HubEvent =
        msg.event.type === 'rating'
          ? { type: 'rating.received', at: msg.receivedAt, ticketNo: p.ticketNo, score: msg.event.payload.score, reasons: msg.event.payload.reasons, counterId, staffId: ticket?.staffId ?? null, deviceId: msg.deviceId }
          : { type: 'rating.skipped', at: msg.receivedAt, ticketNo: p.ticketNo, counterId, deviceId: msg.deviceId };
      void journal.record({ events: [event], eid: p.eid, deviceId: msg.deviceId, replies: [] });
    });
  }
}

/**
 * Ratings: when a service finishes, the rating pad at that counter prompts the customer; the pad's
 * answer (or its report that the customer walked away) is recorded with the counter and the clerk.
 */
import type { Logger } from 'pino';
import type { EventBus } from '../../bus/event-bus.ts';
import type { HubEvent } from '../../bus/hub-events.ts';
import type { HallConfig } from '../../config.ts';
import type { Journal } from '../../store/journal.ts';
import type { QueueView } from '../../read-models.ts';

interface RatingsOptions {
  bus: EventBus;
  journal: Journal;
  /** The queue, read-only: who served the ticket being rated. */
  engine: Pick<QueueView, 'ticket'>;
  config: HallConfig;
  /** A clerk's name from the hall's staff list in force (it changes with a new config). */
  staffName: (staffId: string) => string | null;
  log: Logger;
  reqId: () => string;
}

/** What a pad is asked: rate this ticket, served by this clerk, within `timeoutSec`. */
export interface RatingPrompt {
  reqId: string;
  ticketNo: string;
  counterId: string;
  staffId: string;
  staffName?: string;
  timeoutSec: number;
}

const PROMPT_TIMEOUT_SEC = 60;

export class RatingsFeature {
  readonly #o: RatingsOptions;
  /**
   * The prompt each pad has not answered yet, until it times out: a pad page that reloads (or reconnects)
   * asks again rather than losing the customer's rating.
   */
  readonly #pending = new Map<string, { prompt: RatingPrompt; until: number }>();
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
    const { bus } = this.#o;
    bus.on('hub.committed', ({ events }) => {
      for (const e of events) {
        if (e.type !== 'ticket.finished') continue;
        const staffName = e.staffId ? this.#o.staffName(e.staffId) : null;
        for (const pad of this.#padsOf.get(e.counterId) ?? []) {
          const prompt: RatingPrompt = {
            reqId: this.#o.reqId(),
            ticketNo: e.ticketNo,
            counterId: e.counterId,
            staffId: e.staffId ?? 'unknown',
            ...(staffName ? { staffName } : {}),
            timeoutSec: PROMPT_TIMEOUT_SEC,
          };
          this.#pending.set(pad, { prompt, until: e.at + PROMPT_TIMEOUT_SEC * 1_000 });
          bus.emit('device.command', { deviceId: pad, name: 'prompt', payload: { ...prompt } });
        }
      }
    });
    bus.on('device.event', (msg) => {
      if (msg.event.kind !== 'rating-pad') return;
      const p = msg.event.payload;
      const answer =
        msg.event.type === 'rating' ? { score: msg.event.payload.score, reasons: msg.event.payload.reasons } : null;
      void this.rate({ deviceId: msg.deviceId, ticketNo: p.ticketNo, answer, at: msg.receivedAt, eid: p.eid });
    });
  }

  /** A customer's answer on a pad (MQTT or the rating-pad page); null: walked away. Applied once per eid. */
  rate(r: {
    deviceId: string;
    ticketNo: string;
    answer: { score: number; reasons: string[] } | null;
    at: number;
    eid: string;
  }): Promise<void> {
    const { journal, engine } = this.#o;
    if (this.#pending.get(r.deviceId)?.prompt.ticketNo === r.ticketNo) this.#pending.delete(r.deviceId);
    if (journal.seen(r.eid)) return Promise.resolve();
    const counterId = this.#counterOfPad.get(r.deviceId) ?? null;
    const ticket = engine.ticket(r.ticketNo);
    const event: HubEvent = r.answer
      ? {
          type: 'rating.received',
          at: r.at,
          ticketNo: r.ticketNo,
          score: r.answer.score,
          reasons: r.answer.reasons,
          counterId,
          staffId: ticket?.staffId ?? null,
          deviceId: r.deviceId,
        }
      : { type: 'rating.skipped', at: r.at, ticketNo: r.ticketNo, counterId, deviceId: r.deviceId };
    return journal.record({ events: [event], eid: r.eid, deviceId: r.deviceId, replies: [] });
  }

  /** The prompt a pad has not answered, with the seconds it has left; null when there is none or it timed out. */
  pending(deviceId: string, now: number): RatingPrompt | null {
    const p = this.#pending.get(deviceId);
    if (!p) return null;
    const left = Math.floor((p.until - now) / 1_000);
    if (left <= 0) {
      this.#pending.delete(deviceId);
      return null;
    }
    return { ...p.prompt, timeoutSec: left };
  }
}

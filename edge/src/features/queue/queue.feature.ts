/**
 * The queue as the devices see it: ticket terminals and counter terminals press, the engine decides,
 * the journal makes it durable, then the device gets its answer (`print`, `display` or `reject`). A
 * duplicate delivery of the same event (eid) gets the same answer again and changes nothing. Idle
 * counters are told when people start waiting, so a clerk's display never shows an empty queue wrongly.
 */
import type { Logger } from 'pino';
import type { BusEvents, EventBus } from '../../bus/event-bus.ts';
import type { DeviceCommand, HubEvent } from '../../bus/hub-events.ts';
import type { HallConfig } from '../../config.ts';
import type { Journal } from '../../store/journal.ts';
import type { QueueEngine } from './queue.engine.ts';
import { QueueRejection, type QueueEvent } from './queue.types.ts';

export interface QueueFeatureOptions {
  engine: QueueEngine;
  journal: Journal;
  bus: EventBus;
  config: HallConfig;
  clock: () => number;
  log: Logger;
  /** The hall-local date of an instant (YYYY-MM-DD), for the daily reset. */
  localDate: (at: number) => string;
}

/** What a counter terminal's buttons and page can ask. */
export type CounterAction =
  | { type: 'counter.open'; staffId: string }
  | { type: 'counter.pause'; reason: 'break' | 'meal' | 'meeting' | 'training' | 'backoffice' | 'other'; note?: string }
  | { type: 'counter.resume' }
  | { type: 'counter.close' }
  | { type: 'call.next' }
  | { type: 'call.recall'; ticketNo?: string }
  | { type: 'call.specific'; ticketNo: string }
  | { type: 'ticket.start'; ticketNo?: string }
  | { type: 'ticket.finish'; ticketNo?: string; txCount?: number; txTypes?: string[] }
  | { type: 'ticket.noshow'; ticketNo?: string }
  | { type: 'ticket.transfer'; toServiceId: string; ticketNo?: string };

export type ActionResult = { ok: true; events: QueueEvent[] } | { ok: false; code: string; message: string };

export class QueueFeature {
  readonly #o: QueueFeatureOptions;
  readonly #counterOf: Map<string, string>;
  readonly #terminalsOf = new Map<string, string[]>();
  #req = 0;
  readonly #boot = Math.floor(Date.now() / 1000).toString(36);
  /**
   * Counters open when the hub started (sessions of its previous process) that nobody has resumed yet,
   * and when the hub releases them (`queue.resumeAfterRestartMinutes` after the start, on the hub's clock).
   */
  readonly #unattended = new Set<string>();
  #releaseUnattendedAt = Infinity;
  #watch: ReturnType<typeof setInterval> | null = null;

  constructor(opts: QueueFeatureOptions) {
    this.#o = opts;
    this.#counterOf = new Map();
    for (const d of opts.config.devices) {
      if (d.transport === 'mqtt' && d.counterId && d.kind === 'counter-terminal') {
        this.#counterOf.set(d.id, d.counterId);
        this.#terminalsOf.set(d.counterId, [...(this.#terminalsOf.get(d.counterId) ?? []), d.id]);
      }
    }
  }

  start(): void {
    this.#o.bus.on(
      'device.event',
      (msg) =>
        void this.#onDevice(msg).catch((err: unknown) =>
          this.#o.log.error({ err, device: msg.deviceId }, 'queue: device event failed'),
        ),
    );
    this.#o.bus.on('hub.committed', ({ events }) => this.#tellIdleCounters(events));
    // The journal rebuilt the counters as the previous process left them: open, calling, serving.
    for (const c of this.#o.engine.counters.values()) if (c.status !== 'closed') this.#unattended.add(c.id);
    if (this.#unattended.size > 0) {
      this.#releaseUnattendedAt = this.#o.clock() + this.#o.config.queue.resumeAfterRestartMinutes * 60_000;
      this.#o.log.info(
        { counters: [...this.#unattended], minutes: this.#o.config.queue.resumeAfterRestartMinutes },
        'counters open before the restart: their clerks may resume them, then they are released',
      );
      this.#watch = setInterval(() => void this.releaseUnattended(), 5_000);
      this.#watch.unref();
    }
  }

  stop(): void {
    if (this.#watch) clearInterval(this.#watch);
    this.#watch = null;
  }

  /** Counters carried over from before the restart that nobody has resumed (yet). */
  get unattended(): ReadonlySet<string> {
    return this.#unattended;
  }

  /**
   * Once the time to resume is over: every counter still unattended is released (`counter.closed` with
   * reason `restart`, its ticket back to the queue or a no-show), so customers are called again.
   */
  async releaseUnattended(now = this.#o.clock()): Promise<void> {
    if (now < this.#releaseUnattendedAt || this.#unattended.size === 0) return;
    const events: QueueEvent[] = [];
    for (const counterId of this.#unattended) {
      const r = this.#attempt(() => this.#o.engine.decideRelease(counterId, 'hub', now, 'restart'));
      if (r.ok) events.push(...r.events);
    }
    this.#unattended.clear();
    this.stop();
    if (events.length === 0) return;
    this.#o.log.warn(
      { counters: events.flatMap((e) => (e.type === 'counter.closed' ? [e.counterId] : [])) },
      'counters nobody resumed after the restart released',
    );
    await this.#o.journal.record({ events, replies: [] });
    this.#showOn(null, events);
  }

  reqId(): string {
    this.#req += 1;
    return `h${this.#boot}-${this.#req}`;
  }

  /**
   * Starts the hall's day when the local date changed (at the first action after midnight, or now).
   * Synchronous up to staging the entry: no other message may be decided in between.
   */
  rollover(now = this.#o.clock()): Promise<void> {
    const events = this.#o.engine.decideDay(this.#o.localDate(now), now);
    if (events.length === 0) return Promise.resolve();
    // A new day closes every counter: nothing of the previous process is left to resume.
    this.#unattended.clear();
    for (const e of events) this.#o.engine.apply(e);
    return this.#o.journal.record({ events, replies: [] });
  }

  async #onDevice(msg: BusEvents['device.event']) {
    const { event, deviceId } = msg;
    if (event.kind !== 'ticket-terminal' && event.kind !== 'counter-terminal') return;
    // From the duplicate check to staging the journal entry nothing may await: a redelivery of the same
    // eid handled in between would be decided twice.
    const eid = event.payload.eid;
    const earlier = this.#o.journal.seen(eid);
    if (earlier) {
      // The same event again (a QoS 1 redelivery): same answer, no second change.
      await earlier.durable;
      for (const reply of earlier.replies) this.#send(reply);
      return;
    }
    void this.rollover();
    const now = this.#o.clock();
    let events: QueueEvent[] = [];
    let replies: DeviceCommand[] = [];
    if (event.kind === 'ticket-terminal') {
      if (event.type === 'ticket.request') {
        const p = event.payload;
        const r = this.#attempt(() =>
          this.#o.engine.decideIssue(
            { serviceId: p.serviceId, priority: p.priority ?? null, channel: p.channel, deviceId },
            now,
          ),
        );
        events = r.ok ? r.events : [];
        replies = [r.ok ? this.#print(deviceId, eid, r.events) : this.#reject(deviceId, eid, r)];
      } else {
        const r = this.#attempt(() => this.#o.engine.decideCancel(event.payload.ticketNo, now));
        events = r.ok ? r.events : [];
      }
    } else {
      const counterId = this.#counterOf.get(deviceId);
      if (!counterId) {
        this.#o.log.warn({ device: deviceId }, 'counter terminal without a counter');
        return;
      }
      const r = this.act(
        counterId,
        event.payload as unknown as CounterAction & Record<string, unknown>,
        event.type,
        now,
      );
      events = r.ok ? r.events : [];
      replies = [r.ok ? this.#display(deviceId, counterId, eid) : this.#reject(deviceId, eid, r)];
    }
    await this.#o.journal.record({ events, eid, deviceId, replies });
    for (const reply of replies) this.#send(reply);
    // A press that changed another counter too (the clerk moved here from it): its display follows.
    const here = this.#counterOf.get(deviceId);
    if (here && events.some((e) => 'counterId' in e && e.counterId !== here)) this.#showOn(null, events, here);
  }

  /**
   * A counter action from the counter-terminal page (same semantics as the call button): decided,
   * made durable, then the counter's physical display follows. Resolves with what the page shows.
   */
  async perform(
    counterId: string,
    action: CounterAction,
  ): Promise<ActionResult & { display: ReturnType<QueueFeature['displayFor']> }> {
    void this.rollover();
    const result = this.act(counterId, action as unknown as Record<string, unknown>, action.type, this.#o.clock());
    await this.#o.journal.record({ events: result.ok ? result.events : [], replies: [] });
    if (result.ok) this.#showOn(counterId, result.events);
    return { ...result, display: this.displayFor(counterId) };
  }

  /**
   * A manager releases a counter whose clerk is gone (audited in the journal: the ticket it held, then
   * `counter.closed` with reason `released` and who did it).
   */
  async release(counterId: string, by: string): Promise<ActionResult> {
    void this.rollover();
    const result = this.#attempt(() => this.#o.engine.decideRelease(counterId, by, this.#o.clock()));
    this.#unattended.delete(counterId);
    await this.#o.journal.record({ events: result.ok ? result.events : [], replies: [] });
    if (result.ok) this.#showOn(counterId, result.events);
    return result;
  }

  /** The physical displays of the counter acted on and of every other counter the events changed. */
  #showOn(counterId: string | null, events: QueueEvent[], except?: string) {
    const counters = new Set([
      ...(counterId ? [counterId] : []),
      ...events.flatMap((e) => ('counterId' in e ? [e.counterId] : [])),
    ]);
    if (except) counters.delete(except);
    for (const id of counters)
      for (const deviceId of this.#terminalsOf.get(id) ?? []) this.#send(this.#display(deviceId, id));
  }

  /** Decides a counter action and applies it to the engine (the caller records it). */
  act(counterId: string, payload: Record<string, unknown>, type: CounterAction['type'], now: number): ActionResult {
    const p = payload as Record<string, string | number | string[] | undefined>;
    const ticketNo = p.ticketNo as string | undefined;
    // Someone is at the counter: any press there, or a clerk signing in, ends its carried-over state.
    if (type !== 'counter.open') this.#unattended.delete(counterId);
    const result = this.#decide(counterId, p, type, ticketNo, now);
    if (result.ok) this.#unattended.delete(counterId);
    return result;
  }

  #decide(
    counterId: string,
    p: Record<string, string | number | string[] | undefined>,
    type: CounterAction['type'],
    ticketNo: string | undefined,
    now: number,
  ): ActionResult {
    const q = this.#o.engine;
    return this.#attempt(() => {
      switch (type) {
        case 'counter.open':
          return q.decideOpen(counterId, String(p.staffId), now, (id) => this.#unattended.has(id));
        case 'counter.pause':
          return q.decidePause(counterId, p.reason as 'break', (p.note as string | undefined) ?? null, now);
        case 'counter.resume':
          return q.decideResume(counterId, now);
        case 'counter.close':
          return q.decideClose(counterId, now);
        case 'call.next':
          return q.decideCallNext(counterId, now);
        case 'call.recall':
          return q.decideRecall(counterId, ticketNo, now);
        case 'call.specific':
          return q.decideCallSpecific(counterId, String(ticketNo), now);
        case 'ticket.start':
          return q.decideStart(counterId, ticketNo, now);
        case 'ticket.finish':
          return q.decideFinish(
            counterId,
            { ticketNo, txCount: p.txCount as number | undefined, txTypes: p.txTypes as string[] | undefined },
            now,
          );
        case 'ticket.noshow':
          return q.decideNoShow(counterId, ticketNo, now);
        case 'ticket.transfer':
          return q.decideTransfer(counterId, String(p.toServiceId), ticketNo, now);
      }
    });
  }

  /** Runs a decision and applies its events; a refusal becomes a result, anything else is a bug. */
  #attempt(decide: () => QueueEvent[]): ActionResult {
    try {
      const events = decide();
      for (const e of events) this.#o.engine.apply(e);
      return { ok: true, events };
    } catch (err) {
      if (err instanceof QueueRejection) return { ok: false, code: err.code, message: err.message };
      throw err;
    }
  }

  #print(deviceId: string, inReplyTo: string, events: QueueEvent[]): DeviceCommand {
    const issued = events.find((e): e is Extract<QueueEvent, { type: 'ticket.issued' }> => e.type === 'ticket.issued');
    if (!issued) throw new Error('issue decided without a ticket');
    const service = this.#o.engine.service(issued.serviceId);
    return {
      deviceId,
      name: 'print',
      payload: {
        reqId: this.reqId(),
        inReplyTo,
        ticketNo: issued.ticketNo,
        serviceId: issued.serviceId,
        serviceName: service?.name ?? issued.serviceId,
        waitingAhead: issued.waitingAhead,
        eta: issued.eta,
        issuedAt: issued.at,
      },
    };
  }

  /** What a counter's display shows now. */
  displayFor(counterId: string): { status: string; ticketNo?: string; serviceName?: string; waiting: number } {
    const q = this.#o.engine;
    const c = q.counters.get(counterId);
    const weights = this.#o.config.counters.find((x) => x.id === counterId)?.services ?? {};
    let waiting = 0;
    for (const t of q.tickets.values()) if (t.status === 'waiting' && (weights[t.serviceId] ?? 0) > 0) waiting += 1;
    const ticket = c?.ticketNo ? q.ticket(c.ticketNo) : undefined;
    return {
      status: c?.status ?? 'closed',
      ...(ticket
        ? { ticketNo: ticket.ticketNo, serviceName: q.service(ticket.serviceId)?.name ?? ticket.serviceId }
        : {}),
      waiting,
    };
  }

  #display(deviceId: string, counterId: string, inReplyTo?: string): DeviceCommand {
    return {
      deviceId,
      name: 'display',
      payload: { reqId: this.reqId(), ...(inReplyTo ? { inReplyTo } : {}), ...this.displayFor(counterId) },
    };
  }

  #reject(deviceId: string, inReplyTo: string, r: { code: string; message: string }): DeviceCommand {
    return {
      deviceId,
      name: 'reject',
      payload: { reqId: this.reqId(), inReplyTo, code: r.code, message: r.message.slice(0, 200) },
    };
  }

  #send(cmd: DeviceCommand) {
    this.#o.bus.emit('device.command', cmd);
  }

  /** When tickets are issued or given up, idle counters that serve the service get a fresh display. */
  #tellIdleCounters(events: HubEvent[]) {
    const services = new Set<string>();
    for (const e of events) {
      if (e.type === 'ticket.issued') services.add(e.serviceId);
      else if (e.type === 'ticket.cancelled' || e.type === 'ticket.transferred' || e.type === 'ticket.requeued') {
        const t = this.#o.engine.ticket(e.ticketNo);
        if (t) services.add(t.serviceId);
      }
    }
    if (services.size === 0) return;
    for (const counter of this.#o.config.counters) {
      if (this.#o.engine.counters.get(counter.id)?.status !== 'idle') continue;
      if (![...services].some((s) => (counter.services[s] ?? 0) > 0)) continue;
      for (const deviceId of this.#terminalsOf.get(counter.id) ?? []) this.#send(this.#display(deviceId, counter.id));
    }
  }
}

/**
 * The live hall (DESIGN.md §4, "Hall state"): per service waiting, longest wait and the estimate for
 * the next ticket; per counter status, clerk, current ticket and served today; for the hall occupancy,
 * arrivals per 15 minutes, served, average wait, the share called within target, CSAT and devices
 * online. Derived from the queue engine and committed events; listeners hear of every committed change.
 */
import type { EventBus } from '../../bus/event-bus.ts';
import type { HubEvent } from '../../bus/hub-events.ts';
import type { HallConfig } from '../../config.ts';
import type { ActiveAlarm, DevicesView, HallSnapshot, HallView, QueueFacts, QueueView } from '../../read-models.ts';

export type { HallSnapshot };

const MINUTE = 60_000;
type QueueTicket = NonNullable<ReturnType<QueueView['ticket']>>;
const SLOT = 15 * MINUTE;

export interface HallStateOptions {
  queue: QueueView;
  devices: DevicesView;
  /** The active alarms (the alerts feature's), most severe first. */
  alarms: () => ActiveAlarm[];
  config: HallConfig;
  clock: () => number;
  bus: EventBus;
  /** A clerk's name from the hall's staff list in force (it changes with a new config). */
  staffName: (staffId: string) => string | null;
  /**
   * The published roster's plan for now (clerks at the counters, clerks required, its version); null
   * without a roster day for the hall's today.
   */
  planned?: (at: number) => { clerks: number; required: number | null; version: number } | null;
}

export class HallState implements HallView {
  readonly #o: HallStateOptions;
  #entered = 0;
  #left = 0;
  #ratings = { n: 0, sum: 0 };
  #arrivals = new Map<number, number>();
  #calls: HallSnapshot['calls'] = [];
  #seq = 0;
  /** Issue times of the last hours, for arrival rates (the surge rule). */
  #issueTimes: number[] = [];
  /** Low ratings in a row per counter. */
  readonly #lowStreak = new Map<string, number>();
  readonly #listeners = new Set<(seq: number) => void>();
  /** Set by the alerts feature once it exists (it is built after the hall state). */
  constructor(opts: HallStateOptions) {
    this.#o = opts;
  }

  start() {
    this.#o.bus.on('hub.committed', ({ events }) => {
      for (const e of events) this.apply(e);
      for (const listener of this.#listeners) listener(this.#seq);
    });
  }

  /** Folds one committed event in (also used to rebuild after a restart). */
  apply(e: HubEvent & { seq?: number }) {
    if (e.seq) this.#seq = e.seq;
    switch (e.type) {
      case 'day.started':
        this.#entered = 0;
        this.#left = 0;
        this.#ratings = { n: 0, sum: 0 };
        this.#arrivals.clear();
        this.#calls = [];
        this.#issueTimes = [];
        this.#lowStreak.clear();
        return;
      case 'ticket.issued': {
        const slot = Math.floor(e.at / SLOT) * SLOT;
        this.#arrivals.set(slot, (this.#arrivals.get(slot) ?? 0) + 1);
        this.#issueTimes.push(e.at);
        if (this.#issueTimes.length > 5_000 || (this.#issueTimes[0] ?? e.at) < e.at - 3 * 3_600_000)
          this.#issueTimes = this.#issueTimes.filter((t) => t >= e.at - 3 * 3_600_000);
        return;
      }
      case 'ticket.called':
      case 'ticket.recalled': {
        const counter = this.#o.config.counters.find((c) => c.id === e.counterId);
        this.#calls.unshift({
          ticketNo: e.ticketNo,
          counterId: e.counterId,
          counterName: counter?.name ?? e.counterId,
          at: e.at,
          recall: e.type === 'ticket.recalled',
        });
        this.#calls.length = Math.min(this.#calls.length, 10);
        return;
      }
      case 'occupancy.counted':
        this.#entered += e.in;
        this.#left += e.out;
        return;
      case 'rating.received':
        this.#ratings.n += 1;
        this.#ratings.sum += e.score;
        if (e.counterId)
          this.#lowStreak.set(
            e.counterId,
            e.score <= this.#o.config.alerts.lowRating.maxScore ? (this.#lowStreak.get(e.counterId) ?? 0) + 1 : 0,
          );
        return;
    }
  }

  /** Tickets issued in [from, to). */
  arrivalsBetween(from: number, to: number): number {
    let n = 0;
    for (const t of this.#issueTimes) if (t >= from && t < to) n += 1;
    return n;
  }

  lowRatingStreak(counterId: string): number {
    return this.#lowStreak.get(counterId) ?? 0;
  }

  /** Tells the listeners that something they show changed outside the journal (a new roster). */
  nudge() {
    for (const listener of this.#listeners) listener(this.#seq);
  }

  /** Called with the journal position after every committed change. */
  subscribe(listener: (seq: number) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Waiting tickets, and per service and counter what both the snapshot and the alarm rules show. */
  #queue(now: number) {
    const { queue: engine, config } = this.#o;
    const waitingAll: QueueTicket[] = [];
    for (const t of engine.tickets.values()) if (t.status === 'waiting') waitingAll.push(t);
    const services = config.services.map((s) => {
      const waiting = waitingAll.filter((t) => t.serviceId === s.id);
      const longest = waiting.reduce((m, t) => Math.max(m, now - t.arrivalAt), 0);
      let capacity = 0;
      let idle = 0;
      for (const c of config.counters) {
        const state = engine.counters.get(c.id);
        if (!state || state.status === 'closed' || state.status === 'paused') continue;
        const w = c.services[s.id] ?? 0;
        const total = Object.values(c.services).reduce((a, b) => a + b, 0);
        if (w <= 0 || total <= 0) continue;
        capacity += w / total;
        if (state.status === 'idle') idle += 1;
      }
      return {
        id: s.id,
        name: s.name,
        waiting: waiting.length,
        longestWaitMinutes: round(longest / MINUTE),
        openCapacity: round(capacity),
        capacity,
        idle,
      };
    });
    const counters = config.counters.map((c) => {
      const st = engine.counters.get(c.id);
      return {
        id: c.id,
        name: c.name,
        status: st?.status ?? 'closed',
        sinceMinutes: st?.since ? round((now - st.since) / MINUTE) : 0,
        servesWaiting: waitingAll.filter((t) => (c.services[t.serviceId] ?? 0) > 0).length,
      };
    });
    return { services, counters };
  }

  queueFacts(): QueueFacts {
    const { services, counters } = this.#queue(this.#o.clock());
    return {
      services: services.map(({ capacity: _c, idle: _i, ...s }) => s),
      counters,
      occupancy: Math.max(0, this.#entered - this.#left),
    };
  }

  snapshot(): HallSnapshot {
    const { queue: engine, config, clock, devices: availability } = this.#o;
    const now = clock();
    const tickets = [...engine.tickets.values()];
    const queue = this.#queue(now);
    // One pass over the day's tickets (a busy day has hundreds): counts by status, done by service,
    // waits of those called.
    const doneBy = new Map<string, number>();
    const byStatus = { done: 0, noshow: 0, cancelled: 0 };
    let called = 0;
    let waitSum = 0;
    let withinTarget = 0;
    for (const t of tickets) {
      if (t.status === 'done') doneBy.set(t.serviceId, (doneBy.get(t.serviceId) ?? 0) + 1);
      if (t.status === 'done' || t.status === 'noshow' || t.status === 'cancelled') byStatus[t.status] += 1;
      if (t.firstCalledAt !== null) {
        const wait = t.firstCalledAt - t.arrivalAt;
        called += 1;
        waitSum += wait;
        if (wait <= (engine.service(t.serviceId)?.targetWaitMinutes ?? 10) * MINUTE) withinTarget += 1;
      }
    }
    const services = config.services.map((s, i) => {
      const q = queue.services[i] as (typeof queue.services)[number];
      return {
        id: s.id,
        name: s.name,
        prefix: s.prefix,
        waiting: q.waiting,
        longestWaitMinutes: q.longestWaitMinutes,
        eta: engine.eta({ ahead: q.waiting, serviceId: s.id, capacity: q.capacity, idle: q.idle }),
        servedToday: doneBy.get(s.id) ?? 0,
        targetWaitMinutes: s.targetWaitMinutes,
        openCapacity: q.openCapacity,
      };
    });
    const counters = config.counters.map((c, i) => {
      const q = queue.counters[i] as (typeof queue.counters)[number];
      const st = engine.counters.get(c.id);
      const ticket = st?.ticketNo ? engine.ticket(st.ticketNo) : undefined;
      return {
        id: c.id,
        name: c.name,
        status: q.status,
        staffId: st?.staffId ?? null,
        staffName: st?.staffId ? this.#o.staffName(st.staffId) : null,
        ticketNo: st?.ticketNo ?? null,
        serviceName: ticket ? (engine.service(ticket.serviceId)?.name ?? null) : null,
        servedToday: st?.servedToday ?? 0,
        sinceMinutes: q.sinceMinutes,
        pauseReason: st?.pauseReason ?? null,
        servesWaiting: q.servesWaiting,
      };
    });
    return {
      hall: {
        id: config.hall.id,
        name: config.hall.name,
        capacity: config.hall.capacity,
        timeZone: config.hall.timeZone,
      },
      at: now,
      date: engine.date,
      seq: this.#seq,
      services,
      counters,
      calls: this.#calls,
      alarms: this.#o.alarms(),
      staffing: this.#staffing(now, counters),
      totals: {
        occupancy: Math.max(0, this.#entered - this.#left),
        enteredToday: this.#entered,
        arrivalsPer15: [...this.#arrivals.entries()]
          .sort((a, b) => a[0] - b[0])
          .map(([from, n]) => ({ from, tickets: n })),
        issuedToday: tickets.length,
        servedToday: byStatus.done,
        noShowsToday: byStatus.noshow,
        cancelledToday: byStatus.cancelled,
        avgWaitMinutes: called ? round(waitSum / called / MINUTE) : null,
        serviceLevel: called ? round((withinTarget / called) * 100) / 100 : null,
        csatToday: this.#ratings.n ? round(this.#ratings.sum / this.#ratings.n) : null,
        ratingsToday: this.#ratings.n,
        devicesOnline: availability.online(),
        devicesTotal: availability.devices.size,
      },
    };
  }

  /** Staffed vs required now; open counters counted as the "counters below schedule" rule counts them. */
  #staffing(now: number, counters: HallSnapshot['counters']): HallSnapshot['staffing'] {
    const plan = this.#o.planned?.(now);
    if (!plan) return null;
    const open = counters.filter((c) => c.status !== 'closed').length;
    return { planned: plan.clerks, required: plan.required, open, rosterVersion: plan.version };
  }
}

const round = (x: number) => Math.round(x * 10) / 10;

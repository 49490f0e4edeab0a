/**
 * The hall's call system (DESIGN.md §4): decides what a command does and records it as events.
 *
 * `decide*` methods check a command against the current state and return the events it causes (or
 * throw a QueueRejection); `apply` changes the state by an event. The hub applies each decision at once
 * (the next command must see it) and answers the device after the events are durable. Replaying the
 * stored events through `apply` rebuilds the same state after a restart: `apply` never reads the clock.
 */
import type { CounterConfig, HallConfig, ServiceConfig } from '../../config.ts';
import { estimateWait, ServiceTimes } from './wait.estimate.ts';
import {
  QueueRejection,
  type CallReason,
  type Channel,
  type Counter,
  type PauseReason,
  type Priority,
  type QueueEvent,
  type Ticket,
} from './queue.types.ts';

const MINUTE = 60_000;

export class QueueEngine {
  /**
   * Every ticket of the day by its internal id (issue order). Not by number: numbers wrap within their
   * range and a finished ticket's number is issued again, which must not overwrite the finished one.
   */
  readonly tickets = new Map<number, Ticket>();
  /** Number → the newest ticket with it: the only one that can still be active (see #peekNumber). */
  readonly #byNumber = new Map<string, Ticket>();
  readonly counters = new Map<string, Counter>();
  readonly serviceTimes: ServiceTimes;
  date: string | null = null;
  /** When the current day started (its `day.started` event); 0 before the first. */
  dayStartedAt = 0;
  readonly #services: Map<string, ServiceConfig>;
  readonly #counterConfig: Map<string, CounterConfig>;
  readonly #nextNumber = new Map<string, number>();
  readonly #config: HallConfig;
  /** The clerks' skills as the config in force says (replaced live by `setStaff`). */
  #staff = new Map<string, HallConfig['staff'][number]>();

  constructor(config: HallConfig) {
    this.#config = config;
    this.setStaff(config.staff);
    this.#services = new Map(config.services.map((s) => [s.id, s]));
    this.#counterConfig = new Map(config.counters.map((c) => [c.id, c]));
    this.serviceTimes = new ServiceTimes(config.services);
    this.#resetDay();
  }

  /** A new staff list (a new config from the cloud): the next call-next weighs by its skills. */
  setStaff(staff: HallConfig['staff']) {
    this.#staff = new Map(staff.map((s) => [s.id, s]));
  }

  /** How much the clerk's skill for a service weighs (queue.skillWeights); 1 for a clerk without skills. */
  skillWeight(staffId: string | null, serviceId: string): number {
    const w = this.#config.queue.skillWeights;
    const s = staffId ? this.#staff.get(staffId) : undefined;
    if (!s || (!s.skills && !s.levels)) return w.expert;
    const level = s.levels?.[serviceId];
    if (level === 3) return w.expert;
    if (level === 2) return w.independent;
    if (level === 1) return w.learning;
    // Skills listed without levels (a hand-written config): skilled is skilled.
    if (!s.levels && s.skills?.includes(serviceId)) return w.expert;
    return w.unskilled;
  }

  #resetDay() {
    this.tickets.clear();
    this.#byNumber.clear();
    this.#nextNumber.clear();
    for (const c of this.#config.counters) {
      this.counters.set(c.id, {
        id: c.id,
        status: 'closed',
        staffId: null,
        ticketNo: null,
        pauseReason: null,
        servedToday: 0,
        priorityStreak: 0,
        since: 0,
      });
    }
  }

  /**
   * The ticket a number means now: the newest one issued with it. Events and presses name tickets by
   * number, which is unambiguous because a number is issued again only once its ticket has ended.
   */
  ticket(ticketNo: string): Ticket | undefined {
    return this.#byNumber.get(ticketNo);
  }

  service(id: string): ServiceConfig | undefined {
    return this.#services.get(id);
  }

  /** Tickets waiting for a service, in the order they would be called without priorities. */
  waiting(serviceId?: string): Ticket[] {
    const out: Ticket[] = [];
    for (const t of this.tickets.values())
      if (t.status === 'waiting' && (!serviceId || t.serviceId === serviceId)) out.push(t);
    return out.sort((a, b) => a.arrivalAt - b.arrivalAt || a.issuedAt - b.issuedAt);
  }

  #counter(counterId: string): Counter {
    const counter = this.counters.get(counterId);
    if (!counter) throw new QueueRejection('not_allowed', `counter ${counterId} is not configured`);
    return counter;
  }

  #rank(priority: Priority | null): number {
    if (!priority) return this.#config.queue.priorityOrder.length;
    const i = this.#config.queue.priorityOrder.indexOf(priority);
    return i < 0 ? this.#config.queue.priorityOrder.length : i;
  }

  // ---- decisions ---------------------------------------------------------------------------------

  /** A new day in the hall's time zone: numbers restart, what still waits from yesterday expires. */
  decideDay(date: string, now: number): QueueEvent[] {
    if (this.date === date) return [];
    const events: QueueEvent[] = [];
    for (const t of this.tickets.values()) {
      if (t.status === 'waiting' || t.status === 'called')
        events.push({ type: 'ticket.cancelled', at: now, ticketNo: t.ticketNo, reason: 'expired' });
    }
    events.push({ type: 'day.started', at: now, date });
    return events;
  }

  decideIssue(
    cmd: { serviceId: string; priority: Priority | null; channel: Channel; deviceId: string | null },
    now: number,
  ): QueueEvent[] {
    const service = this.#services.get(cmd.serviceId);
    if (!service) throw new QueueRejection('unknown_service', `no service ${cmd.serviceId} in this hall`);
    const waiting = this.waiting(cmd.serviceId);
    if (waiting.length >= service.maxWaiting)
      throw new QueueRejection(
        'queue_full',
        `${service.name}: ${waiting.length} customers are waiting, the most this queue takes`,
      );
    const ticketNo = this.#peekNumber(service);
    // Ahead: everyone waiting for this service who would be called first (a higher or equal class).
    const rank = this.#rank(cmd.priority);
    const waitingAhead = waiting.filter((t) => this.#rank(t.priority) <= rank).length;
    const eta = estimateWait({
      ahead: waitingAhead,
      serviceId: cmd.serviceId,
      ...this.#openCapacity(cmd.serviceId),
      times: this.serviceTimes,
    });
    return [
      {
        type: 'ticket.issued',
        at: now,
        ticketNo,
        serviceId: cmd.serviceId,
        priority: cmd.priority,
        channel: cmd.channel,
        deviceId: cmd.deviceId,
        waitingAhead,
        eta,
      },
    ];
  }

  #peekNumber(service: ServiceConfig): string {
    const span = service.numberTo - service.numberFrom + 1;
    let n = this.#nextNumber.get(service.id) ?? service.numberFrom;
    // Past the end of the range numbers wrap; a number still in use today is skipped.
    for (let tries = 0; tries < span; tries++) {
      const ticketNo = `${service.prefix}${String(n).padStart(3, '0')}`;
      const existing = this.#byNumber.get(ticketNo);
      if (!existing || existing.status === 'done' || existing.status === 'noshow' || existing.status === 'cancelled')
        return ticketNo;
      n = n >= service.numberTo ? service.numberFrom : n + 1;
    }
    throw new QueueRejection('queue_full', `${service.name}: every ticket number is in use`);
  }

  /**
   * How many counters' worth of capacity serve a service right now (a counter splits over its services
   * by weight), and how many of those are idle, so would call at once.
   */
  #openCapacity(serviceId: string): { capacity: number; idle: number } {
    let capacity = 0;
    let idle = 0;
    for (const c of this.counters.values()) {
      if (c.status === 'closed' || c.status === 'paused') continue;
      const weights = this.#counterConfig.get(c.id)?.services ?? {};
      const w = weights[serviceId] ?? 0;
      const total = Object.values(weights).reduce((a, b) => a + b, 0);
      if (w <= 0 || total <= 0) continue;
      capacity += w / total;
      if (c.status === 'idle') idle += 1;
    }
    return { capacity, idle };
  }

  /**
   * A clerk signs in at a counter. The counter's session belongs to its clerk: the same clerk signing in
   * again resumes it as it is (also mid-call, also after a restart); another clerk may take over an idle
   * or paused counter but not one calling or serving a ticket (a manager releases that). One clerk, one
   * counter: signing in here closes the clerk's idle counter elsewhere, and is refused while that one
   * holds a ticket. Takeovers and moves are journaled as `counter.closed` with the reason.
   *
   * `unattended` names counters whose session nobody vouches for (carried over from before a hub restart
   * and not resumed since): their ticket does not block a takeover or a move; it goes back to its queue
   * (or ends as a no-show) as when a manager releases the counter.
   */
  decideOpen(
    counterId: string,
    staffId: string,
    now: number,
    unattended: (counterId: string) => boolean = () => false,
  ): QueueEvent[] {
    const c = this.#counter(counterId);
    if (c.status !== 'closed' && c.staffId === staffId) return [];
    const busy = (x: Counter) => x.status === 'calling' || x.status === 'serving';
    if (busy(c) && !unattended(counterId))
      throw new QueueRejection(
        'not_allowed',
        `counter ${counterId} is busy with ${c.ticketNo} (${c.staffId}): only that clerk can resume it, or a manager can release it`,
      );
    const events: QueueEvent[] = [];
    for (const other of this.counters.values()) {
      if (other === c || other.status === 'closed' || other.staffId !== staffId) continue;
      if (busy(other) && !unattended(other.id))
        throw new QueueRejection(
          'not_allowed',
          `${staffId} is at counter ${other.id} with ${other.ticketNo}: finish there first, or ask a manager to release ${other.id}`,
        );
      events.push(...this.#releaseTicket(other, now), {
        type: 'counter.closed',
        at: now,
        counterId: other.id,
        reason: 'moved',
        by: counterId,
        staffId,
      });
    }
    if (c.status !== 'closed' && c.staffId)
      events.push(...this.#releaseTicket(c, now), {
        type: 'counter.closed',
        at: now,
        counterId,
        reason: 'taken-over',
        by: staffId,
        staffId: c.staffId,
      });
    events.push({ type: 'counter.opened', at: now, counterId, staffId });
    return events;
  }

  /** The ticket a counter holds, back to its queue or ended as a no-show (`releasedTicket`); none: nothing. */
  #releaseTicket(c: Counter, now: number): QueueEvent[] {
    const t = c.ticketNo ? this.#byNumber.get(c.ticketNo) : undefined;
    if (!t || (c.status !== 'calling' && c.status !== 'serving')) return [];
    return [
      this.#config.queue.releasedTicket === 'noshow'
        ? { type: 'ticket.noshow', at: now, ticketNo: t.ticketNo, counterId: c.id, recalls: t.recalls }
        : { type: 'ticket.requeued', at: now, ticketNo: t.ticketNo, counterId: c.id },
    ];
  }

  /**
   * A manager releases a counter (its clerk is gone): the ticket it holds goes back to its queue or ends
   * as a no-show, as the queue policy says (`releasedTicket`), and the counter closes. A closed counter
   * has nothing to release. The hub itself releases counters nobody resumed after its restart
   * (`reason: 'restart'`, by `hub`).
   */
  decideRelease(counterId: string, by: string, now: number, reason: 'released' | 'restart' = 'released'): QueueEvent[] {
    const c = this.#counter(counterId);
    if (c.status === 'closed') return [];
    return [
      ...this.#releaseTicket(c, now),
      {
        type: 'counter.closed',
        at: now,
        counterId,
        reason,
        by,
        ...(c.staffId ? { staffId: c.staffId } : {}),
      },
    ];
  }

  decidePause(counterId: string, reason: PauseReason, note: string | null, now: number): QueueEvent[] {
    const c = this.#counter(counterId);
    if (c.status === 'closed') throw new QueueRejection('counter_closed', `counter ${counterId} is closed`);
    if (c.status === 'paused') return [];
    if (c.status !== 'idle') throw new QueueRejection('not_allowed', `finish with ${c.ticketNo} before pausing`);
    return [{ type: 'counter.paused', at: now, counterId, reason, note }];
  }

  decideResume(counterId: string, now: number): QueueEvent[] {
    const c = this.#counter(counterId);
    if (c.status === 'closed') throw new QueueRejection('counter_closed', `counter ${counterId} is closed`);
    if (c.status !== 'paused') return [];
    return [{ type: 'counter.resumed', at: now, counterId }];
  }

  decideClose(counterId: string, now: number): QueueEvent[] {
    const c = this.#counter(counterId);
    if (c.status === 'closed') return [];
    if (c.status === 'calling' || c.status === 'serving')
      throw new QueueRejection('not_allowed', `finish with ${c.ticketNo} before closing`);
    return [{ type: 'counter.closed', at: now, counterId }];
  }

  #idleCounter(counterId: string): Counter {
    const c = this.#counter(counterId);
    if (c.status === 'closed')
      throw new QueueRejection('counter_closed', `counter ${counterId} is closed: open it with a staff id first`);
    if (c.status === 'paused') throw new QueueRejection('counter_paused', `counter ${counterId} is paused`);
    if (c.status !== 'idle')
      throw new QueueRejection(
        'not_allowed',
        `counter ${counterId} is ${c.status === 'calling' ? 'calling' : 'serving'} ${c.ticketNo}: finish, recall or mark a no-show first`,
      );
    return c;
  }

  /**
   * Call-next: among waiting tickets of the services this counter serves, the highest priority class
   * first, unless the counter already called `maxPriorityInRow` priority tickets in a row and a regular
   * ticket waits (fairness); within the class, the longest wait weighted by the counter's weight for
   * its service and the signed-in clerk's skill for it (`skillWeight`).
   */
  decideCallNext(counterId: string, now: number): QueueEvent[] {
    const c = this.#idleCounter(counterId);
    const weights = this.#counterConfig.get(counterId)?.services ?? {};
    const weightOf = (serviceId: string) => (weights[serviceId] ?? 0) * this.skillWeight(c.staffId, serviceId);
    const candidates = [...this.tickets.values()]
      .filter((t) => t.status === 'waiting' && weightOf(t.serviceId) > 0)
      .map((t) => ({
        t,
        rank: this.#rank(t.priority),
        score: weightOf(t.serviceId) * ((now - t.arrivalAt) / MINUTE),
      }));
    if (candidates.length === 0)
      throw new QueueRejection('nobody_waiting', 'nobody is waiting for the services of this counter');
    const regularRank = this.#config.queue.priorityOrder.length;
    const fairness =
      c.priorityStreak >= this.#config.queue.maxPriorityInRow && candidates.some((x) => x.rank === regularRank);
    const byScore = (a: (typeof candidates)[number], b: (typeof candidates)[number]) =>
      b.score - a.score || a.t.arrivalAt - b.t.arrivalAt || a.t.ticketNo.localeCompare(b.t.ticketNo);
    const pool = fairness
      ? candidates.filter((x) => x.rank === regularRank)
      : candidates.filter((x) => x.rank === Math.min(...candidates.map((y) => y.rank)));
    pool.sort(byScore);
    const chosen = pool[0] as (typeof candidates)[number];
    const others = candidates.filter((x) => x !== chosen).sort((a, b) => a.rank - b.rank || byScore(a, b));
    const why: CallReason = {
      rule: fairness ? 'fairness' : chosen.rank < regularRank ? 'priority' : 'longest-wait',
      class: chosen.t.priority ?? 'regular',
      score: round(chosen.score),
      passedOver: others.slice(0, 5).map((x) => ({
        ticketNo: x.t.ticketNo,
        class: x.t.priority ?? 'regular',
        score: round(x.score),
        waitedMinutes: round((now - x.t.arrivalAt) / MINUTE),
      })),
    };
    return [{ type: 'ticket.called', at: now, ticketNo: chosen.t.ticketNo, counterId, staffId: c.staffId, why }];
  }

  decideCallSpecific(counterId: string, ticketNo: string, now: number): QueueEvent[] {
    const c = this.#idleCounter(counterId);
    const t = this.#byNumber.get(ticketNo);
    if (!t || t.status !== 'waiting') throw new QueueRejection('unknown_ticket', `${ticketNo} is not waiting`);
    const why: CallReason = {
      rule: 'specific',
      class: t.priority ?? 'regular',
      score: round((now - t.arrivalAt) / MINUTE),
      passedOver: [],
    };
    return [{ type: 'ticket.called', at: now, ticketNo, counterId, staffId: c.staffId, why }];
  }

  /** The ticket the counter holds, checked against the number a press carried (a stale press is refused). */
  #current(counterId: string, statuses: Array<Counter['status']>, ticketNo?: string): { c: Counter; t: Ticket } {
    const c = this.#counter(counterId);
    if (c.status === 'closed') throw new QueueRejection('counter_closed', `counter ${counterId} is closed`);
    if (!statuses.includes(c.status) || !c.ticketNo)
      throw new QueueRejection(
        'no_current_ticket',
        `counter ${counterId} has no ticket ${statuses.includes('serving') && !statuses.includes('calling') ? 'in service' : 'called'}`,
      );
    if (ticketNo && ticketNo !== c.ticketNo)
      throw new QueueRejection('ticket_mismatch', `counter ${counterId} is at ${c.ticketNo}, not ${ticketNo}`);
    return { c, t: this.#byNumber.get(c.ticketNo) as Ticket };
  }

  /** Recall; after `noShowAfterRecalls` recalls the next one marks the no-show instead. */
  decideRecall(counterId: string, ticketNo: string | undefined, now: number): QueueEvent[] {
    const { t } = this.#current(counterId, ['calling'], ticketNo);
    if (t.recalls >= this.#config.queue.noShowAfterRecalls)
      return [{ type: 'ticket.noshow', at: now, ticketNo: t.ticketNo, counterId, recalls: t.recalls }];
    return [{ type: 'ticket.recalled', at: now, ticketNo: t.ticketNo, counterId, recalls: t.recalls + 1 }];
  }

  decideStart(counterId: string, ticketNo: string | undefined, now: number): QueueEvent[] {
    const { c, t } = this.#current(counterId, ['calling', 'serving'], ticketNo);
    if (c.status === 'serving') return [];
    return [{ type: 'ticket.started', at: now, ticketNo: t.ticketNo, counterId }];
  }

  decideFinish(
    counterId: string,
    opts: { ticketNo?: string; txCount?: number; txTypes?: string[] },
    now: number,
  ): QueueEvent[] {
    const { c, t } = this.#current(counterId, ['serving', 'calling'], opts.ticketNo);
    const events: QueueEvent[] = [];
    // Finishing a called ticket that was never started: the clerk skipped "start"; the service began at the call.
    if (c.status === 'calling') events.push({ type: 'ticket.started', at: now, ticketNo: t.ticketNo, counterId });
    events.push({
      type: 'ticket.finished',
      at: now,
      ticketNo: t.ticketNo,
      counterId,
      staffId: c.staffId,
      txCount: opts.txCount ?? null,
      txTypes: opts.txTypes ?? [],
    });
    return events;
  }

  decideNoShow(counterId: string, ticketNo: string | undefined, now: number): QueueEvent[] {
    const { t } = this.#current(counterId, ['calling'], ticketNo);
    return [{ type: 'ticket.noshow', at: now, ticketNo: t.ticketNo, counterId, recalls: t.recalls }];
  }

  decideTransfer(counterId: string, toServiceId: string, ticketNo: string | undefined, now: number): QueueEvent[] {
    const { t } = this.#current(counterId, ['calling', 'serving'], ticketNo);
    if (!this.#services.has(toServiceId))
      throw new QueueRejection('unknown_service', `no service ${toServiceId} in this hall`);
    if (toServiceId === t.serviceId)
      throw new QueueRejection('not_allowed', `${t.ticketNo} is already a ${toServiceId} ticket`);
    return [
      { type: 'ticket.transferred', at: now, ticketNo: t.ticketNo, fromServiceId: t.serviceId, toServiceId, counterId },
    ];
  }

  decideCancel(ticketNo: string, now: number): QueueEvent[] {
    const t = this.#byNumber.get(ticketNo);
    if (!t) throw new QueueRejection('unknown_ticket', `no ticket ${ticketNo} today`);
    if (t.status !== 'waiting' && t.status !== 'called') return [];
    return [{ type: 'ticket.cancelled', at: now, ticketNo, reason: 'customer' }];
  }

  // ---- state -------------------------------------------------------------------------------------

  apply(e: QueueEvent): void {
    switch (e.type) {
      case 'day.started':
        this.#resetDay();
        this.date = e.date;
        this.dayStartedAt = e.at;
        return;
      case 'ticket.issued': {
        const service = this.#services.get(e.serviceId);
        const ticket: Ticket = {
          id: this.tickets.size + 1,
          ticketNo: e.ticketNo,
          serviceId: e.serviceId,
          priority: e.priority,
          channel: e.channel,
          issuedAt: e.at,
          arrivalAt: e.at,
          status: 'waiting',
          counterId: null,
          staffId: null,
          firstCalledAt: null,
          lastCalledAt: null,
          startedAt: null,
          endedAt: null,
          recalls: 0,
          transfers: 0,
          txCount: null,
        };
        this.tickets.set(ticket.id, ticket);
        this.#byNumber.set(ticket.ticketNo, ticket);
        if (service) {
          const n = Number(e.ticketNo.slice(service.prefix.length));
          this.#nextNumber.set(service.id, n >= service.numberTo ? service.numberFrom : n + 1);
        }
        return;
      }
      case 'ticket.called': {
        const t = this.#byNumber.get(e.ticketNo);
        const c = this.counters.get(e.counterId);
        if (!t || !c) return;
        t.status = 'called';
        t.counterId = e.counterId;
        t.staffId = e.staffId;
        t.firstCalledAt ??= e.at;
        t.lastCalledAt = e.at;
        c.status = 'calling';
        c.ticketNo = e.ticketNo;
        c.since = e.at;
        c.priorityStreak =
          t.priority && e.why.rule !== 'specific' ? c.priorityStreak + 1 : t.priority ? c.priorityStreak : 0;
        return;
      }
      case 'ticket.recalled': {
        const t = this.#byNumber.get(e.ticketNo);
        if (!t) return;
        t.recalls = e.recalls;
        t.lastCalledAt = e.at;
        return;
      }
      case 'ticket.started': {
        const t = this.#byNumber.get(e.ticketNo);
        const c = this.counters.get(e.counterId);
        if (!t || !c) return;
        t.status = 'serving';
        t.startedAt = e.at;
        c.status = 'serving';
        c.since = e.at;
        return;
      }
      case 'ticket.finished': {
        const t = this.#byNumber.get(e.ticketNo);
        const c = this.counters.get(e.counterId);
        if (!t || !c) return;
        t.status = 'done';
        t.endedAt = e.at;
        t.txCount = e.txCount;
        if (t.startedAt !== null) this.serviceTimes.add(t.serviceId, e.at - t.startedAt);
        this.#release(c, e.at);
        c.servedToday += 1;
        return;
      }
      case 'ticket.noshow': {
        const t = this.#byNumber.get(e.ticketNo);
        const c = this.counters.get(e.counterId);
        if (!t || !c) return;
        t.status = 'noshow';
        t.endedAt = e.at;
        this.#release(c, e.at);
        return;
      }
      case 'ticket.cancelled': {
        const t = this.#byNumber.get(e.ticketNo);
        if (!t) return;
        const c = t.counterId ? this.counters.get(t.counterId) : undefined;
        if (c && c.ticketNo === t.ticketNo) this.#release(c, e.at);
        t.status = 'cancelled';
        t.endedAt = e.at;
        return;
      }
      case 'ticket.transferred': {
        const t = this.#byNumber.get(e.ticketNo);
        const c = this.counters.get(e.counterId);
        if (!t || !c) return;
        // Back in the queue of the other service, keeping the original arrival time.
        t.serviceId = e.toServiceId;
        t.status = 'waiting';
        t.transfers += 1;
        t.counterId = null;
        t.staffId = null;
        t.startedAt = null;
        t.recalls = 0;
        this.#release(c, e.at);
        return;
      }
      case 'ticket.requeued': {
        const t = this.#byNumber.get(e.ticketNo);
        const c = this.counters.get(e.counterId);
        if (!t || !c) return;
        // Back to waiting with its original arrival time: it is called before those who came later.
        Object.assign(t, { status: 'waiting', counterId: null, staffId: null, startedAt: null });
        this.#release(c, e.at);
        return;
      }
      case 'counter.opened': {
        const c = this.counters.get(e.counterId);
        if (!c) return;
        Object.assign(c, { status: 'idle', staffId: e.staffId, ticketNo: null, pauseReason: null, since: e.at });
        return;
      }
      case 'counter.paused': {
        const c = this.counters.get(e.counterId);
        if (!c) return;
        Object.assign(c, { status: 'paused', pauseReason: e.reason, since: e.at });
        return;
      }
      case 'counter.resumed': {
        const c = this.counters.get(e.counterId);
        if (!c) return;
        Object.assign(c, { status: 'idle', pauseReason: null, since: e.at });
        return;
      }
      case 'counter.closed': {
        const c = this.counters.get(e.counterId);
        if (!c) return;
        Object.assign(c, {
          status: 'closed',
          staffId: null,
          ticketNo: null,
          pauseReason: null,
          since: e.at,
          priorityStreak: 0,
        });
        return;
      }
    }
  }

  #release(c: Counter, at: number) {
    c.status = c.status === 'closed' ? 'closed' : 'idle';
    c.ticketNo = null;
    c.since = at;
  }
}

const round = (x: number) => Math.round(x * 10) / 10;

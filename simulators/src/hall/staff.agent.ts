/**
 * A simulated clerk at a counter terminal: opens at the start of the shift with their staff id, calls
 * the next customer when idle, waits for the customer to walk up (recalling, and marking a no-show after
 * the configured recalls), starts, finishes after the customer's service time scaled by the clerk's
 * speed, pauses for breaks and closes at the end of the shift. The hub decides whom to call; the clerk
 * only presses buttons.
 */
import { isAbortError, type Scheduler } from '../clock/scheduler.ts';
import type { CounterAnswer, CounterTerminalSim } from '../devices/counter-terminal.sim.ts';
import type { Random } from '../random/random.ts';
import { MINUTE } from './calendar.ts';
import type { Scenario, StaffSpec } from './scenario.ts';

/** What the clerk needs to know about the customer behind a called ticket. */
export interface CalledCustomer {
  /** Is the customer in the hall (and not gone)? Checked again at every recall. */
  present(): boolean;
  walkMs: number;
  serviceMs: number;
}

export interface FloorView {
  /** The hub called this ticket at this counter: who is it (null: a ticket the simulation does not know). */
  called(ticketNo: string, counterId: string, staffId: string): CalledCustomer | null;
  started(ticketNo: string): void;
  served(ticketNo: string): void;
  noShow(ticketNo: string): void;
}

export interface StaffAgentOptions {
  staff: StaffSpec;
  terminal: CounterTerminalSim;
  scheduler: Scheduler;
  random: Random;
  floor: FloorView;
  behaviour: Scenario['counterBehaviour'];
  /** Shift and break instants on the simulated date. */
  shiftStart: number;
  shiftEnd: number;
  breaks: Array<{ start: number; minutes: number; reason: StaffSpec['breaks'][number]['reason'] }>;
  log?: (line: string) => void;
}

/** A clerk's plan for the day: shift and breaks (instants), replaceable while the clerk works (`replan`). */
export type ShiftPlan = Pick<StaffAgentOptions, 'shiftStart' | 'shiftEnd' | 'breaks'>;

export class StaffAgent {
  readonly #o: StaffAgentOptions;
  #wake: AbortController | null = null;
  /** Before the shift: the wait for its start, cut short by a new plan. */
  #waitForStart: AbortController | null = null;
  #plan: ShiftPlan;
  /** Breaks still to take (from the plan, those not over when the clerk joined). */
  #breaks: ShiftPlan['breaks'] = [];
  #phase: 'before' | 'working' | 'done' = 'before';
  readonly stats = { served: 0, noShows: 0, calls: 0, idlePolls: 0 };

  constructor(opts: StaffAgentOptions) {
    this.#o = opts;
    this.#plan = { shiftStart: opts.shiftStart, shiftEnd: opts.shiftEnd, breaks: opts.breaks };
    // A display update with people waiting wakes an idle clerk (the counter display shows the queue).
    opts.terminal.onDisplay((display) => {
      if (display.waiting > 0) this.#wake?.abort();
    });
  }

  get #now() {
    return this.#o.scheduler.now();
  }

  async #sleep(ms: number, signal?: AbortSignal) {
    try {
      await this.#o.scheduler.sleep(ms, signal);
    } catch (err) {
      if (!isAbortError(err)) throw err;
    }
  }

  /** Presses a button until the hub answers (a lost answer is retried after a short pause). */
  async #press<T extends { status: string }>(what: string, press: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const answer = await press();
      if (answer.status !== 'no-answer' || attempt >= 5) return answer;
      this.#o.log?.(`${this.#o.staff.id}: no answer to ${what}, pressing again`);
      await this.#sleep(10_000);
    }
  }

  /** Where the clerk is in the day: before the shift, at the counter, or gone home. */
  get phase() {
    return this.#phase;
  }

  /**
   * A new plan for the rest of the day (a roster published while the hall is open); null: no shift any
   * more. Before the shift the clerk waits for the new start (or stays home); at the counter the clerk
   * works to the new end (closing after the customer at the counter when it has passed) and takes the
   * new plan's breaks that have not started yet.
   */
  replan(next: ShiftPlan | null) {
    if (this.#phase === 'done') return;
    const now = this.#now;
    if (this.#phase === 'before') {
      this.#plan = next ?? { ...this.#plan, shiftEnd: -Infinity };
      this.#waitForStart?.abort();
      return;
    }
    this.#plan = next ? { ...next, shiftStart: this.#plan.shiftStart } : { ...this.#plan, shiftEnd: now };
    this.#breaks = next ? [...next.breaks].sort((a, b) => a.start - b.start).filter((b) => b.start >= now) : [];
    this.#wake?.abort();
  }

  async run(): Promise<void> {
    const { staff, terminal } = this.#o;
    // Until the shift starts, or the plan has no shift for this clerk any more.
    for (;;) {
      if (this.#plan.shiftEnd <= this.#now) {
        this.#phase = 'done';
        return;
      }
      if (this.#now >= this.#plan.shiftStart) break;
      this.#waitForStart = new AbortController();
      await this.#sleep(this.#plan.shiftStart - this.#now, this.#waitForStart.signal);
      this.#waitForStart = null;
    }
    this.#phase = 'working';
    const opened = await this.#press('open', () => terminal.open(staff.id));
    // The counter may still hold a ticket of this clerk's from before (the hub kept the session across
    // its restart, or the simulation was restarted): the clerk goes on with it first.
    await this.#resumeHeld(opened);
    // Joining a day in progress: breaks already over are skipped, one under way lasts what is left of it.
    const joined = this.#now;
    this.#breaks = [...this.#plan.breaks]
      .sort((a, b) => a.start - b.start)
      .filter((b) => b.start + b.minutes * MINUTE > joined);
    const breaks = () => this.#breaks;

    while (this.#now < this.#plan.shiftEnd) {
      const due = breaks()[0];
      if (due && this.#now >= due.start) {
        this.#breaks = breaks().slice(1);
        await this.#press('pause', () => terminal.pause(due.reason));
        // A break taken late (a customer was being served) still lasts its minutes.
        await this.#sleep(due.start < joined ? due.start + due.minutes * MINUTE - this.#now : due.minutes * MINUTE);
        await this.#press('resume', () => terminal.resume());
        continue;
      }
      const answer = await this.#press('call next', () => terminal.callNext());
      if (answer.status === 'refused' && answer.code === 'not_allowed' && (await this.#resumeHeld(answer))) continue;
      if (answer.status !== 'shown' || !answer.ticketNo) {
        // Nobody waiting: wait until the display shows someone, the next break or the end of the shift.
        this.stats.idlePolls += 1;
        const until = Math.min(this.#plan.shiftEnd, due?.start ?? Infinity, this.#now + 2 * MINUTE);
        this.#wake = new AbortController();
        await this.#sleep(Math.max(1_000, until - this.#now), this.#wake.signal);
        this.#wake = null;
        continue;
      }
      this.stats.calls += 1;
      await this.#serve(answer.ticketNo);
      // Wrap-up: notes, the next customer's paperwork.
      await this.#sleep(this.#o.random.between(5, 25) * 1_000);
    }
    await this.#press('close', () => terminal.closeCounter());
    this.#phase = 'done';
  }

  /**
   * What the counter holds now, per the hub (the answer to a press, or the display it last sent): a ticket
   * called or in service before this clerk's run began (the simulation, or the hub, was restarted). How
   * long its customer has been at the counter is unknown here; the simulation takes it that the service
   * went on meanwhile and is ending: the clerk starts it if it was only called and finishes it after a
   * short wrap-up (10-40 s), then calls the next customer. Resolves true if there was one.
   */
  async #resumeHeld(answer: CounterAnswer): Promise<boolean> {
    const { staff, terminal, floor, random } = this.#o;
    const shown = answer.status === 'shown' ? { status: answer.counterStatus, ticketNo: answer.ticketNo } : null;
    const held = shown ?? terminal.display;
    if ((held.status !== 'calling' && held.status !== 'serving') || !held.ticketNo) return false;
    const ticketNo = held.ticketNo;
    this.#o.log?.(
      `${staff.id}: the counter still ${held.status === 'calling' ? 'calls' : 'serves'} ${ticketNo}: finishing it`,
    );
    floor.called(ticketNo, staff.counterId, staff.id);
    if (held.status === 'calling') await this.#press('start', () => terminal.start(ticketNo));
    floor.started(ticketNo);
    await this.#sleep(random.between(10, 40) * 1_000);
    await this.#press('finish', () => terminal.finish({ ticketNo }));
    floor.served(ticketNo);
    this.stats.served += 1;
    return true;
  }

  async #serve(ticketNo: string) {
    const { staff, terminal, behaviour, floor, random } = this.#o;
    const customer = floor.called(ticketNo, staff.counterId, staff.id);
    let recalls = 0;
    for (;;) {
      if (customer?.present()) {
        await this.#sleep(customer.walkMs);
        break;
      }
      await this.#sleep(behaviour.recallAfterSeconds * 1_000);
      if (customer?.present()) continue;
      if (recalls >= behaviour.recallsBeforeNoShow) {
        await this.#press('no-show', () => terminal.noShow(ticketNo));
        floor.noShow(ticketNo);
        this.stats.noShows += 1;
        return;
      }
      recalls += 1;
      await this.#press('recall', () => terminal.recall(ticketNo));
    }
    await this.#press('start', () => terminal.start(ticketNo));
    floor.started(ticketNo);
    const serviceMs = (customer?.serviceMs ?? 5 * MINUTE) * staff.speed;
    await this.#sleep(serviceMs);
    const txCount = 1 + (random.chance(0.3) ? 1 : 0) + (random.chance(0.1) ? 1 : 0);
    await this.#press('finish', () => terminal.finish({ ticketNo, txCount }));
    floor.served(ticketNo);
    this.stats.served += 1;
  }
}

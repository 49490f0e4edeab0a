/**
 * Replays one day of the bank's call log through simulated devices on the wire: a ticket terminal
 * (the voice unit hands out "tickets"), and one counter terminal per agent. Times of day are kept and
 * moved onto `asDate`, so the hub sees today's timestamps (its clock-skew check would refuse 1999).
 */
import type { Clock, Scheduler } from '../clock/scheduler.ts';
import { systemClock } from '../clock/scheduler.ts';
import { CounterTerminalSim } from '../devices/counter-terminal.sim.ts';
import { TicketTerminalSim } from '../devices/ticket-terminal.sim.ts';
import { zonedEpoch } from '../hall/calendar.ts';
import { deviceSecret } from '../hall/scenario.ts';
import { Random } from '../random/random.ts';
import { counterDeviceId, KIOSK_ID, replaySecret } from './bank-config.ts';
import { BANK_SERVICES, planReplay, readBankDay, type BankCall, type ReplayPlan } from './bank-data.ts';

export interface BankReplayOptions {
  file: string;
  /** The day of the log, 1999-02-01 … 1999-02-28. */
  day: string;
  /** The date the day is replayed on (hall-local). */
  asDate: string;
  hallId: string;
  timeZone?: string;
  hubUrl: string;
  scheduler: Scheduler;
  deviceClock?: Clock;
  env?: NodeJS.ProcessEnv;
  /** Skip steps before this instant (joining a replay in progress). */
  startAt?: number;
  log?: (line: string) => void;
}

export { counterDeviceId };

export class BankReplay {
  readonly plan: ReplayPlan;
  readonly calls: BankCall[];
  readonly stats = { requested: 0, printed: 0, refused: 0, noAnswer: 0, served: 0, abandoned: 0, failedPresses: 0 };
  readonly midnight: number;
  kiosk: TicketTerminalSim | null = null;
  readonly terminals = new Map<string, CounterTerminalSim>();
  readonly #o: BankReplayOptions;
  readonly #tickets = new Map<BankCall, Promise<string | null>>();
  readonly #served = new Map<BankCall, Promise<string | null>>();

  constructor(opts: BankReplayOptions) {
    this.#o = opts;
    this.calls = readBankDay(opts.file, opts.day);
    this.plan = planReplay(this.calls);
    this.midnight = zonedEpoch(opts.asDate, '00:00', opts.timeZone ?? 'Asia/Jerusalem');
  }

  /** The instant of a step. */
  at(secondsAfterMidnight: number): number {
    return this.midnight + secondsAfterMidnight * 1_000;
  }

  async start(): Promise<void> {
    const { hallId, hubUrl, scheduler } = this.#o;
    const env = this.#o.env ?? process.env;
    const random = new Random(19990201);
    const common = { url: hubUrl, hallId, scheduler, clock: this.#o.deviceClock ?? systemClock, log: this.#o.log };
    // A device's own variable first, else the secret derived from the replay key (bank-config.ts).
    const key = env.HALL_SIM_REPLAY_KEY;
    const secret = (id: string) => deviceSecret({ id }, env) ?? (key ? replaySecret(key, id) : undefined);
    this.kiosk = new TicketTerminalSim({
      ...common,
      deviceId: KIOSK_ID,
      secret: secret(KIOSK_ID),
      random: random.fork(),
      paperTickets: 1_000_000,
    });
    await this.kiosk.connect();
    for (const counter of this.plan.counters.keys()) {
      const id = counterDeviceId(counter);
      const terminal = new CounterTerminalSim({ ...common, deviceId: id, secret: secret(id), random: random.fork() });
      await terminal.connect();
      this.terminals.set(counter, terminal);
    }
    const from = this.#o.startAt ?? -Infinity;
    for (const step of this.plan.steps) {
      const at = this.at(step.at);
      if (at < from) continue;
      scheduler.at(at, () => this.#run(step));
    }
  }

  #ticket(call: BankCall): Promise<string | null> {
    return this.#tickets.get(call) ?? Promise.resolve(null);
  }

  async #run(step: ReplayPlan['steps'][number]): Promise<void> {
    const kiosk = this.kiosk as TicketTerminalSim;
    switch (step.kind) {
      case 'request': {
        this.stats.requested += 1;
        const service = BANK_SERVICES[step.call.type] ?? { id: step.call.type.toLowerCase() };
        const answer = kiosk
          .requestTicket({
            serviceId: service.id,
            channel: 'remote',
            ...(step.call.priority === 2 ? { priority: 'vip' as const } : {}),
          })
          .then((a) => {
            if (a.status === 'printed') {
              this.stats.printed += 1;
              return a.ticket.ticketNo;
            }
            if (a.status === 'refused') this.stats.refused += 1;
            else this.stats.noAnswer += 1;
            return null;
          });
        this.#tickets.set(step.call, answer);
        await answer;
        return;
      }
      case 'serve': {
        const served = (async () => {
          const ticketNo = await this.#ticket(step.call);
          const terminal = this.terminals.get(step.counter);
          if (!ticketNo || !terminal) return null;
          const called = await terminal.callSpecific(ticketNo);
          if (called.status !== 'shown') {
            this.stats.failedPresses += 1;
            this.#o.log?.(
              `${step.counter}: call ${ticketNo} ${called.status === 'refused' ? called.message : 'unanswered'}`,
            );
            return null;
          }
          await terminal.start(ticketNo);
          return ticketNo;
        })();
        this.#served.set(step.call, served);
        await served;
        return;
      }
      case 'finish': {
        const ticketNo = await (this.#served.get(step.call) ?? Promise.resolve(null));
        const terminal = this.terminals.get(step.counter);
        if (!ticketNo || !terminal) return;
        const answer = await terminal.finish({ ticketNo });
        if (answer.status === 'shown') this.stats.served += 1;
        else this.stats.failedPresses += 1;
        return;
      }
      case 'cancel': {
        const ticketNo = await this.#ticket(step.call);
        if (!ticketNo) return;
        await kiosk.cancelTicket(ticketNo);
        this.stats.abandoned += 1;
        return;
      }
      case 'open':
        await this.terminals.get(step.counter)?.open(step.staffId);
        return;
      case 'close':
        await this.terminals.get(step.counter)?.closeCounter();
        return;
    }
  }

  async stop(): Promise<void> {
    this.#o.scheduler.stop();
    await Promise.allSettled([this.kiosk?.close(), ...[...this.terminals.values()].map((t) => t.close())]);
  }
}

/**
 * A whole simulated hall on the wire: the scenario's devices (ticket terminals, counter terminals with
 * clerks, rating pads, people counters over Modbus TCP / MQTT / OPC UA) driven by one planned day. The
 * hub answers on the wire and decides the queue; the hall supplies the people: arrivals, patience,
 * balking, walk-ins, remote tickets, clerks' breaks and speed, customers' ratings.
 */
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { tmpdir } from 'node:os';
import { systemClock, type Clock, type Scheduler } from '../clock/scheduler.ts';
import { CounterTerminalSim } from '../devices/counter-terminal.sim.ts';
import { OpcuaDeviceSim } from '../devices/opcua-device.sim.ts';
import { PeopleCounterModbusSim } from '../devices/people-counter-modbus.sim.ts';
import { PeopleCounterMqttSim } from '../devices/people-counter-mqtt.sim.ts';
import { RatingPadSim, type RatingChoice, type RatingPrompt } from '../devices/rating-pad.sim.ts';
import { TicketTerminalSim } from '../devices/ticket-terminal.sim.ts';
import { Random } from '../random/random.ts';
import { MINUTE, zonedEpoch } from './calendar.ts';
import { doorOf, noDoor, type Door } from './doors.ts';
import { planDay, type DayPlan, type PlannedCustomer } from './plan.ts';
import { hostilePayloads } from '../faults/hostile-payloads.ts';
import { deviceSecret, shiftsOn, type Scenario } from './scenario.ts';
import { rosterShifts, type PublishedDay, type SeatedShift } from './roster-shifts.ts';
import { StaffAgent, type CalledCustomer, type FloorView, type ShiftPlan } from './staff.agent.ts';

export interface HallSimOptions {
  scenario: Scenario;
  /** The simulated date (hall-local YYYY-MM-DD). */
  date: string;
  seed?: number;
  /** The hub's MQTT URL. */
  hubUrl: string;
  /** The MQTT devices' connections, when not dialled at `hubUrl` (a hub in the same process: see MqttDevice). */
  connectStream?: () => Duplex;
  /** The MQTT devices' heartbeat as a share of their kind's timeout (MqttDevice); default a third. */
  heartbeatShare?: number;
  scheduler: Scheduler;
  /** The clock devices stamp into `ts`: the wall clock, or the scheduler in virtual time. */
  deviceClock?: Clock;
  env?: NodeJS.ProcessEnv;
  /** Plan events before this instant are skipped (joining a day in progress). */
  startAt?: number;
  /**
   * Joining a day in progress: the kiosk customers who arrived this long before `startAt` are not
   * skipped but come in during the first seconds, one every 2 s, so the hall starts with a queue instead of
   * empty (what a manager opening the wall screen at noon expects). 0: none.
   */
  joinMs?: number;
  /** Where the OPC UA devices keep their certificates. */
  pkiDir?: string;
  /**
   * The published roster's day for `date` (the hub's `roster.day`): the clerks work these shifts and
   * breaks, at counters the simulation seats them at (roster-shifts.ts), instead of the scenario's weekly
   * roster; a clerk without a shift stays away. Absent or null: the scenario's roster.
   */
  roster?: Pick<PublishedDay, 'shifts'> | null;
  /** Overrides the Modbus/OPC UA ports of the scenario (tests run on free ports). */
  portOf?: (deviceId: string, configured: number) => number;
  log?: (line: string) => void;
}

type CustomerState =
  'planned' | 'waiting' | 'called' | 'serving' | 'served' | 'left' | 'balked' | 'no-show' | 'refused';

interface CustomerRun {
  plan: PlannedCustomer;
  state: CustomerState;
  ticketNo?: string;
  inHall: boolean;
  door: Door;
  calledAt?: number;
  staffId?: string;
}

export interface HallStats {
  arrived: number;
  balked: number;
  ticketsPrinted: number;
  refused: number;
  noAnswer: number;
  abandoned: number;
  served: number;
  noShows: number;
  ratings: number;
  ratingsSkipped: number;
  walkIns: number;
  /** Remote customers who gave their ticket up in the app. */
  cancelled: number;
}

export class HallSim {
  readonly plan: DayPlan;
  readonly stats: HallStats = {
    arrived: 0,
    balked: 0,
    ticketsPrinted: 0,
    refused: 0,
    noAnswer: 0,
    abandoned: 0,
    served: 0,
    noShows: 0,
    ratings: 0,
    ratingsSkipped: 0,
    walkIns: 0,
    cancelled: 0,
  };
  readonly kiosks: TicketTerminalSim[] = [];
  readonly terminals = new Map<string, CounterTerminalSim>();
  readonly pads = new Map<string, RatingPadSim>();
  readonly doors: Door[] = [];
  readonly agents: StaffAgent[] = [];
  /** Each clerk's latest agent and the counter it works (a new roster may give a clerk a new one). */
  readonly #agentOf = new Map<string, { agent: StaffAgent; counterId: string }>();
  readonly #o: HallSimOptions;
  readonly #random: Random;
  readonly #byTicket = new Map<string, CustomerRun>();
  readonly #waiting = new Map<string, number>();
  /** The hub's latest wait estimate per service (minutes, median), as a remote-queue app shows it. */
  readonly #eta = new Map<string, number>();
  readonly #closers: Array<() => Promise<void>> = [];
  readonly #modbus: PeopleCounterModbusSim[] = [];
  readonly #modbusIds: string[] = [];
  readonly #opcua: OpcuaDeviceSim[] = [];
  readonly #opcuaIds: string[] = [];
  readonly #mqttCounters: PeopleCounterMqttSim[] = [];

  constructor(opts: HallSimOptions) {
    this.#o = opts;
    const seed = opts.seed ?? opts.scenario.seed;
    this.plan = planDay(opts.scenario, opts.date, seed);
    // The devices' and clerks' randomness is a stream of its own, after the plan's.
    this.#random = new Random(seed ^ 0x5eed);
  }

  /** How many customers wait for a service, as the wall screen would show it. */
  waitingFor(serviceId: string): number {
    return this.#waiting.get(serviceId) ?? 0;
  }

  async start(): Promise<void> {
    const { scenario, scheduler } = this.#o;
    const env = this.#o.env ?? process.env;
    const clock = this.#o.deviceClock ?? systemClock;
    const common = {
      url: this.#o.hubUrl,
      connectStream: this.#o.connectStream,
      heartbeatShare: this.#o.heartbeatShare,
      hallId: scenario.hall.id,
      scheduler,
      clock,
      log: this.#o.log,
    };
    const connect = async <T extends { connect(): Promise<void>; close(): Promise<void> }>(device: T) => {
      await device.connect();
      this.#closers.push(() => device.close());
      return device;
    };

    for (const k of scenario.devices.ticketTerminals) {
      this.kiosks.push(
        await connect(
          new TicketTerminalSim({
            ...common,
            deviceId: k.id,
            secret: deviceSecret(k, env),
            random: this.#random.fork(),
          }),
        ),
      );
    }
    for (const c of scenario.devices.counters) {
      this.terminals.set(
        c.counterId,
        await connect(
          new CounterTerminalSim({
            ...common,
            deviceId: c.terminal.id,
            secret: deviceSecret(c.terminal, env),
            random: this.#random.fork(),
          }),
        ),
      );
      if (c.ratingPad) {
        const pad = new RatingPadSim({
          ...common,
          deviceId: c.ratingPad.id,
          secret: deviceSecret(c.ratingPad, env),
          random: this.#random.fork(),
          choose: (p) => this.#rate(p),
        });
        this.pads.set(c.counterId, await connect(pad));
      }
    }
    for (const d of scenario.devices.peopleCounters) {
      if (d.transport === 'modbus-tcp') {
        // HALL_SIM_LISTEN_HOST: where wired devices listen for the hub (0.0.0.0 when the hub is in another container).
        const sim = new PeopleCounterModbusSim({
          port: this.#o.portOf?.(d.id, d.port) ?? d.port,
          map: { wordOrder: d.wordOrder },
          ...(env.HALL_SIM_LISTEN_HOST ? { host: env.HALL_SIM_LISTEN_HOST } : {}),
        });
        await sim.start();
        this.#modbus.push(sim);
        this.#modbusIds.push(d.id);
        this.#closers.push(() => sim.stop());
        this.doors.push(doorOf(d.id, sim));
      } else if (d.transport === 'opcua') {
        const sim = new OpcuaDeviceSim({
          port: this.#o.portOf?.(d.id, d.port) ?? d.port,
          pkiDir: join(this.#o.pkiDir ?? join(tmpdir(), 'hall-sim-pki'), d.id),
        });
        await sim.start();
        this.#opcua.push(sim);
        this.#opcuaIds.push(d.id);
        this.#closers.push(() => sim.stop());
        this.doors.push(doorOf(d.id, sim));
      } else {
        const sim = await connect(
          new PeopleCounterMqttSim({
            ...common,
            deviceId: d.id,
            secret: deviceSecret(d, env),
            random: this.#random.fork(),
          }),
        );
        this.#mqttCounters.push(sim);
        this.doors.push(doorOf(d.id, sim));
      }
    }
    this.#schedule();
    this.#scheduleFaults();
  }

  /** The scenario's faults, at their hall-local times. */
  #scheduleFaults() {
    const { scenario, scheduler, date } = this.#o;
    const mqttDevices = [...this.kiosks, ...this.terminals.values(), ...this.pads.values(), ...this.#mqttCounters];
    for (const f of scenario.faults) {
      const at = zonedEpoch(date, f.at, scenario.hall.timeZone);
      if (at < (this.#o.startAt ?? -Infinity)) continue;
      const mqttDevice = mqttDevices.find((d) => d.deviceId === f.device);
      const modbus = this.#modbus.find((_, i) => this.#modbusIds[i] === f.device);
      const opcua = this.#opcua.find((_, i) => this.#opcuaIds[i] === f.device);
      if (!mqttDevice && !modbus && !opcua) throw new Error(`faults: no device ${f.device} in this hall`);
      scheduler.at(at, async () => {
        this.#o.log?.(`fault at ${f.at}: ${f.fault} on ${f.device}`);
        switch (f.fault) {
          case 'disconnect':
            mqttDevice?.dropConnection();
            return;
          case 'counter-reset':
            modbus?.resetCounters();
            if (mqttDevice instanceof PeopleCounterMqttSim) mqttDevice.resetCounters();
            if (opcua) {
              opcua.set('Counter.In', 0);
              opcua.set('Counter.Out', 0);
            }
            return;
          case 'modbus-stall':
            modbus?.stall(f.seconds * 1_000);
            return;
          case 'opcua-restart':
            await opcua?.restart(f.downSeconds * 1_000);
            return;
          case 'clock-skew':
            if (mqttDevice) mqttDevice.faults.clockSkewMs = f.skewMs;
            return;
          case 'duplicates':
            if (mqttDevice) mqttDevice.faults.duplicateRate = f.rate;
            return;
          case 'hostile':
            if (!mqttDevice) return;
            for (const h of hostilePayloads(mqttDevice.deviceId, mqttDevice.deviceNow())) {
              await mqttDevice.publishRaw(
                `hall/${scenario.hall.id}/dev/${mqttDevice.deviceId}/evt/${h.type}`,
                h.payload,
              );
            }
            return;
        }
      });
    }
  }

  /** The Modbus and OPC UA counters, for tests and the CLI's status line. */
  get peopleCounters() {
    return { modbus: this.#modbus, opcua: this.#opcua, mqtt: this.#mqttCounters };
  }

  #door(index: number): Door {
    return this.doors[index] ?? this.doors[0] ?? noDoor;
  }

  #schedule() {
    const { scheduler } = this.#o;
    const from = this.#o.startAt ?? -Infinity;
    let joined = 0;
    for (const original of this.plan.customers) {
      let planned = original;
      if (planned.requestAt < from) {
        if (planned.channel !== 'kiosk' || planned.arrival < from - (this.#o.joinMs ?? 0)) continue;
        const at = from + 2_000 * joined++;
        planned = { ...planned, arrival: at, requestAt: at };
      }
      const run: CustomerRun = { plan: planned, state: 'planned', inHall: false, door: this.#door(planned.door) };
      if (planned.channel === 'remote') {
        // A remote customer takes the ticket on setting off, or later when the app's estimate (the hub's
        // last one for the service) is shorter than the way: arriving after the call is a no-show.
        scheduler.at(planned.requestAt, () => {
          const eta = this.#eta.get(planned.serviceId);
          const at =
            eta === undefined ? planned.requestAt : Math.max(planned.requestAt, planned.arrival - eta * MINUTE);
          if (at <= scheduler.now()) return this.#requestTicket(run);
          scheduler.at(at, () => this.#requestTicket(run));
        });
        scheduler.at(planned.arrival, () => this.#walkIn(run));
      } else {
        scheduler.at(planned.arrival, async () => {
          this.#walkIn(run);
          if (this.#balks(run)) return;
          await this.#requestTicket(run);
        });
      }
    }
    for (const w of this.plan.walkIns) {
      if (w.arrival < from) continue;
      const door = this.#door(w.door);
      scheduler.at(w.arrival, () => {
        this.stats.walkIns += 1;
        door.enter();
      });
      scheduler.at(w.leave, () => door.leave());
    }
    // Whoever still waits half an hour after closing goes home.
    scheduler.at(this.plan.close + 30 * MINUTE, () => {
      for (const run of this.#byTicket.values()) if (run.state === 'waiting') this.#leave(run, 'left');
    });
    // Two hours after closing the hall is empty, whatever the hub did.
    scheduler.at(this.plan.close + 120 * MINUTE, () => {
      for (const run of this.#byTicket.values()) {
        if (run.inHall) {
          run.inHall = false;
          run.door.leave();
        }
      }
    });
    for (const shift of this.#shifts()) this.#spawnAgent(shift);
  }

  /** The instants of a seated shift on the simulated date (a shift joined late starts now). */
  #planOf({ start, end, breaks }: SeatedShift): ShiftPlan {
    const at = (hhmm: string) => zonedEpoch(this.#o.date, hhmm, this.#o.scenario.hall.timeZone);
    return {
      shiftStart: Math.max(at(start), this.#o.startAt ?? -Infinity),
      shiftEnd: at(end),
      breaks: breaks.map((b) => ({ start: at(b.start), minutes: b.minutes, reason: b.reason })),
    };
  }

  #spawnAgent(shift: SeatedShift) {
    const { scenario, scheduler } = this.#o;
    const terminal = this.terminals.get(shift.staff.counterId);
    if (!terminal) return;
    const plan = this.#planOf(shift);
    // The speed in force on the simulated date (the latest dated change on or before it).
    const change = shift.staff.speedFrom
      .filter((c) => c.from <= this.#o.date)
      .sort((a, b) => a.from.localeCompare(b.from))
      .at(-1);
    const agent = new StaffAgent({
      staff: change ? { ...shift.staff, speed: change.speed } : shift.staff,
      terminal,
      scheduler,
      random: this.#random.fork(),
      floor: this.#floor,
      behaviour: scenario.counterBehaviour,
      ...plan,
      log: this.#o.log,
    });
    this.agents.push(agent);
    this.#agentOf.set(shift.staff.id, { agent, counterId: shift.staff.counterId });
    if (plan.shiftEnd > Math.max(scheduler.now(), this.#o.startAt ?? -Infinity)) scheduler.spawn(() => agent.run());
  }

  /**
   * A roster published while the hall works (the hub has a new version for the day): clerks at a counter
   * stay at it and work to their new end (or finish the customer at the counter and close, when their
   * shift is gone), clerks not yet in wait for their new start or stay home, new clerks come at theirs.
   */
  replan(day: Pick<PublishedDay, 'shifts'>) {
    const { scenario, scheduler } = this.#o;
    const now = scheduler.now();
    const working = new Map(
      [...this.#agentOf].filter(([, a]) => a.agent.phase === 'working').map(([id, a]) => [id, a.counterId]),
    );
    const until = new Intl.DateTimeFormat('en-GB', {
      timeZone: scenario.hall.timeZone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(now + 30 * MINUTE);
    const { shifts, unseated } = rosterShifts(scenario, day, { counters: working, until });
    if (unseated.length)
      this.#o.log?.(`published roster: no free counter for ${unseated.length} shifts (${unseated.join(', ')})`);
    const next = new Map(shifts.map((sh) => [sh.staff.id, sh]));
    for (const [staffId, current] of [...this.#agentOf]) {
      if (current.agent.phase === 'done') continue;
      const shift = next.get(staffId);
      // Not yet at a counter and seated at another one now: this agent stays home, a new one comes.
      if (!shift || (current.agent.phase === 'before' && shift.staff.counterId !== current.counterId)) {
        current.agent.replan(null);
        continue;
      }
      current.agent.replan(this.#planOf(shift));
      next.delete(staffId);
    }
    for (const shift of next.values()) if (this.#planOf(shift).shiftEnd > now) this.#spawnAgent(shift);
  }

  /** Today's shifts: the published roster's when the simulation was given one, else the scenario's. */
  #shifts() {
    const { scenario, roster } = this.#o;
    if (!roster) return shiftsOn(scenario, this.plan.weekday);
    const { shifts, unseated } = rosterShifts(scenario, roster);
    if (unseated.length)
      this.#o.log?.(`published roster: no free counter for ${unseated.length} shifts (${unseated.join(', ')})`);
    return shifts;
  }

  #walkIn(run: CustomerRun) {
    this.stats.arrived += 1;
    run.inHall = true;
    run.door.enter();
    if (run.state === 'no-show' || run.state === 'left') {
      // A remote customer who arrives after their ticket was given up: asks, and goes home.
      run.inHall = false;
      this.#o.scheduler.at(this.#o.scheduler.now() + run.plan.exitMs, () => run.door.leave());
      return;
    }
    // Patience runs from walking in: not called by then, the customer gives up and leaves.
    this.#o.scheduler.at(run.plan.arrival + run.plan.patienceMs, () => {
      if (run.state === 'waiting') this.#leave(run, 'left');
    });
  }

  #balks(run: CustomerRun): boolean {
    const { fromWaiting, allAtWaiting } = this.#o.scenario.balking;
    const waiting = this.waitingFor(run.plan.serviceId);
    const p = Math.min(1, Math.max(0, (waiting - fromWaiting) / Math.max(1, allAtWaiting - fromWaiting)));
    if (run.plan.balkDraw >= p) return false;
    run.state = 'balked';
    this.stats.balked += 1;
    this.#o.scheduler.at(this.#o.scheduler.now() + run.plan.exitMs, () => run.door.leave());
    return true;
  }

  async #requestTicket(run: CustomerRun) {
    const kiosk = this.kiosks[
      run.plan.channel === 'remote' ? 0 : run.plan.id % this.kiosks.length
    ] as TicketTerminalSim;
    const answer = await kiosk.requestTicket({
      serviceId: run.plan.serviceId,
      channel: run.plan.channel === 'remote' ? 'remote' : run.plan.priority === 'appointment' ? 'appointment' : 'kiosk',
      ...(run.plan.priority ? { priority: run.plan.priority } : {}),
    });
    if (answer.status === 'printed') {
      this.stats.ticketsPrinted += 1;
      this.#eta.set(run.plan.serviceId, answer.ticket.eta.p50Minutes);
      run.ticketNo = answer.ticket.ticketNo;
      // A customer who gave up before the ticket came (remote) never waits.
      if (run.state === 'planned') run.state = 'waiting';
      this.#byTicket.set(answer.ticket.ticketNo, run);
      this.#waiting.set(run.plan.serviceId, this.waitingFor(run.plan.serviceId) + 1);
      return;
    }
    if (answer.status === 'refused') this.stats.refused += 1;
    else this.stats.noAnswer += 1;
    run.state = 'refused';
    if (run.inHall) this.#o.scheduler.at(this.#o.scheduler.now() + run.plan.exitMs, () => run.door.leave());
  }

  #leave(run: CustomerRun, state: 'left' | 'served' | 'no-show') {
    if (run.state === 'waiting') this.#waiting.set(run.plan.serviceId, this.waitingFor(run.plan.serviceId) - 1);
    if (state === 'left') this.stats.abandoned += 1;
    run.state = state;
    if (run.inHall) {
      run.inHall = false;
      this.#o.scheduler.at(this.#o.scheduler.now() + (state === 'served' ? run.plan.exitMs : 0), () =>
        run.door.leave(),
      );
    }
    // A remote customer who gives up says so in the app.
    if (state === 'left' && run.plan.channel === 'remote' && run.ticketNo) {
      this.stats.cancelled += 1;
      void this.kiosks[0]?.cancelTicket(run.ticketNo);
    }
  }

  readonly #floor: FloorView = {
    called: (ticketNo, _counterId, staffId): CalledCustomer | null => {
      const run = this.#byTicket.get(ticketNo);
      if (!run) return this.#stranger(ticketNo);
      if (run.state === 'waiting') {
        this.#waiting.set(run.plan.serviceId, this.waitingFor(run.plan.serviceId) - 1);
        run.state = 'called';
        run.calledAt = this.#o.scheduler.now();
        run.staffId = staffId;
      }
      return {
        present: () => run.inHall && run.state === 'called',
        walkMs: run.plan.walkMs,
        serviceMs: run.plan.serviceMs,
      };
    },
    started: (ticketNo) => {
      const run = this.#byTicket.get(ticketNo);
      if (run) run.state = 'serving';
    },
    served: (ticketNo) => {
      const run = this.#byTicket.get(ticketNo);
      if (!run) return;
      this.stats.served += 1;
      this.#leave(run, 'served');
    },
    noShow: (ticketNo) => {
      const run = this.#byTicket.get(ticketNo);
      this.stats.noShows += 1;
      if (run && run.state === 'called') {
        run.state = 'no-show';
        // Present after all (arrived while the clerk gave up): the customer leaves.
        if (run.inHall) this.#leave(run, 'no-show');
      }
    },
  };

  /**
   * A ticket the hub had before this simulation started (the hall's day began in an earlier run): its
   * customer is in the hall, as customers do not vanish when the simulation restarts, and is served like
   * any other customer of the service (a typical walk and service time); unknown prefixes: 5 minutes.
   */
  #stranger(ticketNo: string): CalledCustomer {
    const service = this.#o.scenario.services.find((s) => ticketNo.startsWith(s.prefix));
    const [walkMin, walkMax] = this.#o.scenario.counterBehaviour.walkSeconds;
    return {
      present: () => true,
      walkMs: this.#random.between(walkMin, walkMax) * 1_000,
      serviceMs: this.#random.lognormal(
        (service?.serviceTime.meanMinutes ?? 5) * MINUTE,
        service?.serviceTime.cv ?? 0.5,
      ),
    };
  }

  /**
   * The customer's answer on the pad: a clerk's usual score, lowered by a long wait (0.05 per minute over
   * 10, at most 2 points), with the customer's own noise; some customers walk away without rating.
   */
  #rate(prompt: RatingPrompt): RatingChoice {
    const run = this.#byTicket.get(prompt.ticketNo);
    const staff = this.#o.scenario.staff.find((s) => s.id === prompt.staffId);
    if (!run || !run.plan.rating.responds) {
      this.stats.ratingsSkipped += 1;
      return null;
    }
    const waitMin = ((run.calledAt ?? run.plan.arrival) - run.plan.arrival) / MINUTE;
    const penalty = Math.min(2, Math.max(0, waitMin - 10) * 0.05);
    const score = Math.round(Math.min(5, Math.max(1, (staff?.ratingMean ?? 4.3) - penalty + run.plan.rating.noise)));
    const good = ['friendly', 'fast', 'professional'];
    const bad = waitMin > 20 ? ['long_wait', 'slow'] : ['slow', 'unfriendly', 'unclear'];
    const pool = score >= 4 ? good : score <= 2 ? bad : [];
    const reasons = pool.length ? [pool[Math.floor(run.plan.rating.reasonDraw * pool.length)] as string] : [];
    this.stats.ratings += 1;
    return { score, reasons, afterMs: run.plan.rating.afterMs };
  }

  async stop(): Promise<void> {
    this.#o.scheduler.stop();
    await Promise.allSettled(
      this.#closers
        .splice(0)
        .reverse()
        .map((c) => c()),
    );
  }
}

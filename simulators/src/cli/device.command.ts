/** `sim device <kind>`: one device on the wire, for trying a hub or a Modbus/OPC UA client by hand. */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAbortError, RealtimeScheduler } from '../clock/scheduler.ts';
import { CounterTerminalSim } from '../devices/counter-terminal.sim.ts';
import { OpcuaDeviceSim } from '../devices/opcua-device.sim.ts';
import { PeopleCounterModbusSim } from '../devices/people-counter-modbus.sim.ts';
import { PeopleCounterMqttSim } from '../devices/people-counter-mqtt.sim.ts';
import { RatingPadSim } from '../devices/rating-pad.sim.ts';
import { TicketTerminalSim } from '../devices/ticket-terminal.sim.ts';
import { deviceSecret } from '../hall/scenario.ts';
import { StaffAgent } from '../hall/staff.agent.ts';
import { Random } from '../random/random.ts';
import { every, hubUrl, int, num, parse, UsageError } from './args.ts';

const OPTIONS = {
  hub: { type: 'string' },
  hall: { type: 'string', default: 'SZ-FT-001' },
  id: { type: 'string' },
  'secret-env': { type: 'string' },
  'modbus-port': { type: 'string' },
  mqtt: { type: 'boolean', default: false },
  in: { type: 'string' },
  out: { type: 'string' },
  'word-order': { type: 'string', default: 'big' },
  'unit-id': { type: 'string' },
  flow: { type: 'string' },
  port: { type: 'string' },
  service: { type: 'string' },
  every: { type: 'string' },
  staff: { type: 'string' },
  'service-minutes': { type: 'string' },
  seed: { type: 'string' },
  'duplicate-rate': { type: 'string' },
  'clock-skew': { type: 'string' },
} as const;

/** Runs until Ctrl-C. */
function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}

export async function runDevice(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, OPTIONS);
  const kind = positionals[0];
  const random = new Random(int(values.seed, 'seed', 1));
  const scheduler = new RealtimeScheduler();
  scheduler.onError = (err) => process.stderr.write(`device: ${(err as Error).message}\n`);
  const flowPerMinute = num(values.flow, 'flow', 0);
  const mqttCommon = () => {
    if (!values.id) throw new UsageError(`device ${kind} needs --id`);
    const secret = values['secret-env']
      ? deviceSecret({ id: values.id, secretEnv: values['secret-env'] }, process.env)
      : deviceSecret({ id: values.id }, process.env);
    return {
      url: hubUrl(values.hub),
      hallId: values.hall,
      deviceId: values.id,
      secret,
      scheduler,
      random: random.fork(),
      faults: {
        duplicateRate: num(values['duplicate-rate'], 'duplicate-rate', 0),
        clockSkewMs: Number(values['clock-skew'] ?? 0),
      },
      log: (line: string) => process.stderr.write(`${line}\n`),
    };
  };
  /** People walking through a door at `flowPerMinute`, in and (a while later) out. */
  const walk = (door: { enter(): void; leave(): void }) => {
    if (flowPerMinute <= 0) return;
    const controller = new AbortController();
    scheduler.spawn(async () => {
      try {
        for (;;) {
          await scheduler.sleep(random.exponential(60_000 / flowPerMinute), controller.signal);
          door.enter();
          scheduler.at(scheduler.now() + random.exponential(10 * 60_000), () => door.leave());
        }
      } catch (err) {
        if (!isAbortError(err)) throw err;
      }
    });
  };

  switch (kind) {
    case 'people-counter': {
      if (values.mqtt) {
        const counter = new PeopleCounterMqttSim({
          ...mqttCommon(),
          inTotal: int(values.in, 'in', 0, [0, 2 ** 32 - 1]),
          outTotal: int(values.out, 'out', 0, [0, 2 ** 32 - 1]),
        });
        await counter.connect();
        walk(counter);
        const stop = every(10_000, () => `in ${counter.totals.in} out ${counter.totals.out}`);
        await untilStopped();
        stop();
        await counter.close();
        return;
      }
      if (!values['modbus-port'])
        throw new UsageError('device people-counter needs --modbus-port P (Modbus TCP) or --mqtt');
      const order = values['word-order'];
      if (order !== 'big' && order !== 'little')
        throw new UsageError(`--word-order must be big or little, got ${JSON.stringify(order)}`);
      const sim = new PeopleCounterModbusSim({
        port: int(values['modbus-port'], 'modbus-port', 502, [1, 65_535]),
        map: {
          wordOrder: order === 'big' ? 'high-first' : 'low-first',
          unitId: int(values['unit-id'], 'unit-id', 1, [0, 255]),
        },
        inTotal: int(values.in, 'in', 0, [0, 2 ** 32 - 1]),
        outTotal: int(values.out, 'out', 0, [0, 2 ** 32 - 1]),
      });
      await sim.start();
      process.stdout.write(
        `Modbus TCP people counter on 127.0.0.1:${sim.port}, unit ${sim.map.unitId}, in at ${sim.map.inTotalAddress}, out at ${sim.map.outTotalAddress}, status at ${sim.map.statusAddress}, ${sim.map.wordOrder} word order\n`,
      );
      walk(sim);
      const stop = every(10_000, () => `in ${sim.totals.in} out ${sim.totals.out}`);
      await untilStopped();
      stop();
      scheduler.stop();
      await sim.stop();
      return;
    }
    case 'opcua': {
      const port = int(values.port, 'port', 4840, [1, 65_535]);
      const sim = new OpcuaDeviceSim({ port, pkiDir: join(tmpdir(), 'hall-sim-pki', `opcua-${port}`) });
      await sim.start();
      process.stdout.write(
        `OPC UA device at ${sim.endpointUrl}; node map:\n${JSON.stringify(sim.nodeMap(), null, 2)}\n`,
      );
      walk(sim);
      await untilStopped();
      scheduler.stop();
      await sim.stop();
      return;
    }
    case 'ticket-terminal': {
      if (!values.service) throw new UsageError('device ticket-terminal needs --service SERVICE_ID');
      const kiosk = new TicketTerminalSim(mqttCommon());
      await kiosk.connect();
      const seconds = num(values.every, 'every', 30, 0.1);
      const controller = new AbortController();
      scheduler.spawn(async () => {
        try {
          for (;;) {
            const answer = await kiosk.requestTicket({ serviceId: values.service as string });
            process.stdout.write(
              `${answer.status === 'printed' ? `printed ${answer.ticket.ticketNo}, ${answer.ticket.waitingAhead} ahead, ~${answer.ticket.eta.p50Minutes} min` : answer.status === 'refused' ? `refused: ${answer.message}` : 'no answer from the hub'}\n`,
            );
            await scheduler.sleep(seconds * 1_000, controller.signal);
          }
        } catch (err) {
          if (!isAbortError(err)) throw err;
        }
      });
      await untilStopped();
      controller.abort();
      await kiosk.close();
      return;
    }
    case 'counter-terminal': {
      if (!values.staff) throw new UsageError('device counter-terminal needs --staff STAFF_ID');
      const terminal = new CounterTerminalSim(mqttCommon());
      await terminal.connect();
      const minutes = num(values['service-minutes'], 'service-minutes', 5, 0.01);
      const agent = new StaffAgent({
        staff: {
          id: values.staff,
          name: values.staff,
          counterId: values.id as string,
          skills: {},
          shift: { start: '00:00', end: '23:59' },
          breaks: [],
          speed: 1,
          speedFrom: [],
          ratingMean: 4.4,
        },
        terminal,
        scheduler,
        random: random.fork(),
        // A lone counter knows nobody in the hall: every called customer is there.
        floor: {
          called: () => ({ present: () => true, walkMs: 15_000, serviceMs: random.lognormal(minutes * 60_000, 0.6) }),
          started: () => {},
          served: () => {},
          noShow: () => {},
        },
        behaviour: { walkSeconds: [10, 30], recallAfterSeconds: 60, recallsBeforeNoShow: 2 },
        shiftStart: Date.now(),
        shiftEnd: Date.now() + 24 * 3_600_000,
        breaks: [],
      });
      scheduler.spawn(() => agent.run());
      const stop = every(
        10_000,
        () =>
          `display: ${terminal.display.status}${terminal.display.ticketNo ? ` ${terminal.display.ticketNo}` : ''}, ${terminal.display.waiting} waiting · served ${agent.stats.served}`,
      );
      await untilStopped();
      stop();
      scheduler.stop();
      await terminal.closeCounter();
      await terminal.close();
      return;
    }
    case 'rating-pad': {
      const pad = new RatingPadSim({
        ...mqttCommon(),
        choose: () =>
          random.chance(0.7)
            ? {
                score: Math.min(5, Math.max(1, Math.round(random.normal(4.3, 0.8)))),
                reasons: [],
                afterMs: random.between(3, 15) * 1_000,
              }
            : null,
      });
      await pad.connect();
      const stop = every(10_000, () => `ratings ${pad.ratings.length} · skipped ${pad.skipped.length}`);
      await untilStopped();
      stop();
      await pad.close();
      return;
    }
    default:
      throw new UsageError(
        `device needs a kind: people-counter, ticket-terminal, counter-terminal, rating-pad or opcua (got ${JSON.stringify(kind)})`,
      );
  }
}

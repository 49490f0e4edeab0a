/**
 * People counter over Modbus TCP (modbus-serial `ServerTCP`): cumulative 32-bit in/out totals in two
 * registers each, in the configured word order, and a status word, laid out by the register map of
 * @hall/devices. Totals wrap at 2^32 like the device's counters; `resetCounters()` is a device reset.
 * `stall()` makes it stop answering (the hub's request timeout and reconnect logic get exercised).
 */
import { once } from 'node:events';
import {
  encodePeopleCounterRegisters,
  peopleCounterRegisterMapSchema,
  UINT32_MAX,
  type PeopleCounterRegisterMap,
} from '@hall/devices';
import Modbus from 'modbus-serial';
import type { z } from 'zod';

type FCallbackVal<T> = (err: Error | null, value: T) => void;

export interface ModbusCounterOptions {
  port: number;
  host?: string;
  map?: z.input<typeof peopleCounterRegisterMapSchema>;
  inTotal?: number;
  outTotal?: number;
}

export class PeopleCounterModbusSim {
  readonly map: PeopleCounterRegisterMap;
  readonly port: number;
  readonly host: string;
  #in: number;
  #out: number;
  #status = { running: true, sensorFault: false, obstructed: false };
  #stalledUntil = 0;
  #server: InstanceType<typeof Modbus.ServerTCP> | null = null;
  /** Requests answered, for tests. */
  readonly stats = { reads: 0, unanswered: 0 };

  constructor(opts: ModbusCounterOptions) {
    this.map = peopleCounterRegisterMapSchema.parse(opts.map ?? {});
    this.port = opts.port;
    this.host = opts.host ?? '127.0.0.1';
    this.#in = wrap(opts.inTotal ?? 0);
    this.#out = wrap(opts.outTotal ?? 0);
  }

  get totals() {
    return { in: this.#in, out: this.#out };
  }

  enter(n = 1) {
    this.#in = wrap(this.#in + n);
  }

  leave(n = 1) {
    this.#out = wrap(this.#out + n);
  }

  setTotals(inTotal: number, outTotal: number) {
    this.#in = wrap(inTotal);
    this.#out = wrap(outTotal);
  }

  /** Fault: the device restarts counting from zero. */
  resetCounters() {
    this.#in = 0;
    this.#out = 0;
  }

  setStatus(status: Partial<{ running: boolean; sensorFault: boolean; obstructed: boolean }>) {
    this.#status = { ...this.#status, ...status };
  }

  /** Fault: no answers for `ms` wall-clock milliseconds (requests time out on the client). */
  stall(ms: number) {
    this.#stalledUntil = Date.now() + ms;
  }

  #read(start: number, length: number, cb: FCallbackVal<number[]>) {
    if (Date.now() < this.#stalledUntil) {
      // A stalled device simply never answers: the callback is dropped on purpose.
      this.stats.unanswered += 1;
      return;
    }
    this.stats.reads += 1;
    const image = encodePeopleCounterRegisters(this.map, {
      inTotal: this.#in,
      outTotal: this.#out,
      status: this.#status,
    });
    cb(
      null,
      Array.from({ length }, (_, i) => image.get(start + i) ?? 0),
    );
  }

  async start(): Promise<void> {
    const registers = (addr: number, length: number, _unit: number, cb: FCallbackVal<number[]>) =>
      this.#read(addr, length, cb);
    const single = (addr: number, _unit: number, cb: FCallbackVal<number>) =>
      this.#read(addr, 1, (err, v) => cb(err, v[0] ?? 0));
    const holding = this.map.registerType === 'holding';
    const vector = holding
      ? { getHoldingRegister: single, getMultipleHoldingRegisters: registers }
      : { getInputRegister: single, getMultipleInputRegisters: registers };
    const server = new Modbus.ServerTCP(vector, {
      host: this.host,
      port: this.port,
      unitID: this.map.unitId,
      debug: false,
    });
    server.on('socketError', () => {});
    this.#server = server;
    await Promise.race([
      once(server, 'initialized'),
      once(server, 'serverError').then(([err]) => Promise.reject(err as Error)),
    ]);
  }

  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const wrap = (n: number) => ((n % (UINT32_MAX + 1)) + UINT32_MAX + 1) % (UINT32_MAX + 1);

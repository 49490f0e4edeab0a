/**
 * Polls a Modbus TCP people counter (modbus-serial's client): one read of the register span per
 * interval, decoded by the contract's register map, handed to the occupancy feature as cumulative
 * totals. It only reads; it never clears the device's counters. A request timeout bounds every read;
 * three failed reads in a row mark the device offline; the connection is rebuilt with exponential
 * backoff and jitter. Availability is written by the hub (the device has no MQTT will of its own).
 */
import { decodePeopleCounterRegisters, registerSpan, type PeopleCounterRegisterMap } from '@hall/devices';
import Modbus from 'modbus-serial';
import type { Logger } from 'pino';
import type { EventBus } from '../../bus/event-bus.ts';

export interface ModbusCounterConfig {
  id: string;
  host: string;
  port: number;
  map: PeopleCounterRegisterMap;
  pollIntervalMs: number;
  timeoutMs: number;
}

const FAILURES_BEFORE_OFFLINE = 3;

export class ModbusPoller {
  readonly #c: ModbusCounterConfig;
  readonly #bus: EventBus;
  readonly #log: Logger;
  readonly #clock: () => number;
  #client: InstanceType<typeof Modbus.default> | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #stopped = false;
  #failures = 0;
  #online: boolean | null = null;
  #backoffMs = 500;
  readonly stats = { reads: 0, failures: 0, reconnects: 0 };

  constructor(opts: { device: ModbusCounterConfig; bus: EventBus; log: Logger; clock: () => number }) {
    this.#c = opts.device;
    this.#bus = opts.bus;
    this.#log = opts.log;
    this.#clock = opts.clock;
  }

  start() {
    this.#stopped = false;
    this.#schedule(0);
  }

  #schedule(ms: number) {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => void this.#tick(), ms);
    this.#timer.unref?.();
  }

  async #connect(): Promise<InstanceType<typeof Modbus.default>> {
    // modbus-serial is CommonJS: under NodeNext its class is the `default` property (PLATFORM.md).
    const client = new Modbus.default();
    await client.connectTCP(this.#c.host, { port: this.#c.port });
    client.setID(this.#c.map.unitId);
    client.setTimeout(this.#c.timeoutMs);
    return client;
  }

  async #tick() {
    try {
      if (!this.#client?.isOpen) {
        this.#client?.close(() => {});
        this.#client = await this.#connect();
        this.stats.reconnects += 1;
      }
      const { start, count } = registerSpan(this.#c.map);
      const read =
        this.#c.map.registerType === 'holding'
          ? this.#client.readHoldingRegisters(start, count)
          : this.#client.readInputRegisters(start, count);
      const { data } = await read;
      const reading = decodePeopleCounterRegisters(this.#c.map, data);
      this.stats.reads += 1;
      this.#failures = 0;
      this.#backoffMs = 500;
      const at = this.#clock();
      this.#presence(true, at);
      this.#bus.emit('counter.reading', {
        deviceId: this.#c.id,
        inTotal: reading.inTotal,
        outTotal: reading.outTotal,
        at,
      });
      this.#bus.emit('device.state', {
        deviceId: this.#c.id,
        state: {
          sensor: reading.status.sensorFault ? 'fault' : reading.status.obstructed ? 'obstructed' : 'ok',
          running: reading.status.running,
        },
        at,
      });
      this.#schedule(this.#c.pollIntervalMs);
    } catch (err) {
      this.stats.failures += 1;
      this.#failures += 1;
      if (this.#failures === 1)
        this.#log.warn({ device: this.#c.id, err: (err as Error).message }, 'modbus read failed');
      if (this.#failures >= FAILURES_BEFORE_OFFLINE) this.#presence(false, this.#clock());
      // A timed-out or broken connection is rebuilt; backoff grows to 30 s, with jitter against herds.
      this.#client?.close(() => {});
      this.#client = null;
      const wait = Math.min(30_000, this.#backoffMs) * (0.75 + Math.random() * 0.5);
      this.#backoffMs = Math.min(30_000, this.#backoffMs * 2);
      this.#schedule(Math.max(wait, Math.min(this.#c.pollIntervalMs, 5_000)));
    }
  }

  #presence(online: boolean, at: number) {
    if (this.#online === online) return;
    this.#online = online;
    this.#bus.emit('device.presence', { deviceId: this.#c.id, online, cause: 'poll', at });
  }

  stop() {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#client?.close(() => {});
    this.#client = null;
  }
}

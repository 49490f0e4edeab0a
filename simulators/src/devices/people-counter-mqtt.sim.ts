/**
 * People counter, MQTT variant: publishes its cumulative totals (`count {in, out}`) when they change,
 * at most every `minIntervalMs`, and wraps at 2^32 like the Modbus model.
 */
import { UINT32_MAX } from '@hall/devices';
import { MqttDevice, type MqttDeviceOptions } from './mqtt-device.ts';

export class PeopleCounterMqttSim extends MqttDevice<'people-counter'> {
  #in: number;
  #out: number;
  #dirty = false;
  #flushing = false;
  readonly #minIntervalMs: number;

  constructor(
    opts: Omit<MqttDeviceOptions<'people-counter'>, 'kind' | 'state'> & {
      inTotal?: number;
      outTotal?: number;
      minIntervalMs?: number;
    },
  ) {
    super({ ...opts, kind: 'people-counter', state: () => ({ sensor: 'ok' }) });
    this.#in = opts.inTotal ?? 0;
    this.#out = opts.outTotal ?? 0;
    this.#minIntervalMs = opts.minIntervalMs ?? 5_000;
  }

  /** Like the firmware: the current totals right after connecting, so the hub has a baseline. */
  override async connect(): Promise<void> {
    await super.connect();
    await this.flush();
  }

  get totals() {
    return { in: this.#in, out: this.#out };
  }

  enter(n = 1) {
    this.#in = (this.#in + n) % (UINT32_MAX + 1);
    this.#schedule();
  }

  leave(n = 1) {
    this.#out = (this.#out + n) % (UINT32_MAX + 1);
    this.#schedule();
  }

  /** Fault: the device restarts its counting from zero (power loss, maintenance). */
  resetCounters() {
    this.#in = 0;
    this.#out = 0;
    this.#schedule();
  }

  /** Publishes the totals now. */
  async flush(): Promise<void> {
    this.#dirty = false;
    await this.publishEvent('count', { in: this.#in, out: this.#out });
  }

  #schedule() {
    this.#dirty = true;
    if (this.#flushing) return;
    this.#flushing = true;
    this.scheduler.spawn(async () => {
      try {
        await this.scheduler.sleep(this.#minIntervalMs);
        if (this.#dirty && this.connected) await this.flush();
      } finally {
        this.#flushing = false;
      }
    });
  }
}

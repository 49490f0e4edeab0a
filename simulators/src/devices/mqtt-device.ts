/**
 * The MQTT side of every simulated device, as firmware would do it: its own client id and secret, the
 * retained `offline` will, `online` on every (re)connect, retained `state` as a heartbeat, events with
 * `{eid, seq, ts, deviceId}` at QoS 1, commands validated against the kind and answered on `res/{reqId}`.
 *
 * Faults are part of the device, not of the test: a skewed clock, duplicate deliveries of the same eid,
 * a dropped connection (no DISCONNECT, so the broker publishes the will), raw hostile payloads.
 */
import { randomInt } from 'node:crypto';
import type { Duplex } from 'node:stream';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { deviceKinds, parseDeviceCommand, topics, type DeviceKindName, type DeviceKinds } from '@hall/devices';
import type { z } from 'zod';
import { isAbortError, RealtimeScheduler, systemClock, type Clock, type Scheduler } from '../clock/scheduler.ts';
import { Random } from '../random/random.ts';

type Events<K extends DeviceKindName> = DeviceKinds[K]['events'];
type EventType<K extends DeviceKindName> = keyof Events<K> & string;
/** An event's own fields: the payload without the envelope the device adds. */
export type EventFields<K extends DeviceKindName, T extends EventType<K>> = Omit<
  z.input<Events<K>[T]>,
  'eid' | 'seq' | 'ts' | 'deviceId'
>;
type StateFields<K extends DeviceKindName> = Omit<
  z.input<DeviceKinds[K]['state']>,
  'ts' | 'firmware' | 'model' | 'serial'
>;

export interface ReceivedCommand {
  name: string;
  payload: Record<string, unknown> & { reqId: string };
}

export interface DeviceFaults {
  /** Added to the device clock for every `ts`: a device whose clock runs ahead (+) or behind (-). */
  clockSkewMs: number;
  /** Probability that an event is published twice with the same eid (a QoS 1 redelivery). */
  duplicateRate: number;
}

export interface MqttDeviceOptions<K extends DeviceKindName> {
  kind: K;
  /** `mqtt://host:port` or `ws://host:port/mqtt`. */
  url: string;
  /**
   * Instead of dialling `url`: a connection made by the caller (called again on every reconnect), e.g. a
   * pipe into a hub running in the same process. The device speaks the same MQTT over it.
   */
  connectStream?: () => Duplex;
  hallId: string;
  deviceId: string;
  /** The device's secret; the broker authenticates `deviceId` / `secret`. */
  secret?: string;
  /** Runs message handlers as tasks, so virtual time waits for them. Default: real time. */
  scheduler?: Scheduler;
  /** The device's own clock, stamped into `ts`. Default: the system clock. */
  clock?: Clock;
  random?: Random;
  state: () => StateFields<K>;
  faults?: Partial<DeviceFaults>;
  /** How long `request()` waits for the hub's answer, in wall-clock ms. */
  responseTimeoutMs?: number;
  /** How long a QoS 1 publish (and the goodbye at close) waits for the broker's acknowledgement, wall-clock ms. Default 10 s. */
  publishTimeoutMs?: number;
  /** How often `state` is republished as a heartbeat (simulated ms). Default: `heartbeatShare` of the kind's timeout. */
  heartbeatMs?: number;
  /**
   * The heartbeat as a share of the kind's timeout, when `heartbeatMs` is not given. Default: a third.
   * 0: no periodic heartbeat (the state is published at each connection only) — for a hub that does not
   * time devices out, as on a virtual clock.
   */
  heartbeatShare?: number;
  reconnectPeriodMs?: number;
  firmware?: string;
  model?: string;
  log?: (line: string) => void;
}

export class MqttDevice<K extends DeviceKindName> {
  readonly kind: K;
  readonly hallId: string;
  readonly deviceId: string;
  readonly faults: DeviceFaults;
  protected readonly scheduler: Scheduler;
  protected readonly random: Random;
  readonly #opts: MqttDeviceOptions<K>;
  readonly #clock: Clock;
  readonly #bootId: string;
  #client: MqttClient | null = null;
  #seq = 0;
  #heartbeat: AbortController | null = null;
  readonly #waiters = new Map<string, { names: readonly string[]; resolve: (cmd: ReceivedCommand | null) => void }>();
  readonly #handlers = new Map<string, (cmd: ReceivedCommand) => unknown>();
  /** What the device saw, for tests and the CLI. */
  readonly stats = { published: 0, duplicates: 0, commands: 0, invalidCommands: 0, connects: 0 };

  constructor(opts: MqttDeviceOptions<K>) {
    this.#opts = opts;
    this.kind = opts.kind;
    this.hallId = opts.hallId;
    this.deviceId = opts.deviceId;
    this.scheduler = opts.scheduler ?? new RealtimeScheduler();
    this.#clock = opts.clock ?? systemClock;
    // Without a seeded stream, a fresh one per power-on: two boots must never reuse an eid.
    this.random = opts.random ?? new Random(randomInt(0, 2 ** 31));
    this.faults = { clockSkewMs: 0, duplicateRate: 0, ...opts.faults };
    // A fresh boot id per power-on keeps eids unique although seq starts again at 0. Never drawn from the
    // seeded stream: a simulated hall started again with the same seed (npm start twice on one day) would
    // reuse every eid of its previous run, and the hub, deduplicating by eid, would answer each press
    // with the previous run's reply instead of acting on it. The seeded draw is still taken, so the
    // device's other draws stay what the seed makes them.
    this.random.token(6);
    this.#bootId = randomInt(0, 36 ** 6)
      .toString(36)
      .padStart(6, '0');
  }

  get connected(): boolean {
    return this.#client?.connected ?? false;
  }

  /** The device clock as it stamps events (skew included). */
  deviceNow(): number {
    return Math.round(this.#clock.now() + this.faults.clockSkewMs);
  }

  async connect(): Promise<void> {
    const { hallId, deviceId } = this;
    const options: IClientOptions = {
      clientId: deviceId,
      username: this.#opts.secret === undefined ? undefined : deviceId,
      password: this.#opts.secret,
      protocolVersion: 4,
      clean: true,
      keepalive: 30,
      connectTimeout: 10_000,
      reconnectPeriod: this.#opts.reconnectPeriodMs ?? 2_000,
      will: { topic: topics.avail(hallId, deviceId), payload: Buffer.from('offline'), qos: 1, retain: true },
    };
    const stream = this.#opts.connectStream;
    const client = stream ? await connectOver(stream, options) : await mqtt.connectAsync(this.#opts.url, options);
    this.#client = client;
    noDelay(client);
    client.on('message', (topic, payload) => this.#onMessage(topic, payload));
    client.on('connect', () => noDelay(client));
    client.on(
      'connect',
      () => void this.#announce().catch((err: unknown) => this.#log(`announce failed: ${String(err)}`)),
    );
    client.on('error', (err) => this.#log(`mqtt error: ${err.message}`));
    await this.#announce();
    this.#startHeartbeat();
  }

  /** On every (re)connect: subscribe to own commands, say `online`, publish state. */
  async #announce() {
    const client = this.#client;
    if (!client) return;
    this.stats.connects += 1;
    if (Object.keys(deviceKinds[this.kind].commands).length) {
      await bounded(
        client.subscribeAsync(topics.filters.deviceCommands(this.hallId, this.deviceId), { qos: 1 }),
        this.#publishTimeoutMs,
        'subscribe',
      );
    }
    await bounded(
      client.publishAsync(topics.avail(this.hallId, this.deviceId), 'online', { qos: 1, retain: true }),
      this.#publishTimeoutMs,
      'avail',
    );
    await this.publishState();
  }

  get #publishTimeoutMs(): number {
    return this.#opts.publishTimeoutMs ?? 10_000;
  }

  #startHeartbeat() {
    this.#heartbeat?.abort();
    const controller = new AbortController();
    this.#heartbeat = controller;
    const every =
      this.#opts.heartbeatMs ??
      Math.floor(deviceKinds[this.kind].heartbeatTimeoutMs * (this.#opts.heartbeatShare ?? 1 / 3));
    if (!(every > 0)) return;
    this.scheduler.spawn(async () => {
      try {
        for (;;) {
          await this.scheduler.sleep(every, controller.signal);
          if (this.connected) await this.publishState();
        }
      } catch (err) {
        if (!isAbortError(err)) throw err;
      }
    });
  }

  async publishState(): Promise<void> {
    const state = {
      ts: this.deviceNow(),
      firmware: this.#opts.firmware ?? '1.0.0-sim',
      model: this.#opts.model ?? `SIM-${this.kind}`,
      ...this.#opts.state(),
    };
    const parsed = deviceKinds[this.kind].state.parse(state);
    if (this.#client)
      await bounded(
        this.#client.publishAsync(topics.state(this.hallId, this.deviceId), JSON.stringify(parsed), {
          qos: 1,
          retain: true,
        }),
        this.#publishTimeoutMs,
        'state',
      );
  }

  /** The next envelope; taken synchronously, so concurrent publishes each get their own seq. */
  #nextEnvelope() {
    this.#seq += 1;
    return { eid: `${this.deviceId}.${this.#bootId}.${this.#seq}`, seq: this.#seq };
  }

  /** Builds, validates and publishes an event; returns its eid. */
  async publishEvent<T extends EventType<K>>(type: T, fields: EventFields<K, T>): Promise<string> {
    return this.#publish(type, fields, this.#nextEnvelope());
  }

  async #publish(type: string, fields: object, envelope: { eid: string; seq: number }): Promise<string> {
    const client = this.#requireClient();
    const schema = (deviceKinds[this.kind].events as Record<string, z.ZodType>)[type];
    if (!schema) throw new Error(`${this.kind} has no event ${type}`);
    // A simulator that builds an invalid event has a bug; hostile payloads go through publishRaw().
    const payload = schema.parse({ ...fields, ...envelope, ts: this.deviceNow(), deviceId: this.deviceId });
    const text = JSON.stringify(payload);
    const topic = topics.event(this.hallId, this.deviceId, type);
    await bounded(client.publishAsync(topic, text, { qos: 1 }), this.#publishTimeoutMs, type);
    this.stats.published += 1;
    if (this.faults.duplicateRate > 0 && this.random.chance(this.faults.duplicateRate)) {
      await bounded(client.publishAsync(topic, text, { qos: 1 }), this.#publishTimeoutMs, type);
      this.stats.duplicates += 1;
    }
    return envelope.eid;
  }

  /**
   * Publishes an event and waits for the hub's command that answers it (`inReplyTo` = the event's eid).
   * Resolves null when no answer comes within the response timeout (wall clock).
   */
  async request<T extends EventType<K>>(
    type: T,
    fields: EventFields<K, T>,
    answers: readonly string[],
  ): Promise<ReceivedCommand | null> {
    const envelope = this.#nextEnvelope();
    const { eid } = envelope;
    const answered = new Promise<ReceivedCommand | null>((resolve) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(eid);
        resolve(null);
      }, this.#opts.responseTimeoutMs ?? 5_000);
      this.#waiters.set(eid, {
        names: answers,
        resolve: (cmd) => {
          clearTimeout(timer);
          this.#waiters.delete(eid);
          resolve(cmd);
        },
      });
    });
    await this.#publish(type, fields, envelope);
    return answered;
  }

  /** Handles a command by name; the device answers `res/{reqId}` with ok, or error when the handler throws. */
  onCommand(name: string, handler: (cmd: ReceivedCommand) => unknown): void {
    this.#handlers.set(name, handler);
  }

  #onMessage(topic: string, payload: Buffer) {
    const prefix = `${topics.filters.deviceCommands(this.hallId, this.deviceId).slice(0, -1)}`;
    if (!topic.startsWith(prefix)) return;
    const name = topic.slice(prefix.length);
    this.stats.commands += 1;
    const checked = parseDeviceCommand(this.kind, name, payload);
    if (!checked.ok) {
      this.stats.invalidCommands += 1;
      this.#log(`refused cmd/${name}: ${checked.error.message}`);
      const reqId = tryReqId(payload);
      if (reqId) void this.#respond(reqId, { status: 'error', error: checked.error.message });
      return;
    }
    const cmd = checked.value as ReceivedCommand;
    this.scheduler.spawn(async () => {
      const inReplyTo = cmd.payload.inReplyTo;
      if (typeof inReplyTo === 'string') {
        const waiter = this.#waiters.get(inReplyTo);
        if (waiter?.names.includes(cmd.name)) waiter.resolve(cmd);
      }
      const handler = this.#handlers.get(cmd.name);
      try {
        await handler?.(cmd);
        await this.#respond(cmd.payload.reqId, { status: 'ok' });
      } catch (err) {
        await this.#respond(cmd.payload.reqId, { status: 'error', error: (err as Error).message.slice(0, 200) });
      }
    });
  }

  async #respond(reqId: string, body: { status: 'ok' | 'error'; error?: string }) {
    if (this.#client)
      await bounded(
        this.#client.publishAsync(topics.response(this.hallId, this.deviceId, reqId), JSON.stringify(body), { qos: 1 }),
        this.#publishTimeoutMs,
        'res',
      ).catch(() => {});
  }

  /** Fault: publishes any bytes on any topic, as a broken or hostile device would. */
  async publishRaw(
    topic: string,
    payload: string | Buffer,
    opts: { qos?: 0 | 1; retain?: boolean } = {},
  ): Promise<void> {
    await bounded(
      this.#requireClient().publishAsync(topic, payload, { qos: opts.qos ?? 1, retain: opts.retain ?? false }),
      this.#publishTimeoutMs,
      'raw',
    );
  }

  /**
   * Fault: the network drops. The socket is destroyed without an MQTT DISCONNECT, so the broker
   * publishes the device's will (`offline`); the client reconnects by itself after its reconnect period.
   */
  dropConnection(): void {
    this.#client?.stream.destroy();
  }

  /** Powers the device off cleanly: `offline`, DISCONNECT, no reconnect. */
  async close(opts: { graceful?: boolean } = {}): Promise<void> {
    this.#heartbeat?.abort();
    this.#heartbeat = null;
    const client = this.#client;
    this.#client = null;
    if (!client) return;
    // A broker that went away (the hub stopped with us: Ctrl-C reaches the whole process group) will
    // acknowledge nothing: waiting for it ends when the connection does, not only at the time bound.
    const lost = new Promise<void>((done) => {
      if (!client.connected) return done();
      client.once('close', () => done());
    });
    if (opts.graceful !== false && client.connected) {
      await Promise.race([
        bounded(
          client.publishAsync(topics.avail(this.hallId, this.deviceId), 'offline', { qos: 1, retain: true }),
          this.#publishTimeoutMs,
          'offline',
        ).catch(() => {}),
        lost,
      ]);
    }
    // end() waits for in-flight QoS 1 messages; a broker that never acknowledges them would hold a
    // closing device (and a test's cleanup) for ever: give it a bound, then drop the connection.
    const graceful = opts.graceful !== false && client.connected;
    await bounded(client.endAsync(!graceful), this.#publishTimeoutMs, 'close').catch(() => client.endAsync(true));
  }

  #requireClient(): MqttClient {
    if (!this.#client) throw new Error(`${this.deviceId} is not connected`);
    return this.#client;
  }

  #log(line: string) {
    this.#opts.log?.(`[${this.deviceId}] ${line}`);
  }
}

/** Like `mqtt.connectAsync`, over connections the caller makes: resolves when connected, rejects on the first error. */
function connectOver(stream: () => Duplex, options: IClientOptions): Promise<MqttClient> {
  const client = new mqtt.MqttClient(stream as never, options);
  return new Promise((resolve, reject) => {
    const settle = (err?: Error) => {
      client.off('connect', onConnect);
      client.off('error', onError);
      if (!err) return resolve(client);
      client.end(true);
      reject(err);
    };
    const onConnect = () => settle();
    const onError = (err: Error) => settle(err);
    client.once('connect', onConnect);
    client.once('error', onError);
  });
}

/**
 * A QoS 1 publish caught in a dropped connection can wait for a PUBACK that never comes; in virtual time
 * such a wait would hold the simulated clock forever. Every publish of a simulated device gives up after
 * `ms` of wall time (the device logs it and goes on, as firmware with a watchdog would).
 */
function bounded<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no acknowledgement within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * mqtt.js leaves Nagle's algorithm on. A device that answers a command right after its previous small
 * write then waits for the broker's delayed ACK: ~40 ms per exchange on loopback, measured here.
 */
export function noDelay(client: MqttClient): void {
  const stream = client.stream as unknown as { setNoDelay?: (on: boolean) => void };
  stream.setNoDelay?.(true);
}

function tryReqId(payload: Buffer): string | null {
  try {
    const value = JSON.parse(payload.toString('utf8')) as { reqId?: unknown };
    return typeof value.reqId === 'string' && /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/.test(value.reqId)
      ? value.reqId
      : null;
  } catch {
    return null;
  }
}

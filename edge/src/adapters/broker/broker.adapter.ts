/**
 * The hall's MQTT broker (aedes) on TCP, on WebSocket at `/mqtt` of the hub's HTTP server, and on TLS
 * when a certificate is configured. It authenticates every device by id and hashed secret, enforces the
 * ACL, validates every uplink message against the device contract and puts what passes on the bus.
 * Nothing a device sends can throw out of here: refusals are counted by reason and device, logged at
 * most once a minute per device, and answered on `res/{reqId}` when the message carried a reqId.
 */
import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import type { Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import {
  parseAvailability,
  parseDeviceEvent,
  parseDeviceState,
  parseTopic,
  topics,
  type DeviceKindName,
  type IngressLimits,
  type Rejection,
} from '@hall/devices';
import { Aedes, type Client } from 'aedes';
import type { Logger } from 'pino';
import { createWebSocketStream, WebSocketServer } from 'ws';
import type { EventBus } from '../../bus/event-bus.ts';
import { RefusalLog } from '../../refusal-log.ts';
import { refusalDelayMs, type SecretGate } from '@hall/devices/secrets';
import { mayPublish, maySubscribe } from './acl.ts';
import { localPipe } from './local-pipe.ts';
import { WireGuard, type WireLimits } from './wire-guard.ts';

export interface BrokerDevice {
  id: string;
  kind: DeviceKindName;
  secretHash: string;
}

export interface BrokerOptions {
  hallId: string;
  devices: BrokerDevice[];
  bus: EventBus;
  log: Logger;
  clock: () => number;
  limits: IngressLimits;
  /** Every device secret is checked through it (shared with the hub's API: one budget for the CPU). */
  gate: SecretGate;
  /** Bounds on connections and their bytes (wire-guard.ts), and how long a connection may take to send CONNECT. */
  wire: WireLimits & { connectTimeoutMs: number };
  host: string;
  mqttPort: number;
  tls?: { cert: Buffer; key: Buffer; port: number };
}

export type RejectionCounts = Record<string, Record<string, number>>;

export class BrokerAdapter {
  readonly #o: BrokerOptions;
  #broker: Aedes | null = null;
  #tcp: Server | null = null;
  #tls: TlsServer | null = null;
  #ws: WebSocketServer | null = null;
  readonly #devices: Map<string, BrokerDevice>;
  /** Authenticated connections and the device each speaks for. */
  readonly #clients = new WeakMap<Client, BrokerDevice>();
  /** The peer address of each connection (its stream), for per-source limits and logs. */
  readonly #sources = new WeakMap<object, string>();
  readonly #lastLogged = new Map<string, number>();
  /** reason → device → count. */
  readonly rejections: RejectionCounts = {};
  readonly stats = { accepted: 0, rejected: 0, authFailures: 0, aclDenials: 0, retainRefused: 0 };
  readonly wire: WireGuard;
  readonly #refusals: RefusalLog;
  mqttPort = 0;
  mqttsPort = 0;

  constructor(opts: BrokerOptions) {
    this.#o = opts;
    this.#devices = new Map(opts.devices.map((d) => [d.id, d]));
    this.#refusals = new RefusalLog({
      log: opts.log,
      message: 'MQTT connections refused (counts since the last line)',
    });
    this.wire = new WireGuard(opts.wire, (violation, source) => this.#refusals.note(violation, source));
  }

  async start(): Promise<void> {
    const { hallId, log } = this.#o;
    const broker = await Aedes.createBroker({
      id: `hub-${hallId}`,
      // One stuck subscriber must not freeze delivery to everyone (PLATFORM.md).
      drainTimeout: 30_000,
      // A connection that has not sent CONNECT by then is closed (aedes' default is 30 s).
      connectTimeout: this.#o.wire.connectTimeoutMs,
      authenticate: (client, username, password, done) => {
        // The username is the device id; the client id is the device id, or `{deviceId}.{anything}` for
        // a device that keeps two connections (firmware with separate publish and subscribe tasks).
        // Checked off the event loop and rate-limited by the hub's SecretGate; an unknown device or a
        // client id that does not fit is checked against nothing, at the same cost.
        const device = username ? this.#devices.get(username) : undefined;
        const idFits = !!username && (client.id === username || client.id.startsWith(`${username}.`));
        const source = this.#sources.get(client.conn) ?? null;
        void this.#o.gate
          .check({
            identity: `device:${username ?? ''}`,
            source,
            secret: password?.toString('utf8') ?? '',
            stored: device && idFits ? device.secretHash : null,
            generated: true,
          })
          .then((answer) => {
            if (answer.result !== 'ok' || !device) {
              this.stats.authFailures += 1;
              this.#refusals.note(`login_${answer.result}`, source);
              // 3 "server unavailable" when the hub is too busy to check (try again), else 4.
              const err = Object.assign(
                new Error(answer.result === 'busy' ? 'too many logins at once' : 'bad device id or secret'),
                { returnCode: answer.result === 'busy' ? (3 as const) : (4 as const) },
              );
              // A limited or busy refusal is answered late (the guesser waits, the hub only holds a timer).
              setTimeout(() => done(err as never, false), refusalDelayMs(answer)).unref();
              return;
            }
            this.#clients.set(client, device);
            this.wire.authenticated(client.conn as never);
            done(null, true);
          });
      },
      authorizePublish: (client, packet, done) => {
        if (!client) return done(null);
        const device = this.#clients.get(client);
        const verdict = device
          ? mayPublish(hallId, device, packet.topic)
          : { ok: false as const, reason: 'unknown device' };
        if (!verdict.ok) {
          this.stats.aclDenials += 1;
          this.#count('acl_denied', client.id);
          this.#note('acl_denied', client.id, verdict.reason);
          // MQTT 3.1.1 cannot refuse a single publish; aedes closes the connection.
          return done(new Error(verdict.reason));
        }
        // Retained messages stay in the broker's memory: only the topics the contract retains (a device's
        // `avail` and `state`), and no larger than a valid payload. Elsewhere (events, `res/`) the retain
        // flag is dropped and the message delivered as a plain one (MQTT 3.1.1 cannot refuse one publish).
        if (packet.retain && !this.#mayRetain(packet.topic, packet.payload)) {
          packet.retain = false;
          this.stats.retainRefused += 1;
          this.#count('retain_refused', client.id);
          this.#note(
            'retain_refused',
            client.id,
            `retained message on ${packet.topic} (${packet.payload.length} bytes) kept as a plain message`,
          );
        }
        done(null);
      },
      authorizeSubscribe: (client, sub, done) => {
        const device = this.#clients.get(client);
        const verdict = device
          ? maySubscribe(hallId, device, sub.topic)
          : { ok: false as const, reason: 'unknown device' };
        if (!verdict.ok) {
          this.stats.aclDenials += 1;
          this.#count('acl_denied', client.id);
          this.#note('acl_denied', client.id, verdict.reason);
          return done(null, null); // SUBACK 0x80 for this filter; the session stays up
        }
        done(null, sub);
      },
      published: (packet, client, done) => {
        if (client) this.#ingest(client, packet.topic, packet.payload as Buffer);
        done(null);
      },
    });
    broker.on('clientDisconnect', (client: Client) => this.#o.log.debug({ device: client.id }, 'device disconnected'));
    broker.on('clientError', (client: Client, err: Error) =>
      this.#o.log.debug({ device: client.id, err: err.message }, 'device connection error'),
    );
    this.#broker = broker;

    const handle = (socket: Socket) => {
      // Small MQTT packets must not wait on Nagle + delayed ACK (≈40 ms a hop, measured).
      socket.setNoDelay(true);
      this.#handle(socket, socket.remoteAddress ?? 'unknown');
    };
    this.#tcp = createServer(handle);
    this.#tcp.listen(this.#o.mqttPort, this.#o.host);
    await once(this.#tcp, 'listening');
    this.mqttPort = (this.#tcp.address() as { port: number }).port;
    if (this.#o.tls) {
      this.#tls = createTlsServer(
        { cert: this.#o.tls.cert, key: this.#o.tls.key, handshakeTimeout: this.#o.wire.connectTimeoutMs },
        (socket) => handle(socket),
      );
      this.#tls.listen(this.#o.tls.port, this.#o.host);
      await once(this.#tls, 'listening');
      this.mqttsPort = (this.#tls.address() as { port: number }).port;
    }
    await this.#publishRetained(topics.hubAvail(hallId), 'online');
    log.info({ mqtt: this.mqttPort, mqtts: this.mqttsPort || undefined }, 'broker listening');
  }

  /** A connection through the wire guard to aedes, from `source` (an address, for per-source limits and logs). */
  #handle(stream: Duplex, source: string) {
    const broker = this.#broker;
    if (!broker) throw new Error('broker not started');
    if (!this.wire.admit(stream, source)) return;
    this.#sources.set(stream, source);
    broker.handle(stream as never);
    this.wire.watch(stream, source);
  }

  /**
   * An MQTT connection from inside the hub's process (local-pipe.ts): the client's end of a pipe whose
   * other end the broker serves exactly as a TCP connection — same login, ACL, wire guard and checks.
   * For devices simulated in the same process (the demo's history).
   */
  connectLocal(): Duplex {
    const [client, server] = localPipe();
    this.#handle(server, 'local');
    return client;
  }

  /** MQTT over WebSocket at `/mqtt` on the hub's HTTP(S) server. */
  attachWebSocket(server: HttpServer) {
    const broker = this.#broker;
    if (!broker) throw new Error('broker not started');
    // One WebSocket message is buffered whole by ws before the guard sees it: bound it by the packet size.
    this.#ws = new WebSocketServer({ server, path: '/mqtt', maxPayload: this.#o.wire.maxPacketBytes });
    this.#ws.on('connection', (ws, req) => {
      const stream = createWebSocketStream(ws);
      const source = req.socket.remoteAddress ?? 'unknown';
      if (!this.wire.admit(stream, source)) return;
      this.#sources.set(stream, source);
      broker.handle(stream as never, req as never);
      this.wire.watch(stream, source);
    });
  }

  /** Sends a command to a device (QoS 1). */
  publishCommand(deviceId: string, name: string, payload: Record<string, unknown>) {
    this.#broker?.publish(
      {
        cmd: 'publish',
        topic: topics.command(this.#o.hallId, deviceId, name),
        payload: Buffer.from(JSON.stringify(payload)),
        qos: 1,
        retain: false,
        dup: false,
      },
      () => {},
    );
  }

  #publishRetained(topic: string, payload: string): Promise<void> {
    return new Promise((resolve) => {
      if (!this.#broker) return resolve();
      this.#broker.publish(
        { cmd: 'publish', topic, payload: Buffer.from(payload), qos: 1, retain: true, dup: false },
        () => resolve(),
      );
    });
  }

  /** The retained messages under a topic filter, as topic and size (what the broker keeps in memory). */
  async retained(filter: string): Promise<Array<{ topic: string; bytes: number }>> {
    const persistence = (
      this.#broker as unknown as {
        persistence?: { createRetainedStream(pattern: string): AsyncIterable<{ topic: string; payload: Buffer }> };
      } | null
    )?.persistence;
    const out: Array<{ topic: string; bytes: number }> = [];
    if (persistence)
      for await (const p of persistence.createRetainedStream(filter))
        out.push({ topic: p.topic, bytes: p.payload.length });
    return out;
  }

  /** Publishes a retained message of the hub's own (alarms for LED boards, the hub's availability). */
  publishRetained(topic: string, payload: string): Promise<void> {
    return this.#publishRetained(topic, payload);
  }

  #ingest(client: Client, topic: string, payload: Buffer) {
    const { bus, clock, limits } = this.#o;
    const device = this.#clients.get(client);
    if (!device) return;
    const t = parseTopic(topic);
    const now = clock();
    try {
      if (t?.kind === 'event') {
        const checked = parseDeviceEvent({ kind: device.kind, topic, payload, now, limits });
        if (!checked.ok) return this.#reject(device.id, topic, checked.error, payload);
        this.stats.accepted += 1;
        bus.emit('device.event', {
          hallId: t.hallId,
          deviceId: device.id,
          kind: device.kind,
          event: checked.value.event,
          receivedAt: now,
        });
      } else if (t?.kind === 'avail') {
        const checked = parseAvailability(payload);
        if (!checked.ok) return this.#reject(device.id, topic, checked.error, payload);
        bus.emit('device.presence', {
          deviceId: device.id,
          online: checked.value === 'online',
          cause: checked.value === 'online' ? 'announce' : 'will',
          at: now,
        });
      } else if (t?.kind === 'state') {
        const checked = parseDeviceState({ kind: device.kind, topic, payload, limits });
        if (!checked.ok) return this.#reject(device.id, topic, checked.error, payload);
        bus.emit('device.state', { deviceId: device.id, state: checked.value, at: now });
      }
      // res/{reqId}: the device's acknowledgement of a command; nothing to do yet.
    } catch (err) {
      // The contract's checks do not throw; if anything here does, the message is refused, not the hub.
      this.#o.log.error({ err, device: device.id, topic }, 'ingest failed');
      this.#reject(
        device.id,
        topic,
        { reason: 'invalid_payload', field: 'payload', message: 'payload: could not be processed' },
        payload,
      );
    }
  }

  #mayRetain(topic: string, payload: Buffer | string): boolean {
    const kind = parseTopic(topic)?.kind;
    return (kind === 'avail' || kind === 'state') && Buffer.byteLength(payload) <= this.#o.limits.maxPayloadBytes;
  }

  #count(reason: string, deviceId: string) {
    const byDevice = (this.rejections[reason] ??= {});
    byDevice[deviceId] = (byDevice[deviceId] ?? 0) + 1;
  }

  #reject(deviceId: string, topic: string, rejection: Rejection, payload: Buffer) {
    this.stats.rejected += 1;
    this.#count(rejection.reason, deviceId);
    this.#note(rejection.reason, deviceId, rejection.message);
    const reqId = reqIdOf(payload);
    this.#o.bus.emit('device.rejected', { deviceId, topic, rejection, reqId });
    if (reqId)
      this.#broker?.publish(
        {
          cmd: 'publish',
          topic: topics.response(this.#o.hallId, deviceId, reqId),
          payload: Buffer.from(JSON.stringify({ status: 'error', error: rejection.message.slice(0, 200) })),
          qos: 1,
          retain: false,
          dup: false,
        },
        () => {},
      );
  }

  /** Logs a refusal at most once a minute per device and reason. */
  #note(reason: string, deviceId: string, message: string) {
    const key = `${reason}:${deviceId}`;
    const now = Date.now();
    if ((this.#lastLogged.get(key) ?? 0) > now - 60_000) return;
    this.#lastLogged.set(key, now);
    this.#o.log.warn({ device: deviceId, reason }, message);
  }

  async stop(): Promise<void> {
    await this.#publishRetained(topics.hubAvail(this.#o.hallId), 'offline');
    this.#refusals.stop();
    this.#ws?.close();
    // The broker first: it closes the clients' connections, which lets the servers close.
    await new Promise<void>((resolve) => (this.#broker ? this.#broker.close(() => resolve()) : resolve()));
    for (const server of [this.#tcp, this.#tls]) {
      if (!server) continue;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }
}

/** A `reqId` if the payload is JSON carrying a usable one (to answer on `res/{reqId}`). */
function reqIdOf(payload: Buffer): string | null {
  if (payload.length > 65_536) return null;
  try {
    const value = JSON.parse(payload.toString('utf8')) as { reqId?: unknown };
    return typeof value?.reqId === 'string' && /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/.test(value.reqId)
      ? value.reqId
      : null;
  } catch {
    return null;
  }
}

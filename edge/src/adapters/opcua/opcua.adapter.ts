/**
 * Reads an OPC UA device through a node map: one session, one subscription, a monitored item per node.
 * People-counter totals become `counter.reading` (the same path as Modbus), environment values become
 * device state. node-opcua's client reconnects by itself (connection strategy without a retry limit) and
 * re-creates the session and subscription.
 *
 * Liveness: a monitored item reports only changes, so a quiet door (nobody walking in) sends no values for
 * minutes; the subscription's keep-alives say the device is there all the same. The keep-alive interval
 * is asked for well within `freshnessTimeoutMs`, and a freshness watchdog marks the device offline when
 * neither a value nor a keep-alive has come for that long, even while the session looks alive. When the
 * silence lasts twice that long (node-opcua's own repair did not bring the subscription back, e.g. after
 * a server restart it could not transfer the subscription to), the reader drops the client and connects
 * afresh, so a device that is listening again is read again.
 *
 * node-opcua is heavy to import (~2 s): it is loaded only when the hall has an OPC UA device.
 */
import { join } from 'node:path';
import type { OpcuaNodeMap } from '@hall/devices';
import type { ClientSession, ClientSubscription, OPCUAClient } from 'node-opcua';
import type { Logger } from 'pino';
import type { EventBus } from '../../bus/event-bus.ts';

export class OpcuaReader {
  readonly #id: string;
  readonly #map: OpcuaNodeMap;
  readonly #bus: EventBus;
  readonly #log: Logger;
  readonly #clock: () => number;
  readonly #pkiDir: string;
  #client: OPCUAClient | null = null;
  #session: ClientSession | null = null;
  #subscription: ClientSubscription | null = null;
  #watchdog: ReturnType<typeof setInterval> | null = null;
  /** The last value or keep-alive (hub clock); the start of the current connection attempt before one. */
  #lastHeardAt = 0;
  #reconnecting = false;
  #online: boolean | null = null;
  #values: Record<string, number> = {};
  #stopped = false;
  readonly stats = { values: 0, keepAlives: 0, reconnects: 0, fresh: 0 };

  constructor(opts: {
    id: string;
    nodeMap: OpcuaNodeMap;
    bus: EventBus;
    log: Logger;
    clock: () => number;
    dataDir: string;
  }) {
    this.#id = opts.id;
    this.#map = opts.nodeMap;
    this.#bus = opts.bus;
    this.#log = opts.log;
    this.#clock = opts.clock;
    this.#pkiDir = join(opts.dataDir, 'opcua-pki');
  }

  /** Connects in the background; the hub does not wait for OPC UA devices to start. */
  start() {
    this.#lastHeardAt = this.#clock();
    this.#watchdog = setInterval(() => this.#check(), Math.min(5_000, this.#map.freshnessTimeoutMs / 2));
    this.#watchdog.unref();
    this.#connectInBackground();
  }

  #connectInBackground() {
    void this.#connect().catch((err: unknown) =>
      this.#log.warn({ device: this.#id, err: (err as Error).message }, 'opc ua connection failed'),
    );
  }

  #check() {
    const silent = this.#clock() - this.#lastHeardAt;
    if (this.#online && silent > this.#map.freshnessTimeoutMs) this.#presence(false);
    if (silent > 2 * this.#map.freshnessTimeoutMs && !this.#reconnecting && !this.#stopped) void this.#reconnect();
  }

  /** Drops the client, session and subscription and connects afresh (bounded: the old ones may hang). */
  async #reconnect() {
    this.#reconnecting = true;
    this.stats.fresh += 1;
    this.#log.warn({ device: this.#id }, 'opc ua: nothing heard for twice the freshness timeout, connecting afresh');
    try {
      await this.#close();
    } finally {
      this.#reconnecting = false;
    }
    if (this.#stopped) return;
    this.#lastHeardAt = this.#clock();
    this.#connectInBackground();
  }

  #heard() {
    this.#lastHeardAt = this.#clock();
    this.#presence(true);
  }

  async #connect() {
    const {
      OPCUAClient,
      OPCUACertificateManager,
      MessageSecurityMode,
      SecurityPolicy,
      AttributeIds,
      TimestampsToReturn,
      UserTokenType,
    } = await import('node-opcua');
    if (this.#stopped) return;
    const client = OPCUAClient.create({
      applicationName: 'hall-hub',
      endpointMustExist: false,
      securityMode: MessageSecurityMode[this.#map.securityMode],
      securityPolicy: SecurityPolicy[this.#map.securityPolicy],
      clientCertificateManager: new OPCUACertificateManager({
        rootFolder: this.#pkiDir,
        automaticallyAcceptUnknownCertificate: true,
      }),
      // Never give up: a hall device that is away for an hour is expected back.
      connectionStrategy: { initialDelay: 500, maxDelay: 10_000, maxRetry: Number.MAX_SAFE_INTEGER },
      keepSessionAlive: true,
      requestedSessionTimeout: 60_000,
    });
    this.#client = client;
    client.on('connection_lost', () => {
      if (this.#client !== client) return;
      this.#log.warn({ device: this.#id }, 'opc ua connection lost');
      this.#presence(false);
    });
    client.on('connection_reestablished', () => {
      this.stats.reconnects += 1;
      this.#log.info({ device: this.#id }, 'opc ua connection re-established');
    });
    await client.connect(this.#map.endpointUrl);
    // Replaced (connecting afresh) or stopped meanwhile: this attempt is over.
    const replaced = () => this.#client !== client || this.#stopped;
    if (replaced()) return void client.disconnect().catch(() => {});
    const who = this.#map.userIdentity;
    const session =
      who.type === 'username'
        ? await client.createSession({ type: UserTokenType.UserName, userName: who.userName, password: who.password })
        : await client.createSession();
    if (replaced()) return void client.disconnect().catch(() => {});
    this.#session = session;
    // A keep-alive at least three times per freshness timeout (node-opcua's default, 20 publishing
    // intervals, is longer than the timeout once the interval passes 1.5 s: a quiet door looked offline).
    const keepAliveCount = Math.max(
      1,
      Math.min(20, Math.floor(this.#map.freshnessTimeoutMs / (3 * this.#map.publishingIntervalMs))),
    );
    const subscription = await session.createSubscription2({
      requestedPublishingInterval: this.#map.publishingIntervalMs,
      requestedLifetimeCount: Math.max(600, 10 * keepAliveCount),
      requestedMaxKeepAliveCount: keepAliveCount,
      publishingEnabled: true,
      priority: 1,
    });
    this.#subscription = subscription;
    subscription.on('keepalive', () => {
      this.stats.keepAlives += 1;
      this.#heard();
    });
    subscription.on('terminated', () => this.#log.warn({ device: this.#id }, 'opc ua subscription terminated'));
    for (const node of this.#map.nodes) {
      const item = await this.#subscription.monitor(
        { nodeId: node.nodeId, attributeId: AttributeIds.Value },
        { samplingInterval: node.samplingIntervalMs, discardOldest: true, queueSize: 10 },
        TimestampsToReturn.Both,
      );
      item.on('changed', (dv) => this.#value(node.metric, Number(dv.value.value) * node.scale));
    }
    this.#log.info({ device: this.#id, nodes: this.#map.nodes.length }, 'opc ua subscribed');
  }

  #value(metric: string, value: number) {
    if (!Number.isFinite(value)) return;
    this.stats.values += 1;
    const at = this.#clock();
    this.#heard();
    this.#values[metric] = value;
    if (metric === 'people.in_total' || metric === 'people.out_total') {
      const inTotal = this.#values['people.in_total'];
      const outTotal = this.#values['people.out_total'];
      if (inTotal !== undefined && outTotal !== undefined)
        this.#bus.emit('counter.reading', { deviceId: this.#id, inTotal, outTotal, at });
    } else {
      this.#bus.emit('device.state', { deviceId: this.#id, state: { ...this.#values }, at });
    }
  }

  #presence(online: boolean) {
    if (this.#online === online) return;
    this.#online = online;
    this.#bus.emit('device.presence', { deviceId: this.#id, online, cause: 'poll', at: this.#clock() });
  }

  /**
   * Each step is bounded: with the server gone, node-opcua waits out request timeouts (or keeps
   * reconnecting) and the hub would never finish stopping.
   */
  async stop() {
    this.#stopped = true;
    if (this.#watchdog) clearInterval(this.#watchdog);
    await this.#close();
  }

  async #close() {
    const [subscription, session, client] = [this.#subscription, this.#session, this.#client];
    this.#subscription = null;
    this.#session = null;
    this.#client = null;
    const within = (p: Promise<unknown> | undefined, ms: number) =>
      Promise.race([p?.catch(() => {}), new Promise((r) => setTimeout(r, ms).unref())]);
    await within(subscription?.terminate(), 1_000);
    await within(session?.close(), 1_000);
    await within(client?.disconnect(), 2_000);
  }
}

/**
 * Reads an OPC UA device through a node map: one session, one subscription, a monitored item per node.
 * People-counter totals become `counter.reading` (the same path as Modbus), environment values become
 * device state. node-opcua's client reconnects by itself (connection strategy without a retry limit) and
 * re-creates the session and subscription; a freshness watchdog marks the device offline when no value
 * has arrived for `freshnessTimeoutMs`, even while the session looks alive.
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
  #lastValueAt = 0;
  #online: boolean | null = null;
  #values: Record<string, number> = {};
  #stopped = false;
  readonly stats = { values: 0, reconnects: 0 };

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
    this.#watchdog = setInterval(
      () => {
        if (this.#online && this.#clock() - this.#lastValueAt > this.#map.freshnessTimeoutMs) this.#presence(false);
      },
      Math.min(5_000, this.#map.freshnessTimeoutMs / 2),
    );
    this.#watchdog.unref();
    void this.#connect().catch((err: unknown) =>
      this.#log.warn({ device: this.#id, err: (err as Error).message }, 'opc ua connection failed'),
    );
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
      this.#log.warn({ device: this.#id }, 'opc ua connection lost');
      this.#presence(false);
    });
    client.on('connection_reestablished', () => {
      this.stats.reconnects += 1;
      this.#log.info({ device: this.#id }, 'opc ua connection re-established');
    });
    await client.connect(this.#map.endpointUrl);
    const who = this.#map.userIdentity;
    this.#session =
      who.type === 'username'
        ? await client.createSession({ type: UserTokenType.UserName, userName: who.userName, password: who.password })
        : await client.createSession();
    this.#subscription = await this.#session.createSubscription2({
      requestedPublishingInterval: this.#map.publishingIntervalMs,
      requestedLifetimeCount: 600,
      requestedMaxKeepAliveCount: 20,
      publishingEnabled: true,
      priority: 1,
    });
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
    this.#lastValueAt = at;
    this.#presence(true);
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
    const within = (p: Promise<unknown> | undefined, ms: number) =>
      Promise.race([p?.catch(() => {}), new Promise((r) => setTimeout(r, ms).unref())]);
    await within(this.#subscription?.terminate(), 1_000);
    await within(this.#session?.close(), 1_000);
    await within(this.#client?.disconnect(), 2_000);
  }
}

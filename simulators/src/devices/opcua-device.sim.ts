/**
 * A simulated OPC UA device (node-opcua's own server): a people counter's cumulative in/out totals and an
 * environment sensor (temperature, humidity, CO2) as variables of namespace 1. `nodeMap()` is the node
 * map a hub is configured with to read it. `restart()` is the OPC UA server-restart fault: the session
 * drops and the client must reconnect and re-create its subscription.
 *
 * node-opcua is heavy (~2 s to import, ~4 s to create the first certificate), so it is loaded only here.
 */
import { mkdirSync } from 'node:fs';
import type { OpcuaNodeMap } from '@hall/devices';
import type { OPCUAServer, UAVariable } from 'node-opcua';

export interface OpcuaDeviceOptions {
  port: number;
  /** Where the server keeps its PKI (certificates). Reused across restarts. */
  pkiDir: string;
  resourcePath?: string;
}

const VARIABLES = [
  { id: 'Counter.In', metric: 'people.in_total', type: 'UInt32' },
  { id: 'Counter.Out', metric: 'people.out_total', type: 'UInt32' },
  { id: 'Env.Temperature', metric: 'env.temperature_c', type: 'Double' },
  { id: 'Env.Humidity', metric: 'env.humidity_pct', type: 'Double' },
  { id: 'Env.CO2', metric: 'env.co2_ppm', type: 'Double' },
] as const;
type VariableId = (typeof VARIABLES)[number]['id'];

export class OpcuaDeviceSim {
  readonly port: number;
  readonly #opts: OpcuaDeviceOptions;
  #server: OPCUAServer | null = null;
  #vars = new Map<VariableId, UAVariable>();
  #values: Record<VariableId, number> = {
    'Counter.In': 0,
    'Counter.Out': 0,
    'Env.Temperature': 22.5,
    'Env.Humidity': 45,
    'Env.CO2': 600,
  };

  constructor(opts: OpcuaDeviceOptions) {
    this.port = opts.port;
    this.#opts = opts;
  }

  get endpointUrl(): string {
    return `opc.tcp://127.0.0.1:${this.port}${this.#opts.resourcePath ?? '/hall'}`;
  }

  /** The node map that reads this device (DESIGN.md §3, @hall/devices opcuaNodeMapSchema). */
  nodeMap(): OpcuaNodeMap {
    return {
      endpointUrl: this.endpointUrl,
      securityMode: 'None',
      securityPolicy: 'None',
      userIdentity: { type: 'anonymous' },
      publishingIntervalMs: 500,
      freshnessTimeoutMs: 30_000,
      nodes: VARIABLES.map((v) => ({ nodeId: `ns=1;s=${v.id}`, metric: v.metric, samplingIntervalMs: 250, scale: 1 })),
    };
  }

  get values(): Readonly<Record<VariableId, number>> {
    return this.#values;
  }

  set(id: VariableId, value: number) {
    this.#values[id] = value;
    void this.#publish(id);
  }

  enter(n = 1) {
    this.set('Counter.In', (this.#values['Counter.In'] + n) % 2 ** 32);
  }

  leave(n = 1) {
    this.set('Counter.Out', (this.#values['Counter.Out'] + n) % 2 ** 32);
  }

  async #publish(id: VariableId) {
    const variable = this.#vars.get(id);
    if (!variable) return;
    const { DataType } = await import('node-opcua');
    const type = VARIABLES.find((v) => v.id === id)?.type === 'UInt32' ? DataType.UInt32 : DataType.Double;
    variable.setValueFromSource({ dataType: type, value: this.#values[id] });
  }

  async start(): Promise<void> {
    const { OPCUAServer, OPCUACertificateManager, DataType } = await import('node-opcua');
    mkdirSync(this.#opts.pkiDir, { recursive: true });
    const serverCertificateManager = new OPCUACertificateManager({
      rootFolder: this.#opts.pkiDir,
      automaticallyAcceptUnknownCertificate: true,
    });
    const server = new OPCUAServer({
      port: this.port,
      hostname: '127.0.0.1',
      resourcePath: this.#opts.resourcePath ?? '/hall',
      allowAnonymous: true,
      serverCertificateManager,
      buildInfo: {
        productName: 'Hall OPC UA device (simulated)',
        manufacturerName: 'hall-sim',
        softwareVersion: '1.0.0',
      },
    });
    await server.initialize();
    const addressSpace = server.engine.addressSpace;
    if (!addressSpace) throw new Error('OPC UA server has no address space');
    const ns = addressSpace.getOwnNamespace();
    const device = ns.addObject({ organizedBy: addressSpace.rootFolder.objects, browseName: 'HallDevice' });
    this.#vars.clear();
    for (const v of VARIABLES) {
      const variable = ns.addVariable({
        componentOf: device,
        nodeId: `s=${v.id}`,
        browseName: v.id,
        dataType: v.type,
        minimumSamplingInterval: 100,
      });
      variable.setValueFromSource({
        dataType: v.type === 'UInt32' ? DataType.UInt32 : DataType.Double,
        value: this.#values[v.id],
      });
      this.#vars.set(v.id, variable);
    }
    await server.start();
    this.#server = server;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    this.#vars.clear();
    if (server) await server.shutdown(0);
  }

  /** Fault: the server goes away and comes back on the same endpoint, values kept. */
  async restart(downMs = 1_000): Promise<void> {
    await this.stop();
    await new Promise((r) => setTimeout(r, downMs));
    await this.start();
  }
}

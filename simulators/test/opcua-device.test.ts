/**
 * The OPC UA device simulator read by a real OPC UA client (node-opcua's): the variables of its node
 * map, value changes through a subscription, and a server restart that a client survives by
 * reconnecting.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { opcuaNodeMapSchema } from '@hall/devices';
import { freePort } from '@hall/scripts/harness';
import {
  AttributeIds,
  ClientSubscription,
  OPCUACertificateManager,
  OPCUAClient,
  TimestampsToReturn,
  type ClientSession,
} from 'node-opcua';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpcuaDeviceSim } from '../src/devices/opcua-device.sim.ts';

let dir: string;
let sim: OpcuaDeviceSim;
let client: OPCUAClient;
let session: ClientSession;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hall-opcua-'));
  sim = new OpcuaDeviceSim({ port: await freePort(), pkiDir: join(dir, 'server-pki') });
  await sim.start();
  const clientCertificateManager = new OPCUACertificateManager({
    rootFolder: join(dir, 'client-pki'),
    automaticallyAcceptUnknownCertificate: true,
  });
  client = OPCUAClient.create({
    endpointMustExist: false,
    clientCertificateManager,
    connectionStrategy: { initialDelay: 200, maxDelay: 1_000, maxRetry: 100 },
    requestedSessionTimeout: 60_000,
  });
  await client.connect(sim.endpointUrl);
  session = await client.createSession();
}, 60_000);

afterAll(async () => {
  await session?.close().catch(() => {});
  await client?.disconnect();
  await sim?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const read = async (nodeId: string) =>
  (await session.read({ nodeId, attributeId: AttributeIds.Value })).value.value as number;

describe('OPC UA device simulator', () => {
  it('exposes every variable of its node map, and the node map is valid', async () => {
    const map = opcuaNodeMapSchema.parse(sim.nodeMap());
    sim.enter(42);
    sim.leave(40);
    sim.set('Env.Temperature', 23.5);
    const values = Object.fromEntries(
      await Promise.all(map.nodes.map(async (n) => [n.metric, await read(n.nodeId)] as const)),
    );
    expect(values).toEqual({
      'people.in_total': 42,
      'people.out_total': 40,
      'env.temperature_c': 23.5,
      'env.humidity_pct': 45,
      'env.co2_ppm': 600,
    });
  });

  it('pushes value changes to a subscription', async () => {
    const subscription = await session.createSubscription2({
      requestedPublishingInterval: 100,
      requestedMaxKeepAliveCount: 10,
      publishingEnabled: true,
    });
    const seen: number[] = [];
    const item = await subscription.monitor(
      { nodeId: 'ns=1;s=Counter.In', attributeId: AttributeIds.Value },
      { samplingInterval: 50, discardOldest: true, queueSize: 10 },
      TimestampsToReturn.Both,
    );
    item.on('changed', (dv) => seen.push(dv.value.value as number));
    for (let i = 0; i < 3; i++) {
      sim.enter(1);
      await new Promise((r) => setTimeout(r, 250));
    }
    await (subscription as ClientSubscription).terminate();
    expect(seen.slice(-3)).toEqual([43, 44, 45]);
  });

  it('survives a server restart: the client reconnects and reads the kept values', async () => {
    await sim.restart(500);
    const deadline = Date.now() + 20_000;
    let value: number | null = null;
    while (Date.now() < deadline) {
      try {
        value = await read('ns=1;s=Counter.In');
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    expect(value).toBe(45);
  }, 30_000);
});

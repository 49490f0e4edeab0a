/**
 * Third-party peers feeding the hub: a python3-pymodbus server as a people counter (its counts reach the
 * hall state, across a device reset, and its silence marks it offline), and a node-opcua server as an
 * OPC UA people counter whose totals feed occupancy, also across a server restart.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, SYSTEM_PYTHON } from '@hall/scripts/harness';
import { OpcuaDeviceSim } from '@hall/simulators';
import { afterAll, describe, expect, it } from 'vitest';
import { hallConfig, startTestHub } from './support/test-hub.ts';

const dir = mkdtempSync(join(tmpdir(), 'hall-peers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function until<T>(what: string, fn: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function pymodbusCounter(
  port: number,
  inTotal: number,
  outTotal: number,
): Promise<{ child: ChildProcessWithoutNullStreams; set(i: number, o: number): Promise<void> }> {
  const child = spawn(SYSTEM_PYTHON, [
    resolve(import.meta.dirname, 'peers/pymodbus_counter.py'),
    String(port),
    String(inTotal),
    String(outTotal),
  ]);
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`pymodbus did not start:\n${out}`)), 15_000);
    const check = setInterval(() => {
      if (out.includes('ready')) {
        clearInterval(check);
        clearTimeout(timer);
        resolveReady({
          child,
          async set(i, o) {
            const marker = `set ${i} ${o}`;
            child.stdin.write(`${i} ${o}\n`);
            await until(marker, () => out.includes(marker));
          },
        });
      }
    }, 50);
  });
}

describe('hub with third-party peers', () => {
  it('reads a python3-pymodbus people counter: its counts reach the hall state, across a reset', async () => {
    const port = await freePort();
    const counter = await pymodbusCounter(port, 70_000, 69_990);
    const hall = hallConfig({ extra: {} });
    hall.devices.push({
      id: 'door-modbus',
      kind: 'people-counter',
      transport: 'modbus-tcp',
      host: '127.0.0.1',
      port,
      map: {
        unitId: 1,
        registerType: 'holding',
        inTotalAddress: 0,
        outTotalAddress: 2,
        statusAddress: 4,
        wordOrder: 'high-first',
      },
      pollIntervalMs: 200,
      timeoutMs: 500,
    });
    const t = await startTestHub({ hall, dataDir: join(dir, 'modbus') });
    try {
      const totals = () => t.hub.state.snapshot().totals;
      // The first reading is the baseline; people counted after it arrive in the hall state.
      await until('device online', () => totals().devicesOnline >= 1);
      await counter.set(70_012, 69_995);
      await until('12 in', () => totals().enteredToday === 12);
      expect(totals().occupancy).toBe(7);
      // The device resets to zero and counts 3 more: a reset, not a loss of 70,000 people.
      await counter.set(3, 1);
      await until('15 in', () => totals().enteredToday === 15);
      expect(totals().occupancy).toBe(15 - 6);
      // Silence: the device goes away, the hub marks it offline.
      counter.child.kill('SIGKILL');
      await until('device offline', () => totals().devicesOnline === 0, 20_000);
    } finally {
      counter.child.kill('SIGKILL');
      await t.stop({ keepData: true });
    }
  }, 60_000);

  it('reads a node-opcua server through its node map: occupancy, also after the server restarts', async () => {
    const sim = new OpcuaDeviceSim({ port: await freePort(), pkiDir: join(dir, 'opcua-server-pki') });
    sim.set('Counter.In', 500);
    sim.set('Counter.Out', 480);
    await sim.start();
    const hall = hallConfig();
    hall.devices.push({
      id: 'door-opcua',
      kind: 'opcua-device',
      transport: 'opcua',
      nodeMap: { ...sim.nodeMap(), freshnessTimeoutMs: 30_000 },
    });
    const t = await startTestHub({ hall, dataDir: join(dir, 'opcua') });
    try {
      const totals = () => t.hub.state.snapshot().totals;
      await until('opc ua online', () => totals().devicesOnline >= 1, 30_000);
      sim.enter(6);
      sim.leave(2);
      await until('6 in', () => totals().enteredToday === 6);
      expect(totals().occupancy).toBe(4);
      await sim.restart(500);
      sim.enter(5);
      await until('11 in after the restart', () => totals().enteredToday === 11, 40_000);
      // The server goes away for good: the hub still stops promptly (Ctrl-C must not hang on it).
      await sim.stop();
      const stopping = performance.now();
      await t.stop({ keepData: true });
      expect(performance.now() - stopping).toBeLessThan(8_000);
    } finally {
      await t.stop({ keepData: true }).catch(() => {});
      await sim.stop().catch(() => {});
    }
  }, 90_000);

  it('keeps a quiet OPC UA door online (keep-alives, not only values) and reads it again after it was away', async () => {
    const sim = new OpcuaDeviceSim({ port: await freePort(), pkiDir: join(dir, 'opcua-quiet-pki') });
    await sim.start();
    const hall = hallConfig();
    // The demo's node map: the totals only, publishing every 2 s (a keep-alive of node-opcua's default 20
    // intervals would be 40 s, past the 6 s freshness timeout).
    hall.devices.push({
      id: 'door-quiet',
      kind: 'opcua-device',
      transport: 'opcua',
      nodeMap: {
        ...sim.nodeMap(),
        publishingIntervalMs: 2_000,
        freshnessTimeoutMs: 6_000,
        nodes: sim.nodeMap().nodes.slice(0, 2),
      },
    });
    const t = await startTestHub({ hall, dataDir: join(dir, 'opcua-quiet') });
    let offline = 0;
    const online = () => t.hub.state.snapshot().totals.devicesOnline >= 1;
    try {
      await until('opc ua online', online, 30_000);
      const watch = setInterval(() => (offline += online() ? 0 : 1), 100);
      // Nobody walks in for 20 s: more than three freshness timeouts. The door stays online throughout.
      await new Promise((r) => setTimeout(r, 20_000));
      clearInterval(watch);
      expect(offline, 'samples (every 100 ms) with the quiet door shown offline').toBe(0);

      // The device is away for longer than twice the freshness timeout, then listens again.
      await sim.stop();
      await until('offline while away', () => !online(), 20_000);
      await new Promise((r) => setTimeout(r, 15_000));
      await sim.start();
      sim.enter(3);
      await until('online again and read', () => online() && t.hub.state.snapshot().totals.enteredToday === 3, 60_000);
    } finally {
      await t.stop();
      await sim.stop().catch(() => {});
    }
  }, 150_000);
});

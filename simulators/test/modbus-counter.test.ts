/**
 * The Modbus TCP people counter read by two independent Modbus masters — Debian's mbpoll and a
 * python3-pymodbus client — in both word orders, across a device reset and a wrap at 2^32, and silent
 * while stalled.
 */
import { decodeUint32, type WordOrder } from '@hall/devices';
import { freePort, SYSTEM_PYTHON } from '@hall/scripts/harness';
import { afterEach, describe, expect, it } from 'vitest';
import { PeopleCounterModbusSim } from '../src/devices/people-counter-modbus.sim.ts';
import { run } from './support/run.ts';

const sims: PeopleCounterModbusSim[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.stop()));
});

async function counter(opts: ConstructorParameters<typeof PeopleCounterModbusSim>[0]) {
  const sim = new PeopleCounterModbusSim(opts);
  await sim.start();
  sims.push(sim);
  return sim;
}

/** mbpoll reading the two 32-bit totals, told the word order the way an installer would. */
async function mbpollTotals(port: number, order: WordOrder): Promise<[number, number]> {
  const args = ['-m', 'tcp', '-a', '1', '-p', String(port), '-0', '-r', '0', '-c', '2', '-t', '4:int', '-1', '-o', '2'];
  if (order === 'high-first') args.push('-B');
  const out = await run('mbpoll', [...args, '127.0.0.1']);
  const values = [...out.matchAll(/^\[(\d+)\]:\s+(-?\d+)/gm)].map((m) => Number(m[2]) >>> 0);
  if (values.length !== 2) throw new Error(`unexpected mbpoll output:\n${out}`);
  return [values[0] as number, values[1] as number];
}

/** The raw registers as pymodbus reads them. */
async function pymodbusRegisters(port: number, count: number): Promise<number[]> {
  const script = [
    'import json, sys',
    'from pymodbus.client import ModbusTcpClient',
    `c = ModbusTcpClient("127.0.0.1", port=${port}, timeout=2)`,
    'assert c.connect(), "no connection"',
    `r = c.read_holding_registers(0, ${count}, slave=1)`,
    'assert not r.isError(), str(r)',
    'print(json.dumps(r.registers))',
    'c.close()',
  ].join('\n');
  return JSON.parse(await run(SYSTEM_PYTHON, ['-c', script])) as number[];
}

describe('Modbus TCP people counter', () => {
  for (const order of ['high-first', 'low-first'] as const) {
    it(`mbpoll and pymodbus read the totals (${order} word order)`, async () => {
      const sim = await counter({
        port: await freePort(),
        map: { wordOrder: order },
        inTotal: 123_456,
        outTotal: 120_000,
      });
      expect(await mbpollTotals(sim.port, order)).toEqual([123_456, 120_000]);
      const regs = await pymodbusRegisters(sim.port, 5);
      expect(decodeUint32(regs[0] as number, regs[1] as number, order)).toBe(123_456);
      expect(decodeUint32(regs[2] as number, regs[3] as number, order)).toBe(120_000);
      expect(regs[4]).toBe(0b001); // running, no fault
      // 123456 = 0x0001_E240: the order of the words on the wire is the configured one.
      expect(regs.slice(0, 2)).toEqual(order === 'high-first' ? [0x0001, 0xe240] : [0xe240, 0x0001]);
    });
  }

  it('counts people, wraps at 2^32 and starts over after a device reset', async () => {
    const sim = await counter({
      port: await freePort(),
      map: { wordOrder: 'low-first' },
      inTotal: 2 ** 32 - 3,
      outTotal: 7,
    });
    sim.enter(5);
    sim.leave(2);
    expect(await mbpollTotals(sim.port, 'low-first')).toEqual([2, 9]);
    sim.resetCounters();
    sim.enter(4);
    expect(await mbpollTotals(sim.port, 'low-first')).toEqual([4, 0]);
    const regs = await pymodbusRegisters(sim.port, 5);
    expect([
      decodeUint32(regs[0] as number, regs[1] as number, 'low-first'),
      decodeUint32(regs[2] as number, regs[3] as number, 'low-first'),
    ]).toEqual([4, 0]);
  });

  it('reports sensor faults in the status word', async () => {
    const sim = await counter({ port: await freePort() });
    sim.setStatus({ sensorFault: true, obstructed: true });
    expect((await pymodbusRegisters(sim.port, 5))[4]).toBe(0b111);
  });

  it('answers nothing while stalled, so a master times out, and recovers', async () => {
    const sim = await counter({ port: await freePort(), inTotal: 10, outTotal: 3 });
    sim.stall(3_000);
    await expect(mbpollTotals(sim.port, 'high-first')).rejects.toThrow();
    expect(sim.stats.unanswered).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 3_100));
    expect(await mbpollTotals(sim.port, 'high-first')).toEqual([10, 3]);
  });

  it('answers only its own unit id', async () => {
    const sim = await counter({ port: await freePort(), map: { unitId: 7 }, inTotal: 1 });
    await expect(mbpollTotals(sim.port, 'high-first')).rejects.toThrow();
    const out = await run('mbpoll', [
      '-m',
      'tcp',
      '-a',
      '7',
      '-p',
      String(sim.port),
      '-0',
      '-r',
      '0',
      '-c',
      '2',
      '-t',
      '4:int',
      '-B',
      '-1',
      '-o',
      '2',
      '127.0.0.1',
    ]);
    expect(out).toMatch(/\[0\]:\s+1\b/);
  });
});

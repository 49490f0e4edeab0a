/**
 * The `npm run sim` command as a user runs it: a Modbus people counter read by mbpoll, a whole hall day
 * in virtual time against a broker, and a broken scenario refused with the field named.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '@hall/scripts/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { observe, startBareBroker, type BareBroker } from './support/broker.ts';
import { startFakeHub } from './support/fake-hub.ts';
import { run } from './support/run.ts';

const ROOT = resolve(import.meta.dirname, '../..');
let dir: string;
let broker: BareBroker;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hall-sim-cli-'));
  broker = await startBareBroker();
});
afterAll(async () => {
  await broker.close();
  rmSync(dir, { recursive: true, force: true });
});

function sim(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, 'simulators/src/cli/sim.ts'), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return {
    child,
    output: () => out,
    errors: () => err,
    async exit(): Promise<number | null> {
      if (child.exitCode !== null) return child.exitCode;
      const [code] = (await once(child, 'exit')) as [number | null];
      return code;
    },
    async waitForOutput(pattern: RegExp, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(out)) {
        if (Date.now() > deadline || child.exitCode !== null)
          throw new Error(`no ${pattern} in output:\n${out}\n${err}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

describe('npm run sim', () => {
  it('device people-counter serves its totals over Modbus TCP until Ctrl-C', async () => {
    const port = await freePort();
    const p = sim([
      'device',
      'people-counter',
      '--modbus-port',
      String(port),
      '--in',
      '123456',
      '--out',
      '120000',
      '--word-order',
      'little',
    ]);
    try {
      await p.waitForOutput(/Modbus TCP people counter on 127\.0\.0\.1/);
      // mbpoll's default word order for 32-bit values is the little-endian one.
      const out = await run('mbpoll', [
        '-m',
        'tcp',
        '-a',
        '1',
        '-p',
        String(port),
        '-0',
        '-r',
        '0',
        '-c',
        '2',
        '-t',
        '4:int',
        '-1',
        '127.0.0.1',
      ]);
      expect([...out.matchAll(/^\[\d+\]:\s+(\d+)/gm)].map((m) => Number(m[1]))).toEqual([123_456, 120_000]);
    } finally {
      p.child.kill('SIGINT');
    }
    expect(await p.exit()).toBe(0);
  });

  it('hall runs a scenario day in virtual time and reports what happened', async () => {
    const scenario = readFileSync(resolve(ROOT, 'simulators/scenarios/quiet-weekday.yaml'), 'utf8').replace(
      'port: 15020',
      `port: ${await freePort()}`,
    );
    const file = join(dir, 'hall.yaml');
    writeFileSync(file, scenario);
    const hub = await startFakeHub(broker.url, 'SZ-FT-001', {
      prefixes: { billing: 'A', plan: 'B', broadband: 'C', device: 'D' },
      padOf: (c) => c.replace('ctr-', 'pad-'),
    });
    const observer = await observe(broker.port, 'hall/SZ-FT-001/dev/+/evt/ticket.request');
    try {
      const p = sim([
        'hall',
        '--scenario',
        file,
        '--hub',
        broker.url,
        '--virtual',
        '--date',
        '2026-11-25',
        '--seed',
        '3',
      ]);
      expect(await p.exit()).toBe(0);
      const summary = JSON.parse(p.output().trim().split('\n').at(-1) ?? '{}') as {
        served: number;
        ticketsPrinted: number;
        date: string;
        seed: number;
      };
      expect(summary).toMatchObject({ date: '2026-11-25', seed: 3 });
      expect(summary.ticketsPrinted).toBe(hub.issued);
      expect(summary.served).toBeGreaterThan(0.8 * summary.ticketsPrinted);
      await observer.waitFor((ms) => ms.length === hub.issued);
    } finally {
      await observer.stop();
      await hub.close();
    }
  }, 120_000);

  it('refuses a broken scenario, naming the file and the field', async () => {
    const scenario = readFileSync(resolve(ROOT, 'simulators/scenarios/quiet-weekday.yaml'), 'utf8').replace(
      'meanMinutes: 4, cv: 0.6',
      'meanMinutes: -4, cv: 0.6',
    );
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, scenario);
    const p = sim(['hall', '--scenario', file, '--hub', broker.url, '--virtual']);
    expect(await p.exit()).toBe(1);
    expect(p.errors()).toContain(`${file} is not a valid scenario`);
    expect(p.errors()).toContain('services.0.serviceTime.meanMinutes');
  });

  it('refuses a bad flag with usage and exit code 2', async () => {
    const p = sim(['device', 'people-counter', '--modbus-port', 'abc']);
    expect(await p.exit()).toBe(2);
    expect(p.errors()).toContain('--modbus-port must be a whole number');
  });
});

/**
 * The README's bank replay, as an operator runs it: the hall config written by `sim replay bank
 * --write-config`, a hub started as `npm run edge` with `HUB_CLOCK=devices`, then `sim replay bank
 * --virtual` against it — and the hub's `hall.state` totals equal the log's: 1,673 tickets issued,
 * 1,335 served, 338 abandoned (PS alone has 1,052 calls, so its numbers wrap past 999).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { replaySecret } from '@hall/simulators';
import { afterAll, describe, expect, it } from 'vitest';
import type { HubRouter } from '../src/api/hub.router.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'hall-bank-replay-'));
const key = randomBytes(16).toString('hex');
const children: Array<ReturnType<typeof spawn>> = [];
afterAll(async () => {
  for (const child of children) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
  rmSync(dir, { recursive: true, force: true });
});

/** `npm run <script> -- args` without npm in between (signals then reach the process itself). */
function run(script: string, args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, script), ...args], {
    cwd: ROOT,
    env: { ...process.env, HALL_SIM_REPLAY_KEY: key, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  return { child, out: () => out, err: () => err };
}

describe('bank day replay on a virtual clock against npm run edge', () => {
  it('ends with the log day totals in hall.state', async () => {
    const config = join(dir, 'hall.yaml');
    const written = run('simulators/src/cli/sim.ts', [
      'replay',
      'bank',
      '--day',
      '1999-02-10',
      '--write-config',
      config,
    ]);
    expect(((await once(written.child, 'exit')) as [number])[0], written.err()).toBe(0);

    const hub = run('edge/src/main.ts', [], {
      HUB_CONFIG: config,
      HUB_DATA_DIR: join(dir, 'hub'),
      HUB_CLOCK: 'devices',
      HUB_HOST: '127.0.0.1',
      HUB_MQTT_PORT: '0',
      HUB_HTTP_PORT: '0',
      LOG_LEVEL: 'warn',
    });
    await expect.poll(() => hub.out().includes('hub.ready'), { timeout: 60_000, interval: 100 }).toBe(true);
    const ports = JSON.parse(
      hub
        .out()
        .split('\n')
        .find((l) => l.includes('hub.ready')) as string,
    ) as { mqtt: number; http: number };

    const replay = run('simulators/src/cli/sim.ts', [
      'replay',
      'bank',
      '--day',
      '1999-02-10',
      '--virtual',
      '--hub',
      `mqtt://127.0.0.1:${ports.mqtt}`,
    ]);
    const [code] = (await once(replay.child, 'exit')) as [number];
    expect(code, replay.err()).toBe(0);
    const summary = JSON.parse(replay.out().trim().split('\n').at(-1) as string) as Record<string, unknown>;
    expect(summary).toMatchObject({
      requested: 1673,
      printed: 1673,
      served: 1335,
      abandoned: 338,
      refused: 0,
      noAnswer: 0,
      failedPresses: 0,
    });

    const client = createTRPCClient<HubRouter>({
      links: [
        httpBatchLink({
          url: `http://127.0.0.1:${ports.http}/trpc`,
          headers: { authorization: `Bearer ${replaySecret(key, 'display')}` },
        }),
      ],
    });
    const state = await client.hall.state.query();
    expect({
      issued: state.totals.issuedToday,
      served: state.totals.servedToday,
      abandoned: state.totals.cancelledToday,
    }).toEqual({ issued: 1673, served: 1335, abandoned: 338 });
    // One hall day for the whole log day (it ends a few minutes past midnight).
    expect(hub.err()).not.toContain('clock_skew');
  }, 600_000);
});

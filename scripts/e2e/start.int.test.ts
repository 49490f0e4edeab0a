/**
 * `npm start` as a new user runs it, on a fresh data folder and free ports: it prints the console and
 * the halls' pages, the cloud holds the history built at the first start (every day of it with
 * tickets), each wall screen in Chromium is live on its hub, Ctrl-C stops everything, and a second
 * start reuses the data. The history is kept to two days here (HALL_DEMO_HISTORY_DAYS) to keep
 * the suite short; the full four weeks are the same code path, measured in the README.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, launchBrowser, screenshotsDir, type Browser } from '@hall/scripts/harness';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'hall-e2e-start-'));
const DAYS = 2;
let current: ChildProcess | null = null;
let browser: Browser | undefined;

afterAll(async () => {
  await browser?.close();
  if (current && current.exitCode === null) {
    current.kill('SIGINT');
    await Promise.race([once(current, 'exit'), new Promise((r) => setTimeout(r, 20_000))]);
    current.kill('SIGKILL');
  }
  rmSync(dir, { recursive: true, force: true });
});

/** Starts `npm start`'s script and resolves with its output once it says it is up. */
async function start(env: Record<string, string>, timeoutMs: number): Promise<{ out: () => string; seconds: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/start.ts')], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  current = child;
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise<void>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`npm start did not come up in ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const check = () => {
      if (out.includes('Ctrl-C stops everything.')) {
        clearTimeout(timer);
        done();
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`npm start exited with ${code}:\n${out}`));
    });
  });
  return { out: () => out, seconds: (performance.now() - started) / 1000 };
}

async function stop() {
  const child = current as ChildProcess;
  child.kill('SIGINT');
  const [code] = (await Promise.race([once(child, 'exit'), new Promise((_, fail) => setTimeout(() => fail(new Error('npm start did not stop within 30 s of Ctrl-C')), 30_000))])) as [number];
  expect(code).toBe(0);
}

describe('npm start', () => {
  it('comes up with the halls, their history and a working wall screen, stops on Ctrl-C, and reuses its data', async () => {
    const env = { HALL_DATA_DIR: join(dir, 'demo'), HALL_DEMO_HISTORY_DAYS: String(DAYS), CLOUD_PORT: String(await freePort()), HUB_MQTT_PORT: String(await freePort()), HUB_HTTP_PORT: String(await freePort()), LOG_LEVEL: 'warn' };
    const first = await start(env, 240_000);
    const out = first.out();
    expect(out).toContain(`first start: ${DAYS} days of history per hall`);
    const consoleUrl = /console\s+(http:\S+)\s+sign in as (\S+) \/ (\S+)/.exec(out);
    expect(consoleUrl).not.toBeNull();
    const [, base, username, password] = consoleUrl as unknown as [string, string, string, string];
    const walls = [...out.matchAll(/wall screen\s+(http:\S+)/g)].map((m) => m[1] as string);
    expect(walls).toHaveLength(3);

    // The cloud holds every history day of every hall, each with tickets.
    const login = await fetch(`${base}trpc/auth.login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    expect(login.ok).toBe(true);
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const halls = (await (await fetch(`${base}trpc/analytics.overview`, { headers: { cookie } })).json()) as { result: { data: Array<{ hallId: string }> } };
    expect(halls.result.data.map((h) => h.hallId).sort()).toEqual(['SZ-FT-001', 'SZ-LH-003', 'SZ-NS-002']);
    for (const { hallId } of halls.result.data) {
      const q = encodeURIComponent(JSON.stringify({ hallId, recentDays: DAYS }));
      const day = (await (await fetch(`${base}trpc/analytics.hallDay?input=${q}`, { headers: { cookie } })).json()) as { result: { data: { days: Array<{ key: string; arrivals: number }> } } };
      const history = day.result.data.days.slice(0, DAYS);
      expect(history.map((d) => d.arrivals > 0), `${hallId}: ${JSON.stringify(history)}`).toEqual(new Array(DAYS).fill(true));
    }

    // Each hall's wall screen, as printed, is live on its hub. (Whether a customer has been called yet
    // depends on the simulated hall's traffic at this hour: a quiet hall sees one every few minutes.)
    browser = await launchBrowser({ viewport: { width: 1920, height: 1080 } });
    const page = await browser.context.newPage();
    for (const [i, url] of walls.entries()) {
      await page.goto(url);
      await page.getByRole('status').filter({ hasText: '实时' }).waitFor({ timeout: 15_000 });
      expect(await page.locator('h1').textContent()).toBe(['福田营业厅', '南山旗舰营业厅', '罗湖营业厅'][i]);
    }
    await page.screenshot({ path: join(screenshotsDir(), 'npm-start-wall.png') });
    await browser.close();
    browser = undefined;
    await stop();

    // The second start reuses everything: no setup, no history, up quickly.
    const second = await start(env, 60_000);
    expect(second.out()).not.toMatch(/first start:/);
    expect(second.out()).toContain(`sign in as ${username} / ${password}`);
    await stop();
  }, 420_000);
});

/**
 * Publishing reaches the hall: a real cloud process and a real hub process (`edge/src/main.ts`, as a hall
 * runs it). The cloud rewrites the hall config's `staff` and `roster` sections the way the staff and
 * scheduling modules do (`halls.updateConfigSections`); the running hub takes the new version at its next
 * `hub.config` poll and applies it without a restart: the wall screen's staffed-vs-required appears, the
 * "counters below schedule" alarm expects the rostered clerk, the new clerk signs in with the PIN the
 * cloud set, and the clerk's counter page shows their shift.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@hall/cloud/db';
import { hashSecretSync } from '@hall/devices/secrets';
import { freePort, scratchDatabase } from '@hall/scripts/harness';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { noonZone } from '@hall/scripts/harness';
import { runPart, startPart, type PartProcess } from './processes.ts';

const dir = mkdtempSync(join(tmpdir(), 'hall-e2e-roster-'));
const parts: PartProcess[] = [];
afterAll(async () => {
  await Promise.allSettled(parts.map((p) => p.stop('SIGKILL')));
  rmSync(dir, { recursive: true, force: true });
});

const DISPLAY = 'display-token-roster-1';
const PIN = '73519246';

/** A hub tRPC query over plain HTTP with a bearer token. */
async function query(http: string, path: string, token: string, input?: unknown) {
  const q = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const res = await fetch(`${http}/trpc/${path}${q}`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await res.json()) as { result?: { data: unknown }; error?: unknown };
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(body.error)}`);
  return body.result?.data as never;
}

async function eventually<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => null);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('a published roster reaches a running hub', () => {
  it('the hub applies the staff and roster the cloud wrote, within its config poll, without a restart', async () => {
    const zone = noonZone(new Date());
    const scratch = await scratchDatabase('e2e');
    try {
      const cloudEnv = {
        DATABASE_URL: scratch.url,
        CLOUD_HOST: '127.0.0.1',
        CLOUD_PORT: String(await freePort()),
        LOG_LEVEL: 'warn',
      };
      const configFile = join(dir, 'hall.yaml');
      writeFileSync(
        configFile,
        stringify({
          hall: { capacity: 40 },
          services: [{ id: 'billing', name: '话费', prefix: 'A' }],
          counters: [
            { id: 'C01', name: '1号窗口', services: { billing: 1 } },
            { id: 'C02', name: '2号窗口', services: { billing: 1 } },
          ],
          api: { displayTokenHash: hashSecretSync(DISPLAY) },
          alerts: { raiseAfterSec: 0, clearAfterSec: 0 },
        }),
      );
      const { token } = JSON.parse(
        await runPart('cloud/src/main.ts', cloudEnv, [
          'add-hub',
          '--hall',
          'H-ROS',
          '--name',
          '排班厅',
          '--time-zone',
          zone,
          '--hub',
          'hub-ros',
          '--config',
          configFile,
        ]),
      ) as { token: string };
      const cloud = await startPart('cloud/src/main.ts', cloudEnv, 'cloud.ready');
      parts.push(cloud);
      const hub = await startPart(
        'edge/src/main.ts',
        {
          HUB_DATA_DIR: join(dir, 'hub'),
          HUB_HOST: '127.0.0.1',
          HUB_MQTT_PORT: String(await freePort()),
          HUB_HTTP_PORT: String(await freePort()),
          HUB_CLOUD_URL: `http://127.0.0.1:${cloud.ready.port as number}`,
          HUB_ID: 'hub-ros',
          HUB_TOKEN: token,
          HUB_CONFIG_POLL_MS: '1000',
          LOG_LEVEL: 'info',
        },
        'hub.ready',
      );
      parts.push(hub);
      const http = `http://127.0.0.1:${hub.ready.http as number}`;
      expect((await query(http, 'hall.state', DISPLAY)) as { staffing: unknown }).toMatchObject({ staffing: null });

      // Today in the hall, and a shift around now (the test runs on the wall clock: the hall's zone is one
      // where it is about noon, so "now" is inside today's shift whenever the test runs).
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(Date.now());
      const { db, close } = await openDatabase({ url: scratch.url, dataDir: '' });
      const { updateConfigSections } = await import('@hall/cloud/halls');
      const written = await updateConfigSections(
        db,
        'H-ROS',
        () => ({
          staff: [{ id: 'E2001', name: '周婷', pinHash: hashSecretSync(PIN), skills: ['billing'] }],
          roster: {
            version: 1,
            publishedAt: new Date().toISOString(),
            days: [
              {
                date: today,
                shifts: [{ staffId: 'E2001', start: '00:00', end: '23:59', breaks: [], serviceId: 'billing' }],
                required: [{ from: '00:00', to: '23:59', agents: 2 }],
              },
            ],
          },
        }),
        'scheduling test',
      );
      await close();
      expect(written.changed).toBe(true);

      // Within the poll: the wall's figures, and the alarm expects the rostered clerk.
      const state = (await eventually('the roster applied', async () => {
        const s = (await query(http, 'hall.state', DISPLAY)) as {
          staffing: unknown;
          alarms: Array<{ rule: string; params: unknown }>;
        };
        return s.staffing && s.alarms.some((a) => a.rule === 'counters-below-schedule') ? s : null;
      })) as { staffing: unknown; alarms: Array<{ rule: string; params: unknown }> };
      expect(state.staffing).toEqual({ planned: 1, required: 2, open: 0, rosterVersion: 1 });
      expect(state.alarms.find((a) => a.rule === 'counters-below-schedule')?.params).toEqual({
        open: 0,
        scheduled: 1,
        clerks: 1,
      });
      expect(hub.output()).toContain('new hall config applied');

      // The new clerk signs in with the PIN the cloud set, sees their shift, and the alarm clears.
      const res = await fetch(`${http}/trpc/counter.signIn`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ counterId: 'C01', staffId: 'E2001', pin: PIN }),
      });
      expect(res.status).toBe(200);
      const session = ((await res.json()) as { result: { data: { token: string } } }).result.data.token;
      const shifts = (await query(http, 'counter.shifts', session)) as { shifts: unknown[] };
      expect(shifts.shifts).toEqual([
        { date: today, start: '00:00', end: '23:59', breaks: [], serviceId: 'billing', serviceName: '话费' },
      ]);
      await eventually('the alarm cleared', async () => {
        const s = (await query(http, 'hall.state', DISPLAY)) as { alarms: Array<{ rule: string }> };
        return !s.alarms.some((a) => a.rule === 'counters-below-schedule');
      });
    } finally {
      await scratch.drop();
    }
  }, 120_000);
});

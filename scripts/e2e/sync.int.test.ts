/**
 * Store and forward, end to end, each part as its own process: a hub under simulated load forwards its
 * journal to the cloud (PostgreSQL); the cloud is stopped for a while, the hub is killed with SIGKILL
 * twice while it catches up, then everything runs again. At the end the tickets in the cloud equal the
 * tickets in the hub's journal: none missing, none duplicated, same outcomes.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { hashSecret } from '@hall/edge';
import { CounterTerminalSim, Random, TicketTerminalSim } from '@hall/simulators';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { freePort, scratchDatabase } from '@hall/scripts/harness';
import { runPart, startPart, type PartProcess } from './processes.ts';

const dir = mkdtempSync(join(tmpdir(), 'hall-e2e-sync-'));
const parts: PartProcess[] = [];
afterAll(async () => {
  await Promise.allSettled(parts.map((p) => p.stop('SIGKILL')));
  rmSync(dir, { recursive: true, force: true });
});

async function until(what: string, cond: () => Promise<boolean> | boolean, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('hub → cloud store and forward', () => {
  it('delivers every ticket exactly once through a cloud outage and two hub crashes', async () => {
    // A database of its own in the harness's PostgreSQL.
    const scratch = await scratchDatabase('e2e');
    const DATABASE_URL = scratch.url;
    const cloudEnv = { DATABASE_URL, CLOUD_HOST: '127.0.0.1', CLOUD_PORT: String(await freePort()), LOG_LEVEL: 'warn' };
    const { token } = JSON.parse(await runPart('cloud/src/main.ts', cloudEnv, ['add-hub', '--hall', 'H-E2E', '--name', 'E2E', '--hub', 'hub-e2e'])) as { token: string };
    let cloud = await startPart('cloud/src/main.ts', cloudEnv, 'cloud.ready');
    parts.push(cloud);

    // The hub, with two kiosks and two counters of its own.
    const secrets: Record<string, string> = Object.fromEntries(['kiosk-1', 'kiosk-2', 'ctr-c01', 'ctr-c02'].map((id) => [id, randomBytes(9).toString('base64url')]));
    const configFile = join(dir, 'hall.yaml');
    writeFileSync(
      configFile,
      stringify({
        hall: { id: 'H-E2E', name: 'E2E', timeZone: 'Asia/Shanghai', capacity: 50 },
        services: [{ id: 'billing', name: 'Billing', prefix: 'A' }, { id: 'plan', name: 'Plan', prefix: 'B' }],
        counters: [{ id: 'C01', name: '1', services: { billing: 1, plan: 1 } }, { id: 'C02', name: '2', services: { billing: 1, plan: 1 } }],
        devices: [
          ...['kiosk-1', 'kiosk-2'].map((id) => ({ id, kind: 'ticket-terminal', transport: 'mqtt', secretHash: hashSecret(secrets[id] as string) })),
          ...['ctr-c01', 'ctr-c02'].map((id, i) => ({ id, kind: 'counter-terminal', transport: 'mqtt', counterId: `C0${i + 1}`, secretHash: hashSecret(secrets[id] as string) })),
        ],
      }),
    );
    const mqttPort = await freePort();
    const hubEnv = { HUB_CONFIG: configFile, HUB_DATA_DIR: join(dir, 'hub'), HUB_HOST: '127.0.0.1', HUB_MQTT_PORT: String(mqttPort), HUB_HTTP_PORT: '0', HUB_CLOUD_URL: `http://127.0.0.1:${cloud.ready.port}`, HUB_ID: 'hub-e2e', HUB_TOKEN: token, LOG_LEVEL: 'warn' };
    let hub = await startPart('edge/src/main.ts', hubEnv, 'hub.ready');
    parts.push(hub);

    const url = `mqtt://127.0.0.1:${mqttPort}`;
    const device = (id: string) => ({ url, hallId: 'H-E2E', deviceId: id, secret: secrets[id], reconnectPeriodMs: 200, responseTimeoutMs: 2_000 });
    const kiosks = ['kiosk-1', 'kiosk-2'].map((id) => new TicketTerminalSim(device(id)));
    const counters = [new CounterTerminalSim(device('ctr-c01')), new CounterTerminalSim(device('ctr-c02'))];
    for (const d of [...kiosks, ...counters]) await d.connect();
    let running = true;
    const load = [
      ...kiosks.map(async (k, i) => {
        const r = new Random(i + 1);
        while (running) {
          await k.requestTicket({ serviceId: r.chance(0.5) ? 'billing' : 'plan' }).catch(() => null);
          await new Promise((res) => setTimeout(res, 30));
        }
      }),
      ...counters.map(async (c, i) => {
        while (running) {
          if (c.display.status === 'closed') await c.open(`E${i}`).catch(() => null);
          const called = await c.callNext().catch(() => null);
          if (called?.status === 'shown' && called.ticketNo) {
            await c.start(called.ticketNo).catch(() => null);
            await c.finish({ ticketNo: called.ticketNo }).catch(() => null);
          } else await new Promise((res) => setTimeout(res, 50));
        }
      }),
    ];

    const sql = postgres(DATABASE_URL, { max: 2, onnotice: () => {} });
    const cloudTickets = async () => Number((await sql`SELECT count(*)::int AS n FROM tickets WHERE hub_id = 'hub-e2e'`)[0]?.n ?? 0);
    try {
      await until('tickets reaching the cloud', async () => (await cloudTickets()) > 20);
      // The cloud goes away for a while; the hub keeps working and keeps everything.
      await cloud.stop();
      await new Promise((r) => setTimeout(r, 3_000));
      cloud = await startPart('cloud/src/main.ts', cloudEnv, 'cloud.ready');
      parts.push(cloud);
      // While the hub catches up, it is killed twice.
      for (let kill = 0; kill < 2; kill++) {
        await new Promise((r) => setTimeout(r, 400));
        await hub.stop('SIGKILL');
        hub = await startPart('edge/src/main.ts', hubEnv, 'hub.ready');
        parts.push(hub);
      }
      await new Promise((r) => setTimeout(r, 1_500));
      running = false;
      await Promise.allSettled(load);
      for (const d of [...kiosks, ...counters]) await d.close();

      // Wait until the hub's outbox is empty, then compare with its journal.
      const metrics = async () => (await (await fetch(`http://127.0.0.1:${hub.ready.http}/metrics`)).text()).match(/^hub_outbox_rows (\d+)/m)?.[1];
      await until('the outbox drained', async () => (await metrics()) === '0');
      await hub.stop();

      const journal = new Database(join(dir, 'hub', 'hub.db'), { readonly: true });
      const issued = journal.prepare("SELECT seq, json_extract(body, '$.ticketNo') AS no FROM events WHERE type = 'ticket.issued' ORDER BY seq").all() as Array<{ seq: number; no: string }>;
      const finished = journal.prepare("SELECT COUNT(*) AS n FROM events WHERE type = 'ticket.finished'").get() as { n: number };
      const total = journal.prepare('SELECT MAX(seq) AS n FROM events').get() as { n: number };
      journal.close();
      const rows = await sql`SELECT issue_seq, ticket_no, outcome FROM tickets WHERE hub_id = 'hub-e2e' ORDER BY issue_seq`;
      expect(issued.length).toBeGreaterThan(50);
      expect(rows.map((r) => [Number(r.issue_seq), r.ticket_no])).toEqual(issued.map((i) => [i.seq, i.no]));
      expect(rows.filter((r) => r.outcome === 'done').length).toBe(finished.n);
      const raw = await sql`SELECT count(*)::int AS n, max(seq)::int AS hi FROM hall_events WHERE hub_id = 'hub-e2e'`;
      expect(raw[0]).toEqual({ n: total.n, hi: total.n });
      const hubRow = await sql`SELECT acked_through FROM hubs WHERE id = 'hub-e2e'`;
      expect(Number(hubRow[0]?.acked_through)).toBe(total.n);
    } finally {
      running = false;
      await sql.end();
      await Promise.allSettled(parts.map((p) => p.stop('SIGKILL')));
      await scratch.drop();
    }
  }, 240_000);

  it('moves a row the cloud refuses to the dead-letter table, raises an alarm and keeps syncing', async () => {
    // A database of its own in the harness's PostgreSQL.
    const scratch = await scratchDatabase('e2e');
    const DATABASE_URL = scratch.url;
    const sql = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
    try {
      const cloudEnv = { DATABASE_URL, CLOUD_HOST: '127.0.0.1', CLOUD_PORT: String(await freePort()), LOG_LEVEL: 'warn' };
      const { token } = JSON.parse(await runPart('cloud/src/main.ts', cloudEnv, ['add-hub', '--hall', 'H-DL', '--hub', 'hub-dl'])) as { token: string };
      const cloud = await startPart('cloud/src/main.ts', cloudEnv, 'cloud.ready');
      parts.push(cloud);
      const configFile = join(dir, 'dl.yaml');
      writeFileSync(configFile, stringify({ hall: { id: 'H-DL', name: 'DL', timeZone: 'Asia/Shanghai', capacity: 10 }, services: [{ id: 'billing', name: 'B', prefix: 'A' }], counters: [{ id: 'C01', name: '1', services: { billing: 1 } }], alerts: { raiseAfterSec: 0 } }));
      const dataDir = join(dir, 'hub-dl');
      const hubEnv = { HUB_CONFIG: configFile, HUB_DATA_DIR: dataDir, HUB_HOST: '127.0.0.1', HUB_MQTT_PORT: '0', HUB_HTTP_PORT: '0', HUB_CLOUD_URL: `http://127.0.0.1:${cloud.ready.port}`, HUB_ID: 'hub-dl', HUB_TOKEN: token, LOG_LEVEL: 'warn' };
      // A first run writes the day's start; then, with the hub stopped, a row the cloud will refuse
      // (a timestamp from 1970) is put into its outbox, followed by a good one.
      let hub = await startPart('edge/src/main.ts', hubEnv, 'hub.ready');
      await hub.stop();
      const store = new Database(join(dataDir, 'hub.db'));
      const next = (store.prepare('SELECT MAX(seq) AS n FROM events').get() as { n: number }).n + 1;
      const bad = JSON.stringify({ type: 'rating.skipped', at: 5, ticketNo: 'A001', counterId: null, deviceId: 'pad' });
      const good = JSON.stringify({ type: 'rating.skipped', at: Date.now(), ticketNo: 'A002', counterId: null, deviceId: 'pad' });
      for (const [seq, body] of [[next, bad], [next + 1, good]] as const) {
        store.prepare('INSERT INTO events (seq, at, type, body) VALUES (?, ?, ?, ?)').run(seq, 5, 'rating.skipped', body);
        store.prepare('INSERT INTO outbox (seq, kind, body, created_at) VALUES (?, ?, ?, ?)').run(seq, 'rating.skipped', body, Date.now());
      }
      store.close();
      hub = await startPart('edge/src/main.ts', hubEnv, 'hub.ready');
      parts.push(hub);
      const metrics = async () => (await fetch(`http://127.0.0.1:${hub.ready.http}/metrics`)).text();
      await until('the outbox drained past the refused row', async () => /^hub_outbox_rows 0$/m.test(await metrics()));
      await until('the dead-letter alarm', async () => /^hub_alarms_active\{severity="major"\} [1-9]/m.test(await metrics()), 10_000);
      const rows = await sql`SELECT seq::int, type FROM hall_events WHERE hub_id = 'hub-dl' AND seq >= ${next} ORDER BY seq`;
      expect(rows.slice(0, 2)).toEqual([
        { seq: next, type: 'hub.dead-letter' },
        { seq: next + 1, type: 'rating.skipped' },
      ]);
      await hub.stop();
      const check = new Database(join(dataDir, 'hub.db'), { readonly: true });
      expect(check.prepare('SELECT seq, kind FROM dead_letter').all()).toEqual([{ seq: next, kind: 'rating.skipped' }]);
      check.close();
    } finally {
      await sql.end();
      await scratch.drop();
    }
  }, 120_000);
});

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
    const { token } = JSON.parse(
      await runPart('cloud/src/main.ts', cloudEnv, ['add-hub', '--hall', 'H-E2E', '--name', 'E2E', '--hub', 'hub-e2e']),
    ) as { token: string };
    let cloud = await startPart('cloud/src/main.ts', cloudEnv, 'cloud.ready');
    parts.push(cloud);

    // The hub, with two kiosks and two counters of its own.
    const secrets: Record<string, string> = Object.fromEntries(
      ['kiosk-1', 'kiosk-2', 'ctr-c01', 'ctr-c02'].map((id) => [id, randomBytes(9).toString('base64url')]),
    );
    const configFile = join(dir, 'hall.yaml');
    writeFileSync(
      configFile,
      stringify({
        hall: { id: 'H-E2E', name: 'E2E', timeZone: 'Asia/Shanghai', capacity: 50 },
        services: [
          { id: 'billing', name: 'Billing', prefix: 'A' },
          { id: 'plan', name: 'Plan', prefix: 'B' },
        ],
        counters: [
          { id: 'C01', name: '1', services: { billing: 1, plan: 1 } },
          { id: 'C02', name: '2', services: { billing: 1, plan: 1 } },
        ],
        devices: [
          ...['kiosk-1', 'kiosk-2'].map((id) => ({
            id,
            kind: 'ticket-terminal',
            transport: 'mqtt',
            secretHash: hashSecret(secrets[id] as string),
          })),
          ...['ctr-c01', 'ctr-c02'].map((id, i) => ({
            id,
            kind: 'counter-terminal',
            transport: 'mqtt',
            counterId: `C0${i + 1}`,
            secretHash: hashSecret(secrets[id] as string),
          })),
        ],
      }),
    );
    const mqttPort = await freePort();
    const hubEnv = {
      HUB_CONFIG: configFile,
      HUB_DATA_DIR: join(dir, 'hub'),
      HUB_HOST: '127.0.0.1',
      HUB_MQTT_PORT: String(mqttPort),
      HUB_HTTP_PORT: '0',
      HUB_CLOUD_URL: `http://127.0.0.1:${cloud.ready.port}`,
      HUB_ID: 'hub-e2e',
      HUB_TOKEN: token,
      LOG_LEVEL: 'warn',
    };
    let hub = await startPart('edge/src/main.ts', hubEnv, 'hub.ready');
    parts.push(hub);

    const url = `mqtt://127.0.0.1:${mqttPort}`;
    const device = (id: string) => ({
      url,
      hallId: 'H-E2E',
      deviceId: id,
      secret: secrets[id],
      reconnectPeriodMs: 200,
      responseTimeoutMs: 2_000,
    });
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
    const cloudTickets = async () =>
      Number((await sql`SELECT count(*)::int AS n FROM tickets WHERE hub_id = 'hub-e2e'`)[0]?.n ?? 0);
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
      const metrics = async () =>
        (await (await fetch(`http://127.0.0.1:${hub.ready.http}/metrics`)).text()).match(
          /^hub_outbox_rows (\d+)/m,
        )?.[1];
      await until('the outbox drained', async () => (await metrics()) === '0');
      await hub.stop();

      const journal = new Database(join(dir, 'hub', 'hub.db'), { readonly: true });
      const issued = journal
        .prepare(
          "SELECT seq, json_extract(body, '$.ticketNo') AS no FROM events WHERE type = 'ticket.issued' ORDER BY seq",
        )
        .all() as Array<{ seq: number; no: string }>;
      const finished = journal.prepare("SELECT COUNT(*) AS n FROM events WHERE type = 'ticket.finished'").get() as {
        n: number;
      };
      const total = journal.prepare('SELECT MAX(seq) AS n FROM events').get() as { n: number };
      journal.close();
      const rows =
        await sql`SELECT issue_seq, ticket_no, outcome FROM tickets WHERE hub_id = 'hub-e2e' ORDER BY issue_seq`;
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

  it('refuses a NUL in a pause note at the hub, dead-letters rows the cloud refuses one by one, and keeps syncing', async () => {
    // A database of its own in the harness's PostgreSQL.
    const scratch = await scratchDatabase('e2e');
    const DATABASE_URL = scratch.url;
    const sql = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
    try {
      const cloudEnv = {
        DATABASE_URL,
        CLOUD_HOST: '127.0.0.1',
        CLOUD_PORT: String(await freePort()),
        LOG_LEVEL: 'warn',
      };
      const { token } = JSON.parse(
        await runPart('cloud/src/main.ts', cloudEnv, ['add-hub', '--hall', 'H-DL', '--hub', 'hub-dl']),
      ) as { token: string };
      const cloud = await startPart('cloud/src/main.ts', cloudEnv, 'cloud.ready');
      parts.push(cloud);
      const secret = randomBytes(9).toString('base64url');
      const configFile = join(dir, 'dl.yaml');
      writeFileSync(
        configFile,
        stringify({
          hall: { id: 'H-DL', name: 'DL', timeZone: 'Asia/Shanghai', capacity: 10 },
          services: [{ id: 'billing', name: 'B', prefix: 'A' }],
          counters: [{ id: 'C01', name: '1', services: { billing: 1 } }],
          devices: [
            {
              id: 'ctr-c01',
              kind: 'counter-terminal',
              transport: 'mqtt',
              counterId: 'C01',
              secretHash: hashSecret(secret),
            },
          ],
          alerts: { raiseAfterSec: 0 },
        }),
      );
      const dataDir = join(dir, 'hub-dl');
      const mqttPort = await freePort();
      const hubEnv = {
        HUB_CONFIG: configFile,
        HUB_DATA_DIR: dataDir,
        HUB_HOST: '127.0.0.1',
        HUB_MQTT_PORT: String(mqttPort),
        HUB_HTTP_PORT: '0',
        HUB_CLOUD_URL: `http://127.0.0.1:${cloud.ready.port}`,
        HUB_ID: 'hub-dl',
        HUB_TOKEN: token,
        LOG_LEVEL: 'warn',
      };
      // A first run writes the day's start; then, with the hub stopped, rows the cloud will refuse are put
      // into its outbox, each followed by a good one, as a hub of an older version could have journaled
      // them: a pause note with a NUL (PostgreSQL refuses it in JSON: it answered 500 and the hall's sync
      // stopped for good) and a timestamp from 1970.
      let hub = await startPart('edge/src/main.ts', hubEnv, 'hub.ready');
      await hub.stop();
      const store = new Database(join(dataDir, 'hub.db'));
      const next = (store.prepare('SELECT MAX(seq) AS n FROM events').get() as { n: number }).n + 1;
      const now = Date.now();
      const injected = [
        { type: 'counter.paused', at: now, counterId: 'C01', reason: 'other', note: 'back\u0000soon' },
        { type: 'rating.skipped', at: now, ticketNo: 'A002', counterId: null, deviceId: 'pad' },
        { type: 'rating.skipped', at: 5, ticketNo: 'A001', counterId: null, deviceId: 'pad' },
        { type: 'rating.skipped', at: now, ticketNo: 'A003', counterId: null, deviceId: 'pad' },
      ];
      injected.forEach((e, i) => {
        store
          .prepare('INSERT INTO events (seq, at, type, body) VALUES (?, ?, ?, ?)')
          .run(next + i, e.at, e.type, JSON.stringify(e));
        store
          .prepare('INSERT INTO outbox (seq, kind, body, created_at) VALUES (?, ?, ?, ?)')
          .run(next + i, e.type, JSON.stringify(e), now);
      });
      store.close();
      hub = await startPart('edge/src/main.ts', hubEnv, 'hub.ready');
      parts.push(hub);
      const metrics = async () => (await fetch(`http://127.0.0.1:${hub.ready.http}/metrics`)).text();
      await until('the outbox drained past the refused rows', async () => /^hub_outbox_rows 0$/m.test(await metrics()));
      await until(
        'the dead-letter alarm',
        async () => /^hub_alarms_active\{severity="major"\} [1-9]/m.test(await metrics()),
        10_000,
      );
      const rows =
        await sql`SELECT seq::int, type, body->>'originalKind' AS original FROM hall_events WHERE hub_id = 'hub-dl' AND seq >= ${next} ORDER BY seq`;
      expect(rows.slice(0, 4)).toEqual([
        { seq: next, type: 'hub.dead-letter', original: 'counter.paused' },
        { seq: next + 1, type: 'rating.skipped', original: null },
        { seq: next + 2, type: 'hub.dead-letter', original: 'rating.skipped' },
        { seq: next + 3, type: 'rating.skipped', original: null },
      ]);

      // Through MQTT, as a counter terminal would send it: the hub refuses the NUL at its ingress, naming
      // the field; the clerk's next pause goes through and reaches the cloud.
      const terminal = new CounterTerminalSim({
        url: `mqtt://127.0.0.1:${mqttPort}`,
        hallId: 'H-DL',
        deviceId: 'ctr-c01',
        secret,
        reconnectPeriodMs: 200,
        responseTimeoutMs: 2_000,
      });
      await terminal.connect();
      try {
        await terminal.open('E1');
        await terminal.publishRaw(
          'hall/H-DL/dev/ctr-c01/evt/counter.pause',
          JSON.stringify({
            eid: 'nul-1',
            seq: 900,
            ts: Date.now(),
            deviceId: 'ctr-c01',
            reason: 'other',
            note: 'back\u0000soon',
          }),
        );
        await until(
          'the hub refusing the note',
          async () => /^hub_rejected_messages_total\{[^}]*reason="invalid_payload"[^}]*\} 1$/m.test(await metrics()),
          10_000,
        );
        await terminal.pause('meal');
      } finally {
        await terminal.close();
      }
      await until(
        'the pause in the cloud',
        async () => (await sql`SELECT reason, note FROM counter_pauses WHERE hub_id = 'hub-dl'`).length === 1,
      );
      expect(await sql`SELECT reason, note FROM counter_pauses WHERE hub_id = 'hub-dl'`).toEqual([
        { reason: 'meal', note: null },
      ]);
      // The hub told the cloud of its dead letters at its poll: the console shows them.
      await until(
        'the dead letters reported to the cloud',
        async () => (await sql`SELECT outbox->>'deadLetters' AS n FROM hubs WHERE id = 'hub-dl'`)[0]?.n === '2',
        15_000,
      );
      await hub.stop();
      const check = new Database(join(dataDir, 'hub.db'), { readonly: true });
      expect(check.prepare('SELECT seq, kind FROM dead_letter ORDER BY seq').all()).toEqual([
        { seq: next, kind: 'counter.paused' },
        { seq: next + 2, kind: 'rating.skipped' },
      ]);
      check.close();
    } finally {
      await sql.end();
      await scratch.drop();
    }
  }, 120_000);

  it('tells a hub restarted on an empty data folder from one whose events were delivered, and raises an alarm', async () => {
    const scratch = await scratchDatabase('e2e');
    const sql = postgres(scratch.url, { max: 1, onnotice: () => {} });
    try {
      const cloudEnv = {
        DATABASE_URL: scratch.url,
        CLOUD_HOST: '127.0.0.1',
        CLOUD_PORT: String(await freePort()),
        LOG_LEVEL: 'warn',
      };
      const { token } = JSON.parse(
        await runPart('cloud/src/main.ts', cloudEnv, ['add-hub', '--hall', 'H-EP', '--hub', 'hub-ep']),
      ) as { token: string };
      const cloud = await startPart('cloud/src/main.ts', cloudEnv, 'cloud.ready');
      parts.push(cloud);
      const secret = randomBytes(9).toString('base64url');
      const configFile = join(dir, 'ep.yaml');
      writeFileSync(
        configFile,
        stringify({
          hall: { id: 'H-EP', name: 'EP', timeZone: 'Asia/Shanghai', capacity: 10 },
          services: [{ id: 'billing', name: 'B', prefix: 'A' }],
          counters: [{ id: 'C01', name: '1', services: { billing: 1 } }],
          devices: [{ id: 'kiosk-1', kind: 'ticket-terminal', transport: 'mqtt', secretHash: hashSecret(secret) }],
        }),
      );
      const dataDir = join(dir, 'hub-ep');
      const mqttPort = await freePort();
      const hubEnv = {
        HUB_CONFIG: configFile,
        HUB_DATA_DIR: dataDir,
        HUB_HOST: '127.0.0.1',
        HUB_MQTT_PORT: String(mqttPort),
        HUB_HTTP_PORT: '0',
        HUB_CLOUD_URL: `http://127.0.0.1:${cloud.ready.port}`,
        HUB_ID: 'hub-ep',
        HUB_TOKEN: token,
        LOG_LEVEL: 'warn',
      };
      const tickets = async (n: number) => {
        const hub = await startPart('edge/src/main.ts', hubEnv, 'hub.ready');
        parts.push(hub);
        const kiosk = new TicketTerminalSim({
          url: `mqtt://127.0.0.1:${mqttPort}`,
          hallId: 'H-EP',
          deviceId: 'kiosk-1',
          secret,
          reconnectPeriodMs: 200,
          responseTimeoutMs: 2_000,
        });
        await kiosk.connect();
        const numbers: string[] = [];
        for (let i = 0; i < n; i++) {
          const answer = await kiosk.requestTicket({ serviceId: 'billing' });
          numbers.push(answer.status === 'printed' ? answer.ticket.ticketNo : answer.status);
        }
        await kiosk.close();
        const metrics = async () => (await fetch(`http://127.0.0.1:${hub.ready.http}/metrics`)).text();
        await until('the outbox drained', async () => /^hub_outbox_rows 0$/m.test(await metrics()));
        await hub.stop();
        return numbers;
      };
      expect(await tickets(3)).toEqual(['A001', 'A002', 'A003']);
      // The data folder is lost; the hub starts again from nothing and numbers its events from 1 again.
      rmSync(dataDir, { recursive: true, force: true });
      expect(await tickets(2)).toEqual(['A001', 'A002']);
      // Nothing of the new journal was taken for already delivered; nothing of the old one was lost.
      const rows = await sql`SELECT ticket_no FROM tickets WHERE hub_id = 'hub-ep' ORDER BY issue_seq`;
      expect(rows.map((r) => r.ticket_no)).toEqual(['A001', 'A002', 'A003', 'A001', 'A002']);
      const alarms =
        await sql`SELECT rule, subject, severity, cleared_at FROM alarms WHERE hall_id = 'H-EP' AND rule = 'hub-restarted-empty'`;
      expect(alarms).toEqual([{ rule: 'hub-restarted-empty', subject: 'hub-ep', severity: 'major', cleared_at: null }]);
    } finally {
      await sql.end();
      await scratch.drop();
    }
  }, 120_000);

  it('resolves a console acknowledgement of an alarm the hub no longer has: the hub answers it as cleared', async () => {
    const scratch = await scratchDatabase('e2e');
    const sql = postgres(scratch.url, { max: 1, onnotice: () => {} });
    try {
      const cloudEnv = {
        DATABASE_URL: scratch.url,
        CLOUD_HOST: '127.0.0.1',
        CLOUD_PORT: String(await freePort()),
        LOG_LEVEL: 'warn',
      };
      const { token } = JSON.parse(
        await runPart('cloud/src/main.ts', cloudEnv, ['add-hub', '--hall', 'H-ACK', '--hub', 'hub-ack']),
      ) as { token: string };
      // An alarm of ten days ago that the cloud still shows open (its clearing never reached the cloud),
      // acknowledged in the console: waiting for the hall.
      await sql`INSERT INTO alarms (hall_id, alarm_id, rule, subject, severity, message, raised_at, ack_requested_at, ack_requested_by)
        VALUES ('H-ACK', 'al-old-1', 'long-wait', 'service:billing', 'warning', 'long wait',
                now() - interval '10 days', now(), 'admin')`;
      const cloud = await startPart('cloud/src/main.ts', cloudEnv, 'cloud.ready');
      parts.push(cloud);
      const configFile = join(dir, 'ack.yaml');
      writeFileSync(
        configFile,
        stringify({
          hall: { id: 'H-ACK', name: 'ACK', timeZone: 'Asia/Shanghai', capacity: 10 },
          services: [{ id: 'billing', name: 'B', prefix: 'A' }],
          counters: [{ id: 'C01', name: '1', services: { billing: 1 } }],
        }),
      );
      const hub = await startPart(
        'edge/src/main.ts',
        {
          HUB_CONFIG: configFile,
          HUB_DATA_DIR: join(dir, 'hub-ack'),
          HUB_HOST: '127.0.0.1',
          HUB_MQTT_PORT: '0',
          HUB_HTTP_PORT: '0',
          HUB_CLOUD_URL: `http://127.0.0.1:${cloud.ready.port}`,
          HUB_ID: 'hub-ack',
          HUB_TOKEN: token,
          LOG_LEVEL: 'warn',
        },
        'hub.ready',
      );
      parts.push(hub);
      await until(
        'the alarm cleared in the cloud',
        async () => (await sql`SELECT cleared_at FROM alarms WHERE alarm_id = 'al-old-1'`)[0]?.cleared_at != null,
        30_000,
      );
      // Nothing is left for the hub to apply: the console no longer waits for the hall.
      const pending =
        await sql`SELECT alarm_id FROM alarms WHERE hall_id = 'H-ACK' AND acked_at IS NULL AND cleared_at IS NULL`;
      expect(pending).toEqual([]);
      await hub.stop();
    } finally {
      await sql.end();
      await scratch.drop();
    }
  }, 120_000);
});

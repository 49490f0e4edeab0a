/**
 * Crash test: the hub runs as its own process (`npm run edge`) under load from simulated kiosks and
 * counters, and is killed with SIGKILL at random moments, several times. After every restart the state it
 * serves equals what its journal says, every ticket a kiosk printed is in the journal, and no device
 * event was applied twice (redeliveries after the crash carry the same eid).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '@hall/scripts/harness';
import { CounterTerminalSim, Random, TicketTerminalSim } from '@hall/simulators';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseHallConfig } from '../src/config.ts';
import { QueueEngine } from '../src/features/queue/queue.engine.ts';
import type { QueueEvent } from '../src/features/queue/queue.types.ts';
import { HubStore } from '../src/store/hub.store.ts';
import { credential, DEFAULT_DEVICES, hallConfig } from './support/test-hub.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'hall-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function startHubProcess(
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; ready: { mqtt: number; http: number } }> {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, 'edge/src/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const ready = await new Promise<{ mqtt: number; http: number }>((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub did not start:\n${out}\n${err}`)), 30_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.includes('"hub.ready"'));
      if (line) {
        clearTimeout(timer);
        resolveReady(JSON.parse(line) as { mqtt: number; http: number });
      }
    });
    child.once('exit', (code) => reject(new Error(`hub exited with ${code}:\n${out}\n${err}`)));
  });
  return { child, ready };
}

describe('crash recovery', () => {
  it('survives SIGKILL under load: state equals the journal, nothing applied twice, nothing answered lost', async () => {
    const hall = hallConfig();
    const configFile = join(dir, 'hall.yaml');
    writeFileSync(configFile, stringify(hall));
    const dataDir = join(dir, 'data');
    const mqttPort = await freePort();
    const env = {
      HUB_CONFIG: configFile,
      HUB_DATA_DIR: dataDir,
      HUB_HOST: '127.0.0.1',
      HUB_MQTT_PORT: String(mqttPort),
      HUB_HTTP_PORT: '0',
      LOG_LEVEL: 'warn',
    };
    let hub = await startHubProcess(env);
    const url = `mqtt://127.0.0.1:${mqttPort}`;
    const secret = (id: string) => credential(id).secret;
    const opts = (id: string) => ({
      url,
      hallId: hall.hall.id,
      deviceId: id,
      secret: secret(id),
      reconnectPeriodMs: 200,
      responseTimeoutMs: 2_000,
      random: new Random(id.length),
    });
    const kiosks = ['kiosk-1', 'kiosk-2'].map((id) => new TicketTerminalSim(opts(id)));
    const counters = DEFAULT_DEVICES.filter((d) => d.kind === 'counter-terminal').map((d) => ({
      sim: new CounterTerminalSim(opts(d.id)),
      staff: d.id === 'ctr-c01' ? 'E1001' : 'E1002',
    }));
    for (const d of [...kiosks, ...counters.map((c) => c.sim)]) await d.connect();

    /** Tickets a kiosk printed: the hub answered, so the change was durable. */
    const printed: string[] = [];
    let running = true;
    const load = [
      ...kiosks.map(async (kiosk, i) => {
        const random = new Random(100 + i);
        while (running) {
          const answer = await kiosk
            .requestTicket({
              serviceId: random.chance(0.6) ? 'billing' : 'plan',
              ...(random.chance(0.1) ? { priority: 'vip' as const } : {}),
            })
            .catch(() => null);
          if (answer?.status === 'printed') printed.push(answer.ticket.ticketNo);
          await new Promise((r) => setTimeout(r, 5));
        }
      }),
      ...counters.map(async ({ sim, staff }) => {
        while (running) {
          if (sim.display.status === 'closed') await sim.open(staff).catch(() => null);
          const called = await sim.callNext().catch(() => null);
          if (called?.status === 'shown' && called.ticketNo) {
            await sim.start(called.ticketNo).catch(() => null);
            await sim.finish({ ticketNo: called.ticketNo, txCount: 1 }).catch(() => null);
          } else await new Promise((r) => setTimeout(r, 20));
        }
      }),
    ];

    const random = new Random(42);
    for (let kill = 0; kill < 4; kill++) {
      await new Promise((r) => setTimeout(r, 700 + random.int(0, 1_300)));
      hub.child.kill('SIGKILL');
      await once(hub.child, 'exit');
      hub = await startHubProcess(env);
      // What the restarted hub serves equals what its journal says.
      const served = await fetch(`http://127.0.0.1:${hub.ready.http}/trpc/hall.state`, {
        headers: { authorization: `Bearer ${credential('display').secret}` },
      });
      const snapshot = (
        (await served.json()) as {
          result: { data: { seq: number; totals: { issuedToday: number; servedToday: number } } };
        }
      ).result.data;
      const replayed = replay(dataDir, hall, snapshot.seq);
      expect(
        snapshot.totals.issuedToday,
        `after kill ${kill + 1} at seq ${snapshot.seq}: ${JSON.stringify(snapshot.totals)}`,
      ).toBe(replayed.engine.tickets.size);
      expect(snapshot.totals.servedToday).toBe(
        [...replayed.engine.tickets.values()].filter((t) => t.status === 'done').length,
      );
    }
    running = false;
    await Promise.allSettled(load);
    for (const d of [...kiosks, ...counters.map((c) => c.sim)]) await d.close();
    hub.child.kill('SIGTERM');
    await once(hub.child, 'exit');

    const { engine, issuedByEid, reissuedWhileActive } = replay(dataDir, hall);
    expect(printed.length).toBeGreaterThan(50);
    // Every ticket a kiosk printed is in the journal; each device event issued at most one ticket.
    for (const ticketNo of printed) expect(engine.ticket(ticketNo) !== undefined, ticketNo).toBe(true);
    expect([...issuedByEid.values()].every((n) => n === 1)).toBe(true);
    // Numbers wrap after 999, but a number is never given out while its previous ticket is still active.
    expect(reissuedWhileActive).toEqual([]);
    // A ticket is finished at most once.
    const finished = [...engine.tickets.values()].filter((t) => t.status === 'done');
    expect(finished.length).toBeGreaterThan(10);
  }, 120_000);
});

/** Rebuilds the queue from the journal on disk, independently of the hub process. */
function replay(dataDir: string, hall: ReturnType<typeof parseHallConfig>, upToSeq = Number.MAX_SAFE_INTEGER) {
  const store = new HubStore(dataDir);
  const engine = new QueueEngine(hall);
  const issuedByEid = new Map<string, number>();
  const reissuedWhileActive: string[] = [];
  try {
    const rows = store.db.prepare('SELECT body, eid FROM events WHERE seq <= ? ORDER BY seq').all(upToSeq) as Array<{
      body: string;
      eid: string | null;
    }>;
    for (const row of rows) {
      const e = JSON.parse(row.body) as QueueEvent;
      if (e.type === 'ticket.issued') {
        const previous = engine.ticket(e.ticketNo);
        if (previous && ['waiting', 'called', 'serving'].includes(previous.status))
          reissuedWhileActive.push(e.ticketNo);
        if (row.eid) issuedByEid.set(row.eid, (issuedByEid.get(row.eid) ?? 0) + 1);
      }
      engine.apply(e);
    }
  } finally {
    store.close();
  }
  return { engine, issuedByEid, reissuedWhileActive };
}

/**
 * `npm run bench:ingest`: 50 simulated hubs push batches of 500 journal events each, concurrently, through
 * the cloud's API (tRPC over HTTP) into a real PostgreSQL (a private cluster this command starts and
 * stops); each batch is stored raw and projected into the fact tables in one transaction. In the same
 * run, the baseline: the same rows written with plain multi-row INSERTs (500 per statement, 50 writers).
 * Last line: one JSON object with eventsPerSec, rawInsertPerSec, ratio.
 */
import { SecretGate } from '@hall/devices/secrets';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTRPCClient, httpLink } from '@trpc/client';
import { startPostgres } from '@hall/scripts/harness';
import { pino } from 'pino';
import postgres from 'postgres';
import type { AppRouter } from '../src/app.router.ts';
import { openDatabase } from '../src/db/client.ts';
import { registerHall, registerHub } from '../src/modules/halls/halls.service.ts';
import { startCloudServer } from '../src/server.ts';

const HUBS = Number(process.env.BENCH_HUBS ?? 50);
const BATCH = Number(process.env.BENCH_BATCH ?? 500);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 12);
const log = (line: string) => process.stdout.write(`${line}\n`);

interface Ev {
  seq: number;
  type: string;
  at: number;
  body: Record<string, unknown>;
  historical: boolean;
}

/**
 * A hub's journal: tickets going through their lifecycle, ratings, door counts, a device now and then;
 * every event as the hub→cloud contract has it (the cloud checks each row against it).
 */
function journal(hub: number, n: number): Ev[] {
  const out: Ev[] = [];
  const t0 = Date.UTC(2026, 10, 25, 1, 0, 0);
  let ticket = 0;
  const open: string[] = [];
  while (out.length < n) {
    const at = t0 + out.length * 1_000;
    const seq = out.length + 1;
    const r = (seq * 7919 + hub * 104729) % 100;
    if (r < 30 || open.length === 0) {
      ticket += 1;
      const no = `A${String((ticket % 999) + 1).padStart(3, '0')}`;
      open.push(no);
      out.push({
        seq,
        type: 'ticket.issued',
        at,
        body: {
          at,
          ticketNo: no,
          serviceId: 'billing',
          priority: null,
          channel: 'kiosk',
          deviceId: 'kiosk-1',
          waitingAhead: open.length,
          eta: { p50Minutes: 3, p90Minutes: 6 },
        },
        historical: false,
      });
    } else if (r < 55) {
      const no = open[0] as string;
      out.push({
        seq,
        type: 'ticket.called',
        at,
        body: {
          at,
          ticketNo: no,
          counterId: 'C01',
          staffId: 'E1',
          why: { rule: 'longest-wait', class: 'regular', score: 3, passedOver: [] },
        },
        historical: false,
      });
    } else if (r < 75) {
      const no = open.shift() as string;
      out.push({
        seq,
        type: 'ticket.finished',
        at,
        body: { at, ticketNo: no, counterId: 'C01', staffId: 'E1', txCount: 1, txTypes: [] },
        historical: false,
      });
    } else if (r < 88) {
      out.push({
        seq,
        type: 'rating.received',
        at,
        body: { at, ticketNo: 'A001', score: 4, reasons: [], counterId: 'C01', staffId: 'E1', deviceId: 'pad' },
        historical: false,
      });
    } else if (r < 98) {
      out.push({
        seq,
        type: 'occupancy.counted',
        at,
        body: { at, deviceId: 'door', in: 1, out: 0, totalIn: seq, totalOut: 0, reset: false },
        historical: false,
      });
    } else {
      out.push({
        seq,
        type: 'device.availability',
        at,
        body: { at, deviceId: 'kiosk-1', kind: 'ticket-terminal', online: r % 2 === 0, cause: 'heartbeat' },
        historical: false,
      });
    }
  }
  return out;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'hall-bench-ingest-'));
  const pg = await startPostgres(dir);
  try {
    const database = await openDatabase({ url: pg.url, dataDir: '' });
    const tokens: string[] = [];
    for (let h = 0; h < HUBS; h++) {
      await registerHall(database.db, { id: `H${h}`, name: `Hall ${h}`, timeZone: 'Asia/Shanghai' });
      tokens.push((await registerHub(database.db, { id: `hub-${h}`, hallId: `H${h}` })).token);
    }
    // All hubs start at once here; the production gate would answer most first pushes "busy" (the hubs
    // retry), which is not what this bench measures: a gate that lets every hub's first check through.
    const hubGate = new SecretGate({ limits: { perSecond: 10_000, maxPending: HUBS } });
    const server = await startCloudServer({
      db: database.db,
      log: pino({ level: 'silent' }),
      host: '127.0.0.1',
      port: 0,
      hubGate,
    });
    const journals = Array.from({ length: HUBS }, (_, h) => journal(h, BATCH * BATCHES));
    const total = HUBS * BATCH * BATCHES;
    log(`${HUBS} hubs × ${BATCHES} batches × ${BATCH} events = ${total} events`);

    // ---- through the API: stored raw and projected, one transaction per batch -------------------
    const t0 = performance.now();
    await Promise.all(
      journals.map(async (events, h) => {
        const client = createTRPCClient<AppRouter>({
          links: [
            httpLink({
              url: `http://127.0.0.1:${server.port}/trpc`,
              headers: { authorization: `Bearer hub-${h}:${tokens[h]}` },
            }),
          ],
        });
        for (let b = 0; b < BATCHES; b++) {
          const { ackedThrough } = await client.ingest.push.mutate({
            hubId: `hub-${h}`,
            batch: events.slice(b * BATCH, (b + 1) * BATCH),
          });
          if (ackedThrough !== (b + 1) * BATCH) throw new Error(`hub-${h}: acked ${ackedThrough} after batch ${b + 1}`);
        }
      }),
    );
    const ingestSeconds = (performance.now() - t0) / 1_000;
    const eventsPerSec = Math.round(total / ingestSeconds);
    log(`ingest: ${eventsPerSec} events/s (${ingestSeconds.toFixed(1)} s), raw + facts, through tRPC over HTTP`);
    await server.stop();
    await database.close();

    // ---- baseline: the same rows, plain multi-row INSERTs ----------------------------------------
    const sql = postgres(pg.url, { max: HUBS, onnotice: () => {} });
    await sql`CREATE TABLE raw_baseline (hub_id text NOT NULL, seq bigint NOT NULL, hall_id text NOT NULL, type text NOT NULL, at timestamptz NOT NULL, body jsonb NOT NULL, historical boolean NOT NULL, PRIMARY KEY (hub_id, seq))`;
    const t1 = performance.now();
    await Promise.all(
      journals.map(async (events, h) => {
        for (let b = 0; b < BATCHES; b++) {
          const rows = events.slice(b * BATCH, (b + 1) * BATCH).map((e) => ({
            hub_id: `hub-${h}`,
            seq: e.seq,
            hall_id: `H${h}`,
            type: e.type,
            at: new Date(e.at),
            body: sql.json(e.body as never),
            historical: e.historical,
          }));
          await sql`INSERT INTO raw_baseline ${sql(rows)}`;
        }
      }),
    );
    const rawSeconds = (performance.now() - t1) / 1_000;
    const rawInsertPerSec = Math.round(total / rawSeconds);
    log(`baseline: ${rawInsertPerSec} rows/s (${rawSeconds.toFixed(1)} s), multi-row INSERT of the same rows`);
    await sql.end();
    const ratio = Math.round((eventsPerSec / rawInsertPerSec) * 100) / 100;
    log(`ratio ${ratio}; target ≥ 20,000 events/s`);
    log(JSON.stringify({ eventsPerSec, rawInsertPerSec, ratio, hubs: HUBS, batch: BATCH, events: total }));
  } finally {
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench:ingest failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);

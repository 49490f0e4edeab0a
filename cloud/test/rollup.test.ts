/**
 * The analysis roll-ups kept at ingest equal their recomputation from the stored facts, whatever order
 * the hub's batches arrive in (property test: random hall days near midnight, pushed as shuffled,
 * duplicated and replayed batches), against a real PostgreSQL.
 */
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../src/db/rows.ts';
import { putHallConfig, registerHall, registerHub } from '../src/modules/halls/halls.service.ts';
import { push } from '../src/modules/ingest/ingest.service.ts';
import { ROLLUP_TABLES, rollupRepository } from '../src/modules/analytics/rollup.repository.ts';
import { backfillRollups, defineAnalyticsJobs } from '../src/modules/analytics/analytics.jobs.ts';
import { Jobs } from '../src/modules/jobs/jobs.service.ts';
import { pino } from 'pino';
import { testDatabase } from './support/db.ts';
import { TWO_SERVICES } from './support/hall-config.ts';
import { WHY, toRows, type TestEvent } from './support/events.ts';

let db: Awaited<ReturnType<typeof testDatabase>>;
beforeAll(async () => {
  db = await testDatabase();
});
afterAll(async () => {
  await db?.drop();
});

const MIN = 60_000;
/** 2026-11-26 23:20 in Shanghai: a day's last tickets and the next day's first. */
const START = Date.UTC(2026, 10, 26, 15, 20);

const ticketArb = fc.record({
  service: fc.constantFrom('billing', 'sim'),
  channel: fc.constantFrom('kiosk', 'remote', 'appointment'),
  priority: fc.constantFrom(null, 'vip'),
  arrive: fc.integer({ min: 0, max: 80 }),
  wait: fc.integer({ min: 0, max: 75 }),
  fate: fc.constantFrom('waiting', 'cancelled', 'called', 'noshow', 'serving', 'served', 'transferred', 'requeued'),
  handle: fc.integer({ min: 1, max: 20 }),
  ratings: fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 2 }),
  txTypes: fc.subarray(['topup', 'plan-change', 'sim-swap']),
});
type Ticket = typeof ticketArb extends fc.Arbitrary<infer T> ? T : never;

/** One ticket's events, valid under the hub→cloud contract. */
function lifecycle(t: Ticket, i: number): TestEvent[] {
  const no = `A${String(i).padStart(3, '0')}`;
  const at = START + t.arrive * MIN + i * 1000;
  const call = at + t.wait * MIN + 500;
  const out: TestEvent[] = [
    {
      type: 'ticket.issued',
      at,
      body: {
        ticketNo: no,
        serviceId: t.service,
        priority: t.priority,
        channel: t.channel,
        deviceId: 'kiosk-1',
        waitingAhead: 0,
        eta: { p50Minutes: 5, p90Minutes: 9 },
      },
    },
  ];
  if (t.fate === 'waiting') return out;
  if (t.fate === 'cancelled')
    return [...out, { type: 'ticket.cancelled', at: call, body: { ticketNo: no, reason: 'customer' } }];
  out.push({ type: 'ticket.called', at: call, body: { ticketNo: no, counterId: 'C01', staffId: 'E1', why: WHY } });
  if (t.fate === 'called') return out;
  if (t.fate === 'noshow')
    return [...out, { type: 'ticket.noshow', at: call + MIN, body: { ticketNo: no, counterId: 'C01', recalls: 1 } }];
  if (t.fate === 'requeued')
    return [...out, { type: 'ticket.requeued', at: call + MIN, body: { ticketNo: no, counterId: 'C01' } }];
  let started = call + 30_000;
  let staff = 'E1';
  if (t.fate === 'transferred') {
    const to = t.service === 'billing' ? 'sim' : 'billing';
    out.push({ type: 'ticket.started', at: started, body: { ticketNo: no, counterId: 'C01' } });
    out.push({
      type: 'ticket.transferred',
      at: started + MIN,
      body: { ticketNo: no, fromServiceId: t.service, toServiceId: to, counterId: 'C01' },
    });
    out.push({
      type: 'ticket.called',
      at: started + 3 * MIN,
      body: { ticketNo: no, counterId: 'C02', staffId: 'E2', why: WHY },
    });
    started += 4 * MIN;
    staff = 'E2';
  }
  const counterId = staff === 'E1' ? 'C01' : 'C02';
  const ended = started + t.handle * MIN;
  out.push({ type: 'ticket.started', at: started, body: { ticketNo: no, counterId } });
  if (t.fate === 'serving') return out;
  out.push({
    type: 'ticket.finished',
    at: ended,
    body: { ticketNo: no, counterId, staffId: staff, txCount: t.txTypes.length, txTypes: t.txTypes },
  });
  t.ratings.forEach((score, k) =>
    out.push({
      type: 'rating.received',
      at: ended + 5_000 + k * 1000,
      body: { ticketNo: no, score, reasons: [], counterId, staffId: staff, deviceId: 'pad-1' },
    }),
  );
  return out;
}

const dayArb = fc.record({
  tickets: fc.array(ticketArb, { minLength: 1, maxLength: 24 }),
  doors: fc.array(fc.record({ at: fc.integer({ min: 0, max: 90 }), in: fc.nat(4), out: fc.nat(4) }), {
    maxLength: 12,
  }),
  batch: fc.integer({ min: 1, max: 12 }),
  order: fc.array(fc.nat(), { minLength: 1, maxLength: 40 }),
  duplicates: fc.array(fc.nat(), { maxLength: 4 }),
});

async function rollups(hallId: string) {
  const out: Record<string, unknown[]> = {};
  for (const [name, table] of Object.entries(ROLLUP_TABLES)) {
    const rows = await rowsOf<Record<string, unknown>>(
      db.db,
      sql`SELECT * FROM ${sql.raw(table)} WHERE hall_id = ${hallId} ORDER BY 1, 2, 3, 4`,
    );
    // Rows every measure of which went back to zero say nothing (a ticket moved out of them).
    out[name] = rows
      .filter((r) =>
        Object.entries(r).some(
          ([k, v]) => !['hall_id', 'day', 'hour', 'band'].includes(k) && v !== 0 && typeof v === 'number',
        ),
      )
      .map((r) => JSON.stringify(r))
      .sort();
  }
  return out;
}

describe('analysis roll-ups', () => {
  let run = 0;
  it('kept at ingest equal a recomputation from the facts, whatever the order of the batches', async () => {
    await fc.assert(
      fc.asyncProperty(dayArb, async (day) => {
        run += 1;
        const hallId = `R${run}`;
        await registerHall(db.db, { id: hallId, name: `Hall ${run}`, timeZone: 'Asia/Shanghai' });
        await registerHub(db.db, { id: `hub-${hallId}`, hallId });
        await putHallConfig(db.db, hallId, TWO_SERVICES as never, null);
        const events = [
          ...day.tickets.flatMap(lifecycle),
          ...day.doors.map((d, i) => ({
            type: 'occupancy.counted',
            at: START + d.at * MIN + i * 7_000,
            body: { deviceId: 'door-1', in: d.in, out: d.out, totalIn: 0, totalOut: 0, reset: false },
          })),
        ].sort((a, b) => a.at - b.at);
        const rows = toRows(events);
        const batches: Array<typeof rows> = [];
        for (let i = 0; i < rows.length; i += day.batch) batches.push(rows.slice(i, i + day.batch));
        // Shuffled by the generated order, with some batches sent twice, then everything replayed.
        const order = batches.map((b, i) => ({ b, k: day.order[i % day.order.length] ?? 0 }));
        order.sort((x, y) => x.k - y.k);
        const sent = [...order.map((o) => o.b), ...day.duplicates.map((d) => batches[d % batches.length] ?? [])];
        for (const b of sent) await push(db.db, `hub-${hallId}`, { batch: b });
        const last = await push(db.db, `hub-${hallId}`, { batch: rows });
        expect(last.ackedThrough).toBe(rows.length);

        const kept = await rollups(hallId);
        expect(kept.hour?.length).toBeGreaterThan(0);
        await rollupRepository.recompute(db.db, hallId, '2026-11-20', '2026-12-02');
        expect(kept).toEqual(await rollups(hallId));
        // Every ticket arrived once, whatever became of it.
        const [total] = await rowsOf<{ n: number }>(
          db.db,
          sql`SELECT sum(arrivals)::int AS n FROM rollup_hour WHERE hall_id = ${hallId}`,
        );
        expect(total?.n).toBe(day.tickets.length);
      }),
      { numRuns: 25, seed: Number(process.env.ROLLUP_SEED ?? 20261130) },
    );
  });

  it('a hall whose tickets came before the roll-ups gets them from the background job, a month at a time', async () => {
    // Hall R1 from the property runs, its roll-ups gone as if stored by an older version.
    const before = await rollups('R1');
    for (const table of Object.values(ROLLUP_TABLES))
      await db.db.execute(sql`DELETE FROM ${sql.raw(table)} WHERE hall_id = 'R1'`);
    const jobs = new Jobs({ db: db.db, log: pino({ level: 'silent' }) });
    defineAnalyticsJobs(jobs);
    expect(await backfillRollups(jobs, db.db)).toBe(1);
    // Queued once: a second start finds the job already there.
    await backfillRollups(jobs, db.db);
    for (let i = 0; i < 5; i += 1) {
      await jobs.runner.tick();
      await jobs.runner.drain();
    }
    expect(await rollups('R1')).toEqual(before);
    expect(await backfillRollups(jobs, db.db)).toBe(0);
  });
});

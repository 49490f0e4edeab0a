/**
 * The embedded default: without DATABASE_URL the cloud runs on PGlite in a data folder, with the same
 * migrations; what it stored is there again when it is reopened.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client.ts';
import { registerHall, registerHub } from '../src/modules/halls/halls.service.ts';
import { push } from '../src/modules/ingest/ingest.service.ts';
import { toRows, WHY } from './support/events.ts';

const dir = mkdtempSync(join(tmpdir(), 'hall-pglite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('PGlite, the embedded database', () => {
  it('runs the migrations, ingests, and keeps the data across a reopen', async () => {
    const first = await openDatabase({ dataDir: dir });
    expect(first.kind).toBe('pglite');
    await registerHall(first.db, { id: 'H1', name: 'H1', timeZone: 'Asia/Shanghai' });
    const { hubId } = await registerHub(first.db, { id: 'hub-1', hallId: 'H1' });
    const at = Date.UTC(2026, 10, 25, 2, 0, 0);
    const result = await push(first.db, hubId, {
      batch: toRows([
        {
          type: 'ticket.issued',
          at,
          body: {
            ticketNo: 'A001',
            serviceId: 'billing',
            priority: null,
            channel: 'kiosk',
            deviceId: null,
            waitingAhead: 0,
            eta: { p50Minutes: 1, p90Minutes: 2 },
          },
        },
        {
          type: 'ticket.called',
          at: at + 60_000,
          body: { ticketNo: 'A001', counterId: 'C01', staffId: 'E1', why: WHY },
        },
      ]),
    });
    expect(result.ackedThrough).toBe(2);
    // A value the database refuses is answered as unprocessable on PGlite too (the hub isolates the row).
    await expect(
      push(first.db, hubId, {
        batch: toRows(
          [
            {
              type: 'alarm.raised',
              at,
              body: {
                alarmId: 'al-big',
                rule: 'occupancy',
                subject: 'hall',
                severity: 'minor',
                value: 1e300,
                message: 'm',
              },
            },
          ],
          3,
        ),
      }),
    ).rejects.toMatchObject({ code: 'UNPROCESSABLE_CONTENT' });
    await first.close();

    const again = await openDatabase({ dataDir: dir });
    const rows = (await again.db.execute(sql`SELECT ticket_no, outcome FROM tickets`)) as unknown as
      { rows?: unknown[] } | unknown[];
    const list = Array.isArray(rows) ? rows : (rows.rows ?? []);
    expect(list).toEqual([{ ticket_no: 'A001', outcome: 'called' }]);
    // The analysis roll-ups were kept by the same ingest: 10:00 in Shanghai, called after a minute.
    const hour = (await again.db.execute(
      sql`SELECT hour, arrivals, wait_sum_ms::int AS wait FROM rollup_hour`,
    )) as unknown as { rows?: unknown[] } | unknown[];
    expect(Array.isArray(hour) ? hour : hour.rows).toEqual([{ hour: 10, arrivals: 1, wait: 60_000 }]);
    await again.close();
  }, 120_000);

  it('gathers the planner statistics itself, as it has no autovacuum', async () => {
    const db = await openDatabase({ dataDir: dir });
    const at = Date.UTC(2026, 10, 26, 2, 0, 0);
    const batch = toRows(
      Array.from({ length: 300 }, (_, i) => ({
        type: 'ticket.issued',
        at: at + i * 1_000,
        body: {
          ticketNo: `B${String(i).padStart(3, '0')}`,
          serviceId: 'plan',
          priority: null,
          channel: 'kiosk',
          deviceId: null,
          waitingAhead: 0,
          eta: { p50Minutes: 1, p90Minutes: 2 },
        },
      })),
      3,
    );
    await push(db.db, 'hub-1', { batch });
    const stats = async () => {
      const r = (await db.db.execute(
        sql`SELECT (SELECT reltuples FROM pg_class WHERE relname = 'tickets')::float8 AS tuples, (SELECT count(*) FROM pg_stats WHERE tablename = 'tickets')::int AS columns`,
      )) as unknown as { rows: Array<{ tuples: number; columns: number }> };
      return r.rows[0] as { tuples: number; columns: number };
    };
    // Without maintenance the planner would guess: no column statistics for 301 tickets.
    expect((await stats()).columns).toBe(0);
    const errors: unknown[] = [];
    db.maintain({ everyMs: 60_000, onError: (err) => errors.push(err) });
    const deadline = Date.now() + 20_000;
    while ((await stats()).columns === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await stats()).toMatchObject({ tuples: 301 });
    expect((await stats()).columns).toBeGreaterThan(5);
    expect(errors).toEqual([]);
    await db.close();
  }, 120_000);
});

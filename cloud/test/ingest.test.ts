/**
 * Ingest against a real PostgreSQL: the same batch twice, overlapping batches and out-of-order retries
 * leave exactly one copy of each event, and the fact tables come out as the hub's journal says.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerHall, registerHub } from '../src/modules/halls/halls.service.ts';
import type { IncomingEvent } from '../src/modules/ingest/ingest.repository.ts';
import { push } from '../src/modules/ingest/ingest.service.ts';
import { testDatabase } from './support/db.ts';

let db: Awaited<ReturnType<typeof testDatabase>>;
beforeAll(async () => {
  db = await testDatabase();
  await registerHall(db.db, { id: 'H1', name: '测试营业厅', timeZone: 'Asia/Shanghai' });
});
afterAll(async () => {
  await db?.drop();
});

const T0 = Date.UTC(2026, 10, 25, 1, 0, 0);

/** A hub journal: `n` tickets, each issued, called, started and finished (every 5th a no-show), plus a rating, people and an alarm. */
function journal(n: number): IncomingEvent[] {
  const events: Array<Omit<IncomingEvent, 'seq' | 'historical'>> = [
    { type: 'day.started', at: T0, body: { date: '2026-11-25' } },
    { type: 'counter.opened', at: T0, body: { counterId: 'C01', staffId: 'E1' } },
  ];
  for (let i = 1; i <= n; i++) {
    const no = `A${String(i).padStart(3, '0')}`;
    const t = T0 + i * 60_000;
    events.push({ type: 'ticket.issued', at: t, body: { ticketNo: no, serviceId: 'billing', priority: null, channel: 'kiosk', waitingAhead: 0, eta: { p50Minutes: 1, p90Minutes: 2 } } });
    events.push({ type: 'ticket.called', at: t + 10_000, body: { ticketNo: no, counterId: 'C01', staffId: 'E1' } });
    if (i % 5 === 0) {
      events.push({ type: 'ticket.noshow', at: t + 40_000, body: { ticketNo: no, counterId: 'C01', recalls: 2 } });
      continue;
    }
    events.push({ type: 'ticket.started', at: t + 20_000, body: { ticketNo: no, counterId: 'C01' } });
    events.push({ type: 'ticket.finished', at: t + 50_000, body: { ticketNo: no, counterId: 'C01', staffId: 'E1', txCount: 1 } });
    events.push({ type: 'rating.received', at: t + 55_000, body: { ticketNo: no, score: 4, reasons: [], counterId: 'C01', staffId: 'E1', deviceId: 'pad' } });
  }
  events.push({ type: 'occupancy.counted', at: T0 + 30_000, body: { deviceId: 'door', in: 5, out: 2, totalIn: 5, totalOut: 2, reset: false } });
  events.push({ type: 'alarm.raised', at: T0 + 90_000, body: { alarmId: 'al-1', rule: 'long-wait', subject: 'service:billing', severity: 'warning', value: 16, message: 'wait' } });
  events.push({ type: 'alarm.cleared', at: T0 + 190_000, body: { alarmId: 'al-1', value: 3 } });
  return events.map((e, i) => ({ ...e, seq: i + 1, historical: false }));
}

const count = async (table: string, where = 'true') => Number(((await db.db.execute(sql.raw(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`))) as unknown as Array<{ n: number }>)[0]?.n);

describe('ingest', () => {
  it('stores every event once however batches repeat, overlap or arrive out of order', async () => {
    const { hubId } = await registerHub(db.db, { id: 'hub-1', hallId: 'H1' });
    const events = journal(40);
    const total = events.length;
    const slice = (from: number, to: number) => events.filter((e) => e.seq >= from && e.seq <= to);

    expect(await push(db.db, hubId, slice(1, 60))).toMatchObject({ ackedThrough: 60 });
    // The same batch again: nothing new, the same acknowledgement.
    expect(await push(db.db, hubId, slice(1, 60))).toMatchObject({ ackedThrough: 60, live: 0 });
    // Overlapping: 41..100.
    expect(await push(db.db, hubId, slice(41, 100))).toMatchObject({ ackedThrough: 100 });
    // Out of order: the tail first (stored, not acknowledged past the gap), then the gap.
    expect(await push(db.db, hubId, slice(131, total))).toMatchObject({ ackedThrough: 100, live: 0 });
    expect(await push(db.db, hubId, slice(101, 130))).toMatchObject({ ackedThrough: total });
    expect(await push(db.db, hubId, events)).toMatchObject({ ackedThrough: total, live: 0 });

    expect(await count('hall_events', `hub_id = '${hubId}'`)).toBe(total);
    expect(await count('tickets', `hub_id = '${hubId}'`)).toBe(40);
    expect(await count('tickets', `hub_id = '${hubId}' AND outcome = 'done'`)).toBe(32);
    expect(await count('tickets', `hub_id = '${hubId}' AND outcome = 'noshow'`)).toBe(8);
    // Projected in order although the tail came first: every ticket has its call after its issue.
    expect(await count('tickets', `hub_id = '${hubId}' AND (first_called_at IS NULL OR first_called_at < issued_at)`)).toBe(0);
    expect(await count('tickets', `hub_id = '${hubId}' AND outcome = 'done' AND (started_at IS NULL OR ended_at < started_at)`)).toBe(0);
    expect(await count('ratings', `hub_id = '${hubId}'`)).toBe(32);
    expect(await count('occupancy_minutes', `hall_id = 'H1' AND entered = 5 AND "left" = 2`)).toBe(1);
    expect(await count('alarms', `alarm_id = 'al-1' AND cleared_at IS NOT NULL`)).toBe(1);
    expect(await count('counter_sessions', `hub_id = '${hubId}' AND counter_id = 'C01' AND closed_at IS NULL`)).toBe(1);
  });

  it('refuses a hub it does not know', async () => {
    await expect(push(db.db, 'hub-unknown', journal(1))).rejects.toThrow(/no hub/);
  });
});

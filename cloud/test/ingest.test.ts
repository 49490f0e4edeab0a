/**
 * Ingest against a real PostgreSQL: the same batch twice, overlapping batches and out-of-order retries
 * leave exactly one copy of each event, and the fact tables come out as the hub's journal says; a row
 * that breaks the contract is refused as that row while the rest lands; a hub restarted on an empty data
 * folder (a new epoch) loses nothing the cloud held and is flagged.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerHall, registerHub } from '../src/modules/halls/halls.service.ts';
import { ackAlarm, hubPoll, listAlarms } from '../src/modules/alarms/alarms.service.ts';
import { push, type PushedRow } from '../src/modules/ingest/ingest.service.ts';
import { testDatabase } from './support/db.ts';
import { toRows, WHY, type TestEvent } from './support/events.ts';

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
function journal(n: number): PushedRow[] {
  const events: TestEvent[] = [
    { type: 'day.started', at: T0, body: { date: '2026-11-25' } },
    { type: 'counter.opened', at: T0, body: { counterId: 'C01', staffId: 'E1' } },
  ];
  for (let i = 1; i <= n; i++) {
    const no = `A${String(i).padStart(3, '0')}`;
    const t = T0 + i * 60_000;
    events.push({
      type: 'ticket.issued',
      at: t,
      body: {
        ticketNo: no,
        serviceId: 'billing',
        priority: null,
        channel: 'kiosk',
        deviceId: null,
        waitingAhead: 0,
        eta: { p50Minutes: 1, p90Minutes: 2 },
      },
    });
    events.push({
      type: 'ticket.called',
      at: t + 10_000,
      body: { ticketNo: no, counterId: 'C01', staffId: 'E1', why: WHY },
    });
    if (i % 5 === 0) {
      events.push({ type: 'ticket.noshow', at: t + 40_000, body: { ticketNo: no, counterId: 'C01', recalls: 2 } });
      continue;
    }
    events.push({ type: 'ticket.started', at: t + 20_000, body: { ticketNo: no, counterId: 'C01' } });
    events.push({
      type: 'ticket.finished',
      at: t + 50_000,
      body: { ticketNo: no, counterId: 'C01', staffId: 'E1', txCount: 1, txTypes: [] },
    });
    events.push({
      type: 'rating.received',
      at: t + 55_000,
      body: { ticketNo: no, score: 4, reasons: [], counterId: 'C01', staffId: 'E1', deviceId: 'pad' },
    });
  }
  events.push({
    type: 'occupancy.counted',
    at: T0 + 30_000,
    body: { deviceId: 'door', in: 5, out: 2, totalIn: 5, totalOut: 2, reset: false },
  });
  events.push({
    type: 'alarm.raised',
    at: T0 + 90_000,
    body: {
      alarmId: 'al-1',
      rule: 'long-wait',
      subject: 'service:billing',
      severity: 'warning',
      value: 16,
      message: 'wait',
    },
  });
  events.push({ type: 'alarm.cleared', at: T0 + 190_000, body: { alarmId: 'al-1', value: 3 } });
  return toRows(events);
}

const count = async (table: string, where = 'true') =>
  Number(
    (
      (await db.db.execute(sql.raw(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`))) as unknown as Array<{
        n: number;
      }>
    )[0]?.n,
  );

describe('ingest', () => {
  it('stores every event once however batches repeat, overlap or arrive out of order', async () => {
    const { hubId } = await registerHub(db.db, { id: 'hub-1', hallId: 'H1' });
    const events = journal(40);
    const total = events.length;
    const slice = (from: number, to: number) => events.filter((e) => e.seq >= from && e.seq <= to);

    expect(await push(db.db, hubId, { batch: slice(1, 60) })).toMatchObject({ ackedThrough: 60 });
    // The same batch again: nothing new, the same acknowledgement.
    expect(await push(db.db, hubId, { batch: slice(1, 60) })).toMatchObject({ ackedThrough: 60, live: 0 });
    // Overlapping: 41..100.
    expect(await push(db.db, hubId, { batch: slice(41, 100) })).toMatchObject({ ackedThrough: 100 });
    // Out of order: the tail first (stored, not acknowledged past the gap), then the gap.
    expect(await push(db.db, hubId, { batch: slice(131, total) })).toMatchObject({ ackedThrough: 100, live: 0 });
    expect(await push(db.db, hubId, { batch: slice(101, 130) })).toMatchObject({ ackedThrough: total });
    expect(await push(db.db, hubId, { batch: events })).toMatchObject({ ackedThrough: total, live: 0 });

    expect(await count('hall_events', `hub_id = '${hubId}'`)).toBe(total);
    expect(await count('tickets', `hub_id = '${hubId}'`)).toBe(40);
    expect(await count('tickets', `hub_id = '${hubId}' AND outcome = 'done'`)).toBe(32);
    expect(await count('tickets', `hub_id = '${hubId}' AND outcome = 'noshow'`)).toBe(8);
    // Projected in order although the tail came first: every ticket has its call after its issue.
    expect(
      await count('tickets', `hub_id = '${hubId}' AND (first_called_at IS NULL OR first_called_at < issued_at)`),
    ).toBe(0);
    expect(
      await count(
        'tickets',
        `hub_id = '${hubId}' AND outcome = 'done' AND (started_at IS NULL OR ended_at < started_at)`,
      ),
    ).toBe(0);
    expect(await count('ratings', `hub_id = '${hubId}'`)).toBe(32);
    expect(await count('occupancy_minutes', `hall_id = 'H1' AND entered = 5 AND "left" = 2`)).toBe(1);
    expect(await count('alarms', `alarm_id = 'al-1' AND cleared_at IS NOT NULL`)).toBe(1);
    expect(await count('counter_sessions', `hub_id = '${hubId}' AND counter_id = 'C01' AND closed_at IS NULL`)).toBe(1);
  });

  it('refuses a hub it does not know', async () => {
    await expect(push(db.db, 'hub-unknown', { batch: journal(1) })).rejects.toThrow(/no hub/);
  });

  it('refuses a row that breaks the contract as that row, naming the field, and takes the rest', async () => {
    const { hubId } = await registerHub(db.db, { id: 'hub-2', hallId: 'H1' });
    const rows = toRows([
      { type: 'counter.opened', at: T0, body: { counterId: 'C02', staffId: 'E2' } },
      // A NUL in a pause note: PostgreSQL's jsonb refuses it, which answered 500 and stopped the hall's sync.
      { type: 'counter.paused', at: T0 + 1_000, body: { counterId: 'C02', reason: 'other', note: 'back\u0000soon' } },
      { type: 'counter.resumed', at: T0 + 2_000, body: { counterId: 'C02' } },
      {
        type: 'alarm.raised',
        at: T0 + 3_000,
        body: {
          alarmId: 'al-9',
          rule: 'long-wait',
          subject: 'x',
          severity: 'minor',
          value: 1,
          message: 'm',
          params: { nested: { no: 1 } },
        },
      },
      { type: 'ticket.teleported', at: T0 + 4_000, body: {} },
      { type: 'counter.closed', at: T0 + 5_000, body: { counterId: 'C02' } },
    ]);
    const first = await push(db.db, hubId, { batch: rows });
    expect(first.ackedThrough).toBe(1);
    expect(first.refused).toEqual([
      { seq: 2, code: 'invalid_event', field: 'note', message: 'note: must not contain control characters' },
      { seq: 4, code: 'invalid_event', field: 'params.nested', message: expect.stringMatching(/^params\.nested: /) },
      { seq: 5, code: 'unknown_event_type', field: 'type', message: 'type: unknown event type' },
    ]);
    // The rows after the refused one are stored and wait for its place to be filled.
    expect(await count('hall_events', `hub_id = '${hubId}'`)).toBe(3);
    // The hub dead-letters the refused rows and sends tombstones in their place: everything lands.
    const tomb = (seq: number, originalKind: string) => ({
      seq,
      type: 'hub.dead-letter',
      body: { at: T0 + 9_000, originalKind, error: 'refused' },
      historical: false,
    });
    const second = await push(db.db, hubId, {
      batch: [
        tomb(2, 'counter.paused'),
        rows[2] as PushedRow,
        tomb(4, 'alarm.raised'),
        tomb(5, 'ticket.teleported'),
        rows[5] as PushedRow,
      ],
    });
    expect(second).toMatchObject({ ackedThrough: 6, refused: [] });
    expect(await count('counter_sessions', `hub_id = '${hubId}' AND closed_at IS NOT NULL`)).toBe(1);
  });

  it('answers a value the database refuses as unprocessable (the hub then isolates the row), never as a server error', async () => {
    const { hubId } = await registerHub(db.db, { id: 'hub-3', hallId: 'H1' });
    // Valid by the contract, out of the database's range: an alarm figure beyond what a real column holds.
    const rows = toRows([
      {
        type: 'alarm.raised',
        at: T0,
        body: { alarmId: 'al-big', rule: 'occupancy', subject: 'hall', severity: 'minor', value: 1e300, message: 'm' },
      },
    ]);
    await expect(push(db.db, hubId, { batch: rows })).rejects.toMatchObject({
      code: 'UNPROCESSABLE_CONTENT',
      message: expect.not.stringMatching(/select|insert|\$1/i),
    });
  });

  it('keeps what an old journal delivered when its hub restarts on an empty folder, and raises an alarm', async () => {
    const { hubId } = await registerHub(db.db, { id: 'hub-4', hallId: 'H1' });
    const old = '0b5d9a52-1c1e-4c39-9d53-5b2a2b0f6a01';
    const fresh = '6f1e7c2d-8a7b-4f5e-9c3d-2e1f0a9b8c7d';
    expect(await push(db.db, hubId, { epoch: old, batch: journal(3) })).toMatchObject({ ackedThrough: 20 });
    // The new journal numbers its events from 1 again: they are new events, not already delivered ones.
    const second = await push(db.db, hubId, { epoch: fresh, batch: journal(2) });
    expect(second).toMatchObject({ ackedThrough: 15 });
    expect(await count('hall_events', `hub_id = '${hubId}'`)).toBe(20 + 15);
    expect(await count('tickets', `hub_id = '${hubId}'`)).toBe(3 + 2);
    // Its acknowledgements continue in its own numbering.
    const more = toRows([{ type: 'counter.closed', at: T0 + 400_000, body: { counterId: 'C01' } }], 16);
    expect(await push(db.db, hubId, { epoch: fresh, batch: more })).toMatchObject({ ackedThrough: 16 });
    // The old journal may not come back (a restored backup): refused without storing anything.
    await expect(push(db.db, hubId, { epoch: old, batch: journal(1) })).rejects.toMatchObject({ code: 'CONFLICT' });
    const admin = {
      id: 'u',
      username: 'admin',
      name: 'Admin',
      orgUnitId: 'hq',
      staffId: null,
      grants: [{ role: 'administrator' as const, orgUnitId: 'hq' }],
      csrfToken: '',
    };
    const { ensureHallUnit } = await import('../src/modules/access/access.service.ts');
    await ensureHallUnit(db.db, { hallId: 'H1', name: '测试营业厅' });
    const alarms = await listAlarms(db.db, admin, { hallId: 'H1', clearedWithinHours: 24, limit: 50 });
    const flagged = alarms.filter((a) => a.rule === 'hub-restarted-empty');
    expect(flagged).toEqual([
      expect.objectContaining({
        subject: 'hub-4',
        severity: 'major',
        params: { hub: 'hub-4', ackedThrough: 20 },
        clearedAt: null,
      }),
    ]);
    // The cloud's own alarm is acknowledged in the cloud (no hub to wait for), which ends it.
    expect(await ackAlarm(db.db, admin, 'H1', flagged[0]?.alarmId as string)).toEqual({ alreadyAcked: false });
    const after = (await listAlarms(db.db, admin, { hallId: 'H1', clearedWithinHours: 24, limit: 50 })).find(
      (a) => a.rule === 'hub-restarted-empty',
    );
    expect(after).toMatchObject({ ackedBy: 'admin', clearedAt: expect.any(Number) });
    expect((await hubPoll(db.db, { id: 'hub-4', hallId: 'H1' })).acks).toEqual([]);
  });
});

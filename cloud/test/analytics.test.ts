/**
 * The overview, the drill-down and alarm acknowledgement against a real PostgreSQL, from a hub journal
 * whose figures are worked out by hand: a hall in Asia/Shanghai, a morning of tickets with known waits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureHallUnit, type SessionUser } from '../src/modules/access/access.service.ts';
import { ackAlarm, hubPoll, listAlarms } from '../src/modules/alarms/alarms.service.ts';
import { breakdown, hallDay, overview } from '../src/modules/analytics/analytics.service.ts';
import { putHallConfig, registerHall, registerHub } from '../src/modules/halls/halls.service.ts';
import { push, type PushedRow } from '../src/modules/ingest/ingest.service.ts';
import { testDatabase } from './support/db.ts';
import { called, issued, served, toRows, type TestEvent as E } from './support/events.ts';

let db: Awaited<ReturnType<typeof testDatabase>>;
const admin: SessionUser = {
  id: 'u-admin',
  username: 'admin',
  name: 'Admin',
  orgUnitId: 'hq',
  staffId: null,
  grants: [{ role: 'administrator', orgUnitId: 'hq' }],
  csrfToken: '',
};
const otherManager: SessionUser = {
  ...admin,
  id: 'u-other',
  username: 'other',
  grants: [{ role: 'hall_manager', orgUnitId: 'hall-H9' }],
};

/** 2026-11-26 09:00 in Shanghai (UTC+8), and a minute. */
const NINE = Date.UTC(2026, 10, 26, 1, 0, 0);
const MIN = 60_000;
const NOW = new Date(NINE + 110 * MIN); // 10:50 local

function journal(): PushedRow[] {
  const day = NINE - 24 * 60 * MIN; // the day before, for the recent days
  const events: E[] = [
    // The day before: three billing tickets between 09:00 and 10:00, each called in 1 minute.
    ...[0, 10, 20].flatMap((m, i) => [
      issued(`Y${i}`, 'billing', day + m * MIN),
      called(`Y${i}`, day + (m + 1) * MIN, 'C01', 'E1'),
    ]),
    // 09:xx: four billing tickets waiting 2, 8, 12 and 20 minutes; two leave, after 15 and after 3 minutes.
    issued('A001', 'billing', NINE),
    issued('A002', 'billing', NINE + 5 * MIN),
    issued('A003', 'billing', NINE + 10 * MIN),
    issued('A004', 'billing', NINE + 15 * MIN),
    issued('A005', 'billing', NINE + 20 * MIN),
    issued('A006', 'billing', NINE + 25 * MIN),
    called('A001', NINE + 2 * MIN, 'C01', 'E1'),
    ...served('A001', NINE + 3 * MIN, 5, 'C01', 'E1', 5),
    called('A002', NINE + 13 * MIN, 'C01', 'E1'),
    ...served('A002', NINE + 14 * MIN, 5, 'C01', 'E1', 3),
    called('A003', NINE + 22 * MIN, 'C01', 'E1'),
    { type: 'ticket.noshow', at: NINE + 25 * MIN, body: { ticketNo: 'A003', counterId: 'C01', recalls: 2 } },
    called('A004', NINE + 35 * MIN, 'C01', 'E1'),
    ...served('A004', NINE + 36 * MIN, 8, 'C01', 'E1', 4),
    { type: 'ticket.cancelled', at: NINE + 35 * MIN, body: { ticketNo: 'A005', reason: 'customer' } },
    { type: 'ticket.cancelled', at: NINE + 28 * MIN, body: { ticketNo: 'A006', reason: 'customer' } },
    // 10:xx: a SIM ticket called in 3 minutes at C02, and one waiting since 10:30 (20 minutes at 10:50).
    issued('S001', 'sim', NINE + 60 * MIN),
    called('S001', NINE + 63 * MIN, 'C02', 'E2'),
    ...served('S001', NINE + 64 * MIN, 10, 'C02', 'E2', null),
    issued('S002', 'sim', NINE + 90 * MIN),
    // Alarms: one open and critical, one raised and cleared.
    {
      type: 'alarm.raised',
      at: NINE + 100 * MIN,
      body: {
        alarmId: 'al-1',
        rule: 'long-wait',
        subject: 'service:sim',
        severity: 'critical',
        value: 12,
        message: 'SIM: the longest wait is 12 min',
        params: { service: 'SIM', minutes: 12, warning: 8, critical: 12 },
      },
    },
    {
      type: 'alarm.raised',
      at: NINE + 30 * MIN,
      body: {
        alarmId: 'al-0',
        rule: 'queue-per-counter',
        subject: 'hall',
        severity: 'warning',
        value: 9,
        message: 'queue',
      },
    },
    { type: 'alarm.cleared', at: NINE + 40 * MIN, body: { alarmId: 'al-0', value: 2 } },
  ];
  return toRows(events);
}

beforeAll(async () => {
  db = await testDatabase();
  for (const [id, name] of [
    ['H1', '城东营业厅'],
    ['H9', '别的营业厅'],
  ] as const) {
    await registerHall(db.db, { id, name, timeZone: 'Asia/Shanghai' });
    await ensureHallUnit(db.db, { hallId: id, name });
  }
  await putHallConfig(
    db.db,
    'H1',
    {
      hall: { capacity: 80 },
      services: [
        { id: 'billing', name: '话费业务', prefix: 'A', targetWaitMinutes: 10 },
        { id: 'sim', name: '办卡', prefix: 'S', targetWaitMinutes: 5 },
      ],
      counters: [
        { id: 'C01', name: '1号窗口', services: { billing: 1 } },
        { id: 'C02', name: '2号窗口', services: { sim: 1 } },
      ],
      staff: [
        { id: 'E1', name: '王芳' },
        { id: 'E2', name: '李明' },
      ],
    },
    null,
  );
  const { hubId } = await registerHub(db.db, { id: 'hub-h1', hallId: 'H1' });
  await push(db.db, hubId, { batch: journal() }, NOW);
});
afterAll(async () => {
  await db?.drop();
});

describe('halls overview', () => {
  it("shows each hall's waiting, longest wait, service level today, open alarms and hub contact", async () => {
    const rows = await overview(db.db, admin, NOW);
    const h1 = rows.find((r) => r.hallId === 'H1');
    expect(h1).toMatchObject({
      name: '城东营业厅',
      waiting: 1,
      issuedToday: 8,
      servedToday: 4,
      openAlarms: 1,
      criticalAlarms: 1,
      hubOnline: true,
      lastSyncAt: NOW.getTime(),
    });
    expect(h1?.longestWaitMin).toBeCloseTo(20, 6);
    // Called within target: A001 (2 min), A002 (8), S001 (3). Due: 5 called, A005 gone after 15 > 10, S002 waiting 20 > 5.
    expect(h1?.serviceLevelToday).toBeCloseTo(3 / 7, 9);
    // A hall without a hub has never synced.
    expect(rows.find((r) => r.hallId === 'H9')).toMatchObject({
      waiting: 0,
      issuedToday: 0,
      serviceLevelToday: null,
      hubOnline: false,
      lastSyncAt: null,
    });
  });

  it('shows a hub offline once it has not been heard from for a minute', async () => {
    const later = new Date(NOW.getTime() + 61_000);
    expect((await overview(db.db, admin, later)).find((r) => r.hallId === 'H1')?.hubOnline).toBe(false);
  });

  it('shows a manager only the halls under their grant', async () => {
    expect((await overview(db.db, otherManager, NOW)).map((r) => r.hallId)).toEqual(['H9']);
  });
});

describe('hall drill-down', () => {
  it("gives the day by hour in the hall's time zone, beside the recent days", async () => {
    const day = await hallDay(db.db, { hallId: 'H1', date: '2026-11-26', recentDays: 7 }, NOW);
    expect(day.hours).toHaveLength(24);
    const nine = day.hours[9];
    expect(nine).toMatchObject({ label: '09:00', arrivals: 6, served: 3, noShows: 1, cancelled: 2, ratings: 3 });
    expect(nine?.serviceLevel).toBeCloseTo(2 / 5, 9);
    expect(nine?.avgWaitMin).toBeCloseTo((2 + 8 + 12 + 20) / 4, 6);
    expect(nine?.avgServiceMin).toBeCloseTo((5 + 5 + 8) / 3, 6);
    expect(nine?.ratingAvg).toBeCloseTo(4, 6);
    expect(nine?.recentArrivals).toBeCloseTo(3 / 7, 9);
    expect(day.hours[10]).toMatchObject({ arrivals: 2, serviceLevel: 0.5 });
    expect(day.hours[8]).toMatchObject({ arrivals: 0, serviceLevel: null, recentArrivals: 0 });
    // Every day of the window, quiet ones as zero.
    expect(day.days.map((d) => [d.key, d.arrivals])).toEqual([
      ['2026-11-19', 0],
      ['2026-11-20', 0],
      ['2026-11-21', 0],
      ['2026-11-22', 0],
      ['2026-11-23', 0],
      ['2026-11-24', 0],
      ['2026-11-25', 3],
      ['2026-11-26', 8],
    ]);
    expect(day.services).toEqual([
      { id: 'billing', name: '话费业务' },
      { id: 'sim', name: '办卡' },
    ]);
  });

  it('filters the day to one service', async () => {
    const day = await hallDay(db.db, { hallId: 'H1', date: '2026-11-26', recentDays: 7, serviceId: 'sim' }, NOW);
    expect(day.hours[9]?.arrivals).toBe(0);
    expect(day.hours[10]?.arrivals).toBe(2);
  });

  it('breaks an hour down by staff, and the day by counter and by service, with names from the config', async () => {
    const staff = await breakdown(db.db, { hallId: 'H1', date: '2026-11-26', hour: 9, by: 'staff' }, NOW);
    expect(staff.rows.map((r) => [r.label, r.arrivals, r.served])).toEqual([
      ['王芳', 4, 3],
      ['—', 2, 0],
    ]);
    const counters = await breakdown(db.db, { hallId: 'H1', date: '2026-11-26', by: 'counter' }, NOW);
    expect(counters.rows.map((r) => [r.key, r.label, r.arrivals])).toEqual([
      ['C01', '1号窗口', 4],
      ['C02', '2号窗口', 1],
      ['', '—', 3],
    ]);
    const services = await breakdown(db.db, { hallId: 'H1', date: '2026-11-26', by: 'service' }, NOW);
    expect(services.rows.map((r) => [r.label, r.arrivals, r.serviceLevel])).toEqual([
      ['话费业务', 6, 2 / 5],
      ['办卡', 2, 1 / 2],
    ]);
  });
});

describe('alarms', () => {
  it('an ack in the console reaches the hub through its poll until the hub reports it acknowledged', async () => {
    const open = (await listAlarms(db.db, admin, { clearedWithinHours: 24, limit: 50 }, NOW)).map((a) => [
      a.alarmId,
      a.clearedAt === null,
    ]);
    expect(open).toEqual([
      ['al-1', true],
      ['al-0', false],
    ]);
    expect(await ackAlarm(db.db, admin, 'H1', 'al-1', NOW)).toEqual({ alreadyAcked: false });
    expect(await ackAlarm(db.db, admin, 'H1', 'al-1', NOW)).toEqual({ alreadyAcked: true });
    await expect(ackAlarm(db.db, admin, 'H1', 'al-0', NOW)).rejects.toThrow(/has cleared/);
    expect((await hubPoll(db.db, { id: 'hub-h1', hallId: 'H1' })).acks).toEqual([{ alarmId: 'al-1', by: 'admin' }]);
    const seq = journal().length + 1;
    await push(
      db.db,
      'hub-h1',
      {
        batch: toRows(
          [{ type: 'alarm.acked', at: NOW.getTime() + 3_000, body: { alarmId: 'al-1', by: 'admin (console)' } }],
          seq,
        ),
      },
      NOW,
    );
    expect((await hubPoll(db.db, { id: 'hub-h1', hallId: 'H1' })).acks).toEqual([]);
    const [acked] = await listAlarms(db.db, admin, { hallId: 'H1', clearedWithinHours: 0, limit: 50 }, NOW);
    expect(acked).toMatchObject({ alarmId: 'al-1', ackedBy: 'admin (console)', ackRequestedBy: 'admin' });
    // The figures come through for the console to say in its language.
    expect(acked?.params).toEqual({ service: 'SIM', minutes: 12, warning: 8, critical: 12 });
    expect(await listAlarms(db.db, otherManager, { clearedWithinHours: 24, limit: 50 }, NOW)).toEqual([]);
  });
});

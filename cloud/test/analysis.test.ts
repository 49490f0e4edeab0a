/**
 * The analysis views over roll-ups made by ingest, against a real PostgreSQL, on a seeded day whose
 * figures are worked out by hand: HQ → two regions → three halls; at 福田 on Thursday 2026-11-26 six
 * billing tickets in the 09:00 hour and two in the 10:00 hour, door counts, ratings, a door counter that
 * drops off for an hour.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureHallUnit,
  ensureRegionUnit,
  ensureRootUnit,
  type SessionUser,
} from '../src/modules/access/access.service.ts';
import {
  availability,
  clerks,
  cube,
  footfall,
  habits,
  ticketList,
  yearBefore,
} from '../src/modules/analytics/analysis.service.ts';
import { putHallConfig, registerHall, registerHub } from '../src/modules/halls/halls.service.ts';
import { push } from '../src/modules/ingest/ingest.service.ts';
import { testDatabase } from './support/db.ts';
import { TWO_SERVICES } from './support/hall-config.ts';
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
const westManager: SessionUser = { ...admin, id: 'u-w', grants: [{ role: 'region_manager', orgUnitId: 'r-west' }] };

const MIN = 60_000;
/** 09:00 in Shanghai on Thursday 2026-11-26. */
const NINE = Date.UTC(2026, 10, 26, 1, 0);
const DAY = 24 * 60 * MIN;
const cancelled = (no: string, at: number): E => ({
  type: 'ticket.cancelled',
  at,
  body: { ticketNo: no, reason: 'customer' },
});
const noshow = (no: string, at: number): E => ({
  type: 'ticket.noshow',
  at,
  body: { ticketNo: no, counterId: 'C01', recalls: 2 },
});
const door = (at: number, inn: number, out: number): E => ({
  type: 'occupancy.counted',
  at,
  body: { deviceId: 'door-1', in: inn, out, totalIn: 0, totalOut: 0, reset: false },
});
const health = (at: number, online: boolean): E => ({
  type: 'device.availability',
  at,
  body: { deviceId: 'door-1', kind: 'people-counter', online, cause: 'heartbeat' },
});

/** 福田's Thursday (and a ticket the day before and a year before, for the comparisons). */
function futian(): E[] {
  const events: E[] = [
    issued('Y001', 'billing', NINE - 365 * DAY),
    called('Y001', NINE - 365 * DAY + 4 * MIN, 'C01', 'E1'),
    issued('P001', 'billing', NINE - DAY),
    issued('P002', 'billing', NINE - DAY + MIN),
    called('P001', NINE - DAY + 3 * MIN, 'C01', 'E1'),
    called('P002', NINE - DAY + 4 * MIN, 'C01', 'E1'),
    health(NINE - 60 * MIN, true), // 08:00 known online
    door(NINE + 30_000, 6, 1),
    door(NINE + 40 * MIN, 4, 3), // 09:xx: 10 in, 4 out
    issued('A001', 'billing', NINE),
    issued('A002', 'billing', NINE + 5 * MIN),
    issued('A003', 'billing', NINE + 10 * MIN),
    issued('A004', 'billing', NINE + 15 * MIN),
    issued('A005', 'billing', NINE + 20 * MIN),
    issued('A006', 'billing', NINE + 25 * MIN),
    // Waits: A001 2 min (called), A003 gone after 3, A005 8 (called), A002 13 (called), A004 gone after
    // 20.5, A006 25 (called — and gone: a no-show).
    called('A001', NINE + 2 * MIN, 'C01', 'E1'),
    ...served('A001', NINE + 2 * MIN, 5, 'C01', 'E1', 5),
    cancelled('A003', NINE + 13 * MIN),
    called('A002', NINE + 18 * MIN, 'C01', 'E1'),
    ...served('A002', NINE + 18 * MIN, 5, 'C01', 'E1', 3),
    called('A005', NINE + 28 * MIN, 'C02', 'E2'),
    ...served('A005', NINE + 28 * MIN, 8, 'C02', 'E2', 4),
    cancelled('A004', NINE + 35 * MIN + 30_000),
    called('A006', NINE + 50 * MIN, 'C01', 'E1'),
    noshow('A006', NINE + 53 * MIN),
    // 10:xx: 6 in, 8 out, two sim tickets called at once.
    door(NINE + 65 * MIN, 6, 8),
    issued('S001', 'sim', NINE + 70 * MIN),
    issued('S002', 'sim', NINE + 75 * MIN),
    called('S001', NINE + 71 * MIN, 'C02', 'E2'),
    ...served('S001', NINE + 71 * MIN, 10, 'C02', 'E2', null),
    called('S002', NINE + 82 * MIN, 'C02', 'E2'),
    ...served('S002', NINE + 82 * MIN, 10, 'C02', 'E2', null),
    // The door counter drops off 12:00–13:00.
    health(NINE + 180 * MIN, false),
    health(NINE + 240 * MIN, true),
  ];
  return events.sort((a, b) => a.at - b.at);
}

beforeAll(async () => {
  db = await testDatabase();
  await ensureRootUnit(db.db);
  await ensureRegionUnit(db.db, { id: 'r-central', name: '中心区' });
  await ensureRegionUnit(db.db, { id: 'r-west', name: '西区' });
  const halls = [
    { id: 'FT', name: '福田营业厅', region: 'r-central' },
    { id: 'LH', name: '罗湖营业厅', region: 'r-central' },
    { id: 'NS', name: '南山营业厅', region: 'r-west' },
  ];
  for (const h of halls) {
    await registerHall(db.db, { id: h.id, name: h.name, timeZone: 'Asia/Shanghai' });
    await ensureHallUnit(db.db, { hallId: h.id, name: h.name, parentId: h.region });
    await registerHub(db.db, { id: `hub-${h.id}`, hallId: h.id });
    await putHallConfig(db.db, h.id, TWO_SERVICES as never, null);
  }
  await push(db.db, 'hub-FT', { batch: toRows(futian()) });
  // 罗湖: one billing ticket called within target; 南山: two, one of them after 12 minutes.
  await push(db.db, 'hub-LH', {
    batch: toRows([issued('A001', 'billing', NINE), called('A001', NINE + 3 * MIN, 'C01', 'E3')]),
  });
  await push(db.db, 'hub-NS', {
    batch: toRows([
      issued('A001', 'billing', NINE),
      issued('A002', 'billing', NINE + MIN),
      called('A001', NINE + MIN, 'C01', 'E4'),
      ...served('A001', NINE + MIN, 4, 'C01', 'E4', 5),
      called('A002', NINE + 13 * MIN, 'C01', 'E4'),
    ]),
  });
});
afterAll(async () => {
  await db?.drop();
});

const THURSDAY = { from: '2026-11-26', to: '2026-11-26' };

describe('analysis', () => {
  it('HQ by region, region by hall: the league with service level, waits and abandonment', async () => {
    const hq = await cube(db.db, admin, { orgUnitId: 'hq', ...THURSDAY, by: 'child', compare: false });
    // In the reader's order (pinyin): 西 xī before 中 zhōng.
    expect(hq.rows.map((r) => [r.label, r.arrivals])).toEqual([
      ['西区', 2],
      ['中心区', 9],
    ]);
    const central = hq.rows[1];
    // 福田: due = 6 called (A001, A002, A005, A006, S001, S002) + A004 gone after its target; within: A001,
    // A005, S001 (1 min ≤ 5), S002 (7 min > 5: no) → 3 of 7; 罗湖: 1 of 1 → 4 of 8.
    expect(central?.serviceLevel).toBeCloseTo(4 / 8, 10);
    expect(central?.abandonRate).toBeCloseTo(2 / 9, 10);
    expect(central?.unitId).toBe('r-central');
    const region = await cube(db.db, admin, { orgUnitId: 'r-central', ...THURSDAY, by: 'child', compare: false });
    expect(region.rows.map((r) => [r.label, r.hallId, r.arrivals])).toEqual([
      ['福田营业厅', 'FT', 8],
      ['罗湖营业厅', 'LH', 1],
    ]);
    expect(region.path.map((p) => p.name)).toEqual(['总部 HQ', '中心区']);
  });

  it('a hall by hour, the 09:00 hour by service, and the tickets behind it, with names', async () => {
    const hours = await cube(db.db, admin, { orgUnitId: 'hall-FT', ...THURSDAY, by: 'hour', compare: false });
    expect(hours.rows.map((r) => [r.label, r.arrivals])).toEqual([
      ['09:00', 6],
      ['10:00', 2],
    ]);
    // The 09:00 hour: waits of the called 2, 13, 8 and 25 minutes → 12 on average.
    expect(hours.rows[0]?.avgWaitMin).toBeCloseTo(12, 10);
    expect(hours.rows[0]?.ratingAvg).toBeCloseTo(4, 10);
    const nine = await cube(db.db, admin, {
      orgUnitId: 'hall-FT',
      ...THURSDAY,
      by: 'service',
      hour: 9,
      compare: false,
    });
    expect(nine.rows.map((r) => [r.label, r.arrivals, r.cancelled, r.noShows])).toEqual([['话费业务', 6, 2, 1]]);
    const list = await ticketList(db.db, { hallId: 'FT', date: '2026-11-26', hour: 9, staffId: 'E1' });
    expect(list.tickets.map((t) => [t.ticketNo, t.staff, t.counter, t.service, t.outcome])).toEqual([
      ['A001', '王芳', '1号窗口', '话费业务', 'done'],
      ['A002', '王芳', '1号窗口', '话费业务', 'done'],
      ['A006', '王芳', '1号窗口', '话费业务', 'noshow'],
    ]);
    expect(list.tickets[1]?.waitMin).toBeCloseTo(13, 10);
    expect(list.tickets[0]?.ratingAvg).toBe(5);
  });

  it('compares with the day before and the same day last year', async () => {
    expect(yearBefore('2028-02-29')).toBe('2027-02-28');
    const days = await cube(db.db, admin, { orgUnitId: 'hall-FT', ...THURSDAY, by: 'day', compare: true });
    expect(days.previous).toEqual({ from: '2026-11-25', to: '2026-11-25' });
    expect(days.lastYear).toEqual({ from: '2025-11-26', to: '2025-11-26' });
    expect(days.totals.arrivals).toBe(8);
    expect(days.totals.previous?.arrivals).toBe(2);
    expect(days.totals.lastYear?.arrivals).toBe(1);
    expect(days.rows[0]?.previous?.arrivals).toBe(2);
    expect(days.rows[0]?.lastYear?.avgWaitMin).toBeCloseTo(4, 10);
  });

  it('refuses a clerk by hour and a period over a year, naming the field', async () => {
    await expect(
      cube(db.db, admin, { orgUnitId: 'hall-FT', ...THURSDAY, by: 'clerk', hour: 9, compare: false }),
    ).rejects.toMatchObject({ detail: { code: 'analysis-combination' }, message: expect.stringMatching(/^hour:/) });
    await expect(
      cube(db.db, admin, { orgUnitId: 'hq', from: '2025-01-01', to: '2026-11-26', by: 'month', compare: false }),
    ).rejects.toMatchObject({ detail: { code: 'analysis-period-too-long' } });
  });

  it('a region manager sees their region only, whatever unit they ask for', async () => {
    const hq = await cube(db.db, westManager, { orgUnitId: 'hq', ...THURSDAY, by: 'hall', compare: false });
    expect(hq.rows.map((r) => r.label)).toEqual(['南山营业厅']);
  });

  it('footfall: conversion and the balk estimate per hour, worked by hand', async () => {
    const f = await footfall(db.db, admin, { orgUnitId: 'hall-FT', ...THURSDAY, by: 'hour' });
    // 09:00: 10 in, 6 tickets → 60 %, 4 left without one; 10:00: 6 in, 2 tickets → 4.
    expect(f.rows.map((r) => [r.label, r.entered, r.left, r.tickets, r.balk])).toEqual([
      ['09:00', 10, 4, 6, 4],
      ['10:00', 6, 8, 2, 4],
    ]);
    expect(f.rows[0]?.conversion).toBeCloseTo(0.6, 10);
    expect(f.totals.conversion).toBeCloseTo(8 / 16, 10);
    expect(f.totals.balk).toBe(8);
  });

  it('patience: the life table of the billing queue, and ratings by wait, worked by hand', async () => {
    const h = await habits(db.db, admin, { orgUnitId: 'hall-FT', ...THURSDAY });
    const billing = h.patience.find((p) => p.serviceId === 'billing');
    // Bands: 2 called; 3 gone; 8 called; 12 called; 20 gone; 25 gone (the no-show). At 3–4: 5 at risk,
    // 1 of them leaves → 0.8; at 20–25: 2 at risk, 1 leaves → 0.4; at 25–30 the last one → 0.
    expect(billing?.customers).toBe(6);
    expect(billing?.left).toBe(3);
    const at = (minute: number) => billing?.points.find((p) => p.minute === minute)?.survival;
    expect(at(3)).toBe(1);
    expect(at(4)).toBeCloseTo(0.8, 10);
    expect(at(25)).toBeCloseTo(0.4, 10);
    expect(at(30)).toBe(0);
    // ½ is crossed in 20–25: 20 + (0.8 − 0.5) / (0.8 − 0.4) × 5.
    expect(billing?.medianMinutes).toBeCloseTo(23.75, 10);
    expect(h.ratingByBand.filter((b) => b.ratings > 0).map((b) => [b.band, b.ratingAvg])).toEqual([
      [2, 5],
      [8, 4],
      [12, 3],
    ]);
    // Thursday 09:00: six tickets on one Thursday in one hall.
    expect(h.heat.find((c) => c.weekday === 3 && c.hour === 9)?.perDay).toBe(6);
    expect(h.services.map((s) => [s.label, s.arrivals])).toEqual([
      ['话费业务', 6],
      ['办卡', 2],
    ]);
  });

  it('clerks: served, handling against the mix the region expects', async () => {
    const c = await clerks(db.db, admin, { orgUnitId: 'hall-FT', ...THURSDAY });
    const wang = c.clerks.find((x) => x.name === '王芳');
    const li = c.clerks.find((x) => x.name === '李明');
    expect([wang?.served, li?.served]).toEqual([2, 3]);
    // The central region's billing: 5 + 5 + 8 = 18 min over 3; sim: 10 + 10 over 2. 王芳 served two
    // billing tickets in 10 minutes against 2 × 6 = 12 expected → 0.833×.
    expect(wang?.handleRatio).toBeCloseTo(10 / 12, 10);
    // 李明: billing 8 + sim 20 = 28 against 6 + 20 = 26.
    expect(li?.handleRatio).toBeCloseTo(28 / 26, 10);
    expect(c.bandUnit.name).toBe('中心区');
    expect(wang?.servedPerDay).toEqual([2]);
  });

  it('device availability from the health events: 16 hours known, 1 of them offline', async () => {
    const a = await availability(db.db, admin, { orgUnitId: 'hall-FT', ...THURSDAY }, new Date(NINE + 2 * DAY));
    expect(a.devices).toHaveLength(1);
    expect(a.devices[0]?.availability).toBeCloseTo(15 / 16, 10);
    expect(a.devices[0]?.drops).toBe(1);
    expect(a.halls[0]?.name).toBe('福田营业厅');
    // Over time: Thursday as above; Friday online all day (its state carried over from Thursday).
    const two = await availability(
      db.db,
      admin,
      { orgUnitId: 'hall-FT', from: '2026-11-26', to: '2026-11-27' },
      new Date(NINE + 2 * DAY),
    );
    expect(two.halls[0]?.days.map((d) => d.date)).toEqual(['2026-11-26', '2026-11-27']);
    expect(two.halls[0]?.days[0]?.availability).toBeCloseTo(15 / 16, 10);
    expect(two.halls[0]?.days[1]?.availability).toBe(1);
  });
});

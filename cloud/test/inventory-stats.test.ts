/**
 * Inventory read against the hall's own customers (real PostgreSQL, tickets through ingest): consumption per
 * 100 customers by business type, distribution and consumption by item and day, the leakage flag (a clerk who
 * handed out 30 gifts to 2 customers), reorder points worked out by hand from the hall's traffic forecast,
 * low-stock states raised once and cleared only above the margin, the region's one-click replenishment, and
 * overdue transfer steps notified once.
 */
import { addDays } from '@hall/devices/calendar';
import { SecretGate } from '@hall/devices/secrets';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../src/app.router.ts';
import { rowsOf } from '../src/db/rows.ts';
import { accessRepository } from '../src/modules/access/access.repository.ts';
import { createUser, openSession, sessionUser, type SessionUser } from '../src/modules/access/access.service.ts';
import { LoginGuard } from '../src/modules/access/login-guard.ts';
import { localDate } from '../src/modules/adherence/adherence.time.ts';
import { putHallConfig, registerHall, registerHub } from '../src/modules/halls/halls.service.ts';
import { push } from '../src/modules/ingest/ingest.service.ts';
import { checkLowStock, notifyOverdueTransfers } from '../src/modules/inventory/alerts.service.ts';
import { issueFromConsole } from '../src/modules/inventory/issues.service.ts';
import { forecasts, forecastValues } from '../src/modules/scheduling/scheduling.table.ts';
import { createCallerFactory, type CloudContext } from '../src/trpc.ts';
import { testDatabase } from './support/db.ts';
import { called, issued, served, toRows, type TestEvent } from './support/events.ts';
import { TWO_SERVICES } from './support/hall-config.ts';

let db: Awaited<ReturnType<typeof testDatabase>>;
const users: Record<string, SessionUser> = {};
const TZ = 'Asia/Shanghai';
const today = localDate(Date.now(), TZ);
const yesterday = addDays(today, -1);
/** A hall-local time on a day (Shanghai is UTC+8). */
const at = (day: string, hh: number, mm = 0) =>
  Date.parse(`${day}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00+08:00`);

const caller = (name: string) =>
  createCallerFactory(appRouter)({
    db: db.db,
    authorization: null,
    cookies: {},
    csrfHeader: null,
    hubTokens: new SecretGate(),
    logins: new LoginGuard(),
    source: null,
    user: users[name],
  } satisfies CloudContext);

async function person(username: string, orgUnitId: string, role: 'hall_manager' | 'region_manager' | 'logistics') {
  const id = await createUser(db.db, { username, name: `${username} 名`, password: 'Correct-Horse-9', orgUnitId });
  await accessRepository.grant(db.db, { userId: id, role, orgUnitId });
  users[username] = (await sessionUser(db.db, (await openSession(db.db, id)).token)) as SessionUser;
}

const material = (
  issueId: string,
  ticketNo: string,
  itemId: string,
  qty: number,
  staffId: string,
  when: number,
): TestEvent => ({
  type: 'material.issued',
  at: when,
  body: {
    issueId,
    mode: 'counter',
    items: [{ itemId, qty, kitId: null }],
    ticketNo,
    serviceId: ticketNo.startsWith('S') ? 'sim' : 'billing',
    counterId: staffId === 'E1' ? 'C01' : 'C02',
    staffId,
    note: null,
  },
});
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

beforeAll(async () => {
  db = await testDatabase();
  await accessRepository.insertUnit(db.db, { id: 'hq', parentId: null, kind: 'hq', name: '总部', hallId: null });
  await accessRepository.insertUnit(db.db, { id: 'south', parentId: 'hq', kind: 'region', name: '南区', hallId: null });
  for (const h of ['A', 'B']) {
    await registerHall(db.db, { id: h, name: `${h}厅`, timeZone: TZ });
    await accessRepository.insertUnit(db.db, {
      id: `hall-${h}`,
      parentId: 'south',
      kind: 'hall',
      name: `${h}厅`,
      hallId: h,
    });
    await putHallConfig(db.db, h, TWO_SERVICES as never, null);
  }
  await registerHub(db.db, { id: 'hub-A', hallId: 'A' });
  await person('wh', 'hq', 'logistics');
  await person('rm', 'south', 'region_manager');
  await person('hmA', 'hall-A', 'hall_manager');
  const wh = caller('wh');
  await wh.inventory.addWarehouse({ id: 'main', nameZh: '总仓', nameEn: 'Main warehouse', orgUnitId: 'hq' });
  const base = { unitZh: '张', unitEn: 'sheets', kind: 'item' as const, serviceIds: ['sim'] };
  await wh.inventory.saveItem({ ...base, id: 'FLY', nameZh: '5G宣传单', nameEn: '5G flyer', campaign: '5G换机季' });
  await wh.inventory.saveItem({
    ...base,
    id: 'GIFT',
    nameZh: '开卡礼品',
    nameEn: 'New-line gift',
    unitZh: '份',
    unitEn: 'gifts',
  });
  await wh.inventory.receiveGoods({
    locationId: 'wh:main',
    lines: [
      { itemId: 'FLY', qty: 1000 },
      { itemId: 'GIFT', qty: 1000 },
    ],
  });
  // Stock at hall A: 90 flyers, 40 gifts, received today.
  const { id } = await caller('hmA').inventory.request({
    hallId: 'A',
    lines: [
      { itemId: 'FLY', qty: 90 },
      { itemId: 'GIFT', qty: 40 },
    ],
  });
  await caller('rm').inventory.decide({ id, decision: 'approve' });
  await wh.inventory.ship({ id });
  await caller('hmA').inventory.receive({
    id,
    lines: [
      { itemId: 'FLY', good: 90, damaged: 0 },
      { itemId: 'GIFT', good: 40, damaged: 0 },
    ],
  });

  // Yesterday: 10 办卡 (sim) customers — 8 served by E1, 2 by E2 — and 5 话费 (billing) served by E1.
  const events: TestEvent[] = [];
  for (let i = 1; i <= 10; i += 1) {
    const no = `S${String(i).padStart(3, '0')}`;
    const t = at(yesterday, 10, i * 3);
    const [counter, staff] = i <= 8 ? ['C01', 'E1'] : ['C02', 'E2'];
    events.push(
      issued(no, 'sim', t),
      called(no, t + 60_000, counter, staff),
      ...served(no, t + 90_000, 2, counter, staff, null),
    );
  }
  for (let i = 1; i <= 5; i += 1) {
    const no = `A${String(i).padStart(3, '0')}`;
    const t = at(yesterday, 14, i * 3);
    events.push(
      issued(no, 'billing', t),
      called(no, t + 60_000, 'C01', 'E1'),
      ...served(no, t + 90_000, 2, 'C01', 'E1', null),
    );
  }
  // One flyer to each of six 办卡 customers by E1; E2 gave 15 gifts to each of their two.
  for (let i = 1; i <= 6; i += 1)
    events.push(material(uuid(i), `S00${i}`, 'FLY', 1, 'E1', at(yesterday, 10, i * 3 + 2)));
  events.push(material(uuid(9), 'S009', 'GIFT', 15, 'E2', at(yesterday, 10, 29)));
  events.push(material(uuid(10), 'S010', 'GIFT', 15, 'E2', at(yesterday, 10, 32)));
  events.sort((a, b) => a.at - b.at);
  const out = await push(db.db, 'hub-A', { batch: toRows(events) });
  expect(out.refused).toEqual([]);
  // The day before: 28 flyers at a street promotion (bulk), entered the next morning.
  await issueFromConsole(db.db, users.hmA!, {
    hallId: 'A',
    mode: 'bulk',
    items: [{ itemId: 'FLY', qty: 28 }],
    note: '街头推广',
    at: new Date(at(addDays(today, -2), 15)),
  });
  // The hall's traffic forecast for the next 14 days: 20 办卡 and 10 话费 customers a day.
  const [f] = await db.db
    .insert(forecasts)
    .values({
      hallId: 'A',
      version: 1,
      model: 'test',
      intervalMinutes: 60,
      dayStartMinutes: 480,
      fromDate: today,
      days: 14,
    })
    .returning();
  await db.db.insert(forecastValues).values(
    Array.from({ length: 14 }, (_, d) => [
      { forecastId: f!.id, date: addDays(today, d), serviceId: 'sim', interval: 0, mean: 20, p90: 25 },
      { forecastId: f!.id, date: addDays(today, d), serviceId: 'billing', interval: 0, mean: 10, p90: 12 },
    ]).flat(),
  );
}, 120_000);

afterAll(async () => db?.drop());

describe('statistics against the customers', () => {
  const period = { orgUnitId: 'south', from: addDays(today, -28), to: today };
  it('consumption per 100 customers by business type', async () => {
    const s = await caller('rm').inventory.stats({ ...period, by: 'service' });
    const bySvc = Object.fromEntries(s.rows.map((r) => [r.key, [r.nameZh, r.atCounter, r.customers, r.per100]]));
    expect(bySvc.sim).toEqual(['办卡', 36, 10, 360]);
    expect(bySvc.billing).toEqual(['话费业务', 0, 5, 0]);
    // The bulk flyers are in no service's figure.
    expect(bySvc['']).toEqual([null, 0, 0, null]);
    const fly = await caller('rm').inventory.stats({ ...period, by: 'service', itemId: 'FLY' });
    expect(fly.rows.find((r) => r.key === 'sim')).toMatchObject({ atCounter: 6, customers: 10, per100: 60 });
  });

  it('distribution and consumption by item, by day and by unit', async () => {
    const byItem = await caller('rm').inventory.stats({ ...period, by: 'item' });
    expect(byItem.rows.map((r) => [r.key, r.nameZh, r.distributed, r.issued])).toEqual([
      ['FLY', '5G宣传单', 90, 34],
      ['GIFT', '开卡礼品', 40, 30],
    ]);
    expect(byItem.total).toMatchObject({ issued: 64, distributed: 130, customers: 15 });
    const byDay = await caller('hmA').inventory.stats({ ...period, orgUnitId: 'hall-A', by: 'day' });
    expect(byDay.rows.map((r) => [r.key, r.issued, r.distributed, r.customers])).toEqual([
      [addDays(today, -2), 28, 0, 0],
      [yesterday, 36, 0, 15],
      [today, 0, 130, 0],
    ]);
    const byUnit = await caller('wh').inventory.stats({ ...period, orgUnitId: 'hq', by: 'unit' });
    expect(byUnit.rows).toEqual([expect.objectContaining({ key: 'south', nameZh: '南区', issued: 64, customers: 15 })]);
    expect(
      await caller('hmA')
        .inventory.stats({ ...period, orgUnitId: 'hall-B', by: 'item' })
        .catch((e) => e.code),
    ).toBe('FORBIDDEN');
  });

  it('flags the clerk and the day where gifts went far beyond the customers', async () => {
    const flags = await caller('rm').inventory.leakage({ orgUnitId: 'south', from: addDays(today, -28), to: today });
    expect(flags.map((f) => [f.itemId, f.day, f.staffId, f.staffName, f.issued, f.customers, f.plausible])).toEqual([
      ['GIFT', yesterday, 'E2', '李明', 30, 2, 2],
      ['GIFT', yesterday, null, null, 30, 10, 10],
    ]);
  });
});

describe('reorder points from the forecast', () => {
  it('works out the flyers by hand: 13 a day, point 65, 56 on hand → low, ask for 100, 4.3 days of cover', async () => {
    const lines = await caller('hmA').inventory.reorder({ hallId: 'A' });
    const fly = lines.find((l) => l.itemId === 'FLY')!;
    // 6 flyers to 10 办卡 customers = 60 per 100; 28 in bulk over 28 days = 1 a day; 20 办卡 a day forecast.
    expect(fly.rates.find((r) => r.serviceId === 'sim')).toMatchObject({ per100: 60, issued: 6, customers: 10 });
    expect(fly.bulkPerDay).toBeCloseTo(1);
    expect(fly.meanDailyDemand).toBeCloseTo(13);
    expect(fly.reorderPoint).toBeCloseTo(3 * 13 + 2 * 13);
    expect(fly).toMatchObject({ onHand: 56, incoming: 0, low: true, suggested: 100, forecastSource: 'forecast' });
    expect(fly.coverDays).toBeCloseTo(56 / 13);
    // The reasoning in the hall's words: 60 per 100 办卡 customers, 20 of them a day forecast.
    expect(fly.why).toEqual([{ serviceId: 'sim', serviceName: '办卡', per100: 60, customersPerDay: 20 }]);
    expect(lines.find((l) => l.itemId === 'GIFT')).toMatchObject({ onHand: 10, low: true });
  });

  it('raises low stock once, the region replenishes in one click, and the state clears above the margin', async () => {
    expect(await checkLowStock(db.db)).toEqual({ raised: 2, cleared: 0 });
    expect(await checkLowStock(db.db)).toEqual({ raised: 0, cleared: 0 });
    const { created } = await caller('rm').inventory.suggest({ orgUnitId: 'south' });
    expect(created).toEqual([{ hallId: 'A', transferId: expect.any(Number), lines: 2 }]);
    const t = await caller('rm').inventory.transfer({ id: created[0]!.transferId });
    expect(t).toMatchObject({ suggested: true, status: 'requested' });
    expect(t.lines.find((l) => l.itemId === 'FLY')?.requested).toBe(100);
    // The region manager may approve what the suggestion asked for.
    expect(t.can.decide).toBe(true);
    // Asked for already: a second click asks for nothing.
    expect((await caller('rm').inventory.suggest({ orgUnitId: 'south' })).created).toEqual([]);
    // The request is on its way: the position is above the point, yet within the margin the state holds.
    await caller('rm').inventory.decide({ id: t.id, decision: 'approve', lines: [{ itemId: 'FLY', approved: 20 }] });
    expect((await caller('hmA').inventory.reorder({ hallId: 'A' })).find((l) => l.itemId === 'FLY')?.position).toBe(76);
    // 720 gifts on hand or coming: cleared; 76 flyers: above the point of 65, within its margin (78): still low.
    expect(await checkLowStock(db.db)).toEqual({ raised: 0, cleared: 1 });
    await caller('wh').inventory.ship({ id: t.id });
    await caller('hmA').inventory.receive({
      id: t.id,
      lines: t.lines.map((l) => ({ itemId: l.itemId, good: l.itemId === 'FLY' ? 20 : l.requested, damaged: 0 })),
    });
    expect(await checkLowStock(db.db)).toEqual({ raised: 0, cleared: 0 });
    const open = await rowsOf<{ itemId: string }>(
      db.db,
      sql`SELECT item_id AS "itemId" FROM inv_low_stock WHERE cleared_at IS NULL`,
    );
    expect(open).toEqual([{ itemId: 'FLY' }]);
  });

  it('tells the region of a request left waiting, once', async () => {
    const { id } = await caller('hmA').inventory.request({ hallId: 'A', lines: [{ itemId: 'FLY', qty: 5 }] });
    // 76 + 5 asked for = 81, beyond the margin (78): the flyers' low state clears.
    expect(await checkLowStock(db.db)).toEqual({ raised: 0, cleared: 1 });
    expect((await notifyOverdueTransfers(db.db, new Date(Date.now() + 47 * 3_600_000))).notified).toBe(0);
    expect((await notifyOverdueTransfers(db.db, new Date(Date.now() + 49 * 3_600_000))).notified).toBe(1);
    expect((await notifyOverdueTransfers(db.db, new Date(Date.now() + 50 * 3_600_000))).notified).toBe(0);
    const [row] = await rowsOf<{ overdue: string }>(
      db.db,
      sql`SELECT overdue_notified AS overdue FROM inv_transfers WHERE id = ${id}`,
    );
    expect(row?.overdue).toBe('requested');
  });
});

describe('issues recorded elsewhere', () => {
  it('imports dated issues tied to their tickets; a bad row is refused as that row', async () => {
    const rows = [
      {
        issueId: uuid(101),
        at: new Date(at(yesterday, 10, 12)).toISOString(),
        ticketNo: 'S003',
        items: [{ itemId: 'FLY', qty: 1 }],
      },
      {
        issueId: uuid(102),
        at: new Date(at(yesterday, 11)).toISOString(),
        ticketNo: 'S099',
        items: [{ itemId: 'FLY', qty: 1 }],
      },
      {
        issueId: uuid(103),
        at: new Date(Date.now() - 100 * 86_400_000).toISOString(),
        items: [{ itemId: 'FLY', qty: 1 }],
      },
      { issueId: uuid(104), at: new Date(at(yesterday, 16)).toISOString(), items: [{ itemId: 'KITE', qty: 1 }] },
    ];
    const out = await caller('hmA').inventory.importIssues({ hallId: 'A', issues: rows });
    expect(out).toEqual({
      imported: 1,
      duplicates: 0,
      uncovered: 0,
      refused: [
        { row: 1, code: 'inventory-ticket-unknown', field: 'issues.1.ticketNo' },
        { row: 2, code: 'inventory-issue-date', field: 'issues.2.at' },
        { row: 3, code: 'inventory-item-unknown', field: 'issues.3.items.0.itemId' },
      ],
    });
    const [row] = await rowsOf<{ serviceId: string; staffId: string; counterId: string; mode: string }>(
      db.db,
      sql`SELECT service_id AS "serviceId", staff_id AS "staffId", counter_id AS "counterId", mode FROM inv_issues WHERE id = ${uuid(101)}`,
    );
    expect(row).toEqual({ serviceId: 'sim', staffId: 'E1', counterId: 'C01', mode: 'counter' });
    expect((await caller('hmA').inventory.importIssues({ hallId: 'A', issues: rows.slice(0, 1) })).duplicates).toBe(1);
  });
});

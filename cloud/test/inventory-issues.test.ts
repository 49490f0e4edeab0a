/**
 * A hall's issue log (发放记录) against a real PostgreSQL: a clerk's tap at the counter terminal (through the
 * hub) and a bulk issue of a kit entered in the console, listed newest first with the items', service's,
 * clerk's, counter's and people's names; taken back once, shown as taken back, the stock restored; another
 * hall's manager refused; and the catalogue's service names and who may edit it.
 */
import { TRPCError } from '@trpc/server';
import { SecretGate } from '@hall/devices/secrets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../src/app.router.ts';
import { accessRepository } from '../src/modules/access/access.repository.ts';
import { createUser, openSession, sessionUser, type SessionUser } from '../src/modules/access/access.service.ts';
import { LoginGuard } from '../src/modules/access/login-guard.ts';
import { localDate } from '../src/modules/adherence/adherence.time.ts';
import { putHallConfig, registerHall, registerHub } from '../src/modules/halls/halls.service.ts';
import { push } from '../src/modules/ingest/ingest.service.ts';
import { createCallerFactory, type CloudContext } from '../src/trpc.ts';
import { testDatabase } from './support/db.ts';
import { toRows } from './support/events.ts';
import { TWO_SERVICES } from './support/hall-config.ts';

let db: Awaited<ReturnType<typeof testDatabase>>;
const users: Record<string, SessionUser> = {};
const TAP = '00000000-0000-4000-8000-000000000001';

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

async function person(
  username: string,
  name: string,
  orgUnitId: string,
  role: 'hall_manager' | 'region_manager' | 'logistics',
) {
  const id = await createUser(db.db, { username, name, password: 'Correct-Horse-9', orgUnitId });
  await accessRepository.grant(db.db, { userId: id, role, orgUnitId });
  users[username] = (await sessionUser(db.db, (await openSession(db.db, id)).token)) as SessionUser;
}

const onHand = async (itemId: string) =>
  (await caller('hmA').inventory.stock({ locationId: 'hall:A' })).stock.find((s) => s.itemId === itemId)?.qty ?? 0;

beforeAll(async () => {
  db = await testDatabase();
  await accessRepository.insertUnit(db.db, { id: 'hq', parentId: null, kind: 'hq', name: '总部', hallId: null });
  await accessRepository.insertUnit(db.db, { id: 'south', parentId: 'hq', kind: 'region', name: '南区', hallId: null });
  for (const h of ['A', 'B']) {
    await registerHall(db.db, { id: h, name: `${h}厅`, timeZone: 'Asia/Shanghai' });
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
  await person('wh', '仓管老周', 'hq', 'logistics');
  await person('rm', '区经理', 'south', 'region_manager');
  await person('hmA', '张店长', 'hall-A', 'hall_manager');
  await person('hmB', '李店长', 'hall-B', 'hall_manager');
  const wh = caller('wh');
  await wh.inventory.addWarehouse({ id: 'main', nameZh: '总仓', nameEn: 'Main warehouse', orgUnitId: 'hq' });
  const base = { unitZh: '张', unitEn: 'sheets', kind: 'item' as const };
  await wh.inventory.saveItem({ ...base, id: 'FLY', nameZh: '5G宣传单', nameEn: '5G flyer', serviceIds: ['sim'] });
  await wh.inventory.saveItem({ ...base, id: 'GIFT', nameZh: '开卡礼品', nameEn: 'New-line gift', unitZh: '份' });
  await wh.inventory.saveItem({
    ...base,
    id: 'PACK',
    nameZh: '活动礼包',
    nameEn: 'Event pack',
    unitZh: '套',
    kind: 'kit',
    parts: [
      { itemId: 'FLY', qty: 2 },
      { itemId: 'GIFT', qty: 1 },
    ],
  });
  await wh.inventory.receiveGoods({
    locationId: 'wh:main',
    lines: [
      { itemId: 'FLY', qty: 500 },
      { itemId: 'GIFT', qty: 500 },
    ],
  });
  const { id } = await caller('hmA').inventory.request({
    hallId: 'A',
    lines: [
      { itemId: 'FLY', qty: 100 },
      { itemId: 'GIFT', qty: 50 },
    ],
  });
  await caller('rm').inventory.decide({ id, decision: 'approve' });
  await wh.inventory.ship({ id });
  await caller('hmA').inventory.receive({
    id,
    lines: [
      { itemId: 'FLY', good: 100, damaged: 0 },
      { itemId: 'GIFT', good: 50, damaged: 0 },
    ],
  });
  // 李明 (E2) at 2号窗口 gives a flyer to the 办卡 customer of S007, an hour ago.
  const out = await push(db.db, 'hub-A', {
    batch: toRows([
      {
        type: 'material.issued',
        at: Date.now() - 3_600_000,
        body: {
          issueId: TAP,
          mode: 'counter',
          items: [{ itemId: 'FLY', qty: 1, kitId: null }],
          ticketNo: 'S007',
          serviceId: 'sim',
          counterId: 'C02',
          staffId: 'E2',
          note: null,
        },
      },
    ]),
  });
  expect(out.refused).toEqual([]);
}, 120_000);

afterAll(async () => db?.drop());

describe('the hall issue log', () => {
  it('lists a counter tap and a bulk kit newest first, in names', async () => {
    const { id: bulk } = await caller('hmA').inventory.issue({
      hallId: 'A',
      mode: 'bulk',
      items: [{ itemId: 'PACK', qty: 5 }],
      note: '社区推广',
    });
    const log = await caller('hmA').inventory.issues({ hallId: 'A' });
    expect(log.map((i) => i.id)).toEqual([bulk, TAP]);
    expect(log[0]).toMatchObject({
      mode: 'bulk',
      source: 'console',
      byKind: 'user',
      byName: '张店长',
      note: '社区推广',
      ticketNo: null,
      reversed: null,
      canReverse: true,
    });
    expect(log[0]!.lines.map((l) => [l.nameZh, l.qty, l.unitZh, l.kit?.nameZh])).toEqual([
      ['5G宣传单', 10, '张', '活动礼包'],
      ['开卡礼品', 5, '份', '活动礼包'],
    ]);
    expect(log[1]).toMatchObject({
      mode: 'counter',
      source: 'hub',
      ticketNo: 'S007',
      serviceName: '办卡',
      staffName: '李明',
      counterName: '2号窗口',
      byKind: 'staff',
      byName: '李明',
    });
    expect(log[1]!.lines).toEqual([expect.objectContaining({ nameZh: '5G宣传单', nameEn: '5G flyer', qty: 1 })]);
    // The region sees it and may take it back; the limit keeps the newest.
    expect((await caller('rm').inventory.issues({ hallId: 'A', limit: 1 })).map((i) => i.id)).toEqual([bulk]);
  });

  it('takes an issue back once: marked with who did it, stock restored, no second take-back', async () => {
    const [bulk] = await caller('hmA').inventory.issues({ hallId: 'A', limit: 1 });
    const before = await onHand('FLY');
    await caller('hmA').inventory.reverseIssue({ hallId: 'A', id: bulk!.id, note: '录错了' });
    expect(await onHand('FLY')).toBe(before + 10);
    const log = await caller('hmA').inventory.issues({ hallId: 'A' });
    // The taking-back is not an issue of its own: it marks the one it takes back.
    expect(log).toHaveLength(2);
    expect(log[0]).toMatchObject({
      id: bulk!.id,
      canReverse: false,
      reversed: { byName: '张店长', note: '录错了' },
    });
    const again = await caller('hmA')
      .inventory.reverseIssue({ hallId: 'A', id: bulk!.id })
      .catch((e: TRPCError) => (e.cause as { detail?: { code: string } }).detail?.code);
    expect(again).toBe('inventory-issue-reversed');
  });

  it('filters by day, answers nothing for a hall without stock, refuses another hall', async () => {
    const today = localDate(Date.now(), 'Asia/Shanghai');
    expect((await caller('hmA').inventory.issues({ hallId: 'A', from: today, to: today })).length).toBe(
      // The tap an hour ago may fall on yesterday just after midnight.
      (await caller('hmA').inventory.issues({ hallId: 'A' })).filter((i) => i.day === today).length,
    );
    expect(await caller('hmA').inventory.issues({ hallId: 'A', to: '2020-01-01' })).toEqual([]);
    expect(await caller('hmB').inventory.issues({ hallId: 'B' })).toEqual([]);
    const refused = await caller('hmB')
      .inventory.issues({ hallId: 'A' })
      .catch((e: TRPCError) => e.code);
    expect(refused).toBe('FORBIDDEN');
  });
});

describe('counts in names', () => {
  it("says who counted and who decided, and the items' units", async () => {
    const { id } = await caller('hmA').inventory.submitCount({
      locationId: 'hall:A',
      lines: [{ itemId: 'GIFT', counted: 1 }],
      reason: '抽查',
    });
    await caller('rm').inventory.decideCount({ id, decision: 'refuse', note: '请重数' });
    const [c] = await caller('hmA').inventory.counts({ locationId: 'hall:A' });
    expect(c).toMatchObject({
      id,
      status: 'refused',
      countedByName: '张店长',
      decidedByName: '区经理',
      canDecide: false,
    });
    expect(c!.lines[0]).toMatchObject({ nameZh: '开卡礼品', unitZh: '份', counted: 1 });
  });
});

describe('the catalogue page', () => {
  it("names the halls' services; only inventory edit at HQ may edit", async () => {
    const info = await caller('wh').inventory.catalogueInfo();
    expect(info).toEqual({
      canEdit: true,
      services: [
        { id: 'billing', name: '话费业务' },
        { id: 'sim', name: '办卡' },
      ],
    });
    expect((await caller('rm').inventory.catalogueInfo()).canEdit).toBe(false);
    expect((await caller('hmA').inventory.catalogueInfo()).canEdit).toBe(false);
  });
});

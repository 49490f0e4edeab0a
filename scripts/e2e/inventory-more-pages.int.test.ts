/// <reference lib="dom" />
/**
 * 物流管理's catalogue, counts, issue, statistics and reorder pages in Debian's Chromium against a real cloud
 * on the harness's PostgreSQL. HQ → 华南区 → 南山营业厅 and 福田营业厅; the warehouse, items and a transfer made
 * through the API as the logistics clerk, the region and the hall would; yesterday's tickets and a clerk's
 * taps at the counter terminal pushed through the hub's ingest; a traffic forecast for the coming days.
 * Then as a user sees it: logistics creates a catalogue item with a photo taken on the page (the hall manager
 * sees the photo in the catalogue and on the request form, and reads the catalogue only);
 * the hall manager counts on a phone — the books shown only after counting — and the region approves; a
 * bulk issue and its take-back; consumption per 100 customers per business type against the API; the
 * reorder reasoning in words; the region's one click making a request; refused and empty states; every page
 * proof-read in both languages at 1920×1080 and 390×844 (screenshots under
 * .artifacts/screenshots/inventory-more-*).
 */
import { createUser, ensureHallUnit, ensureRegionUnit, ensureRootUnit } from '@hall/cloud/access';
import { openDatabase } from '@hall/cloud/db';
import { putHallConfig, registerHall, registerHub } from '@hall/cloud/halls';
import { addDays } from '@hall/devices/calendar';
import { launchBrowser, signInApi, type Browser, type CloudApi } from '@hall/scripts/harness';
import type { Page } from 'playwright-core';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, cloudFixture, type CloudFixture } from './cloud-fixture.ts';
import { readEverywhere, useLang } from './proof-read.ts';

let fixture: CloudFixture | undefined;
let browser: Browser | undefined;
let base = '';
const PASSWORD = 'Inventory-Pages-2026!';
const WH = { username: 'wh-zhou', password: PASSWORD };
const RM = { username: 'rm-li', password: PASSWORD };
const HM = { username: 'hm-ns', password: PASSWORD };
const HM_FT = { username: 'hm-ft', password: PASSWORD };
const TRAINER = { username: 'trainer-wu', password: PASSWORD };
const api: Record<string, CloudApi> = {};
const MIN = 60_000;
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(Date.now());
const yesterday = addDays(today, -1);
/** A hall-local time on a day (Shanghai is UTC+8). */
const at = (day: string, hh: number, mm = 0) =>
  Date.parse(`${day}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00+08:00`);
const WHY = { rule: 'longest-wait', class: 'regular', score: 1, passedOver: [] };

type Event = { type: string; at: number; body: Record<string, unknown> };

/** A customer's ticket: taken, called and served by a clerk. */
function ticket(no: string, serviceId: string, t: number, counterId: string, staffId: string): Event[] {
  return [
    {
      type: 'ticket.issued',
      at: t,
      body: {
        ticketNo: no,
        serviceId,
        priority: null,
        channel: 'kiosk',
        deviceId: 'kiosk-1',
        waitingAhead: 0,
        eta: { p50Minutes: 5, p90Minutes: 9 },
      },
    },
    { type: 'ticket.called', at: t + MIN, body: { ticketNo: no, counterId, staffId, why: WHY } },
    { type: 'ticket.started', at: t + 90_000, body: { ticketNo: no, counterId } },
    {
      type: 'ticket.finished',
      at: t + 4 * MIN,
      body: { ticketNo: no, counterId, staffId, txCount: 1, txTypes: [] },
    },
  ];
}

/** A clerk's tap at the counter terminal: materials to a ticket's customer. */
const tap = (n: number, no: string, itemId: string, qty: number, staffId: string, t: number): Event => ({
  type: 'material.issued',
  at: t,
  body: {
    issueId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    mode: 'counter',
    items: [{ itemId, qty, kitId: null }],
    ticketNo: no,
    serviceId: no.startsWith('S') ? 'sim' : 'billing',
    counterId: staffId === 'E1' ? 'C01' : 'C02',
    staffId,
    note: null,
  },
});

afterAll(async () => {
  await browser?.close();
  await fixture?.stop();
});

beforeAll(async () => {
  fixture = await cloudFixture('e2e_inventory_more');
  const { db, close } = await openDatabase({ url: fixture.url, dataDir: '' });
  let hubToken = '';
  try {
    await ensureRootUnit(db);
    await ensureRegionUnit(db, { id: 'r-south', name: '华南区' });
    for (const h of [
      { id: 'NS', name: '南山营业厅' },
      { id: 'FT', name: '福田营业厅' },
    ]) {
      await registerHall(db, { id: h.id, name: h.name, timeZone: 'Asia/Shanghai' });
      await ensureHallUnit(db, { hallId: h.id, name: h.name, parentId: 'r-south' });
      await putHallConfig(
        db,
        h.id,
        {
          hall: { capacity: 60 },
          services: [
            { id: 'billing', name: '话费业务', prefix: 'A', targetWaitMinutes: 10 },
            { id: 'sim', name: '办卡', prefix: 'S', targetWaitMinutes: 8 },
          ],
          counters: [
            { id: 'C01', name: '1号窗口', services: { billing: 1, sim: 1 } },
            { id: 'C02', name: '2号窗口', services: { billing: 1, sim: 1 } },
          ],
          staff: [
            { id: 'E1', name: '王芳' },
            { id: 'E2', name: '李明' },
          ],
        },
        null,
      );
    }
    hubToken = (await registerHub(db, { id: 'hub-NS', hallId: 'NS' })).token;
    const pg = postgres(fixture.url, { max: 1, onnotice: () => {} });
    try {
      for (const [who, name, unit, role] of [
        [WH, '周仓管', 'hq', 'logistics'],
        [RM, '李区长', 'r-south', 'region_manager'],
        [HM, '南山店长', 'hall-NS', 'hall_manager'],
        [HM_FT, '福田店长', 'hall-FT', 'hall_manager'],
        [TRAINER, '吴培训', 'hq', 'trainer'],
      ] as const) {
        const id = await createUser(db, { ...who, name, orgUnitId: unit });
        await pg`insert into user_roles (user_id, role, org_unit_id) values (${id}, ${role}, ${unit})`;
      }
    } finally {
      await pg.end();
    }
  } finally {
    await close();
  }
  const cloud = await fixture.start();
  base = cloud.base.replace(/\/trpc$/, '');
  for (const [k, who] of Object.entries({ wh: WH, rm: RM, hm: HM, admin: ADMIN })) api[k] = await signInApi(base, who);
  const wh = api.wh!;
  await wh.call('inventory.addWarehouse', {
    id: 'main',
    nameZh: '深圳总仓',
    nameEn: 'Shenzhen warehouse',
    orgUnitId: 'hq',
  });
  const item = { kind: 'item', unitZh: '张', unitEn: 'sheets' };
  await wh.call('inventory.saveItem', {
    ...item,
    id: 'FLY',
    nameZh: '5G宣传单',
    nameEn: '5G flyer',
    campaign: '5G换机季',
    serviceIds: ['sim'],
  });
  await wh.call('inventory.saveItem', {
    ...item,
    id: 'GIFT',
    nameZh: '开卡礼品',
    nameEn: 'New-line gift',
    unitZh: '份',
    unitEn: 'gifts',
    serviceIds: ['sim'],
  });
  await wh.call('inventory.saveItem', {
    ...item,
    id: 'OLD',
    nameZh: '双十一海报',
    nameEn: 'Singles Day poster',
    campaign: '双十一',
    validFrom: '2026-10-20',
    validTo: '2026-11-15',
    afterCampaign: 'return',
  });
  await wh.call('inventory.receiveGoods', {
    locationId: 'wh:main',
    lines: ['FLY', 'GIFT', 'OLD'].map((itemId) => ({ itemId, qty: 1000 })),
  });
  // 南山 receives 60 flyers, 40 gifts and 10 posters.
  const { id } = await api.hm!.call<{ id: number }>('inventory.request', {
    hallId: 'NS',
    lines: [
      { itemId: 'FLY', qty: 60 },
      { itemId: 'GIFT', qty: 40 },
      { itemId: 'OLD', qty: 10 },
    ],
  });
  await api.rm!.call('inventory.decide', { id, decision: 'approve' });
  await wh.call('inventory.ship', { id });
  await api.hm!.call('inventory.receive', {
    id,
    lines: [
      { itemId: 'FLY', good: 60, damaged: 0 },
      { itemId: 'GIFT', good: 40, damaged: 0 },
      { itemId: 'OLD', good: 10, damaged: 0 },
    ],
  });
  // Yesterday: 10 办卡 customers (8 served by 王芳, 2 by 李明) and 5 话费 customers; 王芳 gave six of them a
  // flyer, 李明 gave each of his two 15 gifts.
  const events: Event[] = [];
  for (let i = 1; i <= 10; i += 1)
    events.push(
      ...ticket(
        `S${String(i).padStart(3, '0')}`,
        'sim',
        at(yesterday, 10, i * 4),
        i <= 8 ? 'C01' : 'C02',
        i <= 8 ? 'E1' : 'E2',
      ),
    );
  for (let i = 1; i <= 5; i += 1)
    events.push(...ticket(`A${String(i).padStart(3, '0')}`, 'billing', at(yesterday, 14, i * 4), 'C01', 'E1'));
  for (let i = 1; i <= 6; i += 1) events.push(tap(i, `S00${i}`, 'FLY', 1, 'E1', at(yesterday, 10, i * 4 + 3)));
  events.push(tap(9, 'S009', 'GIFT', 15, 'E2', at(yesterday, 10, 39)));
  events.push(tap(10, 'S010', 'GIFT', 15, 'E2', at(yesterday, 10, 43)));
  events.sort((a, b) => a.at - b.at);
  const res = await fetch(`${base}/trpc/ingest.push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer hub-NS:${hubToken}` },
    body: JSON.stringify({
      hubId: 'hub-NS',
      batch: events.map((e, k) => ({ seq: k + 1, type: e.type, body: { ...e.body, at: e.at }, historical: false })),
    }),
  });
  if (!res.ok) throw new Error(`ingest.push: ${res.status} ${await res.text()}`);
  const pushed = (await res.json()) as { result: { data: { refused?: unknown[] } } };
  if (pushed.result.data.refused?.length) throw new Error(`refused: ${JSON.stringify(pushed.result.data.refused)}`);
  // 南山's traffic forecast for the next 14 days: 20 办卡 and 10 话费 customers a day.
  const pg = postgres(fixture.url, { max: 1, onnotice: () => {} });
  try {
    const [f] = await pg<Array<{ id: number }>>`
      insert into forecasts (hall_id, version, model, interval_minutes, day_start_minutes, from_date, days)
      values ('NS', 1, 'test', 60, 480, ${today}, 14) returning id`;
    for (let d = 0; d < 14; d += 1)
      await pg`insert into forecast_values (forecast_id, date, service_id, interval, mean, p90)
               values (${f!.id}, ${addDays(today, d)}, 'sim', 0, 20, 25), (${f!.id}, ${addDays(today, d)}, 'billing', 0, 10, 12)`;
  } finally {
    await pg.end();
  }
  browser = await launchBrowser({ viewport: { width: 1920, height: 1080 } });
}, 240_000);

/** A page signed in as `who` (the browser's cookies cleared first: one user at a time). */
async function pageAs(who: { username: string; password: string }, size = { width: 1920, height: 1080 }) {
  const b = browser as Browser;
  await b.context.clearCookies();
  const page = await b.context.newPage();
  await page.setViewportSize(size);
  await page.goto(`${base}/login`);
  await page.locator('input[name="username"], #username').first().fill(who.username);
  await page.locator('input[type="password"]').first().fill(who.password);
  await page.locator('form button[type="submit"]').first().click();
  await page.locator('.shell').waitFor();
  await useLang(page, 'zh-CN');
  return page;
}

const PHONE = { width: 390, height: 844 };
const stockOf = async (itemId: string) =>
  (
    await api.hm!.get<{ stock: Array<{ itemId: string; qty: number }> }>('inventory.stock', { locationId: 'hall:NS' })
  ).stock.find((s) => s.itemId === itemId)?.qty ?? 0;
const textOf = async (page: Page, selector: string) =>
  ((await page.locator(selector).first().innerText()) ?? '').replace(/\s+/g, ' ').trim();

describe('物流管理: catalogue, counts, issue, statistics, reorder', () => {
  it('logistics creates a catalogue item and sees it listed; a hall manager reads the catalogue only', async () => {
    const page = await pageAs(WH);
    await page.goto(`${base}/inventory/catalogue`);
    await page.locator('[data-testid="catalogue"] tbody tr').first().waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: '新建物料' }).click();
    const form = page.locator('[data-testid="catalogue-form"]');
    await form.locator('input[name="id"]').fill('BAG');
    await form.locator('input[name="nameZh"]').fill('环保袋');
    await form.locator('input[name="nameEn"]').fill('Tote bag');
    await form.locator('input[name="unitZh"]').fill('个');
    await form.locator('input[name="unitEn"]').fill('bags');
    await form.locator('input[name="campaign"]').fill('5G换机季');
    await form.locator('label.check', { hasText: '办卡' }).locator('input').check();
    await form.locator('select[name="afterCampaign"]').selectOption('destroy');
    // A photo from the "camera": made by the browser's canvas, downscaled and uploaded as the catalogue's.
    const photo = Buffer.from(
      await page.evaluate(() => {
        const c = document.createElement('canvas');
        c.width = 2400;
        c.height = 1800;
        const g = c.getContext('2d') as CanvasRenderingContext2D;
        g.fillStyle = '#2f7d4f';
        g.fillRect(0, 0, 2400, 1800);
        g.fillStyle = '#f2efe6';
        g.fillRect(700, 500, 1000, 900);
        return c.toDataURL('image/jpeg', 0.9).split(',')[1] as string;
      }),
      'base64',
    );
    await form.locator('input[type="file"]').setInputFiles({ name: 'bag.jpg', mimeType: 'image/jpeg', buffer: photo });
    const loaded = (img: ReturnType<Page['locator']>) =>
      img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth);
    const preview = form.locator('img.item-photo.large');
    await preview.waitFor({ timeout: 20_000 });
    await expect.poll(() => loaded(preview), { timeout: 20_000 }).toBe(1600);
    await form.getByRole('button', { name: '保存' }).click();
    await page.locator('p.ok', { hasText: 'BAG' }).waitFor();
    const row = await textOf(page, '[data-testid="catalogue"] tr[data-item="BAG"]');
    expect(row).toContain('环保袋');
    expect(row).toContain('办卡');
    expect(row).toContain('销毁');
    const items =
      await api.wh!.get<Array<{ id: string; serviceIds: string[]; afterCampaign: string; photo: string | null }>>(
        'inventory.items',
      );
    const bag = items.find((i) => i.id === 'BAG');
    expect(bag).toMatchObject({ serviceIds: ['sim'], afterCampaign: 'destroy' });
    expect(bag?.photo).toMatch(/^[0-9a-f]{64}$/);
    await expect.poll(() => loaded(page.locator('tr[data-item="BAG"] img.item-photo')), { timeout: 20_000 }).toBe(1600);
    // The flyers' row names its service, not its id.
    expect(await textOf(page, 'tr[data-item="FLY"]')).toMatch(/5G宣传单.*5G换机季.*办卡/);
    await page.close();

    const hm = await pageAs(HM);
    await hm.goto(`${base}/inventory/catalogue`);
    await hm.locator('[data-testid="read-only"]').waitFor({ timeout: 20_000 });
    expect(await hm.getByRole('button', { name: '新建物料' }).count()).toBe(0);
    expect(await hm.getByRole('button', { name: '修改' }).count()).toBe(0);
    expect(await textOf(hm, 'tr[data-item="BAG"]')).toContain('环保袋');
    // The photo is the organisation's: the hall manager sees it in the catalogue and on the request form.
    const hmPhoto = hm.locator('tr[data-item="BAG"] img.item-photo');
    await expect
      .poll(
        () => hmPhoto.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth),
        {
          timeout: 20_000,
        },
      )
      .toBe(1600);
    await hm.goto(`${base}/inventory/transfers/new`);
    const onForm = hm.locator('[data-testid="request-items"] li[data-item="BAG"] img.item-photo');
    await onForm.waitFor({ timeout: 20_000 });
    await expect
      .poll(() => onForm.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth), {
        timeout: 20_000,
      })
      .toBe(1600);
    await hm.close();
  });

  it('a count on a phone shows the books only after counting, and the region approves it', async () => {
    const page = await pageAs(HM, PHONE);
    await page.goto(`${base}/inventory/counts?at=${encodeURIComponent('hall:NS')}`);
    const box = page.locator('[data-testid="count-new"]');
    await box.locator('li[data-item="GIFT"] input').waitFor({ timeout: 20_000 });
    // While counting, no book quantity is on the screen (10 gifts in the books).
    expect(await box.innerText()).not.toMatch(/10 份|54 张/);
    expect(await box.locator('.line-figures').count()).toBe(0);
    await box.locator('li[data-item="GIFT"] input').fill('8');
    await box.locator('button[data-action="review"]').click();
    const review = page.locator('[data-testid="count-review"]');
    expect(await textOf(page, '[data-testid="count-review"] li[data-item="GIFT"]')).toContain('实盘 8 · 账面 10 份');
    expect(await review.locator('li[data-item="GIFT"] .variance').innerText()).toBe('差异 −2');
    await review.locator('input[name="reason"]').fill('街头推广发放未登记');
    await review.getByRole('button', { name: '提交盘点' }).click();
    await page.locator('p.ok', { hasText: '盘点已提交' }).waitFor();
    const card = page.locator('[data-testid="counts"] article').first();
    expect(await card.getAttribute('data-status')).toBe('submitted');
    expect(await card.innerText()).toContain('南山店长');
    // The counter may not approve their own count.
    expect(await card.locator('button[data-action="approve"]').count()).toBe(0);
    await page.close();

    const rm = await pageAs(RM, PHONE);
    await rm.goto(`${base}/inventory/counts`);
    const pending = rm.locator('[data-testid="counts"] article[data-status="submitted"]').first();
    await pending.locator('button[data-action="approve"]').waitFor({ timeout: 20_000 });
    expect(await pending.innerText()).toContain('街头推广发放未登记');
    await pending.locator('button[data-action="approve"]').click();
    await rm.locator('[data-testid="counts"] article[data-status="approved"]').first().waitFor();
    expect(await textOf(rm, '[data-testid="counts"] article[data-status="approved"]')).toContain('审批通过');
    expect(await stockOf('GIFT')).toBe(8);
    await rm.close();
  });

  it('a bulk issue at the hall and its take-back', async () => {
    const before = await stockOf('FLY');
    const page = await pageAs(HM);
    await page.goto(`${base}/inventory/issue?hall=NS`);
    const form = page.locator('[data-testid="issue-form"]');
    await form.locator('select[name="item-0"]').waitFor({ timeout: 20_000 });
    // The clerks' taps from the counter terminal are listed with the ticket, service and clerk.
    await page.locator('[data-testid="issue-log"] li[data-mode="counter"]').first().waitFor();
    expect(await page.locator('[data-testid="issue-log"]').innerText()).toMatch(/排队号 S006 · 办卡[\s\S]*王芳/);
    await form.locator('select[name="item-0"]').selectOption('FLY');
    await form.locator('input[name="qty-0"]').fill('4');
    await form.locator('input[name="note"]').fill('社区推广');
    await form.getByRole('button', { name: '登记发放' }).click();
    await page.locator('p.ok', { hasText: '已登记发放 4 件' }).waitFor();
    expect(await stockOf('FLY')).toBe(before - 4);
    const card = page.locator('[data-testid="issue-log"] li[data-mode="bulk"]').first();
    await card.waitFor();
    expect(await card.innerText()).toMatch(/活动批量发放[\s\S]*5G宣传单 4 张[\s\S]*南山店长[\s\S]*社区推广/);
    await card.locator('button[data-action="take-back"]').click();
    await card.locator('input[name="reason"]').fill('录错了');
    await card.locator('button[data-action="confirm-take-back"]').click();
    await card.locator('[data-testid="reversed"]').waitFor();
    expect(await card.innerText()).toContain('已撤销');
    expect(await card.locator('button[data-action="take-back"]').count()).toBe(0);
    expect(await stockOf('FLY')).toBe(before);
    // Beyond the books: refused in words.
    await form.locator('select[name="item-0"]').selectOption('GIFT');
    await form.locator('input[name="qty-0"]').fill('500');
    await form.getByRole('button', { name: '登记发放' }).click();
    await page.locator('[data-testid="issue-form"] p.error').waitFor();
    expect(await textOf(page, '[data-testid="issue-form"] p.error')).toBe('开卡礼品库存不足：现有 8 份，需要 500 份');
    await page.close();
  });

  it('statistics: consumption per 100 customers per business type as the API says, leakage and expiry', async () => {
    const from = addDays(today, -27);
    const apiStats = await api.rm!.get<{ rows: Array<{ key: string; per100: number | null; atCounter: number }> }>(
      'inventory.stats',
      { orgUnitId: 'r-south', from, to: today, by: 'service' },
    );
    const sim = apiStats.rows.find((r) => r.key === 'sim')!;
    // 36 units to 10 办卡 customers (6 flyers, 30 gifts).
    expect(sim).toMatchObject({ atCounter: 36, per100: 360 });
    const page = await pageAs(RM);
    await page.goto(`${base}/inventory/stats?unit=r-south&period=custom&from=${from}&to=${today}&dim=service`);
    const figure = page.locator('[data-testid="per100"] .figure[data-service="sim"]');
    await figure.waitFor({ timeout: 20_000 });
    expect(await figure.innerText()).toMatch(/办卡\s*360\.0/);
    const chart = page.locator('[data-testid="stats-chart"]');
    await chart.waitFor();
    const values = JSON.parse((await chart.getAttribute('data-values')) as string) as Array<number | null>;
    expect(values).toEqual(apiStats.rows.map((r) => r.per100));
    const rows = await page
      .locator('[data-testid="stats"] tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim())),
      );
    expect(rows.find((r) => r[0] === '办卡')?.at(-1)).toBe('360.0');
    // By item: the flyers' distribution and consumption.
    await page.getByRole('group', { name: '统计维度' }).getByRole('button', { name: '物料', exact: true }).click();
    await page.waitForURL(/dim=item/);
    await page.locator('[data-testid="stats"] tbody th', { hasText: '5G宣传单' }).waitFor();
    // 李明's 30 gifts to 2 customers are flagged, with his name and the plausible quantity.
    const leak = await textOf(page, '[data-testid="leakage"] tbody');
    expect(leak).toMatch(/南山营业厅.*李明.*开卡礼品\s*30\s*2\s*2/);
    // The Singles Day posters are past their validity: to be returned.
    expect(await textOf(page, '[data-testid="ageing"] tbody')).toMatch(/双十一海报.*已过期，退回仓库/);
    await page.close();
  });

  it('a hall reorder line says why in words, low lines first', async () => {
    const lines = await api.hm!.get<Array<{ itemId: string; low: boolean; reorderPoint: number; onHand: number }>>(
      'inventory.reorder',
      { hallId: 'NS' },
    );
    expect(lines.find((l) => l.itemId === 'FLY')).toMatchObject({ low: true, reorderPoint: 60, onHand: 54 });
    const page = await pageAs(HM, PHONE);
    await page.goto(`${base}/inventory/reorder?unit=hall-NS`);
    const fly = page.locator('[data-testid="reorder-lines"] article[data-item="FLY"]');
    await fly.waitFor({ timeout: 20_000 });
    expect((await fly.locator('[data-testid="reasoning"]').innerText()).replace(/\s+/g, ' ')).toContain(
      '近28天每百名办卡客户领取 60 张；预测日均 20 名办卡客户；每日约 12 张；到货周期 3 天 + 安全 2 天 → 再订货点 60 张；现有 54 张 + 在途 0，约可用 4.5 天；建议补货 90 张',
    );
    const order = await page
      .locator('[data-testid="reorder-lines"] article')
      .evaluateAll((as) => as.map((a) => a.getAttribute('data-low')));
    expect(order).toEqual([...order].sort().reverse());
    await page.close();
  });

  it("the region's one click makes the halls' requests and links them", async () => {
    const page = await pageAs(RM);
    await page.goto(`${base}/inventory/reorder?unit=r-south`);
    await page
      .locator('[data-testid="reorder-halls"] section[data-hall="NS"] article')
      .first()
      .waitFor({ timeout: 20_000 });
    await page.locator('button[data-action="suggest"]').click();
    const link = page.locator('[data-testid="created"] a');
    await link.first().waitFor();
    const href = (await link.first().getAttribute('href')) as string;
    const id = Number(/\/inventory\/transfers\/(\d+)$/.exec(href)?.[1]);
    const t = await api.rm!.get<{ suggested: boolean; status: string; to: { hallId: string } }>('inventory.transfer', {
      id,
    });
    expect(t).toMatchObject({ suggested: true, status: 'requested', to: { hallId: 'NS' } });
    expect(await textOf(page, '[data-testid="created"]')).toContain('南山营业厅');
    // Asked for already: a second click asks for nothing, and says so.
    await page.locator('button[data-action="suggest"]').click();
    await page.locator('[data-testid="created"]', { hasText: '没有需要补货的营业厅' }).waitFor();
    await page.close();
  });

  it('refused and empty states', async () => {
    // 福田's manager: no stock at the hall yet, and no rights over the region.
    const ft = await pageAs(HM_FT);
    await ft.goto(`${base}/inventory/issue`);
    await ft.locator('p.empty', { hasText: '您没有可以发放物料的营业厅' }).waitFor({ timeout: 20_000 });
    await ft.goto(`${base}/inventory/stats?unit=r-south`);
    await ft.locator('.state.refused').first().waitFor({ timeout: 20_000 });
    await ft.goto(`${base}/inventory/reorder?unit=hall-FT`);
    await ft.locator('p.empty', { hasText: '这个营业厅还没有物料库存或发放记录' }).waitFor({ timeout: 20_000 });
    await ft.goto(`${base}/inventory/counts`);
    await ft.locator('li[data-item], p.empty').first().waitFor({ timeout: 20_000 });
    await ft.close();
    // A trainer has no inventory rights at all.
    const trainer = await pageAs(TRAINER);
    for (const path of ['catalogue', 'counts', 'issue', 'stats']) {
      await trainer.goto(`${base}/inventory/${path}`);
      await trainer
        .locator('.state, p.empty')
        .first()
        .waitFor({ timeout: 20_000 })
        .catch(async (e: unknown) => {
          throw new Error(`${path}: ${await trainer.locator('body').innerText()} ${String(e)}`);
        });
      expect(`${path}: ${await textOf(trainer, 'main, .shell')}`).toContain('无权查看物料');
    }
    await trainer.close();
  });

  it('every page reads well in both languages at both sizes', async () => {
    const page = await pageAs(RM);
    const read = (name: string, path: string, ready: string) =>
      readEverywhere(page, { base, prefix: 'inventory-more', name, path, ready });
    const period = `period=custom&from=${addDays(today, -27)}&to=${today}`;
    const findings = [
      ...(await read('catalogue', '/inventory/catalogue', '[data-testid="catalogue"] tbody tr')),
      ...(await read('counts', '/inventory/counts?at=hall%3ANS', '[data-testid="counts"] article')),
      ...(await read('issue', '/inventory/issue?hall=NS', '[data-testid="issue-log"] li')),
      ...(await read('stats', `/inventory/stats?unit=r-south&${period}&dim=service`, '[data-testid="stats"] tbody tr')),
      ...(await read(
        'stats-item',
        `/inventory/stats?unit=r-south&${period}&dim=item`,
        '[data-testid="ageing"] tbody tr',
      )),
      ...(await read('reorder-hall', '/inventory/reorder?unit=hall-NS', '[data-testid="reorder-lines"] article')),
      ...(await read('reorder-region', '/inventory/reorder?unit=r-south', '[data-testid="reorder-halls"] section')),
    ];
    await page.close();
    // The catalogue's form, as logistics sees it.
    const wh = await pageAs(WH);
    findings.push(
      ...(await readEverywhere(wh, {
        base,
        prefix: 'inventory-more',
        name: 'catalogue-form',
        path: '/inventory/catalogue?edit=FLY',
        ready: '[data-testid="catalogue-form"]',
      })),
    );
    await wh.close();
    expect(findings).toEqual([]);
  });
});

/// <reference lib="dom" />
/**
 * 物流管理 in Debian's Chromium against a real cloud on the harness's PostgreSQL: one transfer the whole way
 * through the pages — the 福田 hall manager asks for flyers and a kit on a 390×844 phone, the region's
 * manager approves in part on a desktop, the warehouse ships and downloads the label (its PDF read back),
 * the hall manager opens the receipt's address as the label's QR code holds it, on the phone, and records
 * 5 flyers damaged (with a photo, through the real blob endpoint) and 5 short; the region writes off the
 * damaged ones and re-ships the short ones; the transfer shows 已完成 and the stock page the quantities
 * that follow. Also: another hall's manager finds no such transfer, a trainer is refused, the logistics
 * user lands on 物流管理, loading and empty states; every page proof-read in both languages at 1920×1080
 * and 390×844 (screenshots under .artifacts/screenshots/inventory-pages-*).
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openDatabase } from '@hall/cloud/db';
import { createUser, ensureHallUnit, ensureRegionUnit, ensureRootUnit } from '@hall/cloud/access';
import { registerHall } from '@hall/cloud/halls';
import type { Page } from 'playwright-core';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshotsDir, signInApi, type Browser, type CloudApi } from '@hall/scripts/harness';
import { ADMIN, cloudFixture, type CloudFixture } from './cloud-fixture.ts';
import { readEverywhere as readPage, useLang } from './proof-read.ts';

const exec = promisify(execFile);
let fixture: CloudFixture | undefined;
let browser: Browser | undefined;
let base = '';
const work = mkdtempSync(join(tmpdir(), 'hall-e2e-inventory-'));
const PASSWORD = 'Inventory-Pages-2026!';
const PEOPLE = {
  hmFT: { username: 'hm-ft', name: '王经理', role: 'hall_manager', unit: 'hall-FT' },
  hmNS: { username: 'hm-ns', name: '李经理', role: 'hall_manager', unit: 'hall-NS' },
  rm: { username: 'rm-south', name: '赵区长', role: 'region_manager', unit: 'r-south' },
  wh: { username: 'wh-keeper', name: '钱仓管', role: 'logistics', unit: 'hq' },
  trainer: { username: 'trainer', name: '孙培训', role: 'trainer', unit: 'hall-FT' },
} as const;
type Who = keyof typeof PEOPLE;
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1920, height: 1080 };
const api: Partial<Record<Who | 'admin', CloudApi>> = {};
/** The transfer walked through the pages, and the one its short line re-ships. */
let id = 0;
let reshipId = 0;

afterAll(async () => {
  await browser?.close();
  await fixture?.stop();
  rmSync(work, { recursive: true, force: true });
});

beforeAll(async () => {
  fixture = await cloudFixture('e2e_inventory');
  const { db, close } = await openDatabase({ url: fixture.url, dataDir: '' });
  try {
    await ensureRootUnit(db);
    await ensureRegionUnit(db, { id: 'r-south', name: '华南区' });
    for (const [hallId, name] of [
      ['FT', '福田营业厅'],
      ['NS', '南山营业厅'],
    ] as const) {
      await registerHall(db, { id: hallId, name, timeZone: 'Asia/Shanghai' });
      await ensureHallUnit(db, { hallId, name, parentId: 'r-south' });
    }
    const pg = postgres(fixture.url, { max: 1, onnotice: () => {} });
    try {
      for (const p of Object.values(PEOPLE)) {
        const userId = await createUser(db, {
          username: p.username,
          name: p.name,
          password: PASSWORD,
          orgUnitId: p.unit,
        });
        await pg`insert into user_roles (user_id, role, org_unit_id) values (${userId}, ${p.role}, ${p.unit})`;
      }
    } finally {
      await pg.end();
    }
  } finally {
    await close();
  }
  const cloud = await fixture.start();
  base = cloud.base.replace(/\/trpc$/, '');
  api.admin = await signInApi(base, ADMIN);
  for (const who of Object.keys(PEOPLE) as Who[])
    api[who] = await signInApi(base, { username: PEOPLE[who].username, password: PASSWORD });
  const admin = api.admin;
  await admin.call('inventory.addWarehouse', {
    id: 'main',
    nameZh: '深圳总仓',
    nameEn: 'Shenzhen central warehouse',
    orgUnitId: 'hq',
  });
  const year = new Date().getFullYear();
  const item = { kind: 'item', afterCampaign: 'keep', unitZh: '张', unitEn: 'sheets' };
  await admin.call('inventory.saveItem', {
    ...item,
    id: 'FLY',
    nameZh: '5G宣传单',
    nameEn: '5G flyer',
    campaign: '5G焕新季',
    validFrom: `${year - 1}-01-01`,
    validTo: `${year + 1}-12-31`,
  });
  await admin.call('inventory.saveItem', {
    ...item,
    id: 'SIM',
    nameZh: 'SIM卡套',
    nameEn: 'SIM pack',
    unitZh: '个',
    unitEn: 'packs',
  });
  await admin.call('inventory.saveItem', {
    ...item,
    id: 'POSTER',
    nameZh: '旧版海报',
    nameEn: 'Old poster',
    campaign: '夏季促销',
    validFrom: `${year - 2}-06-01`,
    validTo: `${year - 2}-08-31`,
  });
  await admin.call('inventory.saveItem', {
    ...item,
    id: 'KIT',
    kind: 'kit',
    nameZh: '开卡礼包',
    nameEn: 'New-line kit',
    unitZh: '份',
    unitEn: 'kits',
    parts: [
      { itemId: 'FLY', qty: 2 },
      { itemId: 'SIM', qty: 1 },
    ],
  });
  await admin.call('inventory.receiveGoods', {
    locationId: 'wh:main',
    lines: [
      { itemId: 'FLY', qty: 500 },
      { itemId: 'SIM', qty: 100 },
      { itemId: 'POSTER', qty: 20 },
    ],
  });
  browser = await launchBrowser({ viewport: DESKTOP });
}, 240_000);

async function signInPage(page: Page, who: Who | 'admin') {
  const p = who === 'admin' ? ADMIN : { username: PEOPLE[who].username, password: PASSWORD };
  await page.goto(`${base}/login`);
  await page.locator('input[name="username"], #username').first().fill(p.username);
  await page.locator('input[type="password"]').first().fill(p.password);
  await page.locator('form button[type="submit"]').first().click();
  await page.locator('.shell').waitFor();
}

/** A fresh browser context per person (their own session cookie), at a viewport, in Chinese. */
async function as(who: Who, size = DESKTOP) {
  const b = await launchBrowser({ viewport: size });
  const page = await b.context.newPage();
  await signInPage(page, who);
  await useLang(page, 'zh-CN');
  return { page, close: () => b.close() };
}

/** A table's body as text rows (cells trimmed, whitespace collapsed). */
const rowsOf = (page: Page, testId: string) =>
  page
    .locator(`[data-testid="${testId}"] tbody tr`)
    .evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').replace(/\s+/g, ' ').trim())),
    );

const statusOf = (page: Page) => page.locator('article.transfer').getAttribute('data-status');

describe('物流管理 pages', () => {
  it('one transfer through the pages: request on a phone, approve in part, ship with a label, receive damaged and short, resolve, completed', async () => {
    // The hall manager, on a phone: nothing yet, said in words; then the request form.
    const hall = await as('hmFT', PHONE);
    const page = hall.page;
    await page.goto(`${base}/`);
    await page.locator('nav a[href="/inventory"]', { hasText: '物流管理' }).click();
    await page.locator('.inventory .state.empty').waitFor();
    expect(await page.locator('main').innerText()).toContain('你能看到的库位还没有库存');
    await page.locator('nav.inventory-nav a', { hasText: '调拨' }).click();
    await page.locator('.inventory .state.empty', { hasText: '还没有调拨单' }).waitFor();
    await page.locator('a', { hasText: '申请物料' }).click();
    await page.waitForURL(/\/inventory\/transfers\/new$/);
    await page.locator('[data-testid="request-items"]').waitFor();
    expect(await page.locator('.hall-line').innerText()).toContain('福田营业厅');
    // The expired poster cannot be asked for; the kit is shown as a kit with its parts.
    expect(
      await page
        .locator('[data-testid="request-items"] li')
        .evaluateAll((l) => l.map((x) => x.getAttribute('data-item'))),
    ).toEqual(['FLY', 'SIM', 'KIT']);
    const kit = page.locator('li[data-item="KIT"]');
    expect((await kit.innerText()).replace(/\s+/g, ' ')).toMatch(/开卡礼包 套装 含 5G宣传单 × 2、SIM卡套 × 1/);
    await page.locator('li[data-item="FLY"] input').fill('100');
    await page.locator('li[data-item="FLY"] input').blur();
    for (let i = 0; i < 3; i++) await kit.getByRole('button', { name: '增加开卡礼包' }).click();
    await page.getByLabel('备注').fill('周末 5G 推广活动');
    expect(await page.locator('.submit-bar').innerText()).toContain('已选 2 种');
    await page.locator('button[data-action="request"]').click();
    await page.waitForURL(/\/inventory\/transfers\/\d+\?done=requested$/);
    id = Number(/transfers\/(\d+)/.exec(page.url())![1]);
    await page.locator('p.ok', { hasText: '申请已提交' }).waitFor();
    expect(await statusOf(page)).toBe('requested');
    // A kit travels as its parts: 100 + 2 × 3 flyers, 3 SIM packs.
    expect(await rowsOf(page, 'transfer-lines')).toEqual([
      ['5G宣传单', '106 张', '—', '—', '—'],
      ['SIM卡套', '3 个', '—', '—', '—'],
    ]);
    expect(await page.locator('ol.timeline li.done').count()).toBe(1);
    expect(await page.locator('ol.timeline li[data-step="request"]').innerText()).toContain('王经理');
    // The hall cannot approve its own request: no decision form here.
    expect(await page.locator('[data-panel="decide"]').count()).toBe(0);

    // The region, on a desktop: waiting for it, approves 80 of the 106 flyers.
    const region = await as('rm');
    const rp = region.page;
    await rp.goto(`${base}/inventory/transfers`);
    await rp.locator('button[data-filter="mine"]', { hasText: '待我处理1' }).click();
    expect(rp.url()).toContain('status=mine');
    const row = rp.locator(`tr[data-transfer="${id}"]`);
    expect((await row.innerText()).replace(/\s+/g, ' ')).toMatch(
      /待审批.*深圳总仓 → 福田营业厅.*5G宣传单 等 2 种.*王经理.*待我审批/,
    );
    await row.locator('a.badge.next').click();
    await rp.locator('[data-panel="decide"]').waitFor();
    const approved = rp.getByRole('spinbutton', { name: '5G宣传单 批准数量', exact: true });
    await approved.fill('80');
    await approved.blur();
    await rp.getByLabel('审批意见').fill('宣传单库存有限，先发 80 张');
    await rp.locator('button[data-action="approve"]', { hasText: '部分批准' }).click();
    await rp.locator('article.transfer[data-status="approved"]').waitFor();
    expect((await rowsOf(rp, 'transfer-lines')).map((r) => r.slice(0, 3))).toEqual([
      ['5G宣传单', '106 张', '80 张'],
      ['SIM卡套', '3 个', '3 个'],
    ]);
    expect(await rp.locator('ol.timeline').innerText()).toContain('宣传单库存有限');

    // The warehouse ships what was approved, then downloads the label.
    const warehouse = await as('wh');
    const wp = warehouse.page;
    await wp.goto(`${base}/`);
    // A logistics user's home is 物流管理.
    await wp.waitForURL(/\/inventory$/);
    await wp.goto(`${base}/inventory/transfers?status=mine`);
    await wp.locator(`tr[data-transfer="${id}"] a.badge.next`, { hasText: '待我发货' }).click();
    await wp.locator('[data-panel="ship"]').waitFor();
    await wp.locator('button[data-action="ship"]').click();
    await wp.locator('article.transfer[data-status="shipped"]').waitFor();
    const [download] = await Promise.all([
      wp.waitForEvent('download', { timeout: 30_000 }),
      wp.locator('button[data-action="label"]').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`调拨单${id}-标签.pdf`);
    const pdfPath = join(work, 'label.pdf');
    await download.saveAs(pdfPath);
    expect(readFileSync(pdfPath).subarray(0, 5).toString()).toBe('%PDF-');
    const { stdout: labelText } = await exec('pdftotext', ['-layout', pdfPath, '-']);
    expect(labelText).toContain(`调拨单 #${id}`);
    expect(labelText).toContain('福田营业厅');
    expect(labelText).toMatch(/5G宣传单\s+80 张/);
    await exec('pdftoppm', ['-png', '-r', '100', '-singlefile', pdfPath, join(work, 'label')]);
    copyFileSync(join(work, 'label.png'), join(screenshotsDir(), 'inventory-pages-label-zh-CN.png'));

    // The hall opens the receipt as the label's QR code holds it (the cloud test reads that address from
    // the label's QR node): 70 good and 5 damaged flyers (a photo), 5 missing; the SIM packs all good.
    const token = (await api.hmFT!.get<{ labelToken: string }>('inventory.transfer', { id })).labelToken;
    await page.goto(`${base}/inventory/transfers/${id}/receive?t=${token}`);
    await page.locator('[data-testid="receive-lines"]').waitFor();
    expect(await page.locator('[data-testid="receive-outcome"]').innerText()).toContain('全部完好');
    const good = page.getByRole('spinbutton', { name: '5G宣传单 完好数量', exact: true });
    await good.fill('70');
    await good.blur();
    const damaged = page.locator('li[data-item="FLY"]');
    for (let i = 0; i < 5; i++) await damaged.getByRole('button', { name: '增加5G宣传单 破损数量' }).click();
    const jpeg = Buffer.from(
      await page.evaluate(() => {
        const c = document.createElement('canvas');
        c.width = 1200;
        c.height = 900;
        const g = c.getContext('2d') as CanvasRenderingContext2D;
        g.fillStyle = '#8a6d3b';
        g.fillRect(0, 0, 1200, 900);
        g.fillStyle = '#2b2b2b';
        g.fillRect(300, 200, 600, 500);
        return c.toDataURL('image/jpeg', 0.9).split(',')[1] as string;
      }),
      'base64',
    );
    await damaged
      .locator('input[type="file"]')
      .setInputFiles({ name: 'damage.jpg', mimeType: 'image/jpeg', buffer: jpeg });
    await damaged.locator('img.thumb').waitFor({ timeout: 20_000 });
    await damaged.getByLabel('破损说明').fill('外箱进水');
    const outcome = await page.locator('[data-testid="receive-outcome"] li').allInnerTexts();
    expect(outcome).toEqual([
      '破损 5 张5G宣传单转入本厅破损库位，待区域处理',
      '短少 5 张5G宣传单将保留在途，待区域处理',
    ]);
    await page.screenshot({
      path: join(screenshotsDir(), 'inventory-pages-receive-damaged-zh-CN-390.png'),
      fullPage: true,
    });
    await page.locator('button[data-action="receive-submit"]').click();
    await page.waitForURL(new RegExp(`/inventory/transfers/${id}$`));
    await page.locator('article.transfer[data-status="discrepancy"]').waitFor();
    expect((await rowsOf(page, 'transfer-lines')).map((r) => r[4])).toEqual(['70 张', '3 个']);
    // The photo is served back from the blob store.
    const photo = page.locator('li[data-kind="damaged"] .d-photo img');
    await photo.waitFor();
    expect(await photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    // The hall does not resolve its own discrepancies.
    expect(await page.locator('[data-panel="resolve"]').count()).toBe(0);

    // The region resolves: the damaged ones written off, the short ones re-shipped.
    await rp.goto(`${base}/inventory/transfers/${id}`);
    const dmg = rp.locator('fieldset.resolve[data-kind="damaged"]');
    await dmg.waitFor();
    expect(await dmg.locator('label.choice-line').allInnerTexts()).toEqual([
      '报损 — 破损物料就地报废，从营业厅破损库位注销',
      '退回 — 破损物料寄回原仓库的破损库位',
    ]);
    await dmg.getByLabel(/^报损/).check();
    await dmg.getByLabel('处理说明').fill('受潮无法使用');
    await dmg.locator('button[data-action="resolve"]').click();
    const short = rp.locator('fieldset.resolve[data-kind="short"]');
    await rp.locator('fieldset.resolve[data-kind="damaged"]').waitFor({ state: 'detached' });
    await short.getByLabel(/^补发/).check();
    await short.locator('button[data-action="resolve"]').click();
    await rp.locator('article.transfer[data-status="closed"]').waitFor();
    expect(await rp.locator('.transfer-title .badge').innerText()).toBe('已完成');
    expect(await rp.locator('ol.timeline li.done').count()).toBe(5);
    const resolved = await rp.locator('[data-testid="discrepancies"] li').allInnerTexts();
    expect(resolved.map((s) => s.replace(/\s+/g, ' '))).toEqual([
      expect.stringMatching(/破损 5G宣传单 5 张 外箱进水 报损 赵区长 · .* · 受潮无法使用/),
      expect.stringMatching(/短少 5G宣传单 5 张 补发 赵区长 · .* · 补发单 #\d+/),
    ]);
    reshipId = Number(/#(\d+)/.exec(resolved[1]!.split('补发单')[1]!)![1]);
    expect(reshipId).toBeGreaterThan(id);

    // The stock follows: the hall holds what arrived good, nothing is left in transit or damaged; the
    // warehouse (HQ's, seen by its logistics user, not by the region) is down by what it shipped.
    await wp.goto(`${base}/inventory`);
    await wp.locator('[data-testid="stock-warehouse"]').waitFor();
    const qty = async (group: string, item: string) =>
      wp.locator(`[data-testid="stock-${group}"] tr[data-item="${item}"] td[data-qty]`).getAttribute('data-qty');
    expect(await qty('hall', 'FLY')).toBe('70');
    expect(await qty('hall', 'SIM')).toBe('3');
    expect(await qty('warehouse', 'FLY')).toBe('420');
    expect(await qty('warehouse', 'SIM')).toBe('97');
    expect(await wp.locator('[data-testid="stock-transit"], [data-testid="stock-damaged"]').count()).toBe(0);
    // The expired poster is marked, and said so above the table.
    expect(await wp.locator('tr.expired[data-item="POSTER"] .badge').innerText()).toBe('已过期');
    expect(await wp.locator('.notice.warn').innerText()).toContain('有 1 种物料已过有效期');
    // The region sees its halls only; the location filter keeps one, in the address.
    await rp.goto(`${base}/inventory`);
    await rp.locator('[data-testid="stock-hall"]').waitFor();
    expect(await rp.locator('[data-testid="stock-warehouse"]').count()).toBe(0);
    await rp.locator('[data-testid="stock-location"]').selectOption('hall:FT');
    await rp.waitForURL(/at=hall/);
    expect((await rowsOf(rp, 'stock-hall')).map((r) => [r[0], r[1], r[4]])).toEqual([
      ['福田营业厅', '5G宣传单', '70 张'],
      ['福田营业厅', 'SIM卡套', '3 个'],
    ]);
    // …and exported as the screen shows it.
    const [csv] = await Promise.all([
      rp.waitForEvent('download', { timeout: 30_000 }),
      rp.locator('.export button', { hasText: 'CSV' }).click(),
    ]);
    const csvPath = join(work, 'stock.csv');
    await csv.saveAs(csvPath);
    const lines = readFileSync(csvPath, 'utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(lines[0]).toBe('类别,库位,物料,活动,有效期,数量,单位');
    expect(lines[1]).toMatch(/^营业厅,福田营业厅,5G宣传单,5G焕新季,.*,70,张$/);
    // The hall manager sees their own hall's stock.
    await page.goto(`${base}/inventory`);
    await page.locator('[data-testid="stock-hall"]').waitFor();
    expect((await rowsOf(page, 'stock-hall')).map((r) => r[0])).toEqual(['福田营业厅', '福田营业厅']);

    // The hall manager's list: completed, and the re-shipment waiting for the warehouse.
    await page.goto(`${base}/inventory/transfers?status=closed`);
    await page.locator(`tr[data-transfer="${id}"] .badge`, { hasText: '已完成' }).waitFor();
    await hall.close();
    await region.close();
    await warehouse.close();
  }, 300_000);

  it('another hall finds no such transfer, a trainer is refused, a page says it is loading, a filter with nothing says so', async () => {
    const other = await as('hmNS');
    await other.page.goto(`${base}/inventory/transfers/${id}`);
    await other.page.locator('.state.not-found').waitFor();
    expect(await other.page.locator('.state.not-found').innerText()).toContain('没有这张调拨单，或你无权查看');
    await other.page.goto(`${base}/inventory/transfers/${id}/receive?t=guess`);
    await other.page.locator('.state.not-found').waitFor();
    await other.page.goto(`${base}/inventory/transfers/not-a-number`);
    await other.page.locator('.state.not-found').waitFor();
    await other.page.goto(`${base}/inventory/transfers?status=discrepancy`);
    await other.page.locator('.state.empty', { hasText: '还没有调拨单' }).waitFor();
    await other.close();

    const trainer = await as('trainer');
    expect(await trainer.page.locator('nav a[href="/inventory"]').count()).toBe(0);
    await trainer.page.goto(`${base}/inventory`);
    await trainer.page.locator('.state.refused').waitFor();
    expect(await trainer.page.locator('.state.refused').innerText()).toContain('你没有查看物流管理的权限');
    await trainer.close();

    // Loading: the list's answer held back, the page says so, then shows the list.
    const region = await as('rm');
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    await region.page.route('**/trpc/inventory.transfers**', async (route) => {
      await held;
      await route.continue();
    });
    await region.page.goto(`${base}/inventory/transfers?status=refused`);
    await region.page.locator('.loading', { hasText: '加载中' }).waitFor();
    release();
    await region.page.locator('.state.empty', { hasText: '没有符合条件的调拨单' }).waitFor();
    await region.close();
  }, 180_000);

  it('every page reads right in both languages on a desktop and a phone', async () => {
    // A second transfer in transit, for the receipt page.
    const { id: inTransit } = await api.hmFT!.call<{ id: number }>('inventory.request', {
      hallId: 'FT',
      lines: [{ itemId: 'SIM', qty: 10 }],
    });
    await api.rm!.call('inventory.decide', { id: inTransit, decision: 'approve' });
    await api.wh!.call('inventory.ship', { id: inTransit });
    const token = (await api.hmFT!.get<{ labelToken: string }>('inventory.transfer', { id: inTransit })).labelToken;
    const findings: string[] = [];
    const read = async (who: Who, name: string, path: string, ready: string) => {
      const b = await launchBrowser({ viewport: DESKTOP });
      const page = await b.context.newPage();
      await signInPage(page, who);
      findings.push(...(await readPage(page, { base, prefix: 'inventory-pages', name, path, ready })));
      await b.close();
    };
    await read('wh', 'stock', '/inventory', '[data-testid="stock-warehouse"]');
    await read('rm', 'transfers', '/inventory/transfers', '[data-testid="transfers"]');
    await read('hmFT', 'request', '/inventory/transfers/new', '[data-testid="request-items"]');
    await read('rm', 'transfer-closed', `/inventory/transfers/${id}`, 'article.transfer[data-status="closed"]');
    await read('wh', 'transfer-ship', `/inventory/transfers/${reshipId}`, '[data-panel="ship"]');
    await read('hmFT', 'transfer-shipped', `/inventory/transfers/${inTransit}`, '[data-panel="parcel"]');
    await read(
      'hmFT',
      'receive',
      `/inventory/transfers/${inTransit}/receive?t=${token}`,
      '[data-testid="receive-lines"]',
    );
    // A request waiting for the region: the decision form.
    const { id: waiting } = await api.hmFT!.call<{ id: number }>('inventory.request', {
      hallId: 'FT',
      lines: [
        { itemId: 'FLY', qty: 40 },
        { itemId: 'KIT', qty: 2 },
      ],
      note: '开业庆典',
    });
    await read('rm', 'transfer-decide', `/inventory/transfers/${waiting}`, '[data-panel="decide"]');
    expect(findings).toEqual([]);
  }, 600_000);
});

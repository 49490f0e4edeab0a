/// <reference lib="dom" />
/**
 * 人员培训's library pages in Debian's Chromium against a real cloud on the harness's PostgreSQL (which
 * runs the `training.extract` job). HQ → 华南区 → 南山营业厅 with its business types. A trainer lands on
 * the empty library, writes a note through the page; more materials are made through the API (a PDF and a
 * picture placed in the blob store as the upload would place them, and enough notes for a second page).
 * Then as users see it: "宣传海报" searched on a phone — the title hit first, the hits in `<mark>`, the
 * query in the address (a reload keeps it) — a result opened, a new version made through the page and the
 * old one said to be replaced, archived and restored; a PDF's page with its download and its extracted
 * text, searchable; a hall manager reads without edit buttons; an unknown id is not found; a role without
 * training is refused in words; every page proof-read in both languages at 1920×1080 and 390×844
 * (screenshots under .artifacts/screenshots/training-*).
 * And a trainer uploads a PDF through the page (`PUT /blobs/<sha256>?scope=training`): its text becomes
 * searchable once the extraction job has read it.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createUser, ensureHallUnit, ensureRegionUnit, ensureRootUnit } from '@hall/cloud/access';
import { openDatabase } from '@hall/cloud/db';
import { putHallConfig, registerHall } from '@hall/cloud/halls';
import { renderPdf } from '@hall/cloud/pdf';
import { launchBrowser, signInApi, type Browser, type CloudApi } from '@hall/scripts/harness';
import type { Page } from 'playwright-core';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, cloudFixture, until, type CloudFixture } from './cloud-fixture.ts';
import { readEverywhere, useLang } from './proof-read.ts';

let fixture: CloudFixture | undefined;
let browser: Browser | undefined;
let base = '';
const dataDir = mkdtempSync(join(tmpdir(), 'e2e-training-'));
const PASSWORD = 'Training-Pages-2026!';
const TRAINER = { username: 'trainer-wu', password: PASSWORD };
const HM = { username: 'hm-ns', password: PASSWORD };
const RM = { username: 'rm-li', password: PASSWORD };
const WH = { username: 'wh-zhou', password: PASSWORD };
const api: Record<string, CloudApi> = {};
const PHONE = { width: 390, height: 844 };

const TITLE = '营业厅宣传海报张贴规范';
const POLICY = [
  '一、总则：为规范营业厅形象，特制定本规范。',
  '二、张贴位置：宣传海报应张贴在营业厅入口两侧，离地一百五十厘米。',
  '三、更换：活动结束后三日内撤下过期宣传海报，交回仓库。',
  '四、检查：值班经理每日巡检。',
].join('\n');
/** Only in the PDF's text (found once the extraction job has read it). */
const PDF_ONLY = '新员工入职须知';

type Listed = { id: number; title: string; extraction: string };
type Found = { total: number; rows: Listed[] };

/** Materials made in the set-up, by name. */
const ids: Record<string, number> = {};

afterAll(async () => {
  await browser?.close();
  await fixture?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

beforeAll(async () => {
  fixture = await cloudFixture('e2e_training');
  const { db, close } = await openDatabase({ url: fixture.url, dataDir: '' });
  try {
    await ensureRootUnit(db);
    await ensureRegionUnit(db, { id: 'r-south', name: '华南区' });
    await registerHall(db, { id: 'NS', name: '南山营业厅', timeZone: 'Asia/Shanghai' });
    await ensureHallUnit(db, { hallId: 'NS', name: '南山营业厅', parentId: 'r-south' });
    await putHallConfig(
      db,
      'NS',
      {
        hall: { capacity: 60 },
        services: [
          { id: 'billing', name: '话费业务', prefix: 'A', targetWaitMinutes: 10 },
          { id: 'sim', name: '办卡', prefix: 'S', targetWaitMinutes: 8 },
          { id: 'broadband', name: '宽带业务', prefix: 'B', targetWaitMinutes: 12 },
        ],
        counters: [{ id: 'C01', name: '1号窗口', services: { billing: 1, sim: 1, broadband: 1 } }],
        staff: [{ id: 'E1', name: '王芳' }],
      },
      null,
    );
    const pg = postgres(fixture.url, { max: 1, onnotice: () => {} });
    try {
      for (const [who, name, unit, role] of [
        [TRAINER, '吴培训', 'hq', 'trainer'],
        [HM, '南山店长', 'hall-NS', 'hall_manager'],
        [RM, '李区长', 'r-south', 'region_manager'],
        [WH, '周仓管', 'hq', 'logistics'],
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
  const cloud = await fixture.start({ CLOUD_DATA_DIR: dataDir });
  base = cloud.base.replace(/\/trpc$/, '');
  for (const [k, who] of Object.entries({ trainer: TRAINER, hm: HM, rm: RM, admin: ADMIN }))
    api[k] = await signInApi(base, who);
  browser = await launchBrowser({ viewport: { width: 1920, height: 1080 } });
}, 240_000);

/** A page signed in as `who` (the browser's cookies cleared first: one user at a time). */
async function pageAs(who: { username: string; password: string }, size = { width: 1920, height: 1080 }) {
  const b = browser as Browser;
  await b.context.clearCookies();
  const page = await b.context.newPage();
  await page.setViewportSize(size);
  await page.goto(`${base}/login`);
  await useLang(page, 'zh-CN');
  await page.locator('input[name="username"], #username').first().fill(who.username);
  await page.locator('input[type="password"]').first().fill(who.password);
  await page.locator('form button[type="submit"]').first().click();
  await page.locator('.shell').waitFor();
  return page;
}

const textOf = async (page: Page, selector: string) =>
  ((await page.locator(selector).first().innerText()) ?? '').replace(/\s+/g, ' ').trim();

/**
 * Bytes placed in the cloud's blob store and its table as `PUT /blobs/<sha256>?scope=training` places
 * them (shared as a training file, no hall): the API-made materials' files (the page's upload is tested
 * through the endpoint in the last test).
 */
async function placeBlob(bytes: Uint8Array, contentType: string) {
  const sha = createHash('sha256').update(bytes).digest('hex');
  mkdirSync(join(dataDir, 'blobs', sha.slice(0, 2)), { recursive: true });
  writeFileSync(join(dataDir, 'blobs', sha.slice(0, 2), sha), bytes);
  const pg = postgres((fixture as CloudFixture).url, { max: 1, onnotice: () => {} });
  try {
    await pg`insert into blobs (sha256, content_type, bytes, stored_by, hall_id, shared)
             values (${sha}, ${contentType}, ${bytes.byteLength}, 'user:test', null, '{training}') on conflict do nothing`;
  } finally {
    await pg.end();
  }
  return sha;
}

const search = (q: string, extra: Record<string, unknown> = {}) =>
  api.trainer!.get<Found>('training.library', { q, ...extra });

describe('人员培训: the training library', () => {
  it('a trainer lands on the empty library and writes a note through the page', async () => {
    const page = await pageAs(TRAINER);
    // A trainer's start page is the library; the menu has no overview (no analytics for a trainer).
    await page.waitForURL(/\/training$/);
    const menu = await page.locator('header nav a').allInnerTexts();
    expect(menu).toContain('人员培训');
    expect(menu).not.toContain('总览');
    await page.locator('[data-empty="library"]').waitFor({ timeout: 20_000 });
    expect(await textOf(page, '[data-testid="nothing"]')).toBe('资料库里还没有资料。 点“新建资料”添加第一份培训资料。');
    await page.getByRole('link', { name: '新建资料' }).click();
    await page.waitForURL(/\/training\/new$/);
    const form = page.locator('[data-testid="material-form"]');
    await form.locator('input[name="title"]').waitFor({ timeout: 20_000 });
    expect(await form.locator('select[name="kind"]').inputValue()).toBe('note');
    await form.locator('input[name="title"]').fill(TITLE);
    await form.locator('textarea[name="summary"]').fill('海报张贴的位置、更换与检查');
    await form.locator('textarea[name="body"]').fill(POLICY);
    await form.locator('input[name="skills"]').fill('形象规范、陈列');
    await form.locator('select[name="level"]').selectOption('2');
    await form.locator('label.check', { hasText: '办卡' }).locator('input').check();
    // The keeper: the trainer's top unit unless chosen.
    expect(await form.locator('label', { hasText: '保管单位' }).locator('select').inputValue()).toBe('hq');
    await form.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(/\/training\/materials\/\d+$/);
    ids.note = Number(/(\d+)$/.exec(page.url())?.[1]);
    await page.locator('article.material h1').waitFor();
    expect(await textOf(page, 'article.material h1')).toBe(TITLE);
    // The note keeps its line breaks.
    const text = await page.locator('[data-testid="note-text"]').innerText();
    expect(text.split('\n')).toEqual(POLICY.split('\n'));
    const facts = await textOf(page, 'dl.facts');
    expect(facts).toMatch(/类型 说明 级别 中级 业务类型 办卡 技能 形象规范 陈列 保管单位 总部/);
    expect(await textOf(page, '[data-testid="versions"]')).toMatch(/^第 1 版 .*正在查看 现行版本$/);
    await page.close();
  });

  it('more materials through the API: a text hit, a PDF (its text extracted by the job), a picture, a second page', async () => {
    const trainer = api.trainer!;
    const base = { serviceIds: [], skills: ['形象规范'], level: 1, orgUnitId: 'r-south' };
    ids.checklist = (
      await trainer.call<{ id: number }>('training.createMaterial', {
        ...base,
        kind: 'note',
        title: '门店陈列检查表',
        summary: '每日开门前的陈列检查',
        body: `检查要点：宣传海报是否平整。宣传海报是否过期。宣传海报数量。柜台整洁。${POLICY}`,
      })
    ).id;
    await trainer.call('training.createMaterial', {
      ...base,
      kind: 'note',
      title: '宽带装机流程',
      serviceIds: ['broadband'],
      skills: ['宽带'],
      body: '预约上门时间，核对地址。',
    });
    const pdf = await renderPdf({
      content: [
        { text: '新员工手册' },
        { text: `第一章 ${PDF_ONLY}。` },
        ...Array.from({ length: 30 }, (_, i) => ({ text: `第${i + 2}章 营业厅环境。${POLICY}` })),
      ],
      defaultStyle: { font: 'Sans' },
    });
    const pdfSha = await placeBlob(new Uint8Array(pdf), 'application/pdf');
    ids.pdf = (
      await trainer.call<{ id: number }>('training.createMaterial', {
        ...base,
        kind: 'document',
        title: '新员工手册',
        summary: '入职第一周必读',
        serviceIds: ['billing', 'sim'],
        skills: ['入职'],
        file: { sha256: pdfSha, name: '新员工手册.pdf' },
      })
    ).id;
    // A picture as a phone would send it (PNG from the browser's canvas).
    const page = await (browser as Browser).context.newPage();
    const png = Buffer.from(
      await page.evaluate(() => {
        const c = document.createElement('canvas');
        c.width = 800;
        c.height = 600;
        const g = c.getContext('2d') as CanvasRenderingContext2D;
        g.fillStyle = '#0b4f9c';
        g.fillRect(0, 0, 800, 600);
        g.fillStyle = '#fff8c5';
        g.fillRect(150, 100, 500, 400);
        return c.toDataURL('image/png').split(',')[1] as string;
      }),
      'base64',
    );
    await page.close();
    ids.image = (
      await trainer.call<{ id: number }>('training.createMaterial', {
        ...base,
        kind: 'image',
        title: '柜台陈列示意图',
        level: 1,
        file: { sha256: await placeBlob(new Uint8Array(png), 'image/png'), name: '柜台陈列.png' },
      })
    ).id;
    for (let n = 1; n <= 21; n += 1)
      await trainer.call('training.createMaterial', {
        ...base,
        kind: 'note',
        title: `话费账单常见问题 第${n}期`,
        serviceIds: ['billing'],
        skills: ['话费查询'],
        level: 1 + (n % 3),
        body: `客户问：本月话费为什么比上月多？答：请先查看账单明细。第${n}期。`,
      });
    // The job reads the PDF: its text becomes searchable.
    await until(
      'the PDF text extracted',
      async () =>
        (await api.trainer!.get<{ extraction: string }>('training.material', { id: ids.pdf })).extraction === 'done',
      60_000,
    );
    expect((await search(PDF_ONLY)).rows.map((r) => r.id)).toEqual([ids.pdf]);
  });

  it('"宣传海报" searched on a phone: the title hit first, hits marked, the query kept in the address', async () => {
    const page = await pageAs(TRAINER, PHONE);
    await page.goto(`${base}/training`);
    const cards = page.locator('[data-testid="results"] > li');
    await cards.first().waitFor({ timeout: 20_000 });
    // The whole library, newest first, 20 at a time.
    expect(await textOf(page, '[data-testid="total"]')).toBe('共 26 份资料');
    expect(await cards.count()).toBe(20);
    await page.locator('button[data-action="more"]').click();
    await expect.poll(() => cards.count()).toBe(26);
    expect(await page.locator('button[data-action="more"]').count()).toBe(0);

    await page.locator('input[name="q"]').fill('宣传海报');
    await page.locator('input[name="q"]').press('Enter');
    await page.waitForURL((u) => u.searchParams.get('q') === '宣传海报');
    await page.locator('[data-testid="total"]', { hasText: '找到 3 份资料' }).waitFor();
    const first = cards.first();
    expect(await first.locator('h2').innerText()).toBe(TITLE);
    expect(await first.locator('h2 mark').allInnerTexts()).toEqual(['宣传', '海报']);
    expect(await first.getAttribute('data-material')).toBe(String(ids.note));
    // A text hit: its excerpt around the hit, marked; the PDF's too, with its pages.
    const checklist = page.locator(`[data-testid="results"] > li[data-material="${ids.checklist}"]`);
    expect(await checklist.locator('.excerpt mark').first().innerText()).toBe('宣传');
    const doc = page.locator(`[data-testid="results"] > li[data-material="${ids.pdf}"]`);
    expect(await textOf(page, `[data-testid="results"] > li[data-material="${ids.pdf}"] .card-foot`)).toMatch(
      /话费业务 办卡 入职 初级 \d+ 页/,
    );
    expect(await doc.locator('.badge.kind').innerText()).toBe('文档');
    expect(await doc.locator('.excerpt mark').count()).toBeGreaterThan(0);
    // Hits are text in <mark>, never HTML of the document's.
    expect(await page.locator('[data-testid="results"] mark *').count()).toBe(0);

    // A reload keeps the query and its results.
    await page.reload();
    await page.locator('[data-testid="total"]', { hasText: '找到 3 份资料' }).waitFor({ timeout: 20_000 });
    expect(await page.locator('input[name="q"]').inputValue()).toBe('宣传海报');
    expect(await cards.first().locator('h2').innerText()).toBe(TITLE);

    // A filter is in the address too.
    await page.locator('select[name="kind"]').selectOption('document');
    await page.waitForURL((u) => u.searchParams.get('kind') === 'document');
    await page.locator('[data-testid="total"]', { hasText: '找到 1 份资料' }).waitFor();
    expect(await cards.first().getAttribute('data-material')).toBe(String(ids.pdf));

    // Nothing found is not an empty library.
    await page.goto(`${base}/training?q=${encodeURIComponent('量子纠缠')}`);
    await page.locator('[data-empty="query"]').waitFor({ timeout: 20_000 });
    expect(await textOf(page, '[data-testid="nothing"]')).toBe(
      '没有找到与“量子纠缠”相关的资料。 试试更短或别的词，或去掉筛选条件。',
    );
    await page.close();
  });

  it('a result opened; a new version through the page replaces it; archived and restored', async () => {
    const page = await pageAs(TRAINER);
    await page.goto(`${base}/training?q=${encodeURIComponent('宣传海报')}`);
    await page.locator('[data-testid="results"] > li h2 a').first().click();
    await page.waitForURL(new RegExp(`/training/materials/${ids.note}$`));
    await page.locator('a[data-action="new-version"]').click();
    await page.waitForURL(new RegExp(`/training/new\\?of=${ids.note}$`));
    const form = page.locator('[data-testid="material-form"]');
    await form.locator('input[name="title"]').waitFor({ timeout: 20_000 });
    // Prefilled from the version it replaces.
    expect(await form.locator('input[name="title"]').inputValue()).toBe(TITLE);
    expect(await form.locator('textarea[name="body"]').inputValue()).toBe(POLICY);
    expect(await form.locator('input[name="skills"]').inputValue()).toBe('形象规范、陈列');
    expect(await form.locator('select[name="level"]').inputValue()).toBe('2');
    expect(await form.locator('label.check', { hasText: '办卡' }).locator('input').isChecked()).toBe(true);
    await form.locator('textarea[name="body"]').fill(`${POLICY}\n五、节日海报另行通知。`);
    await form.getByRole('button', { name: '保存为新版本' }).click();
    await page.waitForURL(
      (u) => /\/training\/materials\/\d+$/.test(u.pathname) && !u.pathname.endsWith(`/${ids.note}`),
    );
    ids.note2 = Number(/(\d+)$/.exec(page.url())?.[1]);
    await page.locator('[data-testid="note-text"]', { hasText: '五、节日海报另行通知。' }).waitFor();
    expect(await page.locator('[data-testid="versions"] li').count()).toBe(2);
    expect(await page.locator('[data-testid="versions"] li[aria-current="page"]').getAttribute('data-version')).toBe(
      '2',
    );
    expect(await page.locator('[data-testid="superseded"]').count()).toBe(0);
    // The old version says it was replaced and links to the new one; it takes no new version.
    await page.locator('[data-testid="versions"] li[data-version="1"] a').click();
    await page.waitForURL(new RegExp(`/training/materials/${ids.note}$`));
    await page.locator('[data-testid="superseded"]').waitFor();
    expect(await textOf(page, '[data-testid="superseded"]')).toBe('此版本已被第 2 版替换。 查看第 2 版');
    expect(await page.locator('a[data-action="new-version"], button[data-action="archive"]').count()).toBe(0);
    expect(await page.locator('[data-testid="superseded"] a').getAttribute('href')).toBe(
      `/training/materials/${ids.note2}`,
    );
    // A search finds the version in force only.
    const found = (await search('宣传海报')).rows.map((r) => r.id);
    expect(found).toContain(ids.note2);
    expect(found).not.toContain(ids.note);

    // Archived: said on its page, gone from the library; restored: back.
    await page.locator('[data-testid="superseded"] a').click();
    await page.waitForURL(new RegExp(`/training/materials/${ids.note2}$`));
    await page.locator('button[data-action="archive"]').click();
    await page.locator('[data-testid="archived"]').waitFor();
    expect(await textOf(page, 'p.ok')).toBe('已归档。');
    expect(await page.locator('a[data-action="new-version"]').count()).toBe(0);
    expect((await search('宣传海报')).rows.map((r) => r.id)).not.toContain(ids.note2);
    await page.goto(`${base}/training?q=${encodeURIComponent('宣传海报')}&all=1`);
    const archived = page.locator(`[data-testid="results"] > li[data-material="${ids.note2}"]`);
    await archived.waitFor({ timeout: 20_000 });
    expect(await archived.locator('.card-foot').innerText()).toContain('已归档');
    await archived.locator('h2 a').click();
    await page.locator('button[data-action="restore"]').click();
    await page.locator('p.ok', { hasText: '已恢复' }).waitFor();
    expect(await page.locator('[data-testid="archived"]').count()).toBe(0);
    expect((await search('宣传海报')).rows.map((r) => r.id)).toContain(ids.note2);
    await page.close();
  });

  it("a PDF's page: its download under its name, the beginning of its text, said to be cut; a picture shown", async () => {
    const page = await pageAs(TRAINER);
    await page.goto(`${base}/training/materials/${ids.pdf}`);
    const link = page.locator('[data-testid="download"]');
    await link.waitFor({ timeout: 20_000 });
    expect(await link.getAttribute('download')).toBe('新员工手册.pdf');
    expect(await link.getAttribute('href')).toMatch(/^\/blobs\/[0-9a-f]{64}$/);
    expect(await page.locator('iframe, embed, object').count()).toBe(0);
    expect(await textOf(page, '.download')).toMatch(/文件 下载文件 新员工手册\.pdf \d+ 页 · \d+ KB/);
    expect(await page.locator('[data-testid="file-text"]').innerText()).toContain(PDF_ONLY);
    expect(await textOf(page, '[data-testid="text-cut"]')).toBe('这里只显示开头 2,000 字，完整内容请下载文件查看。');
    // The link gives the trainer the file itself.
    const file = await page.request.get(`${base}${await link.getAttribute('href')}`);
    expect(file.status()).toBe(200);
    expect(file.headers()['content-type']).toBe('application/pdf');
    await page.close();
    // A hall manager sees the picture (a training file is everyone's with training view).
    const hm = await pageAs(HM);
    await hm.goto(`${base}/training/materials/${ids.image}`);
    const img = hm.locator('img.material-image');
    await img.waitFor({ timeout: 20_000 });
    expect(await img.getAttribute('alt')).toBe('资料图片：柜台陈列示意图');
    await expect
      .poll(() => img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth), {
        timeout: 20_000,
      })
      .toBe(800);
    await hm.close();
  });

  it('a hall manager reads without edit buttons; an unknown id is not found; a role without training is refused', async () => {
    const hm = await pageAs(HM);
    expect(await hm.locator('header nav a').allInnerTexts()).toContain('人员培训');
    await hm.goto(`${base}/training`);
    await hm.locator('[data-testid="results"] > li').first().waitFor({ timeout: 20_000 });
    expect(await hm.getByRole('link', { name: '新建资料' }).count()).toBe(0);
    await hm.goto(`${base}/training/materials/${ids.note2}`);
    await hm.locator('[data-testid="note-text"]').waitFor({ timeout: 20_000 });
    expect(await hm.locator('[data-action]').count()).toBe(0);
    await hm.goto(`${base}/training/new`);
    await hm.locator('.state.refused').waitFor({ timeout: 20_000 });
    expect(await textOf(hm, '.state.refused')).toContain('无权新建或修改培训资料');
    for (const id of ['999999', 'abc']) {
      await hm.goto(`${base}/training/materials/${id}`);
      await hm.locator('.state.not-found').waitFor({ timeout: 20_000 });
      expect(await textOf(hm, '.state.not-found')).toContain('找不到这份培训资料');
    }
    await hm.close();

    const wh = await pageAs(WH);
    expect(await wh.locator('header nav a').allInnerTexts()).not.toContain('人员培训');
    for (const path of ['/training', `/training/materials/${ids.note2}`, '/training/new']) {
      await wh.goto(`${base}${path}`);
      await wh.locator('.state.refused').waitFor({ timeout: 20_000 });
      expect(`${path}: ${await textOf(wh, '.state.refused')}`).toMatch(/无权(查看培训资料|新建或修改培训资料)/);
    }
    await wh.close();
  });

  it('every page reads well in both languages at both sizes', async () => {
    const page = await pageAs(TRAINER);
    const read = (name: string, path: string, ready: string) =>
      readEverywhere(page, { base, prefix: 'training', name, path, ready });
    const findings = [
      ...(await read('library', '/training', '[data-testid="results"] > li')),
      ...(await read('search', `/training?q=${encodeURIComponent('宣传海报')}`, '[data-testid="results"] > li mark')),
      ...(await read('no-result', `/training?q=${encodeURIComponent('量子纠缠')}`, '[data-empty="query"]')),
      ...(await read('note', `/training/materials/${ids.note2}`, '[data-testid="note-text"]')),
      ...(await read('superseded', `/training/materials/${ids.note}`, '[data-testid="superseded"]')),
      ...(await read('document', `/training/materials/${ids.pdf}`, '[data-testid="file-text"]')),
      ...(await read('new', '/training/new', '[data-testid="material-form"]')),
      ...(await read('new-version', `/training/new?of=${ids.pdf}`, '[data-testid="file-field"]')),
      ...(await read('not-found', '/training/materials/999999', '.state.not-found')),
    ];
    await page.close();
    const rm = await pageAs(RM);
    findings.push(
      ...(await readEverywhere(rm, {
        base,
        prefix: 'training',
        name: 'image',
        path: `/training/materials/${ids.image}`,
        ready: 'img.material-image',
      })),
    );
    await rm.close();
    const wh = await pageAs(WH);
    findings.push(
      ...(await readEverywhere(wh, { base, prefix: 'training', name: 'refused', path: '/training', ready: '.state' })),
    );
    await wh.close();
    expect(findings).toEqual([]);
  });

  it('a trainer uploads a PDF through the page; its text becomes searchable after the extraction job', async () => {
    const pdf = await renderPdf({
      content: [{ text: '营业厅消防安全' }, { text: '灭火器每月检查一次，安全出口保持畅通。' }],
      defaultStyle: { font: 'Sans' },
    });
    const page = await pageAs(TRAINER);
    await page.goto(`${base}/training/new`);
    const form = page.locator('[data-testid="material-form"]');
    await form.locator('select[name="kind"]').waitFor({ timeout: 20_000 });
    await form.locator('select[name="kind"]').selectOption('document');
    await form.locator('input[name="title"]').fill('营业厅消防安全');
    await form
      .locator('input[type="file"]')
      .setInputFiles({ name: '消防安全.pdf', mimeType: 'application/pdf', buffer: Buffer.from(pdf) });
    await form.locator('[data-testid="file-state"]', { hasText: '已上传：消防安全.pdf' }).waitFor({ timeout: 20_000 });
    await form.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(/\/training\/materials\/\d+$/);
    const id = Number(/(\d+)$/.exec(page.url())?.[1]);
    await until(
      'the uploaded PDF read',
      async () => (await api.trainer!.get<{ extraction: string }>('training.material', { id })).extraction === 'done',
      60_000,
    );
    expect((await search('灭火器')).rows.map((r) => r.id)).toEqual([id]);
    await page.reload();
    expect(await page.locator('[data-testid="file-text"]').innerText()).toContain('安全出口保持畅通');
    await page.close();
  });
});

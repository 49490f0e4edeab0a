/// <reference lib="dom" />
/**
 * 指标库 in Debian's Chromium against a real cloud on PostgreSQL: the administrator opens the shrunk
 * rating KPI, types its formula with a typo and is told in words what is wrong, with the typo underlined
 * where it is; fixes it, previews it on the last 30 days of the hall (the clerks' values and scores, one
 * with too few ratings), saves it, and version 2 is listed with what changed. The catalogue and the
 * editor are proof-read in both languages at 1920×1080 and 390×844 (no other-language text, raw codes or
 * over-long numbers; nothing wider than a phone) and screenshot to .artifacts/screenshots/kpis-*.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, layoutFindings, scanRenderedText, screenshotsDir, type Browser } from '@hall/scripts/harness';
import { ADMIN, cloudFixture, post, query, signIn, type CloudFixture } from './cloud-fixture.ts';
import { runPart } from './processes.ts';

const HALL = 'H-KPI';
const PASSWORD = 'Kpi-Pages-2026!';
const MANAGER = { username: 'kpi-manager', password: PASSWORD };
const CLERK = { username: 'kpi-clerk', password: PASSWORD };
type Lang = 'zh-CN' | 'en';
const PHONE = { width: 390, height: 844 };
const DESK = { width: 1920, height: 1080 };

let fixture: CloudFixture | undefined;
let browser: Browser | undefined;
let origin = '';

/** A day n days before today (UTC, as the preview counts its 30 days). */
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

afterAll(async () => {
  await browser?.close();
  await fixture?.stop();
});

beforeAll(async () => {
  fixture = await cloudFixture('e2e_kpis');
  await runPart('cloud/src/main.ts', { ...fixture.env, CLOUD_PORT: '0' }, [
    'add-hub',
    '--hall',
    HALL,
    '--name',
    '福田营业厅',
    '--hub',
    'hub-kpi',
  ]);
  const cloud = await fixture.start();
  origin = cloud.base.replace(/\/trpc$/, '');

  // The hall's daily facts as the daily job keeps them: 李娜 with 24 ratings over three days, 王强 with 3.
  const sql = postgres(fixture.url, { max: 1, onnotice: () => undefined });
  const contract = { kind: 'full-time', minWeekHours: 32, maxWeekHours: 44, maxDaysPerWeek: 5, minRestHours: 11 };
  for (const [id, staffId, name] of [
    ['e-li', 'E2001', '李娜'],
    ['e-wang', 'E2002', '王强'],
  ] as const)
    await sql`insert into employees (id, hall_id, staff_id, name, contract)
      values (${id}, ${HALL}, ${staffId}, ${name}, ${sql.json(contract)})`;
  for (const n of [3, 4, 5]) {
    const rows = [
      ['clerk', 'e-li', { ratings: 8, rating_sum: 38, served: 60, session_minutes: 420 }],
      ['clerk', 'e-wang', { ratings: 1, rating_sum: 3, served: 40, session_minutes: 400 }],
      ['hall', HALL, { ratings: 30, rating_sum: 129, served: 300, session_minutes: 2400 }],
    ] as const;
    for (const [kind, subject, facts] of rows)
      await sql`insert into kpi_daily (hall_id, date, subject_kind, subject_id, facts)
        values (${HALL}, ${daysAgo(n)}, ${kind}, ${subject}, ${sql.json(facts)})`;
  }
  await sql.end();

  // The hall's manager (views and previews, cannot change the catalogue) and a clerk (sees none of it).
  const admin = await signIn(cloud.base);
  const headers = { cookie: admin.cookie, 'x-csrf-token': decodeURIComponent(admin.csrf) };
  const tree = await query<Array<{ id: string; hallId: string | null }>>(cloud.base, 'org.tree', undefined, admin);
  const unit = tree.find((u) => u.hallId === HALL)?.id as string;
  for (const [username, role] of [
    [MANAGER.username, 'hall_manager'],
    [CLERK.username, 'staff'],
  ] as const) {
    const created = await post(
      cloud.base,
      'users.create',
      { orgUnitId: unit, username, name: username === MANAGER.username ? '陈经理' : '李娜', password: PASSWORD },
      headers,
    );
    const { userId } = ((await created.json()) as { result: { data: { userId: string } } }).result.data;
    await post(cloud.base, 'users.grant', { orgUnitId: unit, userId, role }, headers);
  }
  browser = await launchBrowser({ viewport: DESK });
}, 180_000);

async function signInPage(page: Page, who: { username: string; password: string } = ADMIN) {
  await page.context().clearCookies();
  await page.goto(`${origin}/login`);
  await page.locator('input[name="username"], #username').first().fill(who.username);
  await page.locator('input[type="password"]').first().fill(who.password);
  await page.locator('form button[type="submit"]').first().click();
  await page.locator('.shell').waitFor();
}

async function useLang(page: Page, lang: Lang) {
  await page.evaluate((l) => window.localStorage.setItem('hall.lang', l), lang);
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(screenshotsDir(), `kpis-${name}.png`), fullPage: true });
}

async function proofRead(page: Page, lang: Lang) {
  return (await scanRenderedText(page, lang)).map((f) => `${f.kind}: "${f.text}" at ${f.where}`);
}

describe('the KPI catalogue in the browser', () => {
  it('a typo in a formula is shown where it is and in words; fixed, previewed and saved, it is version 2', async () => {
    const page = await (browser as Browser).context.newPage();
    await page.setViewportSize(DESK);
    await signInPage(page);
    await useLang(page, 'zh-CN');

    // An empty catalogue offers the defaults.
    await page.goto(`${origin}/kpis`);
    await page.locator('.catalogue-page .empty button').click();
    await page.locator('tr[data-kpi="rating"]').waitFor();

    await page.locator('tr[data-kpi="rating"] th a').click();
    await page.locator('textarea[name="formula"]').waitFor();
    await page.locator('.formula-field .ok').waitFor();

    const typo = 'shrink(rating_sum, ratings, ratio(hall_rating_sum, hall_ratngs), 8)';
    await page.locator('textarea[name="formula"]').fill(typo);
    const error = page.locator('.formula-field .formula-error');
    await error.waitFor();
    expect(await error.textContent()).toBe(
      `公式第 ${typo.indexOf('hall_ratngs') + 1} 个字符处的「hall_ratngs」不是可用的指标数据：请从右侧参考中选择`,
    );
    const mark = page.locator('.formula-mirror mark');
    expect(await mark.textContent()).toBe('hall_ratngs');
    expect(await page.locator('.formula-mirror').getAttribute('data-error-position')).toBe(
      String(typo.indexOf('hall_ratngs')),
    );
    expect(await page.locator('button[name="save"]').isDisabled()).toBe(true);

    // Fixed through the reference: the typo removed, the right fact inserted with a click.
    const fixedPrefix = 'shrink(rating_sum, ratings, ratio(hall_rating_sum, ';
    await page.locator('textarea[name="formula"]').fill(`${fixedPrefix}), 8)`);
    await page.locator('textarea[name="formula"]').evaluate((el: HTMLTextAreaElement, at) => {
      el.focus();
      el.setSelectionRange(at, at);
    }, fixedPrefix.length);
    await page.locator('.reference input[type="search"]').fill('ratings');
    await page.locator('.reference button[data-insert="ratings"]').click();
    expect(await page.locator('textarea[name="formula"]').inputValue()).toBe(
      'shrink(rating_sum, ratings, ratio(hall_rating_sum, ratings), 8)',
    );
    // …which is not what was meant: the hall's count is hall_ratings.
    const fixed = 'shrink(rating_sum, ratings, ratio(hall_rating_sum, hall_ratings), 8)';
    await page.locator('textarea[name="formula"]').fill(fixed);
    await page.locator('.formula-field .ok').waitFor();
    expect(await page.locator('.formula-mirror').count()).toBe(0);

    // Preview on the hall's last 30 days: 李娜 (24 ratings summing 114, hall mean 4.3):
    // (114 + 4.3 × 8) / 32 = 4.6375 → score (4.6375 − 3.5) / 1.3 = 87.5; 王强 has 3 ratings: too few.
    await page.locator('select[name="preview-unit"]').selectOption({ label: '福田营业厅' });
    await page.locator('button[name="preview"]').click();
    const li = page.locator('.preview-table tr[data-subject="e-li"]');
    await li.waitFor();
    expect(await li.locator('th').textContent()).toBe('李娜');
    expect((await li.locator('td').allTextContents()).slice(1, 3)).toEqual(['4.64', '87.5']);
    const wang = page.locator('.preview-table tr[data-subject="e-wang"]');
    expect((await wang.locator('td').allTextContents())[2]).toBe('样本不足');
    expect(await page.locator('.preview-counts').textContent()).toBe('已评分 1 个，样本不足 1 个，无值 0 个');
    await shot(page, 'editor-preview-zh-CN-desk');

    await page.locator('input[name="reason"]').fill('先验权重改为 8');
    await page.locator('button[name="save"]').click();
    await page.locator('.editor-actions .ok').waitFor();
    expect(await page.locator('.editor-actions .ok').textContent()).toBe('已保存为第 2 版');
    const v2 = page.locator('.versions li[data-version="2"]');
    await v2.waitFor();
    expect(await v2.locator('.change').first().textContent()).toContain('hall_ratings), 8)');

    await page.goto(`${origin}/kpis`);
    await page.locator('tr[data-kpi="rating"]').waitFor();
    expect(await page.locator('tr[data-kpi="rating"] td').last().textContent()).toBe('第 2 版（共 2 版）');
    await page.close();
  });

  it('reads right in both languages on a desk and on a phone', async () => {
    const page = await (browser as Browser).context.newPage();
    await signInPage(page);
    const findings: string[] = [];
    for (const lang of ['zh-CN', 'en'] as const) {
      await useLang(page, lang);
      for (const [size, viewport] of [
        ['desk', DESK],
        ['phone', PHONE],
      ] as const) {
        await page.setViewportSize(viewport);
        for (const [name, path, ready] of [
          ['list', '/kpis', 'tr[data-kpi="rating"]'],
          ['editor', '/kpis/rating', '.versions li[data-version="2"]'],
          ['new', '/kpis/new', 'textarea[name="formula"]'],
        ] as const) {
          await page.goto(`${origin}${path}`);
          await page.locator(ready).waitFor();
          if (name === 'editor') {
            await page.locator('button[name="preview"]').click();
            await page.locator('.preview-table tr[data-subject="e-li"]').waitFor();
          }
          if (name === 'new') {
            await page.locator('textarea[name="formula"]').fill('served / (session_minutes / 60');
            await page.locator('.formula-field .formula-error').waitFor();
          }
          await shot(page, `${name}-${lang}-${size}`);
          findings.push(
            ...(await proofRead(page, lang)).map((f) => `${name} ${lang} ${size}: ${f}`),
            ...(size === 'phone'
              ? (await layoutFindings(page)).map((f) => `${name} ${lang} ${size}: ${JSON.stringify(f)}`)
              : []),
          );
        }
      }
    }
    expect(findings).toEqual([]);
    await page.close();
  });

  it('a hall manager views and previews but cannot change it; a clerk is told it is not for them', async () => {
    const page = await (browser as Browser).context.newPage();
    await page.setViewportSize(PHONE);
    await signInPage(page, MANAGER);
    await useLang(page, 'zh-CN');
    await page.goto(`${origin}/kpis`);
    await page.locator('tr[data-kpi="rating"]').waitFor();
    expect(await page.locator('a[href="/kpis/new"]').count()).toBe(0);
    await page.goto(`${origin}/kpis/rating`);
    await page.locator('.read-only').waitFor();
    expect(await page.locator('button[name="save"]').isVisible()).toBe(false);
    await page.locator('button[name="preview"]').click();
    await page.locator('.preview-table tr[data-subject="e-li"]').waitFor();
    await shot(page, 'editor-manager-zh-CN-phone');

    await signInPage(page, CLERK);
    await page.goto(`${origin}/kpis`);
    await page.locator('.state.refused').waitFor();
    expect(await page.locator('.state.refused p').first().textContent()).toBe('您没有权限查看指标库。');
    await page.goto(`${origin}/kpis/no-such-kpi`);
    await page.locator('.state.refused').waitFor();
    await page.close();
  });
});

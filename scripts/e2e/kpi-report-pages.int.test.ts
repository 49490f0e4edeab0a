/// <reference lib="dom" />
/**
 * The KPI report pages in Debian's Chromium against a real cloud on the harness's PostgreSQL: a hall's
 * staff imported from its config, two KPIs and two days of `kpi_daily` rows seeded, yesterday's report
 * and the HQ roll-up made through the API; then the manager's list, the day's report (clerk names,
 * figures, 样本不足) and the roll-up, proof-read in both languages at 1920×1080 and 390×844
 * (scanRenderedText, no horizontal overflow); screenshots under .artifacts/screenshots/kpi-report-*.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@hall/cloud/db';
import type { Page } from 'playwright-core';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort,
  launchBrowser,
  scratchDatabase,
  screenshotsDir,
  type Browser,
  signInApi,
} from '@hall/scripts/harness';
import { demoKpiReports } from '../demo/perf-report.ts';
import { runPart, startPart, type PartProcess } from './processes.ts';
import { readEverywhere as readPage, useLang } from './proof-read.ts';

const dir = mkdtempSync(join(tmpdir(), 'hall-e2e-kpi-report-'));
const parts: PartProcess[] = [];
let dropDatabase: (() => Promise<void>) | undefined;
let browser: Browser | undefined;
let base = '';
let root = '';
const PASSWORD = 'Kpi-Report-2026!';
const HALL = 'H-FT';
const today = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
}).format(Date.now());
const dayBefore = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
const YESTERDAY = dayBefore(1);

const signIn = (username: string, password: string) => signInApi(base, { username, password });

afterAll(async () => {
  await browser?.close();
  await Promise.allSettled(parts.map((p) => p.stop('SIGKILL')));
  await dropDatabase?.();
  rmSync(dir, { recursive: true, force: true });
});

beforeAll(async () => {
  const scratch = await scratchDatabase('e2e_kpi_report');
  dropDatabase = () => scratch.drop();
  const cloudEnv = {
    DATABASE_URL: scratch.url,
    CLOUD_HOST: '127.0.0.1',
    CLOUD_PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
  };
  await runPart('cloud/src/main.ts', { ...cloudEnv, CLOUD_ADMIN_PASSWORD: PASSWORD }, [
    'add-admin',
    '--username',
    'manager',
    '--name',
    '张经理',
  ]);
  await runPart('cloud/src/main.ts', cloudEnv, ['add-hub', '--hall', HALL, '--name', '福田营业厅', '--hub', 'hub-ft']);
  await runPart('cloud/src/main.ts', cloudEnv, [
    'add-hub',
    '--hall',
    'H-LH',
    '--name',
    '罗湖营业厅',
    '--hub',
    'hub-lh',
  ]);
  const { db, close } = await openDatabase({ url: scratch.url, dataDir: '' });
  const { putHallConfig } = await import('@hall/cloud/halls');
  await putHallConfig(
    db,
    HALL,
    {
      hall: { capacity: 40 },
      services: [{ id: 'billing', name: '话费业务', prefix: 'A' }],
      counters: [{ id: 'C01', name: '1号窗口', services: { billing: 1 } }],
      staff: [
        { id: 'E1001', name: '王芳' },
        { id: 'E1002', name: '李强' },
      ],
    },
    null,
  );
  await close();
  const cloud = await startPart('cloud/src/main.ts', cloudEnv, 'cloud.ready');
  parts.push(cloud);
  base = `http://127.0.0.1:${cloud.ready.port as number}`;
  const admin = await signIn('manager', PASSWORD);
  const { items } = await admin.get<{ items: Array<{ id: string; staffId: string }> }>('staff.list', { hallId: HALL });
  const id = (staffId: string) => items.find((e) => e.staffId === staffId)?.id as string;
  root = (await admin.get<Array<{ id: string; parentId: string | null }>>('org.tree')).find((u) => !u.parentId)
    ?.id as string;
  // The catalogue and the facts job's rows (their own modules write these; here by hand).
  const pg = postgres(scratch.url, { max: 1, onnotice: () => {} });
  try {
    const kpi = (
      key: string,
      zh: string,
      en: string,
      formula: string,
      unit: string,
      target: number,
      bands: object,
      min: object | null,
      period = 'month',
    ) =>
      pg`insert into kpi_definitions (key, version, name_zh, name_en, formula, unit, direction, target, bands, weight, applies_to, period, min_sample, created_at)
         values (${key}, 1, ${zh}, ${en}, ${formula}, ${unit}, 'higher', ${target}, ${pg.json(bands as never)}, 1,
                 ${pg.json({ subjects: ['clerk', 'hall'] })}, ${period}, ${min ? pg.json(min as never) : null}, '2026-01-01')`;
    // A day's volume (bands 0 → 50 a day): the daily report's day column scores it as it is.
    await kpi(
      'served',
      '办结量',
      'Served',
      'served',
      'count',
      60,
      { kind: 'linear', zeroAt: 0, fullAt: 50 },
      null,
      'day',
    );
    await kpi(
      'rating',
      '满意度',
      'Rating',
      'ratio(rating_sum, ratings)',
      'score',
      4.5,
      { kind: 'linear', zeroAt: 3, fullAt: 5 },
      {
        fact: 'ratings',
        n: 5,
      },
    );
    const row = (
      hall: string,
      date: string,
      kind: string,
      subject: string,
      served: number,
      ratings: number,
      sum: number,
    ) =>
      pg`insert into kpi_daily (hall_id, date, subject_kind, subject_id, facts)
         values (${hall}, ${date}, ${kind}, ${subject}, ${pg.json({ served, ratings, rating_sum: sum })})`;
    await row(HALL, dayBefore(2), 'clerk', id('E1001'), 20, 6, 30);
    await row(HALL, dayBefore(2), 'clerk', id('E1002'), 50, 8, 40);
    await row(HALL, dayBefore(2), 'hall', HALL, 70, 14, 70);
    await row(HALL, YESTERDAY, 'clerk', id('E1001'), 30, 4, 18);
    await row(HALL, YESTERDAY, 'clerk', id('E1002'), 45, 10, 47);
    await row(HALL, YESTERDAY, 'hall', HALL, 75, 14, 65);
    await row('H-LH', YESTERDAY, 'hall', 'H-LH', 40, 10, 42);
  } finally {
    await pg.end();
  }
  // The demo's own function: yesterday's reports and the roll-up above the halls.
  const made = await demoKpiReports(admin, [HALL, 'H-LH'], { today, waitMs: 0 });
  expect(made).toEqual([`${HALL} ${YESTERDAY}`, `H-LH ${YESTERDAY}`, `region:${root} ${YESTERDAY}`]);
  browser = await launchBrowser({ viewport: { width: 1920, height: 1080 } });
}, 180_000);

async function signInPage(page: Page) {
  await page.goto(`${base}/login`);
  await page.locator('input[name="username"], #username').first().fill('manager');
  await page.locator('input[type="password"]').first().fill(PASSWORD);
  await page.locator('form button[type="submit"]').first().click();
  await page.locator('.shell').waitFor();
}

const readEverywhere = (page: Page, name: string, path: string, ready: string) =>
  readPage(page, { base, prefix: 'kpi-report', name, path, ready });

describe('KPI report pages', () => {
  it("lists a hall's KPI reports, shows a day's report and the roll-up, readable in both languages and sizes", async () => {
    const page = await (browser as Browser).context.newPage();
    await signInPage(page);
    const findings = await readEverywhere(page, 'list', `/halls/${HALL}/kpi-reports`, `tr[data-report="${YESTERDAY}"]`);
    findings.push(...(await readEverywhere(page, 'day', `/halls/${HALL}/kpi-reports/${YESTERDAY}`, 'tr[data-row]')));
    findings.push(
      ...(await readEverywhere(page, 'rollup', `/kpi-reports/region/${root}/${YESTERDAY}`, 'tr[data-row="H-LH"]')),
    );
    expect(findings).toEqual([]);

    await useLang(page, 'zh-CN');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(`${base}/halls/${HALL}/kpi-reports/${YESTERDAY}`);
    await page.locator('tr[data-row]').first().waitFor();
    // 李强 first (the better month); 王芳's day: 30 served, 4 ratings: 4.5 shown with 样本不足.
    const rows = await page.locator('tr[data-row]').allInnerTexts();
    expect(rows[0]).toContain('李强');
    expect(rows[1]).toMatch(/王芳[\s\S]*30[\s\S]*50/);
    expect(rows[1]).toContain('满意度（当日）');
    expect(await page.locator('[data-hall-kpis]').innerText()).toContain('75');
    expect(await page.locator('[data-below]').innerText()).toMatch(/王芳[\s\S]*办结量[\s\S]*50[\s\S]*60/);
    expect(await page.locator('[data-movers="day"]').innerText()).toMatch(/退步 李强 -12\.5、王芳 -10/);
    // The roll-up: 福田 first this month.
    await page.goto(`${base}/kpi-reports/region/${root}/${YESTERDAY}`);
    await page.locator('tr[data-row]').first().waitFor();
    expect((await page.locator('tr[data-row]').allInnerTexts())[0]).toContain('福田营业厅');
    // The hall's manager sets the time: saved at the hall's unit, the hall's schedule follows.
    await page.goto(`${base}/halls/${HALL}/kpi-reports`);
    await page.locator('details.kpi-report-settings summary').click();
    expect(await page.locator('details.kpi-report-settings').innerText()).toContain('当前使用默认设置');
    await page.locator('form[data-settings] input[name="time"]').fill('07:30');
    await page.locator('form[data-settings] input[value="en"]').uncheck();
    await page.getByRole('button', { name: '保存设置' }).click();
    await page.getByRole('status').filter({ hasText: '已保存' }).waitFor();
    await page.screenshot({ path: join(screenshotsDir(), 'kpi-report-settings-zh-CN-1920.png'), fullPage: true });
    const admin = await signIn('manager', PASSWORD);
    const units = await admin.get<Array<{ id: string; hallId: string | null }>>('org.tree');
    const hallUnit = units.find((u) => u.hallId === HALL)?.id as string;
    expect(await admin.get('kpiReports.settings.get', { orgUnitId: hallUnit })).toMatchObject({
      enabled: true,
      time: '07:30',
      languages: ['zh-CN'],
      fromUnitId: hallUnit,
    });
    // A day without a report offers to make one.
    await page.goto(`${base}/halls/${HALL}/kpi-reports/${dayBefore(5)}`);
    await page.locator('[data-action="generate"]').first().waitFor();
    await page.close();
  });
});

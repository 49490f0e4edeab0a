/// <reference lib="dom" />
/**
 * The forecast page and the planning-settings page in Debian's Chromium against a real cloud on
 * PostgreSQL: a hall with five weeks of tickets gets its settings and forecast through the API as
 * `npm start`'s demo makes them (scripts/demo/forecast-demo.ts: the cloud's forecast job), then both
 * pages read right in both languages at 1920×1080 and 390×844 (no other-language text, over-long
 * numbers or raw codes; nothing wider than a phone), the accuracy table shows the stored WAPE, and a
 * wrong setting is refused with its field marked. Screenshots go to .artifacts/screenshots/forecast-*.
 */
import { join } from 'node:path';
import { openDatabase } from '@hall/cloud/db';
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort,
  launchBrowser,
  layoutFindings,
  scanRenderedText,
  scratchDatabase,
  screenshotsDir,
  type Browser,
  signInApi,
} from '@hall/scripts/harness';
import { demoForecasts } from '../demo/forecast-demo.ts';
import { runPart, startPart, type PartProcess } from './processes.ts';

const parts: PartProcess[] = [];
let dropDatabase: (() => Promise<void>) | undefined;
let browser: Browser | undefined;
let base = '';
const PASSWORD = 'Forecast-Page-2026!';
const HALL = 'H-FC';
type Lang = 'zh-CN' | 'en';
const LANGS: Lang[] = ['zh-CN', 'en'];
const HOURS = { open: '09:00', close: '17:00' };

const signIn = (username: string) => signInApi(base, { username, password: PASSWORD });

afterAll(async () => {
  await browser?.close();
  await Promise.allSettled(parts.map((p) => p.stop('SIGKILL')));
  await dropDatabase?.();
});

beforeAll(async () => {
  const scratch = await scratchDatabase('e2e_forecast');
  dropDatabase = () => scratch.drop();
  const cloudEnv = {
    DATABASE_URL: scratch.url,
    CLOUD_HOST: '127.0.0.1',
    CLOUD_PORT: String(await freePort()),
    CLOUD_JOBS_POLL_MS: '200',
    LOG_LEVEL: 'warn',
  };
  await runPart('cloud/src/main.ts', { ...cloudEnv, CLOUD_ADMIN_PASSWORD: PASSWORD }, [
    'add-admin',
    '--username',
    'manager',
    '--name',
    '张经理',
  ]);
  await runPart('cloud/src/main.ts', cloudEnv, ['add-hub', '--hall', HALL, '--name', '福田营业厅', '--hub', 'hub-fc']);
  const { db, close } = await openDatabase({ url: scratch.url, dataDir: '' });
  try {
    const { putHallConfig } = await import('@hall/cloud/halls');
    await putHallConfig(
      db,
      HALL,
      {
        hall: {
          capacity: 40,
          openingHours: { mon: HOURS, tue: HOURS, wed: HOURS, thu: HOURS, fri: HOURS, sat: HOURS, sun: null },
        },
        services: [
          { id: 'billing', name: '话费业务', prefix: 'A' },
          { id: 'phone', name: '手机终端', prefix: 'B' },
        ],
        counters: [{ id: 'C01', name: '1号窗口', services: { billing: 1, phone: 1 } }],
      },
      null,
    );
    // Five weeks of tickets (Monday–Saturday, 09:00–17:00): a morning and an afternoon peak, busier
    // Mondays and Saturdays, billing busier than phones; served in 5 minutes from the call.
    await db.execute(sql`
      INSERT INTO tickets (hub_id, issue_seq, hall_id, ticket_no, service_id, channel, issued_at, arrival_at,
                           first_called_at, started_at, ended_at, outcome)
      SELECT 'hub-fc', row_number() OVER (), ${HALL}, 'T' || row_number() OVER (), svc, 'kiosk', at, at,
             at + interval '3 minutes', at + interval '4 minutes', at + interval '8 minutes', 'done'
        FROM (
          SELECT svc, ((d::date + time '09:00') AT TIME ZONE 'Asia/Shanghai') + (i * 30 + k * 2) * interval '1 minute' AS at
            FROM generate_series(current_date - 35, current_date - 1, interval '1 day') AS d,
                 unnest(array['billing', 'phone']) AS svc,
                 generate_series(0, 15) AS i,
                 generate_series(0, 14) AS k
           WHERE extract(dow FROM d) <> 0
             AND k < round((3 + 3 * exp(-((i - 3) ^ 2) / 4.0) + 2 * exp(-((i - 11) ^ 2) / 5.0))
                           * (CASE extract(dow FROM d) WHEN 1 THEN 1.3 WHEN 6 THEN 1.5 ELSE 1 END)
                           * (CASE svc WHEN 'billing' THEN 1.4 ELSE 0.7 END)
                           + ((extract(doy FROM d)::int * 7 + i * 3) % 5 - 2) * 0.4)
        ) AS x`);
  } finally {
    await close();
  }
  const cloud = await startPart('cloud/src/main.ts', cloudEnv, 'cloud.ready');
  parts.push(cloud);
  base = `http://127.0.0.1:${cloud.ready.port as number}`;
  // The demo's planning inputs through the API (settings saved as version 1, the forecast job run and
  // waited for), as `npm start` makes them.
  const admin = await signIn('manager');
  const lines = await demoForecasts(admin, [HALL]);
  expect(lines[0]).toMatch(/^H-FC: forecast v1, WAPE \d+(\.\d)?% over \d+ days$/);
  browser = await launchBrowser({ viewport: { width: 1920, height: 1080 } });
}, 240_000);

async function signInPage(page: Page) {
  await page.goto(`${base}/login`);
  await page.locator('input[name="username"], #username').first().fill('manager');
  await page.locator('input[type="password"]').first().fill(PASSWORD);
  await page.locator('form button[type="submit"]').first().click();
  await page.locator('.shell').waitFor();
}

async function open(page: Page, path: string, ready: string) {
  await page.goto(`${base}${path}`);
  await page.locator(ready).first().waitFor({ timeout: 20_000 });
  await page.waitForLoadState('networkidle').catch(() => undefined);
}

const PAGES = [
  { name: 'forecast', path: `/halls/${HALL}/forecast`, ready: 'table[data-table="accuracy-weeks"] tbody tr' },
  {
    name: 'forecast-past-week',
    // Two weeks back: the backtest's forecasts against the tickets that came, for one service.
    path: `/halls/${HALL}/forecast?service=phone&week=${new Date(Date.now() - 14 * 86_400_000).toISOString().slice(0, 10)}`,
    ready: 'table[data-table="accuracy-weeks"] tbody tr',
  },
  {
    name: 'plan-settings',
    path: `/halls/${HALL}/scheduling/settings`,
    ready: 'table[data-table="templates"] tbody tr',
  },
];

describe('forecast and planning-settings pages', () => {
  it('read right in both languages on a desktop and a phone, with the stored accuracy', async () => {
    const page = await (browser as Browser).context.newPage();
    await signInPage(page);
    const findings: Record<string, string[]> = {};
    for (const lang of LANGS) {
      await page.evaluate((l) => window.localStorage.setItem('hall.lang', l), lang);
      for (const size of [
        { width: 1920, height: 1080 },
        { width: 390, height: 844 },
      ]) {
        await page.setViewportSize(size);
        for (const p of PAGES) {
          await open(page, p.path, p.ready);
          const key = `${p.name} ${lang} ${size.width}`;
          findings[key] = (await scanRenderedText(page, lang)).map((f) => `${f.kind}: "${f.text}" at ${f.where}`);
          if (size.width === 390)
            findings[`${key} layout`] = (await layoutFindings(page)).map((f) => JSON.stringify(f));
          await page.screenshot({
            path: join(screenshotsDir(), `forecast-${p.name}-${lang}-${size.width}.png`),
            fullPage: true,
          });
        }
      }
    }
    expect(Object.fromEntries(Object.entries(findings).filter(([, f]) => f.length))).toEqual({});
    // The accuracy shown is the stored one (the page formats it to a tenth of a percent).
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.evaluate(() => window.localStorage.setItem('hall.lang', 'en'));
    await open(page, PAGES[0]?.path as string, PAGES[0]?.ready as string);
    const admin = await signIn('manager');
    const status = await admin.get<{ forecast: { accuracy: { wape: number } } }>('forecast.status', {
      hallId: HALL,
    });
    const wape = `${(Math.round(status.forecast.accuracy.wape * 1000) / 10).toFixed(1).replace(/\.0$/, '')}%`;
    expect(await page.locator('.facts dd.big').first().textContent()).toBe(wape);
    // The week's chart and the requirement have their tables.
    expect(await page.locator('table[data-table="forecast-days"] tbody tr').count()).toBe(7);
    expect(await page.locator('table[data-table="requirement-days"] tbody tr').count()).toBe(6);
  });

  it('refuses a wrong setting with its field marked, and saves a right one as the next version', async () => {
    const page = await (browser as Browser).context.newPage();
    await signInPage(page);
    await page.evaluate(() => window.localStorage.setItem('hall.lang', 'zh-CN'));
    await open(page, `/halls/${HALL}/scheduling/settings`, 'table[data-table="templates"] tbody tr');
    const occupancy = page.locator('label', { hasText: '柜员占用率上限' }).locator('input');
    await occupancy.fill('150');
    await occupancy.dispatchEvent('change');
    await page.locator('button[type="submit"]').click();
    await page.locator('.plan-settings [role="alert"]').waitFor();
    expect(await page.locator('.plan-settings [role="alert"]').textContent()).toContain('排班设置有误');
    expect(await page.locator('label.invalid', { hasText: '柜员占用率上限' }).count()).toBe(1);
    await occupancy.fill('90');
    await occupancy.dispatchEvent('change');
    await page.locator('button[type="submit"]').click();
    // Saved as version 2 (the demo saved version 1), and listed with the first.
    await page.locator('.page-head .muted', { hasText: '第 2 版' }).waitFor();
    await page.locator('table[data-table="settings-history"] tbody tr:nth-child(2)').waitFor();
    expect(await page.locator('table[data-table="settings-history"] tbody tr').count()).toBe(2);
  });
});

/// <reference lib="dom" />
/**
 * Assessment cycles in Debian's Chromium against a real cloud on PostgreSQL: a cycle opened over seeded
 * daily KPI facts; the hall manager adjusts a line with a reason on a 1920×1080 screen (without a reason
 * the form says so); the clerk appeals a line on a 390×844 phone; the manager accepts it with a new
 * score; the clerk sees the answer and the new total. Then the demo's cycles are made through the API and
 * every cycles page is proof-read in both languages (no other-language text, raw codes or overflow on a
 * phone) and screenshot to .artifacts/screenshots/cycles-*.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort,
  launchBrowser,
  layoutFindings,
  scanRenderedText,
  scratchDatabase,
  screenshotsDir,
  type Browser,
} from '@hall/scripts/harness';
import { demoCycles } from '../demo/perf-cycles.ts';
import { session, type Session } from '../demo/wishes-demo.ts';
import { runPart, startPart, type PartProcess } from './processes.ts';

const PASSWORD = 'Cycles-Pages-2026!';
const HALL = 'H-CY';
type Lang = 'zh-CN' | 'en';
const PHONE = { width: 390, height: 844 };
const DESK = { width: 1920, height: 1080 };

const parts: PartProcess[] = [];
let dropDatabase: (() => Promise<void>) | undefined;
let browser: Browser | undefined;
let base = '';
let admin: Session;
let cycleId = 0;

const plus = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const FROM = plus(today, -28);

afterAll(async () => {
  await browser?.close();
  await Promise.allSettled(parts.map((p) => p.stop('SIGKILL')));
  await dropDatabase?.();
});

beforeAll(async () => {
  const scratch = await scratchDatabase('e2e_cycles');
  dropDatabase = () => scratch.drop();
  const env = {
    DATABASE_URL: scratch.url,
    CLOUD_HOST: '127.0.0.1',
    CLOUD_PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
  };
  await runPart('cloud/src/main.ts', { ...env, CLOUD_ADMIN_PASSWORD: PASSWORD }, ['add-admin', '--username', 'admin']);
  await runPart('cloud/src/main.ts', env, ['add-hub', '--hall', HALL, '--name', '福田营业厅', '--hub', 'hub-cy']);
  const cloud = await startPart('cloud/src/main.ts', env, 'cloud.ready');
  parts.push(cloud);
  base = `http://127.0.0.1:${cloud.ready.port as number}`;
  admin = await session(base, { username: 'admin', password: PASSWORD });

  const tree = await admin.get<Array<{ id: string; hallId: string | null }>>('org.tree');
  const unit = tree.find((u) => u.hallId === HALL)?.id as string;
  const ids: Record<string, string> = {};
  for (const [username, name, role] of [
    ['cy-lead', '陈经理', 'hall_manager'],
    ['cy-fang', '王芳', 'staff'],
    ['cy-lei', '刘磊', 'staff'],
  ] as const) {
    const { userId } = await admin.call<{ userId: string }>('users.create', {
      orgUnitId: unit,
      username,
      name,
      password: PASSWORD,
    });
    await admin.call('users.grant', { orgUnitId: unit, userId, role });
    ids[username] = userId;
  }

  // Employees, the KPI catalogue (version 1, as the catalogue writes it) and four weeks of daily facts.
  const sql = postgres(scratch.url, { max: 1, onnotice: () => undefined });
  const contract = { kind: 'full-time', minWeekHours: 0, maxWeekHours: 40, maxDaysPerWeek: 5, minRestHours: 11 };
  for (const [id, staffId, name, user] of [
    ['e-fang', 'E2001', '王芳', ids['cy-fang']],
    ['e-lei', 'E2002', '刘磊', ids['cy-lei']],
  ] as const)
    await sql`insert into employees (id, hall_id, staff_id, name, contract, user_id)
      values (${id}, ${HALL}, ${staffId}, ${name}, ${sql.json(contract)}, ${user as string})`;
  const kpi = (
    key: string,
    zh: string,
    en: string,
    formula: string,
    unit: string,
    weight: number,
    bands: object,
    min: object | null,
  ) =>
    sql`insert into kpi_definitions (key, version, name_zh, name_en, formula, unit, direction, bands, weight, applies_to, period, min_sample, created_at)
      values (${key}, 1, ${zh}, ${en}, ${formula}, ${unit}, 'higher', ${sql.json(bands as never)}, ${weight},
        ${sql.json({ subjects: ['clerk'] })}, 'month', ${min ? sql.json(min as never) : null}, now() - interval '60 days')`;
  await kpi(
    'served',
    '办结量',
    'Tickets served',
    'served',
    'count',
    1,
    { kind: 'linear', zeroAt: 0, fullAt: 400 },
    null,
  );
  await kpi(
    'rating',
    '客户评价',
    'Customer rating',
    'ratio(rating_sum, ratings)',
    'score',
    2,
    { kind: 'linear', zeroAt: 3, fullAt: 5 },
    { fact: 'ratings', n: 20 },
  );
  await kpi(
    'service-level',
    '服务水平',
    'Service level',
    'ratio(within_target, waited) * 100',
    'percent',
    1,
    { kind: 'linear', zeroAt: 50, fullAt: 90 },
    { fact: 'waited', n: 30 },
  );
  const day: Record<string, Record<string, number>> = {
    'e-fang': { served: 22, ratings: 9, rating_sum: 41, waited: 22, within_target: 18 },
    'e-lei': { served: 15, ratings: 5, rating_sum: 22, waited: 15, within_target: 13 },
  };
  for (let i = 0; i < 28; i++) {
    const date = plus(FROM, i);
    const hall: Record<string, number> = {};
    for (const [id, facts] of Object.entries(day)) {
      for (const [k, v] of Object.entries(facts)) hall[k] = (hall[k] ?? 0) + v;
      await sql`insert into kpi_daily (hall_id, date, subject_kind, subject_id, facts) values (${HALL}, ${date}, 'clerk', ${id}, ${sql.json(facts)})`;
    }
    await sql`insert into kpi_daily (hall_id, date, subject_kind, subject_id, facts) values (${HALL}, ${date}, 'hall', ${HALL}, ${sql.json(hall)})`;
  }
  await sql.end();

  cycleId = (
    await admin.call<{ id: number }>('cycles.open', {
      orgUnitId: unit,
      name: '福田营业厅 月度考核',
      period: { kind: 'custom', from: FROM, to: plus(FROM, 20) },
    })
  ).id;
  await admin.call('cycles.advance', { cycleId }); // self-review → manager review
  browser = await launchBrowser({ viewport: DESK });
}, 180_000);

async function signInPage(page: Page, username: string) {
  await page.context().clearCookies();
  await page.goto(`${base}/login`);
  await page.locator('input[name="username"], #username').first().fill(username);
  await page.locator('input[type="password"]').first().fill(PASSWORD);
  await page.locator('form button[type="submit"]').first().click();
  await page.locator('.shell').waitFor();
}
const useLang = (page: Page, lang: Lang) => page.evaluate((l) => window.localStorage.setItem('hall.lang', l), lang);
const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(screenshotsDir(), `cycles-${name}.png`), fullPage: true });

describe('assessment cycles in the browser', () => {
  it('the manager adjusts a line on a desk screen, the clerk appeals on a phone, the manager answers, the clerk sees it', async () => {
    const page = await (browser as Browser).context.newPage();
    await page.setViewportSize(DESK);
    await signInPage(page, 'cy-lead');
    await useLang(page, 'zh-CN');
    await page.goto(`${base}/performance/cycles/${cycleId}`);
    await page.locator('table.sheets a', { hasText: '王芳' }).click();
    const served = page.locator('tr[data-line="served"]');
    await served.locator('button[name="adjust"]').click();
    await served.locator('input[name="score"]').fill('88');
    await served.locator('form.adjust button[type="submit"]').click();
    expect(await served.locator('[role="alert"]').innerText()).toContain('调整理由');
    await served.locator('input[name="reason"]').fill('国庆期间支援南山营业厅三天');
    await served.locator('form.adjust button[type="submit"]').click();
    await served.locator('.adjust-note').waitFor();
    expect(await served.innerText()).toContain('陈经理 调整：国庆期间支援南山营业厅三天');
    expect(await served.locator('.score-cell strong').innerText()).toBe('88.0');
    await shot(page, 'adjusted-zh-CN-desk');

    // Review done (the manager), calibration and acknowledgement passed (the administrator).
    const lead = await session(base, { username: 'cy-lead', password: PASSWORD });
    expect((await lead.call<{ stage: string }>('cycles.advance', { cycleId })).stage).toBe('calibration');
    await admin.call('cycles.advance', { cycleId });
    await admin.call('cycles.advance', { cycleId });

    // 王芳 appeals her rating line on her phone.
    await page.setViewportSize(PHONE);
    await signInPage(page, 'cy-fang');
    await page.goto(`${base}/me/assessments`);
    await page.locator('li.sheet-card a').first().click();
    const rating = page.locator('li.line-card[data-line="rating"]');
    await rating.locator('button[name="appeal"]').click();
    await rating.locator('textarea[name="reason"]').fill('评价器坏了两天，很多客户没法评价');
    const submit = rating.locator('form.appeal button[type="submit"]');
    expect((await submit.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(44);
    await submit.click();
    await rating.locator('[data-appeal][data-status="open"]').waitFor();
    await shot(page, 'appealed-zh-CN-phone');

    // The manager accepts it with a new score.
    await page.setViewportSize(DESK);
    await signInPage(page, 'cy-lead');
    const sheets = await lead.get<{ sheets: Array<{ id: number; name: string }> }>('cycles.get', { cycleId });
    const fang = sheets.sheets.find((s) => s.name === '王芳')?.id as number;
    await page.goto(`${base}/performance/cycles/${cycleId}/halls/${HALL}/sheets/${fang}`);
    const appealed = page.locator('tr[data-line="rating"]');
    await appealed.locator('input[name="newScore"]').fill('92');
    await appealed.locator('input[name="answer"]').fill('已核实设备故障记录');
    await appealed.locator('button[name="accept"]').click();
    await appealed.locator('[data-appeal][data-status="accepted"]').waitFor();

    // 王芳 sees the answer and her new total.
    await page.setViewportSize(PHONE);
    await signInPage(page, 'cy-fang');
    await page.goto(`${base}/me/assessments/${fang}`);
    const answered = page.locator('li.line-card[data-line="rating"]');
    await answered.locator('[data-appeal][data-status="accepted"]').waitFor();
    expect(await answered.innerText()).toContain('答复：已核实设备故障记录');
    expect(await answered.locator('.score-cell strong').innerText()).toBe('92.0');
    const mine = await (
      await session(base, { username: 'cy-fang', password: PASSWORD })
    ).get<{ total: number }>('cycles.mySheet', { sheetId: fang });
    expect(await page.locator('[data-total]').innerText()).toBe(
      new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(mine.total),
    );
    await shot(page, 'answered-zh-CN-phone');
    await page.close();
  }, 180_000);

  it('the demo makes its cycles through the API; the pages read right in both languages, phone and desk', async () => {
    const made = await demoCycles(admin, [{ hallId: HALL, clerk: { username: 'cy-lei', password: PASSWORD } }], {
      base,
      today,
      historyDays: 28,
    });
    const running = await admin.get<{ stage: { kind: string }; sheets: Array<{ openAppeals: number }> }>('cycles.get', {
      cycleId: made.running as number,
    });
    expect(running.stage.kind).toBe('appeal');
    expect(running.sheets.reduce((n, s) => n + s.openAppeals, 0)).toBe(1);
    expect((await admin.get<{ status: string }>('cycles.get', { cycleId: made.finished as number })).status).toBe(
      'final',
    );
    const leiSheet = (
      await (await session(base, { username: 'cy-lei', password: PASSWORD })).get<Array<{ id: number }>>('cycles.mine')
    )[0]?.id;

    const page = await (browser as Browser).context.newPage();
    const findings: Record<string, string[]> = {};
    const cases = [
      { user: 'cy-lead', name: 'list', path: '/performance/cycles', ready: 'table.data' },
      { user: 'admin', name: 'cycle', path: `/performance/cycles/${made.running}`, ready: 'table.sheets' },
      { user: 'admin', name: 'finished', path: `/performance/cycles/${made.finished}`, ready: 'table.raters' },
      {
        user: 'cy-lead',
        name: 'sheet',
        path: `/performance/cycles/${cycleId}/halls/${HALL}/sheets/${leiSheet}`,
        ready: 'table.lines',
      },
      { user: 'cy-lei', name: 'me', path: '/me/assessments', ready: 'li.sheet-card' },
      { user: 'cy-lei', name: 'me-sheet', path: `/me/assessments/${leiSheet}`, ready: 'li.line-card' },
      { user: 'cy-fang', name: 'refused', path: `/performance/cycles/${cycleId}`, ready: '.state.refused' },
      { user: 'cy-lead', name: 'not-linked', path: '/me/assessments/1', ready: '.state.not-found' },
    ];
    for (const c of cases) {
      await signInPage(page, c.user);
      for (const lang of ['zh-CN', 'en'] as const) {
        await useLang(page, lang);
        for (const [size, vp] of [
          ['phone', PHONE],
          ['desk', DESK],
        ] as const) {
          await page.setViewportSize(vp);
          await page.goto(`${base}${c.path}`);
          await page.locator(c.ready).first().waitFor({ timeout: 20_000 });
          await page.waitForLoadState('networkidle').catch(() => undefined);
          await shot(page, `${c.name}-${lang}-${size}`);
          const found = [
            ...(await scanRenderedText(page, lang)).map((f) => `${f.kind}: "${f.text}" at ${f.where}`),
            ...(size === 'phone' ? (await layoutFindings(page)).map((f) => JSON.stringify(f)) : []),
          ];
          if (found.length) findings[`${c.name} ${lang} ${size}`] = found;
        }
      }
    }
    await page.close();
    expect(findings).toEqual({});
  }, 300_000);
});

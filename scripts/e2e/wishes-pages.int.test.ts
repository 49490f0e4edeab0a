/// <reference lib="dom" />
/**
 * Wishes and swaps in Debian's Chromium against a real cloud on PostgreSQL: a clerk on a 390×844 phone
 * enters a day-off wish and offers a published shift; a colleague sees it among the shifts she could take
 * and takes it; the hall manager approves the swap on a 1920×1080 screen, and the roster has a new
 * published version with the shift on the colleague. The four pages are proof-read in both languages
 * (no other-language text, over-long numbers or raw codes; nothing wider than a phone) and screenshot to
 * .artifacts/screenshots/wishes-*.
 */
import { join } from 'node:path';
import { openDatabase } from '@hall/cloud/db';
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
  signInApi,
} from '@hall/scripts/harness';
import { demoWishes, session } from '../demo/wishes-demo.ts';
import { runPart, startPart, type PartProcess } from './processes.ts';
import { addDays, mondayOf } from '@hall/devices/calendar';

const PASSWORD = 'Wishes-Pages-2026!';
const HALL = 'H-WS';
type Lang = 'zh-CN' | 'en';
const PHONE = { width: 390, height: 844 };
const DESK = { width: 1920, height: 1080 };

const parts: PartProcess[] = [];
let dropDatabase: (() => Promise<void>) | undefined;
let browser: Browser | undefined;
let base = '';
let dbUrl = '';

const plus = addDays;
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const nextMonday = mondayOf(today, 1);

const api = (username: string) => signInApi(base, { username, password: PASSWORD });

afterAll(async () => {
  await browser?.close();
  await Promise.allSettled(parts.map((p) => p.stop('SIGKILL')));
  await dropDatabase?.();
});

beforeAll(async () => {
  const scratch = await scratchDatabase('e2e_wishes');
  dropDatabase = () => scratch.drop();
  dbUrl = scratch.url;
  const env = {
    DATABASE_URL: scratch.url,
    CLOUD_HOST: '127.0.0.1',
    CLOUD_PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
  };
  await runPart('cloud/src/main.ts', { ...env, CLOUD_ADMIN_PASSWORD: PASSWORD }, ['add-admin', '--username', 'admin']);
  await runPart('cloud/src/main.ts', env, ['add-hub', '--hall', HALL, '--name', '南山营业厅', '--hub', 'hub-ws']);
  const cloud = await startPart('cloud/src/main.ts', env, 'cloud.ready');
  parts.push(cloud);
  base = `http://127.0.0.1:${cloud.ready.port as number}`;

  // Three people of the hall with console accounts: a manager and two clerks.
  const admin = await api('admin');
  const tree = (await admin.get('org.tree')) as Array<{ id: string; hallId: string | null }>;
  const unit = tree.find((u) => u.hallId === HALL)?.id as string;
  const ids: Record<string, string> = {};
  for (const [username, name, role] of [
    ['ws-lead', '陈经理', 'hall_manager'],
    ['ws-fang', '王芳', 'staff'],
    ['ws-lei', '刘磊', 'staff'],
  ] as const) {
    const { userId } = (await admin.call('users.create', {
      orgUnitId: unit,
      username,
      name,
      password: PASSWORD,
    })) as {
      userId: string;
    };
    await admin.call('users.grant', { orgUnitId: unit, userId, role });
    ids[username] = userId;
  }

  // Until the staff module links accounts to employees, the test writes the records and a published roster.
  const { db, close } = await openDatabase({ url: scratch.url, dataDir: '' });
  const { putHallConfig } = await import('@hall/cloud/halls');
  await putHallConfig(
    db,
    HALL,
    {
      hall: {
        capacity: 30,
        openingHours: Object.fromEntries(
          ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, { open: '08:30', close: '20:30' }]),
        ),
      },
      services: [{ id: 'billing', name: '话费业务', prefix: 'A' }],
      counters: [{ id: 'C01', name: '1号窗口', services: { billing: 1 } }],
    },
    null,
  );
  await close();
  const sql = postgres(scratch.url, { max: 1, onnotice: () => undefined });
  const templates = [
    { id: 'early', name: '早班', firstStart: '08:30', lastStart: '08:30', minutes: 270 },
    { id: 'late', name: '晚班', firstStart: '13:00', lastStart: '13:00', minutes: 450, unpopular: true },
  ];
  await sql`insert into scheduling_settings (hall_id, document)
    values (${HALL}, ${sql.json({ dayStart: '08:30', dayEnd: '20:30', templates })})`;
  const contract = { kind: 'full-time', minWeekHours: 0, maxWeekHours: 40, maxDaysPerWeek: 5, minRestHours: 11 };
  for (const [id, staffId, name, level, user] of [
    ['e-fang', 'E1001', '王芳', 2, ids['ws-fang']],
    ['e-lei', 'E1002', '刘磊', 3, ids['ws-lei']],
  ] as const)
    await sql`insert into employees (id, hall_id, staff_id, name, skills, contract, user_id)
      values (${id}, ${HALL}, ${staffId}, ${name}, ${sql.json({ billing: level })}, ${sql.json(contract)}, ${user as string})`;
  await sql`insert into rosters (id, hall_id, from_date, days, status, version)
    values ('r-ws-1', ${HALL}, ${nextMonday}, 7, 'published', 1)`;
  for (const day of [1, 3])
    await sql`insert into roster_shifts (roster_id, employee_id, date, start, "end", breaks, service_id, template_id)
      values ('r-ws-1', 'e-fang', ${plus(nextMonday, day)}, '13:00', '20:30',
        ${sql.json([{ start: '16:30', end: '17:00' }])}, 'billing', 'late')`;
  // Last week's published roster, for the fairness page: 王芳 on the weekend's late shifts.
  const lastMonday = plus(nextMonday, -14);
  await sql`insert into rosters (id, hall_id, from_date, days, status, version)
    values ('r-ws-0', ${HALL}, ${lastMonday}, 7, 'published', 1)`;
  for (const [employee, day, start, end, template] of [
    ['e-fang', 5, '13:00', '20:30', 'late'],
    ['e-fang', 6, '13:00', '20:30', 'late'],
    ['e-lei', 0, '08:30', '13:00', 'early'],
    ['e-lei', 1, '08:30', '13:00', 'early'],
  ] as const)
    await sql`insert into roster_shifts (roster_id, employee_id, date, start, "end", service_id, template_id)
      values ('r-ws-0', ${employee}, ${plus(lastMonday, day)}, ${start}, ${end}, 'billing', ${template})`;
  await sql.end();
  browser = await launchBrowser({ viewport: PHONE });
}, 180_000);

async function signInPage(page: Page, username: string) {
  await page.context().clearCookies();
  await page.goto(`${base}/login`);
  await page.locator('input[name="username"], #username').first().fill(username);
  await page.locator('input[type="password"]').first().fill(PASSWORD);
  await page.locator('form button[type="submit"]').first().click();
  await page.locator('.shell').waitFor();
}

async function useLang(page: Page, lang: Lang) {
  await page.evaluate((l) => window.localStorage.setItem('hall.lang', l), lang);
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(screenshotsDir(), `wishes-${name}.png`), fullPage: true });
}

async function proofRead(page: Page, lang: Lang) {
  return (await scanRenderedText(page, lang)).map((f) => `${f.kind}: "${f.text}" at ${f.where}`);
}

describe('wishes and swaps in the browser', () => {
  it('a clerk enters a day off and offers a shift on a phone, a colleague takes it, the manager approves', async () => {
    const page = await (browser as Browser).context.newPage();
    await page.setViewportSize(PHONE);
    await signInPage(page, 'ws-fang');
    await useLang(page, 'zh-CN');

    // A day off next Friday.
    await page.goto(`${base}/me/wishes`);
    await page.locator('form.wish-form').waitFor();
    await page.locator('select[name="fromDate"]').selectOption(plus(nextMonday, 4));
    await page.locator('input[name="note"]').fill('孩子开家长会');
    await page.locator('form.wish-form button[type="submit"]').click();
    await page.locator('li.wish-card[data-status="noted"]').waitFor();
    expect(await page.locator('li.wish-card').first().innerText()).toContain('休息日');

    // Offers next Tuesday's late shift.
    await page.goto(`${base}/me/swaps`);
    const tuesday = page.locator(`li[data-shift="${plus(nextMonday, 1)}"]`);
    await tuesday.locator('input[name="note"]').fill('家里有事');
    await tuesday.locator('button').click();
    await tuesday.locator('[data-swap-status="offered"]').waitFor();
    const box = await tuesday.locator('button').boundingBox();
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);

    // 刘磊 could take it (skill, contract, rest, availability), and does.
    await signInPage(page, 'ws-lei');
    await page.goto(`${base}/me/swaps`);
    const offer = page.locator('li[data-offer]');
    await offer.waitFor();
    expect(await offer.innerText()).toContain('让出人：王芳');
    expect(await offer.innerText()).toContain('家里有事');
    await offer.locator('button').click();
    await page.locator('li[data-swap] .badge.taken').waitFor();

    // The manager approves it on a desk screen.
    await page.setViewportSize(DESK);
    await signInPage(page, 'ws-lead');
    await page.goto(`${base}/halls/${HALL}/wishes`);
    const swap = page.locator('li[data-swap][data-status="taken"]');
    await swap.waitFor();
    await swap.locator('button.primary').click();
    await page.locator('li[data-swap][data-status="approved"]').waitFor();

    // The roster's new published version has the shift on 刘磊.
    const sql = postgres(dbUrl, { max: 1, onnotice: () => undefined });
    const versions = await sql<Array<{ version: number; status: string }>>`
      select version, status from rosters where hall_id = ${HALL} and from_date = ${nextMonday} order by version`;
    const moved = await sql<Array<{ employee_id: string; source: string }>>`
      select s.employee_id, s.source from roster_shifts s join rosters r on r.id = s.roster_id
      where r.hall_id = ${HALL} and r.status = 'published' and s.date = ${plus(nextMonday, 1)}`;
    await sql.end();
    expect(versions.map((r) => [r.version, r.status])).toEqual([
      [1, 'superseded'],
      [2, 'published'],
    ]);
    expect(moved).toEqual([{ employee_id: 'e-lei', source: 'swap' }]);
    await page.close();
  }, 120_000);

  it('the demo makes its wishes through the API; the pages read right in both languages, phone and desk', async () => {
    const made = await demoWishes({
      base,
      manager: await session(base, { username: 'ws-lead', password: PASSWORD }),
      clerks: [
        {
          hallId: HALL,
          people: [
            { username: 'ws-fang', password: PASSWORD },
            { username: 'ws-lei', password: PASSWORD },
          ],
        },
      ],
      today,
    });
    expect(made).toEqual({ [HALL]: 4 });
    const page = await (browser as Browser).context.newPage();
    const findings: Record<string, string[]> = {};
    const cases = [
      { user: 'ws-fang', name: 'me-wishes', path: '/me/wishes', ready: 'li.wish-card' },
      { user: 'ws-lei', name: 'me-swaps', path: '/me/swaps', ready: 'li[data-shift]' },
      { user: 'ws-lead', name: 'hall-wishes', path: `/halls/${HALL}/wishes`, ready: 'li[data-swap]' },
      { user: 'ws-lead', name: 'fairness', path: `/halls/${HALL}/fairness`, ready: 'table.fairness' },
      { user: 'ws-fang', name: 'refused', path: `/halls/${HALL}/wishes`, ready: '.state.refused' },
      { user: 'ws-lead', name: 'not-linked', path: '/me/wishes', ready: '.state.not-found' },
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
            ...(await proofRead(page, lang)),
            ...(size === 'phone' ? (await layoutFindings(page)).map((f) => JSON.stringify(f)) : []),
          ];
          if (found.length) findings[`${c.name} ${lang} ${size}`] = found;
        }
      }
    }
    await page.close();
    expect(findings).toEqual({});
  }, 240_000);
});

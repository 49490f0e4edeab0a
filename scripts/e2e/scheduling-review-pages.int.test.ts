/// <reference lib="dom" />
/**
 * The adherence and roster review pages in Debian's Chromium against a real cloud on PostgreSQL, in both
 * languages at 1920×1080 and 390×844: a hall whose last complete week was worked on a published roster
 * (imported through `adherence.importPublished`) with one clerk late every day and one on long breaks,
 * and more customers in the afternoons than the roster planned for. The review job runs in the cloud;
 * the pages are proof-read (no other-language text, raw codes or over-long numbers), must not scroll
 * sideways, and must show what a manager needs: the late clerk flagged, the short afternoons found.
 * Screenshots go to .artifacts/screenshots/scheduling-*.
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
  layoutFindings,
  scanRenderedText,
  scratchDatabase,
  screenshotsDir,
  type Browser,
  signInApi,
} from '@hall/scripts/harness';
import { runPart, startPart, type PartProcess } from './processes.ts';
import { addDays, mondayOf } from '@hall/devices/calendar';

const dir = mkdtempSync(join(tmpdir(), 'hall-e2e-scheduling-'));
const parts: PartProcess[] = [];
let dropDatabase: (() => Promise<void>) | undefined;
let browser: Browser | undefined;
let base = '';
const PASSWORD = 'Review-Pages-2026!';
const HALL = 'H-NS';
type Lang = 'zh-CN' | 'en';
const LANGS: Lang[] = ['zh-CN', 'en'];

const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const WEEK = mondayOf(today, -1);
const DAY = addDays(WEEK, 1);
const at = (date: string, minutes: number) => new Date(Date.parse(`${date}T00:00:00+08:00`) + minutes * 60_000);
const CLERKS = [
  ['E2001', '王芳'],
  ['E2002', '李强'],
  ['E2003', '张伟'],
  ['E2004', '陈静'],
  ['E2005', '刘洋'],
  ['E2006', '赵敏'],
] as const;

const signIn = (username: string) => signInApi(base, { username, password: PASSWORD });

afterAll(async () => {
  await browser?.close();
  await Promise.allSettled(parts.map((p) => p.stop('SIGKILL')));
  await dropDatabase?.();
  rmSync(dir, { recursive: true, force: true });
});

beforeAll(async () => {
  const scratch = await scratchDatabase('e2e_review');
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
  await runPart('cloud/src/main.ts', cloudEnv, ['add-hub', '--hall', HALL, '--name', '南山营业厅', '--hub', 'hub-ns']);
  const { db, close } = await openDatabase({ url: scratch.url, dataDir: '' });
  const { putHallConfig } = await import('@hall/cloud/halls');
  const hours = { open: '09:00', close: '17:00' };
  await putHallConfig(
    db,
    HALL,
    {
      hall: {
        capacity: 60,
        openingHours: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours, sat: hours, sun: hours },
      },
      services: [{ id: 'billing', name: '话费业务', prefix: 'A', expectedServiceMinutes: 6 }],
      counters: CLERKS.map((_, k) => ({ id: `C0${k + 1}`, name: `${k + 1}号窗口`, services: { billing: 1 } })),
      staff: CLERKS.map(([id, name]) => ({ id, name })),
    },
    null,
  );
  await close();
  // What the hub would have reported, and the employees (the staff module's rows, imported from the config
  // just put: given the test's ids and contracts here), straight into the tables.
  const sql = postgres(scratch.url, { max: 1, onnotice: () => undefined });
  try {
    for (const [id, name] of CLERKS)
      await sql`INSERT INTO employees (id, hall_id, staff_id, name, contract, skills)
        VALUES (${`emp-${id}`}, ${HALL}, ${id}, ${name},
          ${sql.json({ kind: 'full-time', minWeekHours: 32, maxWeekHours: 40, maxDaysPerWeek: 7, minRestHours: 11 })},
          ${sql.json({ billing: 2 })})
        ON CONFLICT (hall_id, staff_id) DO UPDATE
          SET id = excluded.id, contract = excluded.contract, skills = excluded.skills`;
    let seq = 0;
    const sessions: Array<Record<string, unknown>> = [];
    const pauses: Array<Record<string, unknown>> = [];
    const tickets: Array<Record<string, unknown>> = [];
    for (let d = 0; d < 7; d++) {
      const date = addDays(WEEK, d);
      CLERKS.forEach(([id], k) => {
        const morning = k < 3;
        // 王芳 comes 12 minutes late every day; 李强 takes 50 minutes for a 30-minute lunch.
        const from = (morning ? 9 * 60 : 12 * 60 + 30) + (id === 'E2001' ? 12 : 0);
        const to = morning ? 13 * 60 + 30 : 17 * 60;
        sessions.push({
          hub_id: 'hub-ns',
          open_seq: ++seq,
          hall_id: HALL,
          counter_id: `C0${k + 1}`,
          staff_id: id,
          opened_at: at(date, from),
          closed_at: at(date, to),
        });
        if (morning && id !== 'E2002')
          pauses.push({
            hub_id: 'hub-ns',
            seq: ++seq,
            hall_id: HALL,
            counter_id: `C0${k + 1}`,
            reason: 'break',
            started_at: at(date, 11 * 60),
            ended_at: at(date, 11 * 60 + 30),
          });
        if (id === 'E2002')
          pauses.push({
            hub_id: 'hub-ns',
            seq: ++seq,
            hall_id: HALL,
            counter_id: `C0${k + 1}`,
            reason: 'break',
            started_at: at(date, 11 * 60),
            ended_at: at(date, 11 * 60 + 50),
          });
      });
      for (let i = 0; i < 16; i++) {
        const n = i < 8 ? 6 : 30;
        for (let j = 0; j < n; j++) {
          const arrival = at(date, 9 * 60 + i * 30 + (j * 30) / n);
          const called = new Date(arrival.getTime() + (i < 8 || j % 3 ? 3 : 16) * 60_000);
          tickets.push({
            hub_id: 'hub-ns',
            issue_seq: ++seq,
            hall_id: HALL,
            ticket_no: `A${seq}`,
            service_id: 'billing',
            channel: 'kiosk',
            issued_at: arrival,
            arrival_at: arrival,
            first_called_at: called,
            last_called_at: called,
            started_at: called,
            ended_at: new Date(called.getTime() + 6 * 60_000),
            outcome: 'done',
          });
        }
      }
    }
    await sql`INSERT INTO counter_sessions ${sql(sessions)}`;
    await sql`INSERT INTO counter_pauses ${sql(pauses)}`;
    for (let i = 0; i < tickets.length; i += 500) await sql`INSERT INTO tickets ${sql(tickets.slice(i, i + 500))}`;
  } finally {
    await sql.end();
  }
  const cloud = await startPart('cloud/src/main.ts', cloudEnv, 'cloud.ready');
  parts.push(cloud);
  base = `http://127.0.0.1:${cloud.ready.port as number}`;
  const manager = await signIn('manager');
  // The week as it was published: three clerks 09:00–13:30 with a lunch, three 12:30–17:00.
  const shifts = Array.from({ length: 7 }, (_, d) =>
    CLERKS.map(([id], k) => ({
      staffId: id,
      date: addDays(WEEK, d),
      ...(k < 3
        ? { start: '09:00', end: '13:30', breaks: [{ start: '11:00', end: '11:30' }] }
        : { start: '12:30', end: '17:00', breaks: [] }),
      serviceId: 'billing',
    })),
  ).flat();
  await manager.call('adherence.importPublished', {
    hallId: HALL,
    fromDate: WEEK,
    days: 7,
    publishedAt: `${addDays(WEEK, -4)}T10:00:00Z`,
    shifts,
  });
  await manager.call('adherence.startReview', { hallId: HALL, week: WEEK });
  for (let waited = 0; ; waited += 500) {
    const r = (await manager.get('adherence.review', { hallId: HALL, week: WEEK })) as { state: string | null };
    if (r.state === 'done') break;
    if (r.state === 'failed' || waited > 120_000) throw new Error(`the review did not finish: ${r.state}`);
    await new Promise((res) => setTimeout(res, 500));
  }
  browser = await launchBrowser({ viewport: { width: 1920, height: 1080 } });
}, 240_000);

async function signInPage(page: Page) {
  await page.goto(`${base}/login`);
  await page.locator('input[name="username"], #username').first().fill('manager');
  await page.locator('input[type="password"]').first().fill(PASSWORD);
  await page.locator('form button[type="submit"]').first().click();
  await page.locator('.shell').waitFor();
}

const PAGES = [
  { name: 'adherence-day', path: `/halls/${HALL}/adherence?date=${DAY}`, ready: 'tr[data-clerk="E2001"]' },
  { name: 'adherence-week', path: `/halls/${HALL}/adherence?view=week&date=${DAY}`, ready: 'tr[data-clerk="E2002"]' },
  { name: 'roster-review', path: `/halls/${HALL}/rosters/review?week=${WEEK}`, ready: 'tr[data-row="foresight"]' },
];

describe('adherence and roster review pages', () => {
  it('read right and fit the screen in both languages, and show the findings', async () => {
    const page = await (browser as Browser).context.newPage();
    await signInPage(page);
    const findings: Record<string, string[]> = {};
    for (const lang of LANGS) {
      await page.evaluate((l) => window.localStorage.setItem('hall.lang', l), lang);
      for (const p of PAGES)
        for (const size of [
          { width: 1920, height: 1080 },
          { width: 390, height: 844 },
        ]) {
          await page.setViewportSize(size);
          await page.goto(`${base}${p.path}`);
          await page.locator(p.ready).first().waitFor({ timeout: 20_000 });
          await page.waitForLoadState('networkidle').catch(() => undefined);
          const found = [
            ...(await scanRenderedText(page, lang)).map((f) => `${f.kind}: "${f.text}" at ${f.where}`),
            ...(await layoutFindings(page)).map((f) => `${f.kind} at ${f.where}`),
          ];
          if (found.length) findings[`${p.name} ${lang} ${size.width}`] = found;
          await page.screenshot({
            path: join(screenshotsDir(), `scheduling-${p.name}-${lang}-${size.width}.png`),
            fullPage: true,
          });
        }
    }
    expect(findings).toEqual({});
    // What a manager reads (zh-CN, desktop): 王芳 late by 12 minutes, 李强's break 20 minutes over.
    await page.evaluate(() => window.localStorage.setItem('hall.lang', 'zh-CN'));
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(`${base}${PAGES[0]!.path}`);
    const late = page.locator('tr[data-clerk="E2001"]');
    await late.waitFor();
    expect(await late.textContent()).toContain('12分钟');
    expect(await late.textContent()).toContain('迟到');
    expect(await page.locator('tr[data-clerk="E2002"]').textContent()).toContain('20分钟');
    // The review finds the short afternoons, and shows the perfect-foresight roster.
    await page.goto(`${base}${PAGES[2]!.path}`);
    await page.locator('tr[data-stretch="short"]').first().waitFor();
    // Short until closing every day (the afternoon brings 30 customers a half hour).
    expect(await page.locator('tr[data-stretch="short"][data-days="7"]').first().textContent()).toContain('–17:00');
    expect(await page.locator('figure.review-day').count()).toBe(7);
    await page.close();
  }, 300_000);
});

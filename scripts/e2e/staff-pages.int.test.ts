/// <reference lib="dom" />
/**
 * The staff pages in Debian's Chromium against a real cloud on the harness's PostgreSQL: a hall's staff
 * imported from its config and given contracts, skills and a clerk account by the demo's own function
 * (scripts/demo/staff-demo.ts, through the API); the manager's list and an employee's editor (a contract
 * and availability change saved), a PIN reset that shows the PIN once and never again; and the clerk on a
 * 390×844 phone, who lands on their own page, sees their published shift and is refused anyone else's
 * record. Every page proof-read in both languages (scanRenderedText, no horizontal overflow);
 * screenshots under .artifacts/screenshots/staff-pages-*.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@hall/cloud/db';
import type { Scenario } from '@hall/simulators';
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
import { demoStaff, type ClerkAccount } from '../demo/staff-demo.ts';
import type { DemoCredentials } from '../demo/demo-hall.ts';
import { runPart, startPart, type PartProcess } from './processes.ts';
import { readEverywhere as readPage, useLang } from './proof-read.ts';

const dir = mkdtempSync(join(tmpdir(), 'hall-e2e-staff-pages-'));
const parts: PartProcess[] = [];
let dropDatabase: (() => Promise<void>) | undefined;
let browser: Browser | undefined;
let base = '';
let clerk: ClerkAccount;
const ids: Record<string, string> = {};

const PASSWORD = 'Staff-Pages-2026!';
const HALL = 'H-FT';

const signIn = (username: string, password: string) => signInApi(base, { username, password });

afterAll(async () => {
  await browser?.close();
  await Promise.allSettled(parts.map((p) => p.stop('SIGKILL')));
  await dropDatabase?.();
  rmSync(dir, { recursive: true, force: true });
});

beforeAll(async () => {
  const scratch = await scratchDatabase('e2e_staff');
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
  // Staff as they lived in the hall's config before the staff module: imported by the cloud.
  await putHallConfig(
    db,
    HALL,
    {
      hall: { capacity: 40 },
      services: [
        { id: 'billing', name: '话费业务', prefix: 'A' },
        { id: 'phone', name: '手机终端', prefix: 'B' },
      ],
      counters: [{ id: 'C01', name: '1号窗口', services: { billing: 1, phone: 1 } }],
      staff: [
        { id: 'E1001', name: '王芳' },
        { id: 'E1002', name: '李强' },
        { id: 'E1003', name: '陈静' },
      ],
    },
    null,
  );
  await close();
  const cloud = await startPart('cloud/src/main.ts', cloudEnv, 'cloud.ready');
  parts.push(cloud);
  base = `http://127.0.0.1:${cloud.ready.port as number}`;

  // The demo's staff set-up, through the API: contracts, skill levels, a clerk account for 王芳.
  const scenario = {
    hall: { id: HALL, name: '福田营业厅' },
    staff: [
      { id: 'E1001', name: '王芳', skills: { billing: 1, phone: 0.5 }, contract: 'full-time' },
      { id: 'E1002', name: '李强', skills: { phone: 1 }, contract: 'part-time' },
      { id: 'E1003', name: '陈静', skills: { billing: 0.3 } },
    ],
  } as unknown as Scenario;
  const hall = { scenario, dir, credentials: {} as DemoCredentials & { clerk?: ClerkAccount } };
  await demoStaff([hall], () => signIn('manager', PASSWORD));
  clerk = hall.credentials.clerk as ClerkAccount;

  const admin = await signIn('manager', PASSWORD);
  const { items } = await admin.get<{ items: Array<{ id: string; staffId: string }> }>('staff.list', {
    hallId: HALL,
  });
  for (const e of items) ids[e.staffId] = e.id;
  // A published roster with a shift for 王芳 tomorrow (the roster module writes these; here by hand).
  const me = await (await signIn(clerk.username, clerk.password)).get<{ today: string }>('staff.me');
  const tomorrow = new Date(Date.parse(`${me.today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const pg = postgres(scratch.url, { max: 1, onnotice: () => {} });
  try {
    await pg`insert into rosters (id, hall_id, from_date, days, status, version)
             values ('r1', ${HALL}, ${me.today}, 7, 'published', 1)`;
    await pg`insert into roster_shifts (roster_id, employee_id, date, start, "end", breaks, service_id)
             values ('r1', ${ids.E1001 as string}, ${tomorrow}, '09:00', '17:30',
                     ${pg.json([{ start: '12:30', end: '13:00' }])}, 'billing')`;
  } finally {
    await pg.end();
  }
  browser = await launchBrowser({ viewport: { width: 1920, height: 1080 } });
}, 180_000);

async function signInPage(page: Page, username: string, password: string) {
  await page.goto(`${base}/login`);
  await page.locator('input[name="username"], #username').first().fill(username);
  await page.locator('input[type="password"]').first().fill(password);
  await page.locator('form button[type="submit"]').first().click();
  await page.locator('.shell').waitFor();
}

/** Proof-reads and photographs a page in both languages at both sizes; answers the findings. */
const readEverywhere = (page: Page, name: string, path: string, ready: string) =>
  readPage(page, { base, prefix: 'staff-pages', name, path, ready });

describe('staff pages', () => {
  it("shows a hall's staff with skills, contracts and PIN state, and edits an employee", async () => {
    const page = await (browser as Browser).context.newPage();
    await signInPage(page, 'manager', PASSWORD);
    const findings = await readEverywhere(page, 'list', `/halls/${HALL}/staff`, 'tr[data-employee="E1002"]');
    findings.push(...(await readEverywhere(page, 'employee', `/staff/${ids.E1002}`, 'form.employee-form')));
    expect(findings).toEqual([]);

    await useLang(page, 'zh-CN');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(`${base}/halls/${HALL}/staff`);
    const li = page.locator('tr[data-employee="E1002"]');
    await li.waitFor();
    // The demo's part-time contract and the skill weight 1 as 专家.
    expect(await li.innerText()).toContain('兼职 · 每周 20–30 小时');
    const chips = async (staffId: string) =>
      (await page.locator(`tr[data-employee="${staffId}"] .chip`).allTextContents()).map((c) =>
        c.replace(/\s+/g, ' ').trim(),
      );
    expect(await chips('E1002')).toEqual(['手机终端 专家']);
    expect(await chips('E1001')).toEqual(['手机终端 独立', '话费业务 专家']);
    expect(await chips('E1003')).toEqual(['话费业务 见习']);

    // The editor: Tuesday not available, at most 3 days a week; saved.
    await page.goto(`${base}/staff/${ids.E1002}`);
    await page.locator('tr[data-day="tue"] select').selectOption('none');
    await page.locator('tr[data-day="wed"] select').selectOption('window');
    await page.getByLabel('每周最多天数').fill('3');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByRole('status').filter({ hasText: '已保存' }).waitFor();
    const admin = await signIn('manager', PASSWORD);
    const saved = await admin.get<{ availability: Record<string, unknown>; contract: { maxDaysPerWeek: number } }>(
      'staff.get',
      { employeeId: ids.E1002 },
    );
    expect(saved.availability).toEqual({ tue: null, wed: [{ from: '09:00', to: '18:00' }] });
    expect(saved.contract.maxDaysPerWeek).toBe(3);
    await page.close();
  });

  it('shows a new PIN once, with a warning, and never again', async () => {
    const page = await (browser as Browser).context.newPage();
    await signInPage(page, 'manager', PASSWORD);
    await useLang(page, 'zh-CN');
    await page.goto(`${base}/staff/${ids.E1003}`);
    await page.getByRole('button', { name: '重置 PIN' }).click();
    await page.getByRole('button', { name: '生成新 PIN' }).click();
    const shown = page.locator('[data-pin]');
    await shown.waitFor();
    const pin = (await shown.innerText()).trim();
    expect(pin).toMatch(/^\d{6}$/);
    expect(await page.locator('.pin-once').innerText()).toContain('只显示这一次');
    await page.screenshot({ path: join(screenshotsDir(), 'staff-pages-pin-once-zh-CN-1920.png'), fullPage: true });
    await page.getByRole('button', { name: '我已记下，关闭' }).click();
    await page.getByText('已设置（').waitFor();
    expect(await page.content()).not.toContain(pin);
    await page.reload();
    await page.locator('form.employee-form').waitFor();
    expect(await page.content()).not.toContain(pin);
    const list = await (
      await signIn('manager', PASSWORD)
    ).get<{ items: Array<{ staffId: string; pinSet: boolean }> }>('staff.list', { hallId: HALL });
    expect(list.items.find((e) => e.staffId === 'E1003')?.pinSet).toBe(true);
    expect(JSON.stringify(list)).not.toContain(pin);
    await page.close();
  });

  it('lands a clerk on their own page on a phone, with their shift, and refuses anyone else', async () => {
    const page = await (browser as Browser).context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await useLang(page, 'zh-CN').catch(() => undefined);
    await page.goto(`${base}/login`);
    await useLang(page, 'zh-CN');
    await signInPage(page, clerk.username, clerk.password);
    await page.waitForURL(/\/me$/);
    await page.locator('ul.shifts li').waitFor();
    const text = await page.locator('main').innerText();
    expect(text).toContain('王芳');
    expect(text).toContain('福田营业厅');
    expect(text).toContain('09:00–17:30');
    expect(text).toContain('休息 12:30–13:00');
    expect(text).not.toContain('李强');
    // Their own pages in the menu, nothing of the hall's.
    const menu = await page.locator('header nav a').allInnerTexts();
    expect(menu[0]).toBe('我的');
    expect(menu).not.toContain('总览');
    expect(menu).not.toContain('告警');
    expect(menu).not.toContain('系统管理');
    const findings = await readEverywhere(page, 'me', '/me', 'ul.shifts li');
    expect(findings).toEqual([]);

    // Their own record opens read-only; anyone else's is refused.
    await page.goto(`${base}/staff/${ids.E1001}`);
    await page.locator('dl.facts').waitFor();
    expect(await page.locator('form.employee-form').count()).toBe(0);
    await page.goto(`${base}/staff/${ids.E1002}`);
    await page.locator('.state.refused').waitFor();
    await page.goto(`${base}/halls/${HALL}/staff`);
    await page.locator('.state.refused').waitFor();
    expect(await page.locator('main').innerText()).not.toContain('李强');
    await page.close();
  });
});

/// <reference lib="dom" />
/**
 * Skill levels and the staff record in Debian's Chromium against a real cloud on PostgreSQL: from a
 * seeded history the evaluation job (asked for through the API) proposes 王芳 level 3 for billing; the
 * hall manager confirms it on a 1920×1080 screen and records an award on her record page; 王芳 on a
 * 390×844 phone sees her record with the award and the level change. The pages are proof-read in both
 * languages (no other-language text, raw codes; nothing wider than a phone) and screenshot to
 * .artifacts/screenshots/skills-*.
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
import { demoSkills } from '../demo/perf-skills.ts';
import { runPart, startPart, type PartProcess } from './processes.ts';

const PASSWORD = 'Skills-Pages-2026!';
const HALL = 'H-SK';
type Lang = 'zh-CN' | 'en';
const PHONE = { width: 390, height: 844 };
const DESK = { width: 1920, height: 1080 };

const parts: PartProcess[] = [];
let dropDatabase: (() => Promise<void>) | undefined;
let browser: Browser | undefined;
let base = '';
const employeeIds: Record<string, string> = {};
/** YYYY-MM-DD plus n days. */
const addDays = (date: string, n: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

const api = (username: string) => signInApi(base, { username, password: PASSWORD });

afterAll(async () => {
  await browser?.close();
  await Promise.allSettled(parts.map((p) => p.stop('SIGKILL')));
  await dropDatabase?.();
});

beforeAll(async () => {
  const scratch = await scratchDatabase('e2e_skills');
  dropDatabase = () => scratch.drop();
  const env = {
    DATABASE_URL: scratch.url,
    CLOUD_HOST: '127.0.0.1',
    CLOUD_PORT: String(await freePort()),
    CLOUD_JOBS_POLL_MS: '200',
    LOG_LEVEL: 'warn',
  };
  await runPart('cloud/src/main.ts', { ...env, CLOUD_ADMIN_PASSWORD: PASSWORD }, ['add-admin', '--username', 'admin']);
  await runPart('cloud/src/main.ts', env, ['add-hub', '--hall', HALL, '--name', '南山营业厅', '--hub', 'hub-sk']);
  const cloud = await startPart('cloud/src/main.ts', env, 'cloud.ready');
  parts.push(cloud);
  base = `http://127.0.0.1:${cloud.ready.port as number}`;

  // The hall's services and two clerks (the staff module takes them from the config).
  const { db, close } = await openDatabase({ url: scratch.url, dataDir: '' });
  const { putHallConfig } = await import('@hall/cloud/halls');
  await putHallConfig(
    db,
    HALL,
    {
      hall: { capacity: 30 },
      services: [
        { id: 'billing', name: '话费业务', prefix: 'A' },
        { id: 'sim', name: '办卡业务', prefix: 'S' },
      ],
      counters: [{ id: 'C01', name: '1号窗口', services: { billing: 1, sim: 1 } }],
      staff: [
        { id: 'E1001', name: '王芳', skills: ['billing', 'sim'] },
        { id: 'E1002', name: '刘磊', skills: ['billing', 'sim'] },
      ],
    },
    null,
  );
  await close();

  const admin = await api('admin');
  const tree = (await admin.get('org.tree')) as Array<{ id: string; hallId: string | null }>;
  const unit = tree.find((u) => u.hallId === HALL)?.id as string;
  const users: Record<string, string> = {};
  for (const [username, name, role] of [
    ['sk-lead', '陈经理', 'hall_manager'],
    ['sk-fang', '王芳', 'staff'],
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
    users[username] = userId;
  }
  const staff = (await admin.get('staff.list', { hallId: HALL })) as {
    items: Array<{ id: string; staffId: string }>;
  };
  for (const e of staff.items) employeeIds[e.staffId] = e.id;
  await admin.call('staff.update', { employeeId: employeeIds.E1001, userId: users['sk-fang'] });

  // The last ten days' tickets: 王芳 quick at billing (220 at 4 min), 刘磊 slower (100 at 8 min).
  const sql = postgres(scratch.url, { max: 1, onnotice: () => undefined });
  let seq = 0;
  const rows: Array<Record<string, unknown>> = [];
  for (const [staffId, n, minutes] of [
    ['E1001', 220, 4],
    ['E1002', 100, 8],
  ] as const)
    for (let i = 0; i < n; i++) {
      const day = addDays(today, -1 - (i % 10));
      const start = new Date(`${day}T01:00:00Z`).getTime() + Math.floor(i / 10) * 15 * 60_000;
      rows.push({
        hub_id: 'hub-sk',
        issue_seq: ++seq,
        hall_id: HALL,
        ticket_no: `A${seq}`,
        service_id: 'billing',
        channel: 'kiosk',
        issued_at: new Date(start - 300_000),
        arrival_at: new Date(start - 300_000),
        first_called_at: new Date(start),
        started_at: new Date(start),
        ended_at: new Date(start + minutes * 60_000),
        outcome: 'done',
        counter_id: 'C01',
        staff_id: staffId,
      });
    }
  await sql`insert into tickets ${sql(rows)}`;
  // Two KPIs of the catalogue and 王芳's daily facts, as the daily job stores them (the record's KPI months).
  await sql`insert into kpi_definitions (key, version, name_zh, name_en, formula, unit, direction, target, bands, weight, applies_to, period)
    values
    ('served', 1, '办结量', 'Tickets served', 'served', 'count', 'higher', 400,
      ${sql.json({ kind: 'linear', zeroAt: 0, fullAt: 400 })}, 1, ${sql.json({ subjects: ['clerk'] })}, 'month'),
    ('handle-mix', 1, '办理时长（按业务结构）', 'Handling time for the service mix',
      'ratio(handle_seconds, expected_handle_seconds) * 100', 'percent', 'lower', 100,
      ${sql.json({ kind: 'linear', zeroAt: 150, fullAt: 85 })}, 2, ${sql.json({ subjects: ['clerk'] })}, 'month')`;
  for (let i = 1; i <= 10; i++)
    await sql`insert into kpi_daily (hall_id, date, subject_kind, subject_id, facts)
      values (${HALL}, ${addDays(today, -i)}, 'clerk', ${employeeIds.E1001 as string},
        ${sql.json({ served: 22, handle_seconds: 22 * 240, expected_handle_seconds: 22 * 300 })})`;
  // Level 3 without an exam (training does not record exams yet) and without ratings for this hall.
  await admin.call('skillLevels.saveRules', {
    orgUnitId: unit,
    rules: {
      windowDays: 28,
      minServedToLower: 20,
      levels: [
        { serviceId: '*', level: 2, criteria: [{ kind: 'served', min: 60 }] },
        {
          serviceId: '*',
          level: 3,
          criteria: [
            { kind: 'served', min: 200 },
            { kind: 'handle-vs-median', maxRatio: 1 },
            { kind: 'no-critical-onsite' },
          ],
        },
      ],
    },
  });
  await sql.end();
  // The evaluation, as a manager asks for it: a job the cloud runs.
  const lead = await api('sk-lead');
  await lead.call('skillLevels.evaluate', { hallId: HALL });
  for (let i = 0; i < 100; i++) {
    const p = (await lead.get('skillLevels.proposals', { hallId: HALL })) as { proposals: unknown[] };
    if (p.proposals.length > 0) break;
    await new Promise((r) => setTimeout(r, 300));
  }
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

async function useLang(page: Page, lang: Lang) {
  await page.evaluate((l) => window.localStorage.setItem('hall.lang', l), lang);
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(screenshotsDir(), `skills-${name}.png`), fullPage: true });
}

describe('skill levels and the staff record in the browser', () => {
  it('the demo records from the history; the manager confirms a proposal and records an award; the clerk sees her record on a phone', async () => {
    const admin = await api('admin');
    const made = await demoSkills(
      {
        get: (path, input) => admin.get(path, input) as never,
        call: (path, input) => admin.call(path, input) as never,
      },
      [{ scenario: { hall: { id: HALL, timeZone: 'Asia/Shanghai' } } }],
      { evaluate: false },
    );
    // An award on each of the two history days with tickets (3 and 9 days ago), an error on the slowest.
    expect(made).toEqual({ [HALL]: 3 });
    const page = await (browser as Browser).context.newPage();
    await page.setViewportSize(DESK);
    await signInPage(page, 'sk-lead');
    await useLang(page, 'zh-CN');
    await page.goto(`${base}/halls/${HALL}/skills`);
    const card = page.locator('li.proposal-card[data-status="pending"]', { hasText: '王芳' });
    await card.waitFor();
    expect(await card.innerText()).toContain('二级（独立） → 三级（专家）');
    expect(await card.innerText()).toContain('220 笔');
    await card.locator('button.primary').click();
    await page.locator('li.proposal-card[data-status="confirmed"]', { hasText: '王芳' }).waitFor();
    // The hall's own rules: level 2 from 50 tickets instead of 60, saved as a new version.
    await page.locator('button.edit-rules').click();
    await page.locator('[data-criterion="2-served"] input[type="number"]').fill('50');
    await page.locator('form.rules-editor button[type="submit"]').click();
    await page.locator('.rules-summary', { hasText: '第 2 版' }).waitFor();
    expect(await page.locator('ul.rules').innerText()).toContain('该业务办结量 ≥ 50 笔');

    await page.goto(`${base}/staff/${employeeIds.E1001}/record`);
    const form = page.locator('form.record-form');
    await form.waitFor();
    await form.locator('textarea').fill('帮助老年客户办理携号转网，客户来电表扬');
    await form.locator('button[type="submit"]').click();
    await page.locator('.record-entries li.award', { hasText: '客户来电表扬' }).waitFor();
    await shot(page, 'record-manager-zh-CN-desk');

    await page.setViewportSize(PHONE);
    await signInPage(page, 'sk-fang');
    for (const lang of ['zh-CN', 'en'] as const) {
      await useLang(page, lang);
      await page.goto(`${base}/me/record`);
      await page.locator('.record-entries li.award').first().waitFor();
      await page.waitForLoadState('networkidle').catch(() => undefined);
      const text = await page.locator('main, body').first().innerText();
      expect(text).toContain('客户来电表扬');
      expect(text).toContain(lang === 'zh-CN' ? '三级（专家）' : 'Level 3 (expert)');
      // Her KPIs by month: she served in 80% of the time her service mix expects.
      expect(await page.locator('table.kpi-history').innerText()).toContain('80%');
      expect(await page.locator('form.record-form').count()).toBe(0);
      await shot(page, `me-record-${lang}-phone`);
      expect((await scanRenderedText(page, lang)).map((f) => `${f.kind}: "${f.text}" at ${f.where}`)).toEqual([]);
      expect(await layoutFindings(page)).toEqual([]);
    }
    // Someone else's record is refused in words.
    await page.goto(`${base}/staff/${employeeIds.E1002}/record`);
    await page.locator('.state.refused').waitFor();
    await page.close();
  }, 120_000);

  it('the manager pages read right in both languages, phone and desk', async () => {
    const page = await (browser as Browser).context.newPage();
    await signInPage(page, 'sk-lead');
    const findings: Record<string, string[]> = {};
    for (const c of [
      { name: 'proposals', path: `/halls/${HALL}/skills`, ready: 'li.proposal-card' },
      { name: 'record', path: `/staff/${employeeIds.E1001}/record`, ready: 'form.record-form' },
    ])
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
    await page.close();
    expect(findings).toEqual({});
  }, 180_000);
});

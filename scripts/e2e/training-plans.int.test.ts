/// <reference lib="dom" />
/**
 * 人员培训's plans by rules in Debian's Chromium against a real cloud on the harness's PostgreSQL. 华南区
 * with 南山营业厅 (王芳 started five days ago, 李强 twenty days ago, 陈静 long before) and 福田营业厅 (赵敏);
 * 王芳 has a phone account (the staff role, linked to her staff record), 南山's manager a console account.
 * A trainer, on an empty 培训计划, adds a new-hire rule through the form (two induction courses from the
 * library, the 入职考试, 14 days): it reads as a sentence and assigns the two new hires (李强's already
 * overdue); a policy rule (tag 制度, 3 days) refused without its tag at the field, then saved, assigns
 * nobody until a material tagged 制度 is published — saved again, it assigns every clerk of both halls.
 * The hall manager reads the rules and 南山's completion (0 of 7, two overdue); 王芳, on a 390×844 phone,
 * sees her three assignments due in days ("还剩 3 天"), 去考试 where the exam is needed, confirms reading
 * the policy and finds it under 已完成; the manager's completion reads 1 of 7. A warehouse role is
 * refused, a rule that does not exist is not found. Every page proof-read in both languages at 1920×1080
 * and 390×844; screenshots in /tmp/shots-plans/ and the artifacts.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createUser, ensureHallUnit, ensureRegionUnit, ensureRootUnit } from '@hall/cloud/access';
import { openDatabase } from '@hall/cloud/db';
import { putHallConfig, registerHall } from '@hall/cloud/halls';
import {
  launchBrowser,
  layoutFindings,
  scanRenderedText,
  screenshotsDir,
  signInApi,
  type Browser,
  type CloudApi,
} from '@hall/scripts/harness';
import type { Page } from 'playwright-core';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, cloudFixture, until, type CloudFixture } from './cloud-fixture.ts';
import { LANGS, useLang } from './proof-read.ts';

let fixture: CloudFixture | undefined;
let desk: Browser | undefined;
let phone: Browser | undefined;
let base = '';
const PASSWORD = 'Training-Plans-2026!';
const TRAINER = { username: 'trainer-wu', password: PASSWORD };
const HM = { username: 'hm-ns', password: PASSWORD };
const WH = { username: 'wh-zhou', password: PASSWORD };
const CLERK = { username: 'clerk-wang', password: PASSWORD };
const DESKTOP = { width: 1920, height: 1080 };
const PHONE = { width: 390, height: 844 };
const SHOTS = '/tmp/shots-plans';
const ZONE = 'Asia/Shanghai';
const api: Record<string, CloudApi> = {};
const emp: Record<string, string> = {};
const findings: string[] = [];

/** A calendar date `days` from the halls' today. */
function day(days: number) {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(Date.now());
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

afterAll(async () => {
  await desk?.close();
  await phone?.close();
  await fixture?.stop();
});

beforeAll(async () => {
  fixture = await cloudFixture('e2e_tplans');
  const { db, close } = await openDatabase({ url: fixture.url, dataDir: '' });
  try {
    await ensureRootUnit(db);
    await ensureRegionUnit(db, { id: 'r-south', name: '华南区' });
    for (const [hallId, name, staff] of [
      [
        'NS',
        '南山营业厅',
        [
          { id: 'E1', name: '王芳' },
          { id: 'E2', name: '李强' },
          { id: 'E3', name: '陈静' },
        ],
      ],
      ['FT', '福田营业厅', [{ id: 'F1', name: '赵敏' }]],
    ] as const) {
      await registerHall(db, { id: hallId, name, timeZone: ZONE });
      await ensureHallUnit(db, { hallId, name, parentId: 'r-south' });
      await putHallConfig(
        db,
        hallId,
        {
          hall: { capacity: 40 },
          services: [
            { id: 'broadband', name: '宽带业务', prefix: 'B', targetWaitMinutes: 12 },
            { id: 'plan-change', name: '套餐变更', prefix: 'P', targetWaitMinutes: 10 },
          ],
          counters: [{ id: 'C01', name: '1号窗口', services: { broadband: 1, 'plan-change': 1 } }],
          staff: [...staff],
        },
        null,
      );
    }
    const pg = postgres(fixture.url, { max: 1, onnotice: () => {} });
    try {
      for (const [who, name, unit, role] of [
        [TRAINER, '吴培训', 'r-south', 'trainer'],
        [HM, '南山店长', 'hall-NS', 'hall_manager'],
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
  const cloud = await fixture.start();
  base = cloud.base.replace(/\/trpc$/, '');
  api.admin = await signInApi(base, ADMIN);
  for (const hallId of ['NS', 'FT']) {
    const { items } = await until(`${hallId}'s staff imported`, async () => {
      const r = await api.admin!.get<{ items: Array<{ id: string; staffId: string }> }>('staff.list', { hallId });
      return r.items.length > 0 ? r : null;
    });
    for (const e of items) emp[e.staffId] = e.id;
  }
  // Start dates: 王芳 five days ago, 李强 twenty (his induction is overdue), 陈静 two years ago.
  for (const [staffId, startDate] of [
    ['E1', day(-5)],
    ['E2', day(-20)],
    ['E3', day(-730)],
  ] as const)
    await api.admin.call('staff.update', { employeeId: emp[staffId], startDate });
  const { userId } = await api.admin.call<{ userId: string }>('users.create', {
    orgUnitId: 'hall-NS',
    username: CLERK.username,
    name: '王芳',
    password: CLERK.password,
    staffId: 'E1',
  });
  await api.admin.call('users.grant', { orgUnitId: 'hall-NS', userId, role: 'staff' });
  await api.admin.call('staff.update', { employeeId: emp.E1, userId });

  api.trainer = await signInApi(base, TRAINER);
  for (const [title, body] of [
    ['新员工入职须知', '入职第一周：考勤、着装、工牌与排班。'],
    ['营业厅安全须知', '消防通道、应急疏散与现金安全。'],
  ] as const)
    await api.trainer.call('training.createMaterial', {
      kind: 'note',
      title,
      body,
      orgUnitId: 'r-south',
      serviceIds: [],
      skills: [],
      level: 1,
    });
  await api.trainer.call('training.importQuestions', {
    orgUnitId: 'r-south',
    rows: [{ kind: 'truefalse', stem: '上岗须佩戴工牌。', answer: { truth: true } }],
  });
  const { rows } = await api.trainer.get<{ rows: Array<{ id: number }> }>('training.questions', {
    orgUnitId: 'r-south',
  });
  await api.trainer.call('training.createExam', {
    title: '入职考试',
    orgUnitId: 'r-south',
    questionIds: rows.map((q) => q.id),
    drawCount: 1,
    timeLimitMinutes: 10,
    maxAttempts: 3,
    passPercent: 100,
    opensAt: new Date(Date.now() - 60_000).toISOString(),
  });
  mkdirSync(SHOTS, { recursive: true });
  desk = await launchBrowser({ viewport: DESKTOP });
  phone = await launchBrowser({ viewport: PHONE });
}, 240_000);

async function pageAs(b: Browser | undefined, who: { username: string; password: string }, size = DESKTOP) {
  const browser = b as Browser;
  await browser.context.clearCookies();
  const page = await browser.context.newPage();
  await page.setViewportSize(size);
  await page.goto(`${base}/login`);
  await useLang(page, 'zh-CN');
  await page.locator('input[name="username"]').fill(who.username);
  await page.locator('input[type="password"]').fill(who.password);
  await page.locator('form button[type="submit"]').click();
  await page.locator('.shell').waitFor();
  return page;
}

const textOf = async (page: Page, selector: string) =>
  ((await page.locator(selector).first().innerText()) ?? '').replace(/\s+/g, ' ').trim();

/** A page proof-read in both languages at both sizes; its screenshots kept in /tmp/shots-plans/ too. */
async function read(page: Page, name: string, path: string, ready: string) {
  for (const lang of LANGS) {
    await useLang(page, lang);
    for (const size of [DESKTOP, PHONE]) {
      await page.setViewportSize(size);
      await page.goto(`${base}${path}`);
      await page.locator(ready).first().waitFor({ timeout: 20_000 });
      await page.waitForLoadState('networkidle').catch(() => undefined);
      for (const f of await scanRenderedText(page, lang))
        findings.push(`${name} ${lang}: ${f.kind} "${f.text}" at ${f.where}`);
      for (const f of await layoutFindings(page))
        findings.push(`${name} ${lang} ${size.width}: ${f.kind} at ${f.where}`);
      const file = `training-plans-${name}-${lang}-${size.width}.png`;
      await page.screenshot({ path: join(screenshotsDir(), file), fullPage: true });
      copyFileSync(join(screenshotsDir(), file), join(SHOTS, file));
    }
  }
  await useLang(page, 'zh-CN');
}

const ruleId = async (name: string) =>
  (await api.trainer!.get<Array<{ id: number; name: string }>>('training.planRules')).find((r) => r.name === name)
    ?.id as number;

/** 南山's completion as its manager reads it: "done / total" and the overdue. */
async function completion(page: Page) {
  await page.goto(`${base}/training/plans`);
  const row = page.locator('[data-testid="completion"] tr[data-hall="NS"]');
  await row.waitFor({ timeout: 20_000 });
  return {
    doneOf: await textOf(page, '[data-testid="completion"] tr[data-hall="NS"] [data-testid="done-of"]'),
    rate: await textOf(page, '[data-testid="completion"] tr[data-hall="NS"] [data-testid="rate"]'),
    overdue: await textOf(page, '[data-testid="completion"] tr[data-hall="NS"] [data-testid="overdue"]'),
  };
}

describe('人员培训: plans by rules', () => {
  it('a trainer adds a new-hire rule through the form: a sentence, the two new hires assigned', async () => {
    const page = await pageAs(desk, TRAINER);
    await page.goto(`${base}/training/plans`);
    await page.locator('[data-testid="no-rules"]').waitFor({ timeout: 20_000 });
    expect(await textOf(page, '[data-testid="no-rules"]')).toBe(
      '还没有培训计划规则。 点“新建规则”，按新员工入职、新品上市或制度变更自动安排培训。',
    );
    expect(await textOf(page, '[data-testid="no-assignments"]')).toBe('没有符合条件的培训任务。');
    expect(await page.locator('.training-nav a[aria-current="page"]').innerText()).toBe('培训计划');
    await read(page, 'empty', '/training/plans', '[data-testid="no-rules"]');
    await page.goto(`${base}/training/plans`);
    await page.locator('[data-testid="no-rules"]').waitFor({ timeout: 20_000 });

    await page.locator('[data-action="new-rule"]').click();
    const form = page.locator('[data-testid="plan-form"]');
    await form.waitFor();
    expect(await form.locator('.unit-field select').inputValue()).toBe('r-south');
    await form.locator('input[name="name"]').fill('新员工入职培训');
    expect(await form.locator('input[name="trigger"][value="new-hire"]').isChecked()).toBe(true);
    // Without a course the cloud could not plan: said at the courses.
    await form.locator('[data-action="save-rule"]').click();
    expect(await textOf(page, '[data-testid="course"] .field-error')).toBe('请填写此规则触发条件所需的内容');
    for (const title of ['新员工入职须知', '营业厅安全须知']) {
      await form.locator('[data-action="choose-course"]').click();
      await form.locator('input[name="course-q"]').fill(title);
      await form.locator('[data-action="course-search"]').click();
      await form.locator('.course-results li', { hasText: title }).locator('[data-action="pick-course"]').click();
    }
    expect(await form.locator('[data-testid="plan-courses"] .course-title').allInnerTexts()).toEqual([
      '新员工入职须知',
      '营业厅安全须知',
    ]);
    await form.locator('select[name="exam"]').selectOption({ label: '入职考试' });
    expect(await form.locator('input[name="withinDays"]').inputValue()).toBe('30');
    expect(await form.locator('input[name="dueDays"]').inputValue()).toBe('14');
    await form.locator('[data-action="save-rule"]').click();
    await page.locator('p[role="status"].ok').waitFor({ timeout: 20_000 });
    expect(await textOf(page, 'p[role="status"].ok')).toBe('已保存。新分配 4 项培训任务。');
    expect(await form.count()).toBe(0);
    const rule = page.locator('li.rule[data-trigger="new-hire"]');
    expect(await textOf(page, 'li.rule[data-trigger="new-hire"] [data-testid="rule-sentence"]')).toBe(
      '新员工入职 30 天内：新员工入职须知、营业厅安全须知，入职后 14 天内完成（须通过「入职考试」）',
    );
    expect(await rule.locator('[data-active]').innerText()).toBe('启用中');
    expect(await textOf(page, 'li.rule[data-trigger="new-hire"] .rule-meta')).toBe('适用范围：华南区 · 营业员');
    // 李强 started twenty days ago: his two are overdue, listed first.
    const rows = page.locator('[data-testid="assignments"] tbody tr');
    await until('assignments listed', async () => ((await rows.count()) === 4 ? true : null));
    expect(await rows.first().getAttribute('data-status')).toBe('overdue');
    expect(await textOf(page, '[data-testid="assignments"] tbody tr:first-child th')).toBe('李强');
    expect(await textOf(page, '[data-testid="assignments"] tbody tr:first-child [data-testid="due-left"]')).toBe(
      '已逾期 6 天',
    );
    await page.close();
  });

  it('a policy rule is refused without its tag, then assigns every clerk once a material tagged with it is out', async () => {
    const page = await pageAs(desk, TRAINER);
    await page.goto(`${base}/training/plans?edit=new`);
    const form = page.locator('[data-testid="plan-form"]');
    await form.waitFor({ timeout: 20_000 });
    await form.locator('input[name="name"]').fill('制度变更学习');
    await form.locator('input[name="trigger"][value="policy"]').check();
    await form.locator('input[name="dueDays"]').fill('3');
    await form.locator('[data-action="save-rule"]').click();
    expect(await textOf(page, '.field-error[data-field="skill"]')).toBe('请填写此规则触发条件所需的内容');
    await form.locator('input[name="skill"]').fill('制度');
    await form.locator('[data-action="save-rule"]').click();
    await page.locator('p[role="status"].ok').waitFor({ timeout: 20_000 });
    expect(await textOf(page, 'p[role="status"].ok')).toBe('已保存。目前没有需要新分配的培训任务。');
    expect(await textOf(page, 'li.rule[data-trigger="policy"] [data-testid="rule-sentence"]')).toBe(
      '标记「制度」的资料发布或修订后：全体营业员 3 天内学习',
    );
    await api.trainer!.call('training.createMaterial', {
      kind: 'note',
      title: '营业厅考勤制度',
      body: '迟到十分钟以上须报备。',
      orgUnitId: 'r-south',
      serviceIds: [],
      skills: ['制度'],
      level: 1,
    });
    // Saved again (it plans at once, as the daily job would): every clerk of both halls.
    await page.locator('li.rule[data-trigger="policy"] [data-action="edit-rule"]').click();
    expect(await form.locator('input[name="skill"]').inputValue()).toBe('制度');
    await form.locator('[data-action="save-rule"]').click();
    await page.locator('p[role="status"].ok').waitFor({ timeout: 20_000 });
    expect(await textOf(page, 'p[role="status"].ok')).toBe('已保存。新分配 4 项培训任务。');
    // The trainer sees both halls' completion.
    await page.locator('[data-testid="completion"] tr[data-hall="FT"]').waitFor({ timeout: 20_000 });
    expect(await textOf(page, '[data-testid="completion"] tr[data-hall="FT"] [data-testid="done-of"]')).toBe('0 / 1');
    await page.close();
  });

  it('the clerk confirms reading on her phone; the hall manager sees the completion change', async () => {
    const hm = await pageAs(desk, HM);
    await hm.goto(`${base}/training/plans`);
    await hm.locator('li.rule').first().waitFor({ timeout: 20_000 });
    // The region's rules are the manager's to read; the form is not theirs.
    expect(await hm.locator('li.rule').count()).toBe(2);
    expect(await textOf(hm, 'li.rule[data-trigger="new-hire"] [data-testid="rule-sentence"]')).toBe(
      '新员工入职 30 天内：新员工入职须知、营业厅安全须知，入职后 14 天内完成（须通过「入职考试」）',
    );
    expect(await hm.locator('[data-action="new-rule"], [data-action="edit-rule"]').count()).toBe(0);
    expect(await completion(hm)).toEqual({ doneOf: '0 / 7', rate: '0%', overdue: '2' });
    expect(await hm.locator('[data-testid="completion"] tr[data-hall="FT"]').count()).toBe(0);

    const c = await pageAs(phone, CLERK, PHONE);
    await c.goto(`${base}/me/training`);
    const open = c.locator('[data-testid="my-plan-open"] li.my-plan');
    await open.first().waitFor({ timeout: 20_000 });
    expect(await open.count()).toBe(3);
    const policy = c.locator('li.my-plan', { hasText: '营业厅考勤制度' });
    expect(await policy.locator('[data-testid="due-left"]').innerText()).toBe('还剩 3 天');
    const induction = c.locator('li.my-plan', { hasText: '新员工入职须知' });
    expect(await induction.locator('[data-testid="due-left"]').innerText()).toBe('还剩 9 天');
    expect(await induction.locator('[data-action="go-exam"]').innerText()).toBe('去考试');
    expect(await induction.locator('[data-action="confirm-read"]').count()).toBe(0);
    const [y, m, d] = day(9).split('-').map(Number) as [number, number, number];
    expect(await induction.locator('[data-testid="due-on"]').innerText()).toBe(`截止 ${y}年${m}月${d}日`);
    await policy.locator('[data-action="confirm-read"]').click();
    await c.locator('p[role="status"].ok').waitFor({ timeout: 20_000 });
    expect(await textOf(c, 'p[role="status"].ok')).toBe('已记录为已学习。');
    await until('two left open', async () => ((await open.count()) === 2 ? true : null));
    const done = c.locator('[data-testid="my-plan-done"]');
    expect(await textOf(c, '[data-testid="my-plan-done"] summary')).toBe('已完成 1 项');
    await done.locator('summary').click();
    expect(await textOf(c, '[data-testid="my-plan-done"] li.my-plan')).toContain('营业厅考勤制度 已学习');
    await c.close();

    expect(await completion(hm)).toEqual({ doneOf: '1 / 7', rate: '14.3%', overdue: '2' });
    // Filtered to what is done: 王芳's reading, how and when.
    await hm.locator('select[name="status"]').selectOption('done');
    await hm.waitForURL(/status=done/);
    await until('only the done one', async () =>
      (await hm.locator('[data-testid="assignments"] tbody tr').count()) === 1 ? true : null,
    );
    expect(await textOf(hm, '[data-testid="assignments"] tbody tr [data-testid="state"]')).toMatch(/^已学习 \d{4}年/);
    await hm.locator('select[name="status"]').selectOption('overdue');
    await until('only the overdue', async () =>
      (await hm.locator('[data-testid="assignments"] tbody tr[data-status="overdue"]').count()) === 2 &&
      (await hm.locator('[data-testid="assignments"] tbody tr').count()) === 2
        ? true
        : null,
    );
    await hm.close();
  });

  it('a warehouse role is refused; a rule that does not exist is not found', async () => {
    const wh = await pageAs(desk, WH);
    await wh.goto(`${base}/training/plans`);
    await wh.locator('.state.refused').first().waitFor({ timeout: 20_000 });
    expect(await textOf(wh, '.state.refused')).toContain('无权查看培训计划');
    await wh.close();
    const tr = await pageAs(desk, TRAINER);
    await tr.goto(`${base}/training/plans?edit=999999`);
    await tr.locator('.state.not-found').waitFor({ timeout: 20_000 });
    expect(await textOf(tr, '.state.not-found')).toContain('找不到该计划规则');
    await tr.close();
  });

  it('every page reads well in both languages at both sizes', async () => {
    const trainer = await pageAs(desk, TRAINER);
    await read(trainer, 'list', '/training/plans', 'li.rule');
    await read(trainer, 'new', '/training/plans?edit=new', '[data-testid="plan-form"]');
    await read(
      trainer,
      'edit',
      `/training/plans?edit=${await ruleId('新员工入职培训')}`,
      '[data-testid="plan-courses"]',
    );
    await read(trainer, 'edit-policy', `/training/plans?edit=${await ruleId('制度变更学习')}`, 'input[name="skill"]');
    await read(trainer, 'not-found', '/training/plans?edit=999999', '.state.not-found');
    await trainer.close();
    const hm = await pageAs(desk, HM);
    await read(hm, 'manager', '/training/plans', '[data-testid="completion"]');
    await hm.close();
    const c = await pageAs(phone, CLERK, PHONE);
    await read(c, 'mine', '/me/training', '[data-testid="my-plan-open"]');
    await c.close();
    const wh = await pageAs(desk, WH);
    await read(wh, 'refused', '/training/plans', '.state.refused');
    await wh.close();
    expect(findings).toEqual([]);
  });
});

/// <reference lib="dom" />
/**
 * 人员培训's question bank and exams in Debian's Chromium against a real cloud on the harness's
 * PostgreSQL. HQ → 华南区 → 南山营业厅 with its business types and two clerks (王芳, 李强), each with a
 * console account (the staff role) linked to their employee record. A trainer downloads the import
 * template and imports an XLSX the test builds with exceljs, one row of it bad: the report names that
 * row and its column, the good rows are in the bank. The trainer makes an exam through the page (all
 * six questions in its pool, five a paper, one attempt, pass mark 60%). 王芳 takes it on a 390×844
 * phone: starts, answers (the test knows the keys from the bank API: four right, one wrong), reloads
 * mid-way and finds her answers kept, loses the network and gets the answer saved once it is back,
 * hands in after being told what is unanswered, and sees 80% and 通过 with the right answers revealed
 * (no attempt left); the start button is gone. 李强's paper comes in another order; he hands in blank
 * and fails. A short exam's countdown warns under a minute and hands the paper in by itself at zero.
 * The trainer's results page shows both clerks and the item analysis. Every page proof-read in both
 * languages at 1920×1080 and 390×844 (screenshots under .artifacts/screenshots/training-exams-*).
 */
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
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, cloudFixture, type CloudFixture } from './cloud-fixture.ts';
import { LANGS, readEverywhere, SIZES, useLang } from './proof-read.ts';

let fixture: CloudFixture | undefined;
let browser: Browser | undefined;
let base = '';
const PASSWORD = 'Training-Exams-2026!';
const TRAINER = { username: 'trainer-wu', password: PASSWORD };
const HM = { username: 'hm-ns', password: PASSWORD };
const WH = { username: 'wh-zhou', password: PASSWORD };
const WANG = { username: 'clerk-wang', password: PASSWORD };
const LI = { username: 'clerk-li', password: PASSWORD };
const api: Record<string, CloudApi> = {};
const PHONE = { width: 390, height: 844 };
const PREFIX = 'training-exams';

type BankQuestion = {
  id: number;
  kind: 'single' | 'multiple' | 'truefalse' | 'short';
  stem: string;
  options: string[];
  answer: { choices: number[] } | { truth: boolean } | { keywords: string[] };
  serviceIds: string[];
  points: number;
};
type PaperItem = { questionId: number; options: string[] };
type AttemptView = { id: number; items: PaperItem[]; result: { percent: number; passed: boolean } | null };

const TITLES = [
  '题型',
  '题干',
  '选项A',
  '选项B',
  '选项C',
  '选项D',
  '选项E',
  '选项F',
  '选项G',
  '选项H',
  '答案',
  '分值',
  '解析',
  '业务类型',
  '技能',
  '等级',
];
/** The sheet the trainer imports: six good questions and, on sheet row 5, a choice question with one option. */
const SHEET: Array<Array<string | number>> = [
  [
    '单选',
    '携号转网时，客户须出示哪种证件？',
    '机主本人身份证原件',
    '户口本复印件',
    '驾驶证',
    '工作证',
    '',
    '',
    '',
    '',
    'A',
    10,
    '携号转网须核验机主本人身份证原件。',
    '办卡',
    '业务办理',
    '初级',
  ],
  ['单选', '话费账单一般在每月几号出账？', '1号', '15号', '28号', '', '', '', '', '', 'a', 10, '', '话费业务', '', ''],
  [
    '多选',
    '开门前须检查哪些项目？',
    '宣传海报是否过期',
    '员工生日',
    '叫号机是否正常',
    '竞争对手价格',
    '',
    '',
    '',
    '',
    'A、C',
    10,
    '开门前检查海报和设备。',
    '',
    '形象规范',
    '中级',
  ],
  ['单选', '只有一个选项的题', '唯一选项', '', '', '', '', '', '', '', 'A', 10, '', '', '', ''],
  [
    '判断',
    '客户可以委托他人代办携号转网。',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '错',
    10,
    '须机主本人办理。',
    '办卡',
    '',
    '',
  ],
  ['判断题', '宽带装机前须与客户预约上门时间。', '', '', '', '', '', '', '', '', '√', 10, '', '宽带业务', '', ''],
  [
    '简答',
    '办理新卡的主要步骤有哪些？',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '身份证、人像比对、签名',
    10,
    '',
    '办卡',
    '',
    '高级',
  ],
];
const EXAM = '携号转网业务考试';

/** Made during the run. */
const ids: Record<string, number> = {};
const papers: Record<string, AttemptView> = {};
/** Per bank question: how 王芳 answered it (right or not). */
const wangRight = new Map<number, boolean>();

afterAll(async () => {
  await browser?.close();
  await fixture?.stop();
});

beforeAll(async () => {
  fixture = await cloudFixture('e2e_exams');
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
        staff: [
          { id: 'E1', name: '王芳' },
          { id: 'E2', name: '李强' },
        ],
      },
      null,
    );
    const pg = postgres(fixture.url, { max: 1, onnotice: () => {} });
    try {
      for (const [who, name, unit, role] of [
        [TRAINER, '吴培训', 'hq', 'trainer'],
        [HM, '南山店长', 'hall-NS', 'hall_manager'],
        [WH, '周仓管', 'hq', 'logistics'],
        [WANG, '王芳', 'hall-NS', 'staff'],
        [LI, '李强', 'hall-NS', 'staff'],
      ] as const) {
        const id = await createUser(db, { ...who, name, orgUnitId: unit });
        await pg`insert into user_roles (user_id, role, org_unit_id) values (${id}, ${role}, ${unit})`;
        // A clerk's account is their employee record's (how staff-pages links the demo's clerk).
        const staffId = who === WANG ? 'E1' : who === LI ? 'E2' : null;
        if (staffId) await pg`update employees set user_id = ${id} where hall_id = 'NS' and staff_id = ${staffId}`;
      }
    } finally {
      await pg.end();
    }
  } finally {
    await close();
  }
  const cloud = await fixture.start();
  base = cloud.base.replace(/\/trpc$/, '');
  for (const [k, who] of Object.entries({ trainer: TRAINER, admin: ADMIN, wang: WANG, li: LI }))
    api[k] = await signInApi(base, who);
  browser = await launchBrowser({ viewport: { width: 1920, height: 1080 } });
}, 240_000);

/** A page signed in as `who` (the browser's cookies cleared first: one user at a time). */
async function pageAs(who: { username: string; password: string }, size = { width: 1920, height: 1080 }) {
  const b = browser as Browser;
  await b.context.clearCookies();
  await b.context.setOffline(false);
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

const bank = async () => (await api.trainer!.get<{ rows: BankQuestion[] }>('training.questions', { limit: 200 })).rows;

const exact = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

/** Answers the question on the screen from the bank's key: right, or wrong on purpose. */
async function answer(page: Page, keyed: Map<number, BankQuestion>, right: boolean) {
  const screen = page.locator('.paper-question');
  const q = keyed.get(Number(await screen.getAttribute('data-question'))) as BankQuestion;
  const option = (text: string) =>
    screen.locator('label.choice', { has: page.locator('.text', { hasText: exact(text) }) });
  const a = q.answer;
  if ('choices' in a) {
    const picks = right ? a.choices : [q.options.findIndex((_, i) => !a.choices.includes(i))];
    for (const i of picks) await option(q.options[i] as string).click();
  } else if ('truth' in a) {
    await option(a.truth === right ? '对' : '错').click();
  } else {
    await screen.locator('textarea').fill(right ? '先核验身份证，再做人像比对，最后客户签名。' : '不知道');
  }
  return q;
}

describe('人员培训: the question bank and exams', () => {
  it('a trainer downloads the template and imports an XLSX: the bad row named by row and column, the rest in the bank', async () => {
    const page = await pageAs(TRAINER);
    await page.goto(`${base}/training/questions`);
    await page.locator('[data-testid="nothing"]').waitFor({ timeout: 20_000 });
    expect(await textOf(page, '[data-testid="nothing"]')).toContain('题库里还没有试题');

    // The template: the titles in the UI's language and two example rows.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('button[data-action="template"]').click(),
    ]);
    expect(download.suggestedFilename()).toBe('试题导入模板.xlsx');
    const template = new ExcelJS.Workbook();
    await template.xlsx.readFile(await download.path());
    const sheet = template.worksheets[0] as ExcelJS.Worksheet;
    const rowText = (n: number) =>
      Array.from({ length: TITLES.length }, (_, i) => String(sheet.getRow(n).getCell(i + 1).value ?? ''));
    expect(rowText(1)).toEqual(TITLES);
    expect(rowText(2).slice(0, 2)).toEqual(['单选', '客户办理携号转网时，须出示以下哪种证件？']);
    expect(rowText(3)[0]).toBe('多选');
    expect(rowText(3)[10]).toBe('AC');
    expect(sheet.rowCount).toBe(3);

    // The trainer's own sheet, with its bad row (sheet row 5).
    const book = new ExcelJS.Workbook();
    const s = book.addWorksheet('题库');
    s.addRow(TITLES);
    for (const r of SHEET) s.addRow(r.map((v) => (v === '' ? null : v)));
    const bytes = Buffer.from(await book.xlsx.writeBuffer());
    await page
      .locator('[data-testid="import-file"]')
      .setInputFiles({ name: '业务题库.xlsx', mimeType: 'application/octet-stream', buffer: bytes });
    const report = page.locator('[data-testid="import-report"]');
    await report.waitFor({ timeout: 20_000 });
    expect(await textOf(page, '[data-testid="imported"]')).toBe('已导入 6 道题。');
    expect(await page.locator('[data-testid="refused"] tbody tr').count()).toBe(1);
    const bad = page.locator('[data-testid="refused"] tr[data-row="5"]');
    expect((await bad.innerText()).replace(/\s+/g, ' ').trim()).toBe(
      '第 5 行 选项 选择题需要 2 至 8 个互不相同的选项；判断题和简答题不设选项',
    );

    // The good rows are in the bank, as the sheet said.
    const rows = await bank();
    expect(rows).toHaveLength(6);
    const byStem = new Map(rows.map((r) => [r.stem, r]));
    expect(byStem.get('携号转网时，客户须出示哪种证件？')).toMatchObject({
      kind: 'single',
      answer: { choices: [0] },
      serviceIds: ['sim'],
      points: 10,
    });
    expect(byStem.get('话费账单一般在每月几号出账？')?.answer).toEqual({ choices: [0] });
    expect(byStem.get('开门前须检查哪些项目？')?.answer).toEqual({ choices: [0, 2] });
    expect(byStem.get('客户可以委托他人代办携号转网。')?.answer).toEqual({ truth: false });
    expect(byStem.get('宽带装机前须与客户预约上门时间。')).toMatchObject({
      answer: { truth: true },
      serviceIds: ['broadband'],
    });
    expect(byStem.get('办理新卡的主要步骤有哪些？')?.answer).toEqual({ keywords: ['身份证', '人像比对', '签名'] });
    expect(byStem.has('只有一个选项的题')).toBe(false);

    // The list shows them, the right options marked; a kind filter is in the address.
    const cards = page.locator('[data-testid="questions"] > li');
    await expect.poll(() => cards.count()).toBe(6);
    const multiple = page.locator(`li[data-question="${byStem.get('开门前须检查哪些项目？')?.id}"]`);
    expect(await multiple.locator('.options li[data-right="yes"] .text').allInnerTexts()).toEqual([
      '宣传海报是否过期',
      '叫号机是否正常',
    ]);
    expect(await textOf(page, `li[data-question="${byStem.get('客户可以委托他人代办携号转网。')?.id}"] .key`)).toBe(
      '答案：错',
    );
    await page.locator('select[name="kind"]').selectOption('truefalse');
    await page.waitForURL((u) => u.searchParams.get('kind') === 'truefalse');
    await expect.poll(() => cards.count()).toBe(2);
    await page.close();
  });

  it('a trainer writes a question in the form, refused at its field first, and archives it', async () => {
    const page = await pageAs(TRAINER);
    await page.goto(`${base}/training/questions`);
    await page.locator('[data-testid="questions"] > li').first().waitFor({ timeout: 20_000 });
    await page.locator('button[data-action="new-question"]').click();
    const form = page.locator('[data-testid="question-form"]');
    await form.locator('select[name="kind"]').selectOption('multiple');
    await form.locator('textarea[name="stem"]').fill('营业厅的服务时间内，哪些岗位须有人在岗？');
    await form.locator('input[name="optionA"]').fill('引导员');
    await form.locator('input[name="optionB"]').fill('值班经理');
    await form.locator('input[name="optionC"]').fill('引导员');
    await form.locator('[data-option="A"] input[name="right"]').check();
    await form.locator('[data-option="B"] input[name="right"]').check();
    await form.getByRole('button', { name: '保存' }).click();
    // Two options alike: the cloud refuses, said at the options.
    await form.locator('[data-field-error="options"]').waitFor();
    expect(await textOf(page, '[data-field-error="options"]')).toContain('选择题需要 2 至 8 个互不相同的选项');
    await form.locator('input[name="optionC"]').fill('保安');
    await form.getByRole('button', { name: '保存' }).click();
    await page.locator('p.ok', { hasText: '试题已添加。' }).waitFor();
    const made = (await bank()).find((q) => q.stem.startsWith('营业厅的服务时间内')) as BankQuestion;
    expect(made).toMatchObject({
      kind: 'multiple',
      options: ['引导员', '值班经理', '保安'],
      answer: { choices: [0, 1] },
    });
    expect(made.points).toBe(3);
    const card = page.locator(`li[data-question="${made.id}"]`);
    await card.locator('button[data-action="archive"]').click();
    await page.locator('p.ok', { hasText: '试题已归档' }).waitFor();
    await expect.poll(() => card.count()).toBe(0);
    expect((await bank()).some((q) => q.id === made.id)).toBe(false);
    await page.close();
  });

  it('a trainer makes an exam through the page: the pool picked from the bank, refusals at their field', async () => {
    const page = await pageAs(TRAINER);
    await page.goto(`${base}/training/exams`);
    await page.locator('[data-testid="nothing"]').waitFor({ timeout: 20_000 });
    await page.locator('a[data-action="new-exam"]').click();
    await page.waitForURL(/\/training\/exams\/new$/);
    const form = page.locator('[data-testid="exam-form"]');
    await form.locator('ul.pool-list li').first().waitFor({ timeout: 20_000 });
    await form.locator('input[name="title"]').fill(EXAM);
    // The exam's business type narrows the pool offered; the trainer widens it again.
    await form.locator('select[name="service"]').selectOption('sim');
    await expect.poll(() => form.locator('ul.pool-list li').count()).toBe(3);
    await form.locator('select[name="poolService"]').selectOption('');
    await expect.poll(() => form.locator('ul.pool-list li').count()).toBe(6);
    await form.locator('select[name="service"]').selectOption('');
    await form.locator('button[data-action="select-shown"]').click();
    expect(await textOf(page, '[data-testid="selected-count"]')).toBe('已选 6 道题');
    // Questions per paper follow the choice until typed.
    expect(await form.locator('input[name="drawCount"]').inputValue()).toBe('6');
    await form.locator('input[name="drawCount"]').fill('7');
    await form.locator('input[name="maxAttempts"]').fill('1');
    await form.locator('button[data-action="create"]').click();
    // More a paper than the pool has: refused at that field.
    await form.locator('[data-field-error="drawCount"]').waitFor();
    expect(await textOf(page, '[data-field-error="drawCount"]')).toBe('每份试卷的题数不能多于题库范围内的 6 道题');
    await form.locator('input[name="drawCount"]').fill('5');
    await form.locator('button[data-action="create"]').click();
    await page.waitForURL(/\/training\/exams\/\d+$/);
    ids.exam = Number(/(\d+)$/.exec(page.url())?.[1]);
    await page.locator('[data-testid="facts"]').waitFor();
    expect(await textOf(page, 'h1')).toBe(EXAM);
    expect(await textOf(page, '[data-testid="facts"]')).toMatch(
      /组织单位 总部 HQ 考生 该单位下各营业厅的在职员工 开放时间 .+ 至 .+ 每份试卷 5 题（题库 6 题） 限时 30分钟 考试次数 1 及格线 60%/,
    );
    expect(await textOf(page, '[data-testid="no-attempts"]')).toBe('还没有学员参加这场考试。');
    await page.goto(`${base}/training/exams`);
    const row = page.locator(`tr[data-exam="${ids.exam}"]`);
    await row.waitFor({ timeout: 20_000 });
    expect((await row.innerText()).replace(/\s+/g, ' ')).toMatch(/进行中 .* 5 题（题库 6 题） 30分钟 1 60% 0 0 — —/);
    await page.close();
  });

  it('王芳 takes it on her phone: answers kept over a reload and a lost network, told what is unanswered, 80% and 通过', async () => {
    const keyed = new Map((await bank()).map((q) => [q.id, q]));
    const page = await pageAs(WANG, PHONE);
    await page.goto(`${base}/me/training`);
    const card = page.locator(`[data-testid="open-exams"] li[data-exam="${ids.exam}"]`);
    await card.waitFor({ timeout: 20_000 });
    expect((await card.innerText()).replace(/\s+/g, ' ')).toContain(
      '5 道题 限时 30分钟 及格线 60% 还可考 1 次（共 1 次）',
    );
    await card.locator('button[data-action="start"]').click();
    await page.waitForURL(/\/me\/training\/attempts\/\d+$/);
    ids.wangAttempt = Number(/(\d+)$/.exec(page.url())?.[1]);
    await page.locator('.paper-question').waitFor({ timeout: 20_000 });
    expect(await textOf(page, '[data-testid="countdown"]')).toMatch(/^剩余 (29分\d\d秒|30分00秒)$/);
    expect(await textOf(page, '[data-testid="progress"]')).toBe('已答 0 / 5 题');
    expect(await page.locator('.progress-strip button').count()).toBe(5);

    const saved = () => page.locator('[data-testid="save-state"][data-state="saved"]').waitFor({ timeout: 10_000 });
    const next = () => page.locator('button[data-action="next"]').click();
    // Question 1 wrong on purpose, question 2 right; saved; reloaded.
    wangRight.set((await answer(page, keyed, false)).id, false);
    await next();
    wangRight.set((await answer(page, keyed, true)).id, true);
    await saved();
    expect(await textOf(page, '[data-testid="save-state"]')).toBe('✓ 已保存');
    await shot(page, 'attempt-saved');
    await page.reload();
    await page.locator('.paper-question').waitFor({ timeout: 20_000 });
    expect(await textOf(page, '[data-testid="progress"]')).toBe('已答 2 / 5 题');
    // Resumed at the first question not answered; the answers before are there.
    expect(await page.locator('.paper-question').getAttribute('data-n')).toBe('3');
    expect(await page.locator('.progress-strip button[data-answered="yes"]').count()).toBe(2);
    await page.locator('button[data-action="prev"]').click();
    expect(await page.locator('.paper-question input:checked, .paper-question textarea').count()).toBeGreaterThan(0);
    await next();

    // The network drops: the answer is kept and said to be; back online, it is saved.
    await (browser as Browser).context.setOffline(true);
    wangRight.set((await answer(page, keyed, true)).id, true);
    await page.locator('[data-testid="save-state"][data-state="offline"]').waitFor({ timeout: 10_000 });
    expect(await textOf(page, '[data-testid="save-state"]')).toBe('网络中断：答案已留在手机上，恢复后自动保存');
    await shot(page, 'attempt-offline');
    await (browser as Browser).context.setOffline(false);
    await saved();
    await next();
    wangRight.set((await answer(page, keyed, true)).id, true);
    await next();

    // Handing in with one left: told how many; going on, answering it, handing in.
    await page.locator('button[data-action="hand-in"]').click();
    expect(await textOf(page, '#hand-in-q')).toBe('还有 1 道题没有作答，确定交卷吗？');
    await page.locator('button[data-action="keep-going"]').click();
    wangRight.set((await answer(page, keyed, true)).id, true);
    await page.locator('button[data-action="hand-in"]').click();
    expect(await textOf(page, '#hand-in-q')).toBe('所有题目都已作答，确定交卷吗？');
    await page.locator('button[data-action="hand-in-yes"]').click();
    await page.locator('[data-testid="result"]').waitFor({ timeout: 20_000 });
    expect(await textOf(page, '[data-testid="score"]')).toBe('80%');
    expect(await textOf(page, '[data-testid="verdict"]')).toBe('通过');
    expect(await page.locator('.review-item[data-verdict="right"]').count()).toBe(4);
    expect(await page.locator('.review-item[data-verdict="wrong"]').count()).toBe(1);
    expect(await textOf(page, '.review-item[data-verdict="wrong"] [data-testid="item-points"]')).toBe('得 0 / 10 分');
    // No attempt left: the right answers and explanations are shown.
    expect(await page.locator('[data-testid="keys-later"]').count()).toBe(0);
    const wrong = page.locator('.review-item[data-verdict="wrong"]');
    const wrongQ = keyed.get(Number(await wrong.getAttribute('data-question'))) as BankQuestion;
    // The right answer of the one she got wrong, marked (options in the paper's order: compared as sets).
    if ('choices' in wrongQ.answer) {
      const key = wrongQ.answer.choices.map((i) => wrongQ.options[i] as string);
      expect((await wrong.locator('li.key .text').allInnerTexts()).sort()).toEqual(key.sort());
    } else if ('truth' in wrongQ.answer)
      expect(await textOf(page, '.review-item[data-verdict="wrong"]')).toContain(
        `正确答案：${wrongQ.answer.truth ? '对' : '错'}`,
      );
    else
      expect(await textOf(page, '.review-item[data-verdict="wrong"]')).toContain('评分关键词：身份证、人像比对、签名');
    papers.wang = await api.wang!.get<AttemptView>('training.myAttempt', { attemptId: ids.wangAttempt });
    expect(papers.wang.result).toMatchObject({ percent: 80, passed: true });

    // Her exams: the start button gone (no attempt left), the result among the past ones.
    await page.goto(`${base}/me/training`);
    const past = page.locator(`[data-testid="past-exams"] li[data-exam="${ids.exam}"]`);
    await past.waitFor({ timeout: 20_000 });
    expect((await past.innerText()).replace(/\s+/g, ' ')).toContain('已考 1 次（共 1 次）');
    expect((await past.innerText()).replace(/\s+/g, ' ')).toContain('最高分 80% 通过');
    expect(await page.locator(`li[data-exam="${ids.exam}"] button[data-action="start"]`).count()).toBe(0);
    await page.close();
  });

  it("李强's paper comes in another order; he hands in blank and fails", async () => {
    const page = await pageAs(LI, PHONE);
    await page.goto(`${base}/me/training`);
    const card = page.locator(`[data-testid="open-exams"] li[data-exam="${ids.exam}"]`);
    await card.waitFor({ timeout: 20_000 });
    await card.locator('button[data-action="start"]').click();
    await page.waitForURL(/\/me\/training\/attempts\/\d+$/);
    ids.liAttempt = Number(/(\d+)$/.exec(page.url())?.[1]);
    await page.locator('.paper-question').waitFor({ timeout: 20_000 });
    papers.li = await api.li!.get<AttemptView>('training.myAttempt', { attemptId: ids.liAttempt });
    const order = (p: AttemptView) => p.items.map((i) => `${i.questionId}:${i.options.join('|')}`);
    expect(order(papers.li)).not.toEqual(order(papers.wang as AttemptView));
    // The first screen is the paper's first question.
    expect(Number(await page.locator('.paper-question').getAttribute('data-question'))).toBe(
      papers.li.items[0]?.questionId,
    );
    await page.locator('button[data-action="hand-in"]').click();
    expect(await textOf(page, '#hand-in-q')).toBe('还有 5 道题没有作答，确定交卷吗？');
    await page.locator('button[data-action="hand-in-yes"]').click();
    await page.locator('[data-testid="result"]').waitFor({ timeout: 20_000 });
    expect(await textOf(page, '[data-testid="score"]')).toBe('0%');
    expect(await textOf(page, '[data-testid="verdict"]')).toBe('未通过');
    expect(await page.locator('.review-item[data-verdict="none"]').count()).toBe(5);
    await page.close();
  });

  it('a short exam warns under a minute and hands the paper in by itself at zero', async () => {
    const now = Date.now();
    const rows = await bank();
    const tf = rows.filter((q) => q.kind === 'truefalse');
    ids.quick = (
      await api.trainer!.call<{ id: number }>('training.createExam', {
        title: '判断题小测',
        orgUnitId: 'r-south',
        questionIds: tf.map((q) => q.id),
        drawCount: 2,
        timeLimitMinutes: 10,
        maxAttempts: 1,
        passPercent: 50,
        opensAt: new Date(now - 60_000).toISOString(),
        closesAt: new Date(now + 45_000).toISOString(),
      })
    ).id;
    const keyed = new Map(rows.map((q) => [q.id, q]));
    const page = await pageAs(LI, PHONE);
    await page.goto(`${base}/me/training`);
    await page.locator(`li[data-exam="${ids.quick}"] button[data-action="start"]`).click();
    await page.locator('.paper-question').waitFor({ timeout: 20_000 });
    // The deadline is the exam's closing, under a minute away: the last warning, the clock in seconds.
    await page.locator('[data-testid="time-warning"][data-warning="one"]').waitFor();
    expect(await textOf(page, '[data-testid="time-warning"]')).toBe('还剩不到 1 分钟！时间到会自动交卷。');
    expect(await textOf(page, '[data-testid="countdown"]')).toMatch(/^剩余 \d{1,2}秒$/);
    await shot(page, 'attempt-warning');
    await answer(page, keyed, true);
    await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor({ timeout: 10_000 });
    // Nothing more is done: at zero the paper goes in and the result is shown.
    await page.locator('[data-testid="result"]').waitFor({ timeout: 70_000 });
    expect(await textOf(page, '[data-testid="score"]')).toBe('50%');
    expect(await textOf(page, '[data-testid="verdict"]')).toBe('通过');
    await page.close();
  }, 120_000);

  it("the trainer's results: both clerks with their halls, best scores and verdicts, and the item analysis", async () => {
    const page = await pageAs(TRAINER);
    await page.goto(`${base}/training/exams/${ids.exam}`);
    await page.locator('[data-testid="clerks"]').waitFor({ timeout: 20_000 });
    const row = async (name: string) =>
      (await page.locator('[data-testid="clerks"] tbody tr', { hasText: name }).innerText())
        .replace(/\s+/g, ' ')
        .trim();
    expect(await row('王芳')).toMatch(/^王芳 E1 南山营业厅 1 \/ 1 80% 通过 .+$/);
    expect(await row('李强')).toMatch(/^李强 E2 南山营业厅 1 \/ 1 0% 未通过 .+$/);
    expect(await textOf(page, '[data-testid="summary"]')).toBe('参考人数 2 通过人数 1 通过率 50% 平均最高分 40%');
    // Each question of the pool: answered by how many, right how often, the least often first.
    const asked = new Map<number, number>();
    for (const p of [papers.wang, papers.li])
      for (const i of (p as AttemptView).items) asked.set(i.questionId, (asked.get(i.questionId) ?? 0) + 1);
    const items = page.locator('[data-testid="items"] tbody tr');
    expect(await items.count()).toBe(6);
    const rates: number[] = [];
    for (let k = 0; k < 6; k++) {
      const tr = items.nth(k);
      const id = Number(await tr.getAttribute('data-question'));
      const n = asked.get(id) ?? 0;
      const right = wangRight.get(id) ? 1 : 0;
      const rate = (await tr.locator('[data-testid="rate"]').innerText()).trim();
      if (n === 0) expect(rate).toBe('尚无人作答');
      else {
        expect(rate).toBe(`${Math.round((right / n) * 100)}%`);
        rates.push(right / n);
      }
    }
    expect(rates).toEqual([...rates].sort((a, b) => a - b));
    // The one 王芳 got wrong, asked of both or her alone, is answered right by nobody: among the first.
    const wrongId = [...wangRight].find(([, r]) => !r)?.[0];
    expect(
      await page.locator(`[data-testid="items"] tr[data-question="${wrongId}"] [data-testid="rate"]`).innerText(),
    ).toBe('0%');
    // The exams' list has the figures too.
    await page.goto(`${base}/training/exams`);
    const listed = page.locator(`tr[data-exam="${ids.exam}"]`);
    await listed.waitFor({ timeout: 20_000 });
    expect((await listed.innerText()).replace(/\s+/g, ' ').trim()).toMatch(/ 2 1 50% 40%$/);
    await page.close();
  });

  it('who may see what: a hall manager reads exams without making one; the warehouse is refused; unknown ids are not found', async () => {
    const hm = await pageAs(HM);
    await hm.goto(`${base}/training/exams`);
    await hm.locator('h1', { hasText: '考试' }).waitFor({ timeout: 20_000 });
    await hm.locator('[data-testid="exams"], [data-testid="nothing"]').first().waitFor();
    expect(await hm.locator('a[data-action="new-exam"]').count()).toBe(0);
    await hm.goto(`${base}/training/questions`);
    await hm.locator('.state.refused').waitFor({ timeout: 20_000 });
    expect(await textOf(hm, '.state.refused')).toContain('无权查看题库');
    await hm.goto(`${base}/training/exams/new`);
    await hm.locator('.state.refused').waitFor({ timeout: 20_000 });
    await hm.close();
    const wh = await pageAs(WH);
    for (const [path, says] of [
      ['/training/questions', '无权查看题库'],
      ['/training/exams', '无权查看考试'],
      ['/training/exams/new', '无权新建考试'],
    ] as const) {
      await wh.goto(`${base}${path}`);
      await wh.locator('.state.refused').waitFor({ timeout: 20_000 });
      expect(`${path}: ${await textOf(wh, '.state.refused')}`).toContain(says);
    }
    await wh.close();
    const trainer = await pageAs(TRAINER);
    for (const id of ['999999', 'abc']) {
      await trainer.goto(`${base}/training/exams/${id}`);
      await trainer.locator('.state.not-found').waitFor({ timeout: 20_000 });
      expect(await textOf(trainer, '.state.not-found')).toContain('找不到该考试');
    }
    await trainer.close();
    const li = await pageAs(LI, PHONE);
    await li.goto(`${base}/me/training/attempts/${ids.wangAttempt}`);
    await li.locator('.state.not-found').waitFor({ timeout: 20_000 });
    expect(await textOf(li, '.state.not-found')).toContain('找不到这份答卷');
    await li.close();
  });

  it('every page reads well in both languages at both sizes', async () => {
    // An exam under way for 王芳 (her phone's page while answering; her list with "继续答题").
    const rows = await bank();
    const practice = (
      await api.trainer!.call<{ id: number }>('training.createExam', {
        title: '宽带与话费业务练习',
        orgUnitId: 'hall-NS',
        serviceId: 'broadband',
        questionIds: rows.map((q) => q.id),
        drawCount: 4,
        timeLimitMinutes: 90,
        maxAttempts: 3,
        passPercent: 80,
        opensAt: new Date(Date.now() - 60_000).toISOString(),
      })
    ).id;
    const running = await api.wang!.call<AttemptView>('training.startAttempt', { examId: practice });
    const findings: string[] = [];
    const read = (page: Page, name: string, path: string, ready: string) =>
      readEverywhere(page, { base, prefix: PREFIX, name, path, ready });

    const trainer = await pageAs(TRAINER);
    findings.push(
      ...(await read(trainer, 'questions', '/training/questions', '[data-testid="questions"] > li')),
      ...(await read(trainer, 'exams', '/training/exams', '[data-testid="exams"] tbody tr')),
      ...(await read(trainer, 'exam-new', '/training/exams/new', 'ul.pool-list li')),
      ...(await read(trainer, 'exam', `/training/exams/${ids.exam}`, '[data-testid="items"] tbody tr')),
      ...(await read(trainer, 'not-found', '/training/exams/999999', '.state.not-found')),
    );
    // States reached by a click: the question form, the import's report (the same sheet again).
    const book = new ExcelJS.Workbook();
    const s = book.addWorksheet('题库');
    s.addRow(TITLES);
    s.addRow(SHEET[3] as string[]);
    s.addRow(['填空', '未知题型的题', '', '', '', '', '', '', '', '', '甲']);
    const sheet = Buffer.from(await book.xlsx.writeBuffer());
    findings.push(
      ...(await readAfter(
        trainer,
        'question-form',
        '/training/questions',
        async (p) => {
          await p.locator('[data-testid="questions"] > li').first().waitFor({ timeout: 20_000 });
          await p.locator('button[data-action="new-question"]').click();
        },
        '[data-testid="question-form"]',
      )),
      ...(await readAfter(
        trainer,
        'import-report',
        '/training/questions',
        async (p) => {
          await p.locator('[data-testid="questions"] > li').first().waitFor({ timeout: 20_000 });
          await p
            .locator('[data-testid="import-file"]')
            .setInputFiles({ name: '题库-第二批.xlsx', mimeType: 'application/octet-stream', buffer: sheet });
        },
        '[data-testid="refused"] tbody tr',
      )),
      ...(await readAfter(
        trainer,
        'close-confirm',
        `/training/exams/${practice}`,
        async (p) => {
          await p.locator('button[data-action="close"]').click();
        },
        '[data-testid="close-confirm"]',
      )),
    );
    await trainer.close();

    const wang = await pageAs(WANG, PHONE);
    findings.push(
      ...(await read(wang, 'mine', '/me/training', '[data-testid="past-exams"] li')),
      ...(await read(wang, 'result', `/me/training/attempts/${ids.wangAttempt}`, '[data-testid="result"]')),
      ...(await read(wang, 'attempt', `/me/training/attempts/${running.id}`, '.paper-question')),
      ...(await readAfter(
        wang,
        'hand-in-confirm',
        `/me/training/attempts/${running.id}`,
        async (p) => {
          await p.locator('button[data-action="hand-in"]').click();
        },
        '[data-testid="hand-in-confirm"]',
      )),
      ...(await read(wang, 'attempt-not-found', '/me/training/attempts/999999', '.state.not-found')),
    );
    await wang.close();
    // 李强 hands a practice paper in with attempts left: his result keeps the keys for later.
    const practiced = await api.li!.call<AttemptView>('training.startAttempt', { examId: practice });
    await api.li!.call('training.submitAttempt', { attemptId: practiced.id, answers: {} });
    const li = await pageAs(LI, PHONE);
    findings.push(
      ...(await read(li, 'result-keys-later', `/me/training/attempts/${practiced.id}`, '[data-testid="keys-later"]')),
    );
    await li.close();
    const wh = await pageAs(WH);
    findings.push(...(await read(wh, 'refused', '/training/questions', '.state.refused')));
    await wh.close();
    expect(findings).toEqual([]);
  }, 600_000);
});

/** A state of a page as it is now (Chinese, the size it has): proof-read and photographed; no finding expected. */
async function shot(page: Page, name: string) {
  const findings = [
    ...(await scanRenderedText(page, 'zh-CN')).map((f) => `${name}: ${f.kind} "${f.text}" at ${f.where}`),
    ...(await layoutFindings(page)).map((f) => `${name}: ${f.kind} at ${f.where}`),
  ];
  const width = page.viewportSize()?.width ?? 0;
  await page.screenshot({ path: join(screenshotsDir(), `${PREFIX}-${name}-zh-CN-${width}.png`), fullPage: true });
  expect(findings).toEqual([]);
}

/** As readEverywhere, for a state a click reaches (a form opened, a file imported, a confirmation asked). */
async function readAfter(page: Page, name: string, path: string, act: (p: Page) => Promise<void>, ready: string) {
  const findings: string[] = [];
  for (const lang of LANGS) {
    await useLang(page, lang);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.goto(`${base}${path}`);
      await act(page);
      await page.locator(ready).first().waitFor({ timeout: 20_000 });
      await page.waitForLoadState('networkidle').catch(() => undefined);
      for (const f of await scanRenderedText(page, lang))
        findings.push(`${name} ${lang}: ${f.kind} "${f.text}" at ${f.where}`);
      for (const f of await layoutFindings(page))
        findings.push(`${name} ${lang} ${size.width}: ${f.kind} at ${f.where}`);
      await page.screenshot({
        path: join(screenshotsDir(), `${PREFIX}-${name}-${lang}-${size.width}.png`),
        fullPage: true,
      });
    }
  }
  return findings;
}

/// <reference lib="dom" />
/**
 * 系统维护 → 任务 in Debian's Chromium against a real cloud running real jobs: every state shows with
 * its words (progress bar, the error translated), in both languages at 1920×1080 and 390×844 without
 * other-language text or sideways scrolling; a running job is cancelled and a dead one retried from the
 * page, after a confirmation, and the page follows by itself. Screenshots: .artifacts/screenshots/jobs-*.
 */
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '@hall/cloud/db';
import { defineTestJobs, Jobs, jobsRepository, PURGE_JOB } from '@hall/cloud/jobs';
import { launchBrowser, layoutFindings, scanRenderedText, screenshotsDir, type Browser } from '@hall/scripts/harness';
import { ADMIN, cloudFixture, post, query, signIn, until, type CloudFixture } from './cloud-fixture.ts';
import { runPart } from './processes.ts';

const HALL = 'H-FT';
let fixture: CloudFixture;
let database: Database;
let browser: Browser | undefined;
let base = '';
const ids: Record<string, number> = {};

beforeAll(async () => {
  fixture = await cloudFixture('jobs_page');
  await runPart('cloud/src/main.ts', { ...fixture.env, CLOUD_PORT: '0' }, [
    'add-hub',
    '--hall',
    HALL,
    '--name',
    '福田营业厅',
    '--hub',
    'hub-ft',
  ]);
  const cloud = await fixture.start();
  base = cloud.base.replace(/\/trpc$/, '');
  database = await openDatabase({ url: fixture.url, dataDir: '' });
  const producer = new Jobs({ db: database.db, log: pino({ level: 'silent' }) });
  defineTestJobs(producer);
  const hour = 3_600_000;
  ids.running = (await producer.enqueue('test.effect', { key: 'page', holdMs: 600_000 }, { hallId: HALL })).id;
  ids.dead = (await producer.enqueue('test.worker-crash', {})).id;
  ids.queued = (
    await producer.enqueue('test.record', { key: 'later', ms: 0 }, { hallId: HALL, runAt: new Date(Date.now() + hour) })
  ).id;
  // A job of another module that failed once and waits for its retry.
  ids.failed = (
    await jobsRepository.insert(database.db, {
      type: 'test.record',
      payload: { key: 'retry-later', ms: 0 },
      state: 'failed',
      attempts: 1,
      maxAttempts: 3,
      runAt: new Date(Date.now() + 2 * hour),
      errorCode: 'smtp-refused',
      errorMessage: '550 mailbox unavailable',
      hallId: HALL,
    })
  ).id;
  ids.done = (await producer.runScheduleNow(PURGE_JOB)).id;
  await until('the jobs in their states', async () => {
    const [running, dead, done] = await Promise.all(
      [ids.running, ids.dead, ids.done].map((id) => jobsRepository.get(database.db, id as number)),
    );
    return running?.progress === 0.5 && dead?.state === 'dead' && done?.state === 'done';
  });
  browser = await launchBrowser({ viewport: { width: 1920, height: 1080 } });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await database?.close();
  await fixture?.stop();
});

async function signInPage(page: Page, who = ADMIN) {
  await page.goto(`${base}/login`);
  await page.locator('input[name="username"], #username').first().fill(who.username);
  await page.locator('input[type="password"]').first().fill(who.password);
  await page.locator('form button[type="submit"]').first().click();
  await page.locator('.shell').waitFor();
}

const row = (page: Page, id: number) => page.locator(`tr[data-job="${id}"]`);

describe('系统维护 → 任务', () => {
  it('shows every state in words, in both languages, on a wide screen and a phone', async () => {
    const page = await (browser as Browser).context.newPage();
    await signInPage(page);
    const findings: Record<string, unknown> = {};
    for (const lang of ['zh-CN', 'en'] as const) {
      await page.evaluate((l) => window.localStorage.setItem('hall.lang', l), lang);
      for (const size of [
        { width: 1920, height: 1080 },
        { width: 390, height: 844 },
      ]) {
        await page.setViewportSize(size);
        await page.goto(`${base}/admin/jobs`);
        await row(page, ids.dead as number).waitFor();
        await page.locator(`tr[data-schedule="${PURGE_JOB}"]`).waitFor();
        const text = await scanRenderedText(page, lang);
        const layout = size.width === 390 ? await layoutFindings(page) : [];
        if (text.length || layout.length) findings[`${lang} ${size.width}`] = { text, layout };
        await page.screenshot({ path: join(screenshotsDir(), `jobs-${lang}-${size.width}.png`), fullPage: true });
      }
    }
    expect(findings).toEqual({});
    // In Chinese: the states, the running job's progress, the errors in words.
    await page.evaluate(() => window.localStorage.setItem('hall.lang', 'zh-CN'));
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(`${base}/admin/jobs`);
    await row(page, ids.running as number).waitFor();
    expect(await row(page, ids.running as number).textContent()).toMatch(
      /运行中.*50%.*福田营业厅|福田营业厅.*运行中.*50%/s,
    );
    expect(
      await row(page, ids.running as number)
        .locator('progress')
        .getAttribute('value'),
    ).toBe('0.5');
    expect(await row(page, ids.dead as number).textContent()).toContain('工作线程崩溃（已隔离，云服务未受影响）');
    expect(await row(page, ids.failed as number).textContent()).toContain('错误代码 smtp-refused');
    expect(await row(page, ids.failed as number).textContent()).toContain('失败待重试');
    expect(await row(page, ids.done as number).textContent()).toContain('清理过期数据');
    await page.close();
  }, 180_000);

  it('cancels a running job and retries a dead one after a confirmation; the page follows', async () => {
    const page = await (browser as Browser).context.newPage();
    await signInPage(page);
    await page.evaluate(() => window.localStorage.setItem('hall.lang', 'zh-CN'));
    await page.goto(`${base}/admin/jobs`);
    const running = row(page, ids.running as number);
    await running.waitFor();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.accept();
    });
    await running.getByRole('button', { name: `取消任务 ${ids.running}` }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `已通知任务 ${ids.running} 停止` })
      .waitFor();
    // Auto-refresh shows it stopped (the cloud's heartbeat notices within a second).
    await page.locator(`tr[data-job="${ids.running}"][data-state="cancelled"]`).waitFor({ timeout: 20_000 });
    expect(dialogs[0]).toContain(`确定取消任务 ${ids.running}`);

    await row(page, ids.dead as number)
      .getByRole('button', { name: `重试任务 ${ids.dead}` })
      .click();
    await page
      .getByRole('status')
      .filter({ hasText: `任务 ${ids.dead} 已重新排队` })
      .waitFor();
    expect(dialogs[1]).toContain(`确定重新运行任务 ${ids.dead}`);
    // It runs again (and crashes again: its worker thread aborts every time), two more attempts.
    await until('the retried job to run its two new attempts', async () => {
      const j = await jobsRepository.get(database.db, ids.dead as number);
      return j?.state === 'dead' && j.attempts === 4;
    });
    await page.goto(`${base}/admin/jobs`);
    await row(page, ids.dead as number)
      .getByRole('button', { name: `任务 ${ids.dead} 的详情` })
      .click();
    await page.locator('.job-details li').nth(3).waitFor();
    expect(await page.locator('.job-details li').count()).toBe(4);
    await page.screenshot({ path: join(screenshotsDir(), 'jobs-details-zh-CN-1920.png'), fullPage: true });
    const audit = await database.db.execute(sql`select action from audit_log where entity = 'job' order by id`);
    expect((audit as unknown as Array<{ action: string }>).map((r) => r.action)).toEqual([
      'job.cancel-requested',
      'job.retried',
    ]);
    await page.close();
  }, 120_000);

  it('says in words that a hall manager may not see the platform’s jobs', async () => {
    const api = `${base}/trpc`;
    const admin = await signIn(api);
    const tree = await query<Array<{ id: string; hallId: string | null }>>(api, 'org.tree', undefined, admin);
    const unit = tree.find((u) => u.hallId === HALL)?.id as string;
    const headers = { cookie: admin.cookie, 'x-csrf-token': admin.csrf };
    const manager = { username: 'ft-manager', password: 'Hall-Manager-2026!' };
    const created = await post(api, 'users.create', { orgUnitId: unit, name: '李娜', ...manager }, headers);
    const { userId } = ((await created.json()) as { result: { data: { userId: string } } }).result.data;
    await post(api, 'users.grant', { orgUnitId: unit, userId, role: 'hall_manager' }, headers);
    const page = await (browser as Browser).context.newPage();
    await page.context().clearCookies();
    await signInPage(page, manager);
    await page.evaluate(() => window.localStorage.setItem('hall.lang', 'zh-CN'));
    await page.goto(`${base}/admin/jobs`);
    await page.locator('.state.refused').waitFor();
    expect(await page.getByText('系统维护').count()).toBe(0);
    await page.screenshot({ path: join(screenshotsDir(), 'jobs-refused-zh-CN-1920.png') });
    // And the API refuses it too, not only the page.
    const session = await signIn(api, manager);
    await expect(query(api, 'jobs.list', {}, session)).rejects.toThrow(/403/);
    await page.close();
  }, 60_000);
});

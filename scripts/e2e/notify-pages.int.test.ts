/// <reference lib="dom" />
/**
 * The notification pages in Debian's Chromium against a real cloud (PostgreSQL) and SMTP server: a hall
 * manager fills in their e-mail and subscribes to their hall in 我的通知; an administrator adds an SMTP
 * channel (the password never comes back: the list says 已设置), sends a test message that arrives, adds a
 * routing rule with escalation, sees a failed message's error in words in the delivery log and resends
 * it; the hall manager is refused the channels page in words. Every page is proof-read in both languages
 * at 1920×1080 and 390×844 (no other-language text, raw codes or overflow), and screenshotted to
 * .artifacts/screenshots/notify-*.
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
} from '@hall/scripts/harness';
import { startSmtpCatcher, type SmtpCatcher } from '@hall/scripts/harness/smtp';
import { runPart, startPart, type PartProcess } from './processes.ts';

const PASSWORD = 'Notify-Pages-2026!';
const HALL = 'H-FT';
type Lang = 'zh-CN' | 'en';
const parts: PartProcess[] = [];
let browser: Browser | undefined;
let smtp: SmtpCatcher | undefined;
let dropDatabase: (() => Promise<void>) | undefined;
let base = '';

afterAll(async () => {
  await browser?.close();
  await Promise.allSettled(parts.map((p) => p.stop('SIGKILL')));
  await smtp?.stop();
  await dropDatabase?.();
});

beforeAll(async () => {
  const scratch = await scratchDatabase('e2e_notify_pages');
  dropDatabase = () => scratch.drop();
  smtp = await startSmtpCatcher();
  const env = {
    DATABASE_URL: scratch.url,
    CLOUD_HOST: '127.0.0.1',
    CLOUD_PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
  };
  await runPart('cloud/src/main.ts', { ...env, CLOUD_ADMIN_PASSWORD: PASSWORD }, [
    'add-admin',
    '--username',
    'admin',
    '--name',
    '张经理',
  ]);
  await runPart('cloud/src/main.ts', env, ['add-hub', '--hall', HALL, '--name', '福田营业厅', '--hub', 'hub-ft']);
  const { db, close } = await openDatabase({ url: scratch.url, dataDir: '' });
  const { createUser } = await import('@hall/cloud/access');
  const lead = await createUser(db, {
    username: 'ft-lead',
    name: '李娜',
    password: PASSWORD,
    orgUnitId: `hall-${HALL}`,
  });
  await close();
  const sql = postgres(scratch.url, { max: 1, onnotice: () => {} });
  await sql`INSERT INTO user_roles (user_id, role, org_unit_id) VALUES (${lead}, 'hall_manager', ${`hall-${HALL}`})`;
  // A message that failed (the SMTP server was down), for the log to explain and resend.
  await sql`INSERT INTO notification_outbox (dedupe_key, channel_id, channel_kind, recipient, user_id, language, subject, body,
      hall_id, alarm_id, event, severity, status, attempts, next_attempt_at, last_error_code, last_error_detail, event_at)
    VALUES ('seed|1', 'mail', 'smtp', 'lina@hall.example.cn', ${lead}, 'zh-CN', '[严重] 福田营业厅 · 等候过长 · 告警', '…',
      ${HALL}, 'a-1', 'raised', 'critical', 'failed', 160, now(), 'connection-refused', 'ECONNECTION', now() - interval '1 hour')`;
  await sql.end();
  const cloud = await startPart('cloud/src/main.ts', env, 'cloud.ready');
  parts.push(cloud);
  base = `http://127.0.0.1:${cloud.ready.port as number}`;
  browser = await launchBrowser({ viewport: { width: 1920, height: 1080 } });
}, 180_000);

async function signIn(page: Page, username: string) {
  await page.context().clearCookies();
  await page.goto(`${base}/login`);
  await page.locator('input[name="username"], #username').first().fill(username);
  await page.locator('input[type="password"]').first().fill(PASSWORD);
  await page.locator('form button[type="submit"]').first().click();
  await page.locator('.shell').waitFor();
}

/** Proof-reads and screenshots a page in both languages at both sizes; answers what is wrong. */
async function review(page: Page, name: string, path: string, ready: string): Promise<string[]> {
  const out: string[] = [];
  for (const lang of ['zh-CN', 'en'] as Lang[]) {
    await page.evaluate((l) => window.localStorage.setItem('hall.lang', l), lang);
    for (const size of [
      { width: 1920, height: 1080 },
      { width: 390, height: 844 },
    ]) {
      await page.setViewportSize(size);
      await page.goto(`${base}${path}`);
      await page.locator(ready).first().waitFor({ timeout: 20_000 });
      await page.waitForLoadState('networkidle').catch(() => undefined);
      for (const f of await scanRenderedText(page, lang))
        out.push(`${name} ${lang} ${size.width}: ${f.kind} "${f.text}" at ${f.where}`);
      for (const f of await layoutFindings(page)) out.push(`${name} ${lang} ${size.width}: ${f.kind} at ${f.where}`);
      await page.screenshot({
        path: join(screenshotsDir(), `notify-${name}-${lang}-${size.width}.png`),
        fullPage: true,
      });
    }
  }
  await page.evaluate(() => window.localStorage.setItem('hall.lang', 'zh-CN'));
  await page.setViewportSize({ width: 1920, height: 1080 });
  return out;
}

describe('notification pages', () => {
  it('my notifications, channels, rules and the delivery log work and read right', { timeout: 240_000 }, async () => {
    const page = await (browser as Browser).context.newPage();
    const mail = smtp as SmtpCatcher;

    // The hall manager: contact details and a subscription to the hall.
    await signIn(page, 'ft-lead');
    await page.getByRole('link', { name: '通知', exact: true }).click();
    await page.getByLabel('电子邮箱').fill('lina@hall.example.cn');
    await page.getByLabel('手机号码').fill('13800138000');
    await page.getByRole('button', { name: '添加订阅' }).click();
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByRole('status').filter({ hasText: '已保存' }).waitFor();
    await page.reload();
    await expect.poll(() => page.getByLabel('电子邮箱').inputValue()).toBe('lina@hall.example.cn');
    const findings = await review(
      page,
      'me',
      '/notifications/me',
      'select[aria-label="单位"], select[aria-label="Unit"]',
    );
    // Channels are the administrators': refused in words.
    await page.goto(`${base}/notifications/channels`);
    await page.locator('.state.refused').waitFor();
    findings.push(...(await review(page, 'channels-refused', '/notifications/channels', '.state.refused')));

    // The administrator: an SMTP channel; its password is never shown again.
    await signIn(page, 'admin');
    await page.goto(`${base}/notifications/channels`);
    await page.getByLabel('通道编号').fill('mail');
    await page.getByLabel('名称', { exact: true }).fill('告警邮件');
    await page.getByLabel('SMTP 服务器').fill('127.0.0.1');
    await page.getByLabel('端口', { exact: true }).fill(String(mail.port));
    await page.getByLabel('发件人').fill('alarms@hall.example.cn');
    await page.getByLabel('用户名', { exact: true }).fill('robot');
    await page.getByLabel('密码', { exact: true }).fill('smtp-password-123');
    await page.getByRole('button', { name: '保存通道' }).click();
    await page.locator('tr[data-channel="mail"]').waitFor();
    expect(await page.locator('tr[data-channel="mail"]').textContent()).toContain('密码：已设置');
    expect(await page.content()).not.toContain('smtp-password-123');
    await page.getByLabel(/^测试收件人/).fill('admin@hall.example.cn');
    await page.getByRole('button', { name: '发送测试消息' }).click();
    await page.getByRole('status').filter({ hasText: '测试消息已排队' }).waitFor();
    await mail.waitFor('the test message', (m) => m.some((x) => x.to.includes('admin@hall.example.cn')), 20_000);
    findings.push(...(await review(page, 'channels', '/notifications/channels', 'tr[data-channel="mail"]')));

    // A routing rule for the region… here HQ: hall managers by e-mail, escalation to region managers after 15 min.
    await page.goto(`${base}/notifications/rules`);
    await page.getByRole('checkbox', { name: '告警邮件' }).check();
    await page.getByLabel('未确认升级到区域经理（分钟）').fill('15');
    await page.getByRole('button', { name: '创建规则' }).click();
    await page.locator('tr[data-rule]').waitFor();
    expect(await page.locator('tr[data-rule]').textContent()).toContain('15分钟后升级到区域经理');
    findings.push(...(await review(page, 'rules', '/notifications/rules', 'tr[data-rule]')));

    // The delivery log: the failed message says why, in words, and is resent.
    await page.goto(`${base}/notifications/log`);
    const failed = page.locator('tr[data-status="failed"]').first();
    await failed.waitFor();
    expect(await failed.textContent()).toContain('无法连接服务器（连接被拒绝）');
    findings.push(...(await review(page, 'log', '/notifications/log', 'tr[data-message]')));
    await page.goto(`${base}/notifications/log`);
    await page
      .getByRole('button', { name: /^重发消息 / })
      .first()
      .click();
    await page.getByRole('status').filter({ hasText: '已重新排队发送' }).waitFor();
    await mail.waitFor('the resent message', (m) => m.some((x) => x.to.includes('lina@hall.example.cn')), 30_000);
    expect(findings).toEqual([]);
  });
});

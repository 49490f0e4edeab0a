/**
 * The console in Debian's Chromium against a real cloud and hub, each in its own process, the hall's
 * config issued by the cloud: a manager signs in, sees the hall live on the overview, drills from an
 * hour's bar into its staff, acknowledges a long-wait alarm (the hub applies it and reports back),
 * issues a device secret, loosens the alert rule (the hub applies it live and the alarm clears), and
 * finds all of it in the audit log. Every page is screenshotted and checked with axe (the overview also
 * on a phone-sized screen).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@hall/cloud/db';
import { CounterTerminalSim, TicketTerminalSim } from '@hall/simulators';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  axeViolations,
  freePort,
  launchBrowser,
  scratchDatabase,
  screenshotsDir,
  type Browser,
} from '@hall/scripts/harness';
import { runPart, startPart, type PartProcess } from './processes.ts';

const dir = mkdtempSync(join(tmpdir(), 'hall-e2e-console-'));
const parts: PartProcess[] = [];
/** Devices close while the hub is still up (an MQTT client waits for its broker to say goodbye). */
const devices: Array<{ close(): Promise<unknown> }> = [];
let dropDatabase: (() => Promise<void>) | undefined;
let browser: Browser | undefined;
afterAll(async () => {
  await browser?.close();
  await Promise.allSettled(devices.map((d) => d.close()));
  await Promise.allSettled(parts.map((p) => p.stop('SIGKILL')));
  await dropDatabase?.();
  rmSync(dir, { recursive: true, force: true });
});

const PASSWORD = 'Console-Test-2026!';
const HALL = 'H-CON';

async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(screenshotsDir(), `console-${name}.png`), fullPage: true });
}

async function accessible(page: Page) {
  expect(await axeViolations(page)).toEqual([]);
}

describe('console', () => {
  it('sign-in, overview, drill-down, alarm ack, devices, alert rules and audit work against a real cloud and hub', async () => {
    const scratch = await scratchDatabase('e2e');
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
    const { token } = JSON.parse(
      await runPart('cloud/src/main.ts', cloudEnv, [
        'add-hub',
        '--hall',
        HALL,
        '--name',
        '控制台测试厅',
        '--hub',
        'hub-con',
      ]),
    ) as { token: string };
    const { db, close } = await openDatabase({ url: scratch.url, dataDir: '' });
    const { putHallConfig, addDevice } = await import('@hall/cloud/halls');
    // A wait longer than 3 seconds raises a long-wait warning at once: the alarm is there in seconds.
    await putHallConfig(
      db,
      HALL,
      {
        hall: { capacity: 40 },
        services: [{ id: 'billing', name: '话费业务', prefix: 'A' }],
        counters: [{ id: 'C01', name: '1号窗口', services: { billing: 1 } }],
        staff: [{ id: 'E1001', name: '王芳' }],
        alerts: { raiseAfterSec: 0, clearAfterSec: 0, longWait: { warningMinutes: 0.05, criticalMinutes: 30 } },
      },
      null,
    );
    const secrets: Record<string, string> = {};
    for (const d of [
      { id: 'kiosk-1', kind: 'ticket-terminal' },
      { id: 'ctr-c01', kind: 'counter-terminal', counterId: 'C01' },
    ])
      secrets[d.id] = (await addDevice(db, HALL, d, null)).secret;
    await close();

    const cloud = await startPart('cloud/src/main.ts', cloudEnv, 'cloud.ready');
    parts.push(cloud);
    const base = `http://127.0.0.1:${cloud.ready.port as number}`;
    const mqttPort = await freePort();
    const hub = await startPart(
      'edge/src/main.ts',
      {
        HUB_DATA_DIR: join(dir, 'hub'),
        HUB_HOST: '127.0.0.1',
        HUB_MQTT_PORT: String(mqttPort),
        HUB_HTTP_PORT: '0',
        HUB_CLOUD_URL: base,
        HUB_ID: 'hub-con',
        HUB_TOKEN: token,
        HUB_CONFIG_POLL_MS: '1000',
        LOG_LEVEL: 'warn',
      },
      'hub.ready',
    );
    parts.push(hub);

    // The front desk: one customer served by 王芳, one still waiting.
    const mqtt = `mqtt://127.0.0.1:${mqttPort}`;
    const kiosk = new TicketTerminalSim({ url: mqtt, hallId: HALL, deviceId: 'kiosk-1', secret: secrets['kiosk-1'] });
    const button = new CounterTerminalSim({ url: mqtt, hallId: HALL, deviceId: 'ctr-c01', secret: secrets['ctr-c01'] });
    devices.push(kiosk, button);
    await kiosk.connect();
    await button.connect();
    await button.open('E1001');
    await kiosk.requestTicket({ serviceId: 'billing' });
    await button.callNext();
    await button.start();
    await button.finish({ txCount: 1 });
    await kiosk.requestTicket({ serviceId: 'billing' });

    browser = await launchBrowser({ viewport: { width: 1366, height: 900 } });
    const page = await browser.context.newPage();

    // Sign-in: an unknown path sends to the login page; a wrong password is refused in words.
    await page.goto(`${base}/alarms`);
    await page.getByRole('button', { name: '登录' }).waitFor();
    await accessible(page);
    await shot(page, 'login');
    await page.getByLabel('用户名').fill('manager');
    await page.getByLabel('密码').fill('not-the-password');
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('用户名或密码错误');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    // Back where the user was going.
    await page.getByRole('heading', { name: '告警' }).waitFor();

    // Overview: the hall live, one waiting, its hub online.
    await page.getByRole('link', { name: '总览', exact: true }).click();
    const row = page.locator('tr[data-hall="H-CON"]');
    await expect
      .poll(async () => (await row.locator('td').nth(1).textContent())?.trim(), { timeout: 20_000, interval: 500 })
      .toBe('1');
    await expect.poll(() => row.getByText('在线').count()).toBe(1);
    await accessible(page);
    await shot(page, 'overview');

    // Drill-down: the bar of the current hour, then that hour by staff.
    await row.getByRole('link', { name: '控制台测试厅' }).click();
    await page.getByRole('heading', { name: '控制台测试厅' }).waitFor();
    const hour = Number(
      new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone: 'Asia/Shanghai' }).format(
        new Date(),
      ),
    );
    const shown = ((await page.locator('.chart').first().getAttribute('data-categories')) ?? '').split(',').map(Number);
    const over = await page.locator('.chart').first().locator('.u-over').boundingBox();
    if (!over) throw new Error('no chart');
    const i = shown.indexOf(hour);
    expect(i).toBeGreaterThanOrEqual(0);
    await page.mouse.click(over.x + ((i + 0.5) / shown.length) * over.width, over.y + over.height - 3);
    const hh = `${String(hour).padStart(2, '0')}:00`;
    await page.getByRole('heading', { name: new RegExp(`${hh} 时段明细`) }).waitFor();
    await page.getByRole('tab', { name: '按员工' }).click();
    const staffRow = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '王芳' }) });
    await expect.poll(async () => (await staffRow.locator('td').first().textContent())?.trim()).toBe('1');
    await accessible(page);
    await shot(page, 'hall');

    // Alarms: the long wait is there; the manager acknowledges; the hub applies it and says so.
    await page.getByRole('link', { name: '告警', exact: true }).click();
    const alarm = page.locator('tr[data-alarm]').filter({ hasText: '等候过长' }).filter({ hasText: '未确认' });
    await alarm.waitFor({ timeout: 20_000 });
    // Said in Chinese from the alarm's figures, end to end from the hub's rule (not the hub's English).
    expect(await alarm.textContent()).toMatch(
      /最长等候 (\d+ 分钟|\d+ 时 \d+ 分|不到 1 分钟)（预警 不到 1 分钟，严重 30 分钟）/,
    );
    await accessible(page);
    await alarm.getByRole('button', { name: /^确认 / }).click();
    await page.locator('tr[data-alarm]').filter({ hasText: '已在控制台确认：张经理' }).waitFor({ timeout: 20_000 });
    await shot(page, 'alarms');

    // Devices: a new rating pad gets its secret, shown once.
    await page.getByRole('link', { name: '系统管理' }).click();
    await page.getByRole('link', { name: '设备', exact: true }).click();
    await page.getByRole('rowheader', { name: 'kiosk-1' }).waitFor();
    await page.getByLabel('设备编号').fill('pad-c01');
    await page.getByLabel('类型').selectOption('rating-pad');
    await page.getByLabel('窗口', { exact: true }).fill('C01');
    await page.getByRole('button', { name: '添加并生成密钥' }).click();
    await expect
      .poll(async () => (await page.locator('.secret code').textContent())?.length ?? 0)
      .toBeGreaterThanOrEqual(16);
    await page.getByRole('rowheader', { name: 'pad-c01' }).waitFor();
    await accessible(page);
    await shot(page, 'admin-devices');

    // Alert rules: a 20-minute warning; the hub takes it within seconds and the alarm clears.
    await page.getByRole('link', { name: '告警规则' }).click();
    await page.getByLabel('等候过长·警告（分钟）').fill('20');
    await page.getByRole('button', { name: '保存规则' }).click();
    await page.getByRole('status').filter({ hasText: '已保存' }).waitFor();
    await accessible(page);
    await shot(page, 'admin-alert-rules');
    await page.getByRole('link', { name: '告警', exact: true }).click();
    await page
      .locator('tr[data-alarm]')
      .filter({ hasText: '等候过长' })
      .filter({ hasText: '已恢复' })
      .waitFor({ timeout: 30_000 });

    // Users and roles.
    await page.getByRole('link', { name: '系统管理' }).click();
    await page.getByRole('link', { name: '用户', exact: true }).click();
    await page.getByLabel('用户名').fill('lead-1');
    await page.getByLabel('姓名').fill('李组长');
    await page.getByRole('button', { name: '创建' }).click();
    await page.getByRole('rowheader', { name: 'lead-1' }).waitFor();
    await page.getByLabel('授予 lead-1 的角色').selectOption('hall_manager');
    await page.getByRole('row').filter({ hasText: 'lead-1' }).getByRole('button', { name: '授予' }).click();
    await page.getByRole('row').filter({ hasText: 'lead-1' }).getByText('厅经理 ·', { exact: false }).waitFor();
    await accessible(page);
    await shot(page, 'admin-users');
    await page.getByRole('link', { name: '角色与权限' }).click();
    await page.getByRole('heading', { name: '权限矩阵' }).waitFor();
    await accessible(page);
    await shot(page, 'admin-roles');

    // The audit log has every change made here, by whom (by name, the action in words).
    await page.getByRole('link', { name: '审计日志' }).click();
    for (const action of ['确认告警', '添加设备', '修改告警规则', '创建用户', '授予角色']) {
      await page.getByRole('row').filter({ hasText: action }).filter({ hasText: '张经理' }).first().waitFor();
    }
    await accessible(page);
    await shot(page, 'admin-audit');

    // On a phone: the same overview, navigation and table within reach.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('link', { name: '总览', exact: true }).click();
    await page.locator('tr[data-hall="H-CON"]').waitFor();
    await accessible(page);
    await shot(page, 'overview-phone');
  }, 180_000);
});

/// <reference lib="dom" />
/**
 * Every console page proof-read in Debian's Chromium, in both languages, against one real cloud and
 * hub shared by the cases: no text of the other language's script, no number with more digits than the
 * locale prints, no raw code where words belong (scanRenderedText); the overview without horizontal
 * overflow at 1920×1080, 1440×900, 800×1280 and 390×844; the refused and not-found states said in
 * words; the alarms' acknowledge button within reach on a phone; a device removed with a confirmation
 * and the removal in the audit log. Screenshots of every page in both languages at 1920×1080 and
 * 390×844 go to .artifacts/screenshots/console-pages-*.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@hall/cloud/db';
import { CounterTerminalSim, TicketTerminalSim } from '@hall/simulators';
import type { Page } from 'playwright-core';
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

const dir = mkdtempSync(join(tmpdir(), 'hall-e2e-console-pages-'));
const parts: PartProcess[] = [];
const devices: Array<{ close(): Promise<unknown> }> = [];
let dropDatabase: (() => Promise<void>) | undefined;
let browser: Browser | undefined;
let base = '';

const PASSWORD = 'Console-Pages-2026!';
const HALL = 'H-FT';
const FAR_HALL = 'H-HN';
type Lang = 'zh-CN' | 'en';
const LANGS: Lang[] = ['zh-CN', 'en'];

const signIn = (username: string, password: string) => signInApi(base, { username, password });

async function useLang(page: Page, lang: Lang) {
  await page.evaluate((l) => window.localStorage.setItem('hall.lang', l), lang);
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(screenshotsDir(), `console-pages-${name}.png`), fullPage: true });
}

/** The page's text as a proof-reader finds it, with where, for a readable failure. */
async function proofRead(page: Page, lang: Lang) {
  return (await scanRenderedText(page, lang)).map((f) => `${f.kind}: "${f.text}" at ${f.where}`);
}

afterAll(async () => {
  await browser?.close();
  await Promise.allSettled(devices.map((d) => d.close()));
  await Promise.allSettled(parts.map((p) => p.stop('SIGKILL')));
  await dropDatabase?.();
  rmSync(dir, { recursive: true, force: true });
});

beforeAll(async () => {
  const scratch = await scratchDatabase('e2e_pages');
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
      '福田营业厅',
      '--hub',
      'hub-ft',
    ]),
  ) as { token: string };
  // A hall in another time zone: the HQ views label their times with the zone.
  await runPart('cloud/src/main.ts', cloudEnv, [
    'add-hub',
    '--hall',
    FAR_HALL,
    '--name',
    '河内营业厅',
    '--time-zone',
    'Asia/Bangkok',
    '--hub',
    'hub-hn',
  ]);
  const { db, close } = await openDatabase({ url: scratch.url, dataDir: '' });
  const { putHallConfig, addDevice } = await import('@hall/cloud/halls');
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
      staff: [{ id: 'E1001', name: '王芳' }],
      alerts: { raiseAfterSec: 0, clearAfterSec: 0, longWait: { warningMinutes: 0.05, criticalMinutes: 30 } },
    },
    null,
  );
  const secrets: Record<string, string> = {};
  for (const d of [
    { id: 'kiosk-1', kind: 'ticket-terminal' },
    { id: 'ctr-c01', kind: 'counter-terminal', counterId: 'C01' },
    { id: 'kiosk-old', kind: 'ticket-terminal' },
  ])
    secrets[d.id] = (await addDevice(db, HALL, d, null)).secret;
  await close();

  const cloud = await startPart('cloud/src/main.ts', cloudEnv, 'cloud.ready');
  parts.push(cloud);
  base = `http://127.0.0.1:${cloud.ready.port as number}`;
  const mqttPort = await freePort();
  parts.push(
    await startPart(
      'edge/src/main.ts',
      {
        HUB_DATA_DIR: join(dir, 'hub'),
        HUB_HOST: '127.0.0.1',
        HUB_MQTT_PORT: String(mqttPort),
        HUB_HTTP_PORT: '0',
        HUB_CLOUD_URL: base,
        HUB_ID: 'hub-ft',
        HUB_TOKEN: token,
        HUB_CONFIG_POLL_MS: '1000',
        LOG_LEVEL: 'warn',
      },
      'hub.ready',
    ),
  );
  // The front desk: one customer served by 王芳, two waiting (one raises a long-wait alarm).
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
  await kiosk.requestTicket({ serviceId: 'phone' });

  // A hall manager of 福田 only; and the cloud's refusals in the audit log (a wrong password).
  const admin = await signIn('manager', PASSWORD);
  const tree = (await admin.get('org.tree')) as Array<{ id: string; hallId: string | null }>;
  const unit = tree.find((u) => u.hallId === HALL)?.id as string;
  const { userId } = (await admin.call('users.create', {
    orgUnitId: unit,
    username: 'ft-lead',
    name: '李娜',
    password: PASSWORD,
  })) as { userId: string };
  await admin.call('users.grant', { orgUnitId: unit, userId, role: 'hall_manager' });
  await fetch(`${base}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'ft-lead', password: 'wrong-password' }),
  });

  // The cloud has today's tickets and the alarm before the pages are read.
  for (let waited = 0; ((await admin.get('alarms.list?input=%7B%7D')) as unknown[]).length === 0; waited += 500) {
    if (waited > 30_000) throw new Error('no alarm reached the cloud in 30 s');
    await new Promise((r) => setTimeout(r, 500));
  }
  browser = await launchBrowser({ viewport: { width: 1920, height: 1080 } });
}, 180_000);

/** Signs in through the login page (the session cookie is the browser's from then on). */
async function signInPage(page: Page, username: string) {
  await page.goto(`${base}/login`);
  await page.locator('input[name="username"], #username').first().fill(username);
  await page.locator('input[type="password"]').first().fill(PASSWORD);
  await page.locator('form button[type="submit"]').first().click();
  await page.locator('.shell').waitFor();
}

async function signOut(page: Page) {
  await page.context().clearCookies();
}

/** Each page: its address and what shows that its content (not a loading line) is there. */
const PAGES: Array<{ name: string; path: string; ready: string }> = [
  { name: 'overview', path: '/', ready: 'tr[data-hall="H-FT"]' },
  { name: 'hall', path: `/halls/${HALL}`, ready: 'tr[data-counter="C01"]' },
  { name: 'alarms', path: '/alarms', ready: 'tr[data-alarm]' },
  { name: 'admin-users', path: '/admin/users', ready: 'th:text("ft-lead")' },
  { name: 'admin-roles', path: '/admin/roles', ready: 'table.matrix' },
  { name: 'admin-devices', path: '/admin/devices', ready: 'tr[data-device="kiosk-1"]' },
  { name: 'admin-alert-rules', path: '/admin/alert-rules', ready: 'form.grid-form input' },
  { name: 'admin-audit', path: '/admin/audit', ready: 'tr[data-audit="user.role-granted"]' },
  { name: 'admin-jobs', path: '/admin/jobs', ready: 'tr[data-schedule="jobs.purge"]' },
  { name: 'not-found', path: '/nosuchpage', ready: '.state.not-found' },
  { name: 'hall-not-found', path: '/halls/NO-SUCH-HALL', ready: '.state.not-found' },
];

async function open(page: Page, path: string, ready: string) {
  await page.goto(`${base}${path}`);
  await page.locator(ready).first().waitFor({ timeout: 20_000 });
  // Fonts and the charts' canvases settle.
  await page.waitForLoadState('networkidle').catch(() => undefined);
}

describe('console pages', () => {
  it('every page reads right in both languages: no other-language text, over-long numbers or raw codes', async () => {
    const page = await (browser as Browser).context.newPage();
    const findings: Record<string, string[]> = {};
    // The login page, signed out.
    for (const lang of LANGS) {
      await page.goto(`${base}/login`);
      await useLang(page, lang);
      for (const size of [
        { width: 1920, height: 1080 },
        { width: 390, height: 844 },
      ]) {
        await page.setViewportSize(size);
        await page.goto(`${base}/login`);
        await page.locator('input[type="password"]').waitFor();
        findings[`login ${lang} ${size.width}`] = await proofRead(page, lang);
        await shot(page, `login-${lang}-${size.width}`);
      }
    }
    await page.setViewportSize({ width: 1920, height: 1080 });
    await signInPage(page, 'manager');
    for (const lang of LANGS) {
      await useLang(page, lang);
      for (const p of PAGES) {
        for (const size of [
          { width: 1920, height: 1080 },
          { width: 390, height: 844 },
        ]) {
          await page.setViewportSize(size);
          await open(page, p.path, p.ready);
          findings[`${p.name} ${lang} ${size.width}`] = await proofRead(page, lang);
          await shot(page, `${p.name}-${lang}-${size.width}`);
        }
      }
    }
    // The refused page: a hall manager opening another hall.
    await signOut(page);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await signInPage(page, 'ft-lead');
    for (const lang of LANGS) {
      await useLang(page, lang);
      for (const size of [
        { width: 1920, height: 1080 },
        { width: 390, height: 844 },
      ]) {
        await page.setViewportSize(size);
        await open(page, `/halls/${FAR_HALL}`, '.state.refused');
        findings[`refused ${lang} ${size.width}`] = await proofRead(page, lang);
        await shot(page, `refused-${lang}-${size.width}`);
      }
    }
    await signOut(page);
    await page.close();
    expect(Object.fromEntries(Object.entries(findings).filter(([, f]) => f.length > 0))).toEqual({});
  }, 300_000);

  it('the overview fits every screen in both languages (no sideways scrolling)', async () => {
    const page = await (browser as Browser).context.newPage();
    await signInPage(page, 'manager');
    const faults: Record<string, unknown> = {};
    for (const lang of LANGS) {
      await useLang(page, lang);
      for (const size of [
        { width: 1920, height: 1080 },
        { width: 1440, height: 900 },
        { width: 800, height: 1280 },
        { width: 390, height: 844 },
      ]) {
        await page.setViewportSize(size);
        await open(page, '/', 'tr[data-hall="H-FT"]');
        const found = await layoutFindings(page);
        if (found.length) faults[`${lang} ${size.width}×${size.height}`] = found;
        await shot(page, `overview-${lang}-${size.width}x${size.height}`);
      }
    }
    await signOut(page);
    await page.close();
    expect(faults).toEqual({});
  }, 180_000);

  it('says in words what a user may not see, and what does not exist', async () => {
    const page = await (browser as Browser).context.newPage();
    await page.setViewportSize({ width: 1440, height: 900 });
    await signInPage(page, 'ft-lead');
    await useLang(page, 'zh-CN');
    await open(page, `/halls/${FAR_HALL}`, '.state.refused');
    expect(await page.locator('.state.refused').textContent()).toContain('您的账号没有查看该营业厅数据的权限');
    await expect.poll(() => page.getByText('加载中…').count()).toBe(0);
    // Their own hall opens.
    await open(page, `/halls/${HALL}`, 'tr[data-counter="C01"]');
    await signOut(page);
    await signInPage(page, 'manager');
    await open(page, '/halls/NO-SUCH-HALL', '.state.not-found');
    expect(await page.locator('.state.not-found').textContent()).toContain('没有这个营业厅');
    await open(page, '/nosuchpage', '.state.not-found');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('找不到页面');
    await signOut(page);
    await page.close();
  }, 120_000);

  it('on a phone the alarms are cards with the acknowledge button on screen', async () => {
    const page = await (browser as Browser).context.newPage();
    await signInPage(page, 'manager');
    await useLang(page, 'zh-CN');
    await page.setViewportSize({ width: 390, height: 844 });
    await open(page, '/alarms', 'tr[data-alarm]');
    expect(await layoutFindings(page)).toEqual([]);
    const ack = page.getByRole('button', { name: /^确认 / }).first();
    const box = await ack.boundingBox();
    expect(box).not.toBeNull();
    expect((box?.x ?? -1) >= 0 && (box?.x ?? 0) + (box?.width ?? 0) <= 390).toBe(true);
    // Nothing in the alarm list is wider than the screen (a table scrolling inside its box included).
    const widest = await page.evaluate(() =>
      Math.max(...Array.from(document.querySelectorAll('.table-wrap'), (w) => w.scrollWidth)),
    );
    expect(widest).toBeLessThanOrEqual(390);
    await ack.click();
    await page
      .getByText(/张经理/)
      .first()
      .waitFor({ timeout: 20_000 });
    await shot(page, 'alarms-acked-zh-CN-390');
    await signOut(page);
    await page.close();
  }, 120_000);

  it('removes a device after a confirmation; the removal is in the audit log', async () => {
    const page = await (browser as Browser).context.newPage();
    await page.setViewportSize({ width: 1440, height: 900 });
    await signInPage(page, 'manager');
    await useLang(page, 'zh-CN');
    await open(page, '/admin/devices', 'tr[data-device="kiosk-old"]');
    const messages: string[] = [];
    page.once('dialog', (d) => {
      messages.push(d.message());
      void d.dismiss();
    });
    await page.getByRole('button', { name: '移除设备：kiosk-old' }).click();
    await expect.poll(() => messages.length).toBe(1);
    expect(messages[0]).toContain('kiosk-old');
    // Dismissed: still there.
    expect(await page.locator('tr[data-device="kiosk-old"]').count()).toBe(1);
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: '移除设备：kiosk-old' }).click();
    await page.getByRole('status').filter({ hasText: '已移除 kiosk-old' }).waitFor();
    await expect.poll(() => page.locator('tr[data-device="kiosk-old"]').count()).toBe(0);
    await open(page, '/admin/audit', 'tr[data-audit="device.removed"]');
    const row = page.locator('tr[data-audit="device.removed"]');
    expect(await row.textContent()).toMatch(/移除设备.*张经理|张经理.*移除设备/s);
    await shot(page, 'admin-audit-removed-zh-CN-1440');
    await signOut(page);
    await page.close();
  }, 120_000);
});

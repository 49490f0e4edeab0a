/**
 * The published roster on the in-hall pages, in Debian's Chromium against a real hub on a fixed clock
 * (10:30 in Shanghai) with the 南山 hall's size (8 services, 17 counters, 19 clerks): the wall screen's
 * staffed-vs-required line beside the alarms at 1280×720 and 1920×1080, and a clerk's own shifts on the
 * counter page at 390×844 and 1280×800, in Chinese and English. Each: nothing outside the screen (the wall)
 * or wider than it, no text of the other language's script, no raw code. Screenshots go to the test
 * artifacts. Needs the built pages (`npm run console:build`).
 */
import { join } from 'node:path';
import { launchBrowser, layoutFindings, scanRenderedText, type Browser } from '@hall/scripts/harness';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubRouter } from '../src/api/hub.router.ts';
import { credential, hallConfig, screenshotsDir, startTestHub, type TestHub } from './support/test-hub.ts';

const LANGS = ['zh-CN', 'en'] as const;
const TODAY = '2026-11-25';
const NOW = Date.parse(`${TODAY}T10:30:00+08:00`);
const SERVICES = ['话费缴费', '套餐变更', '宽带业务', '办卡开户', '终端销售', '国际漫游', '携号转网', '投诉建议'].map(
  (name, i) => ({ id: `s${i + 1}`, name, prefix: String.fromCharCode(65 + i), expectedServiceMinutes: 5 }),
);
const COUNTERS = Array.from({ length: 17 }, (_, i) => ({
  id: `C${String(i + 1).padStart(2, '0')}`,
  name: `${i + 1}号窗口`,
  services: Object.fromEntries(SERVICES.filter((_, j) => j % 4 === i % 4 || j === 0).map((s) => [s.id, 1])),
}));
const NAMES = '王芳 李强 张伟 刘洋 陈静 杨磊 赵敏 黄磊 周婷 吴刚 徐丽 孙浩 马超 朱琳 胡军 郭佳 何平 高峰 林霞'.split(
  ' ',
);
const STAFF = NAMES.map((name, i) => {
  const id = `E10${String(i + 1).padStart(2, '0')}`;
  return { id, name, pinHash: credential(`pin:${id}`).hash };
});
// At 10:30: 18 clerks on shift, 2 of them on a break: 16 at the counters; the requirement asks for 17.
const ROSTER = {
  version: 5,
  publishedAt: '2026-11-20T17:00:00+08:00',
  days: [
    {
      date: TODAY,
      shifts: STAFF.slice(0, 18).map((s, i) => ({
        staffId: s.id,
        start: i < 10 ? '08:30' : '10:00',
        end: i < 10 ? '17:00' : '18:30',
        breaks:
          i === 0
            ? [
                { start: '12:00', end: '12:45' },
                { start: '15:00', end: '15:15' },
              ]
            : i < 2
              ? [{ start: '10:15', end: '10:45' }]
              : i === 17
                ? [{ start: '10:30', end: '10:45' }]
                : [],
        serviceId: SERVICES[i % SERVICES.length]?.id,
      })),
      required: [
        { from: '08:30', to: '10:00', agents: 9 },
        { from: '10:00', to: '12:00', agents: 17 },
        { from: '12:00', to: '18:30', agents: 14 },
      ],
    },
    { date: '2026-11-26', shifts: [{ staffId: 'E1001', start: '12:00', end: '20:00', breaks: [] }], required: [] },
  ],
};

let t: TestHub;
let browser: Browser;
const shots = screenshotsDir();

beforeAll(async () => {
  t = await startTestHub({
    clock: () => NOW,
    hall: hallConfig({
      services: SERVICES,
      counters: COUNTERS,
      staff: STAFF,
      devices: [{ id: 'kiosk-1', kind: 'ticket-terminal' }],
      extra: { roster: ROSTER, alerts: { raiseAfterSec: 0 } },
    }),
  });
  // Twelve clerks at their counters (C03…C14): four fewer than the roster plans.
  const api = createTRPCClient<HubRouter>({ links: [httpLink({ url: `${t.httpUrl}/trpc` })] });
  for (const [i, s] of STAFF.slice(2, 14).entries())
    await api.counter.signIn.mutate({
      counterId: COUNTERS[i + 2]!.id,
      staffId: s.id,
      pin: credential(`pin:${s.id}`).secret,
    });
  await t.hub.alerts.evaluate();
  browser = await launchBrowser({ viewport: { width: 1280, height: 720 } });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

async function check(page: Page, lang: 'zh-CN' | 'en', name: string, fitScreen: boolean) {
  const size = page.viewportSize();
  await page.screenshot({
    path: join(shots, `${name}-${size?.width}x${size?.height}-${lang}.png`),
    fullPage: !fitScreen,
  });
  expect(await layoutFindings(page, { fitScreen }), `${name} ${lang} ${size?.width}×${size?.height}`).toEqual([]);
  expect(await scanRenderedText(page, lang), `${name} ${lang} ${size?.width}×${size?.height}`).toEqual([]);
}

describe('the published roster on the in-hall pages', () => {
  it('the wall screen shows planned, required and open beside the alarm, and still fits with 17 counters', async () => {
    const page = await browser.context.newPage();
    for (const lang of LANGS)
      for (const size of [
        { width: 1280, height: 720 },
        { width: 1920, height: 1080 },
        { width: 390, height: 844 },
      ]) {
        await page.setViewportSize(size);
        await page.goto(`${t.httpUrl}/hall/wall/?token=${encodeURIComponent(t.displayToken)}&lang=${lang}`);
        const staffing = page.getByTestId('wall-staffing');
        await staffing.waitFor({ timeout: 10_000 });
        expect(await staffing.textContent()).toBe(
          lang === 'zh-CN' ? '排班在岗：16 · 需求：17 · 开放窗口：12' : 'Planned: 16 · Required: 17 · Open: 12',
        );
        expect(await staffing.getAttribute('data-short')).toBe('true');
        // The alarm says the roster's expectation.
        await expect
          .poll(() => page.locator('.alarms li').allTextContents())
          .toContain(
            lang === 'zh-CN'
              ? '开放窗口 12 个，排班表此时安排 16 个'
              : '12 counters open, 16 planned by the roster now',
          );
        await check(page, lang, 'roster-wall', true);
      }
    await page.close();
  });

  it("the counter page shows the signed-in clerk's shifts today and tomorrow", async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${t.httpUrl}/hall/counter/?counter=C01`);
    await page.locator('input[name="staffId"]').fill('E1001');
    await page.locator('input[name="pin"]').fill(credential('pin:E1001').secret);
    await page.locator('button[type="submit"]').click();
    const shifts = page.getByTestId('counter-shifts');
    await shifts.waitFor({ timeout: 10_000 });
    expect(await shifts.locator('li').allTextContents()).toEqual([
      '今天 11月25日周三08:30–17:00（8 时 30 分）休息：12:00–12:45、15:00–15:15计划业务：话费缴费',
      '明天 11月26日周四12:00–20:00（8 时）',
    ]);
    for (const lang of LANGS)
      for (const size of [
        { width: 390, height: 844 },
        { width: 1280, height: 800 },
      ]) {
        await page.setViewportSize(size);
        await page.goto(`${t.httpUrl}/hall/counter/?counter=C01&lang=${lang}`);
        await shifts.waitFor({ timeout: 10_000 });
        await check(page, lang, 'roster-counter', false);
      }
    expect(await shifts.locator('h2').textContent()).toBe('My shifts');
    await page.close();
  });
});

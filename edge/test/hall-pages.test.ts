/**
 * The in-hall pages as a proof-reader and a hall manager see them, in Debian's Chromium against one real
 * hub with a full hall (8 services, 16 counters, clerks at work, alarms on): the wall screen, the rating
 * pad, the counter terminal and the hub's home page, at 1920×1080, 1440×900, 800×1280 and 390×844 (the
 * wall screen also at 1280×720), in Chinese and English. Each page: nothing wider than the screen (the
 * wall screen: nothing outside it at all), no text of the other language's script, no number with more
 * digits than people print, no raw code. Screenshots of every page, size and language go to the test
 * artifacts. Needs the built pages (`npm run console:build`).
 */
import { join } from 'node:path';
import { launchBrowser, layoutFindings, scanRenderedText, type Browser } from '@hall/scripts/harness';
import { CounterTerminalSim, TicketTerminalSim } from '@hall/simulators';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubRouter } from '../src/api/hub.router.ts';
import { credential, hallConfig, screenshotsDir, startTestHub, type TestHub } from './support/test-hub.ts';

const SIZES = [
  { width: 1920, height: 1080 },
  { width: 1440, height: 900 },
  { width: 800, height: 1280 },
  { width: 390, height: 844 },
] as const;
const LANGS = ['zh-CN', 'en'] as const;

const SERVICES = ['话费缴费', '套餐变更', '宽带业务', '办卡开户', '终端销售', '国际漫游', '携号转网', '投诉建议'].map(
  (name, i) => ({ id: `s${i + 1}`, name, prefix: String.fromCharCode(65 + i), expectedServiceMinutes: 5 }),
);
const COUNTERS = Array.from({ length: 16 }, (_, i) => ({
  id: `C${String(i + 1).padStart(2, '0')}`,
  name: `${i + 1}号窗口`,
  services: Object.fromEntries(SERVICES.filter((_, j) => j % 4 === i % 4 || j === 0).map((s) => [s.id, 1])),
}));
const STAFF = ['王芳', '李强', '张伟', '刘洋', '陈静', '杨磊'].map((name, i) => ({
  id: `E10${String(i + 1).padStart(2, '0')}`,
  name,
  pinHash: credential(`pin:E10${String(i + 1).padStart(2, '0')}`).hash,
}));

let t: TestHub;
let clerk: ReturnType<typeof createTRPCClient<HubRouter>>;
let browser: Browser;
let kiosk: TicketTerminalSim;
let button: CounterTerminalSim;
const shots = screenshotsDir();

beforeAll(async () => {
  t = await startTestHub({
    hall: hallConfig({
      services: SERVICES,
      counters: COUNTERS,
      staff: STAFF,
      devices: [
        { id: 'kiosk-1', kind: 'ticket-terminal' },
        { id: 'ctr-c01', kind: 'counter-terminal', counterId: 'C01' },
        { id: 'pad-c01', kind: 'rating-pad', counterId: 'C01' },
        { id: 'pad-c02', kind: 'rating-pad', counterId: 'C02' },
        { id: 'door-mall', kind: 'people-counter' },
      ],
      // Alarms at once: the long waits and the devices that never came online.
      extra: {
        alerts: {
          raiseAfterSec: 0,
          longWait: { warningMinutes: 0.02, criticalMinutes: 0.04 },
          deviceOffline: { minutes: 0 },
        },
      },
    }),
  });
  kiosk = new TicketTerminalSim({ url: t.url, hallId: 'H-TEST', deviceId: 'kiosk-1', secret: t.secrets['kiosk-1'] });
  button = new CounterTerminalSim({ url: t.url, hallId: 'H-TEST', deviceId: 'ctr-c01', secret: t.secrets['ctr-c01'] });
  await kiosk.connect();
  await button.connect();
  // A hall at work: clerks at five counters, queues at every service, calls on the screen.
  const api = createTRPCClient<HubRouter>({ links: [httpLink({ url: `${t.httpUrl}/trpc` })] });
  for (const [i, s] of STAFF.slice(1, 5).entries())
    await api.counter.signIn.mutate({
      counterId: COUNTERS[i + 2]!.id,
      staffId: s.id,
      pin: credential(`pin:${s.id}`).secret,
    });
  await button.open('E1001');
  // Counter 2's clerk works from the counter page's API, so the test can finish a ticket at will.
  let token = '';
  clerk = createTRPCClient<HubRouter>({
    links: [httpLink({ url: `${t.httpUrl}/trpc`, headers: () => ({ authorization: `Bearer ${token}` }) })],
  });
  token = (await api.counter.signIn.mutate({ counterId: 'C02', staffId: 'E1006', pin: credential('pin:E1006').secret }))
    .token;
  for (const s of SERVICES) for (let k = 0; k < 3; k++) await kiosk.requestTicket({ serviceId: s.id });
  await button.callNext();
  browser = await launchBrowser({ viewport: { width: 1920, height: 1080 } });
}, 60_000);
afterAll(async () => {
  await kiosk?.close();
  await button?.close();
  await browser?.close();
  await t?.stop();
});

/** Counter 2 finishes a ticket: its rating pad is asked (for a minute). */
async function promptPad() {
  await kiosk.requestTicket({ serviceId: 's2' });
  for (const type of ['call.next', 'ticket.start', 'ticket.finish'] as const)
    expect(await clerk.counter.act.mutate({ action: { type } })).toMatchObject({ ok: true });
}

async function check(page: Page, lang: 'zh-CN' | 'en', name: string, fitScreen = false) {
  const size = page.viewportSize();
  await page.screenshot({ path: join(shots, `${name}-${size?.width}x${size?.height}-${lang}.png`) });
  expect(await layoutFindings(page, { fitScreen }), `${name} ${lang} ${size?.width}×${size?.height}`).toEqual([]);
  expect(await scanRenderedText(page, lang), `${name} ${lang} ${size?.width}×${size?.height}`).toEqual([]);
}

describe('in-hall pages, proof-read at every size and in both languages', () => {
  it('the wall screen fits the screen exactly with 8 services and 16 counters', async () => {
    const page = await browser.context.newPage();
    for (const lang of LANGS)
      for (const size of [...SIZES, { width: 1280, height: 720 }]) {
        await page.setViewportSize(size);
        await page.goto(`${t.httpUrl}/hall/wall/?token=${encodeURIComponent(t.displayToken)}&lang=${lang}`);
        await page.getByTestId('calling-ticket').waitFor({ timeout: 10_000 });
        await page.locator('.alarms li').first().waitFor({ timeout: 10_000 });
        await check(page, lang, 'wall', true);
      }
    await page.close();
  });

  it('the rating pad: the question and its five cards fit, the refusal is said', async () => {
    const page = await browser.context.newPage();
    const secret = encodeURIComponent(t.secrets['pad-c02'] as string);
    for (const lang of LANGS) {
      await promptPad();
      for (const size of SIZES) {
        await page.setViewportSize(size);
        await page.goto(`${t.httpUrl}/hall/pad/?device=pad-c02&secret=${secret}&lang=${lang}`);
        await page.locator('.pad-score').first().waitFor({ timeout: 10_000 });
        await check(page, lang, 'pad');
        // Each card holds its five stars.
        const overflow = await page.evaluate(
          "[...document.querySelectorAll('.pad-score')].some((b) => b.scrollWidth > b.clientWidth + 1)",
        );
        expect(overflow, `${lang} ${size.width}`).toBe(false);
      }
      await page.setViewportSize({ width: 800, height: 1280 });
      await page.goto(`${t.httpUrl}/hall/pad/?device=pad-c02&secret=wrong-secret-123&lang=${lang}`);
      await page.locator('.pad-refused').waitFor({ timeout: 10_000 });
      await check(page, lang, 'pad-refused');
    }
    await page.close();
  });

  it('the counter terminal: signed in and calling, the sign-in form, and the counter chooser', async () => {
    for (const lang of LANGS)
      for (const size of SIZES) {
        // A tab of its own each time: the sign-in is kept per tab.
        const page = await browser.context.newPage();
        await page.setViewportSize(size);
        await page.goto(`${t.httpUrl}/hall/counter/?lang=${lang}`);
        await page.locator('.counter-chooser a').first().waitFor({ timeout: 10_000 });
        await check(page, lang, 'counter-chooser');
        await page.goto(`${t.httpUrl}/hall/counter/?counter=C03&lang=${lang}`);
        await page.locator('.counter-signin').waitFor({ timeout: 10_000 });
        await check(page, lang, 'counter-signin');
        await page.getByRole('textbox').first().fill('E1002');
        await page.locator('input[name=pin]').fill(credential('pin:E1002').secret);
        await page.locator('.counter-signin button').click();
        await page.getByTestId('counter-status').waitFor({ timeout: 10_000 });
        if (size === SIZES[0] && lang === 'zh-CN') {
          await page.locator('.counter-primary button').first().click();
          await page
            .getByTestId('counter-ticket')
            .filter({ hasText: /[A-H]\d{3}/ })
            .waitFor({ timeout: 5_000 });
        }
        await check(page, lang, 'counter');
        await page.close();
      }
  });

  it('the hub’s home page lists its pages; the root leads there; a favicon; a page for unknown addresses', async () => {
    const page = await browser.context.newPage();
    for (const lang of LANGS)
      for (const size of SIZES) {
        await page.setViewportSize(size);
        await page.goto(`${t.httpUrl}/?lang=${lang}`);
        await page.locator('.home-counters a').first().waitFor({ timeout: 10_000 });
        expect(new URL(page.url()).pathname).toBe('/hall/');
        await check(page, lang, 'home');
      }
    expect(
      await page.locator('.home-pages > li h2 a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
    ).toEqual(['/hall/wall/', '/hall/pad/', '/hall/counter/', '/hall/onsite/', '/health']);
    const icon = await fetch(`${t.httpUrl}/favicon.ico`);
    expect(icon.headers.get('content-type')).toContain('image/svg+xml');
    const missing = await page.goto(`${t.httpUrl}/nosuchpage`);
    expect(missing?.status()).toBe(404);
    await page.getByRole('link', { name: '返回门店主机首页' }).click();
    await page.locator('.home-pages').waitFor({ timeout: 10_000 });
    await page.close();
  });
});

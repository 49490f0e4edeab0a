/**
 * The wall screen in Debian's Chromium, served by a real hub: a simulated counter calls a ticket and the
 * screen shows it within a second; the hub restarts and the screen reconnects by itself and shows the
 * next call. Screenshots go to the test artifacts. Needs the built pages (`npm test` builds them).
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { axeViolations, launchBrowser, type Browser } from '@hall/scripts/harness';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frontDesk, screenshotsDir, startTestHub, type TestHub } from './support/test-hub.ts';

let t: TestHub;
let desk: Awaited<ReturnType<typeof frontDesk>>;
let browser: Browser;
let page: Page;
const shots = screenshotsDir();

beforeAll(async () => {
  t = await startTestHub();
  if (!existsSync(join(t.config.env.HUB_PAGES_DIR, 'wall/index.html')))
    throw new Error(`the in-hall pages are not built in ${t.config.env.HUB_PAGES_DIR}: npm run console:build`);
  desk = await frontDesk(t);
  browser = await launchBrowser({ viewport: { width: 1920, height: 1080 } });
  page = await browser.context.newPage();
});
afterAll(async () => {
  await desk?.close();
  await browser?.close();
  await t?.stop();
  // The restarted hub ran on a data folder it was given, so it leaves the folder to us.
  if (t) rmSync(t.dataDir, { recursive: true, force: true });
});

describe('wall screen', () => {
  it('shows a ticket within one second of the counter calling it', async () => {
    await page.goto(`${t.httpUrl}/hall/wall/?token=${encodeURIComponent(t.displayToken)}`);
    await page.getByRole('status').filter({ hasText: '实时' }).waitFor({ timeout: 10_000 });
    expect(await page.locator('h1').textContent()).toBe(t.config.hall.hall.name);
    await expect.poll(() => page.locator('.no-call').textContent()).toBe('暂无叫号');

    expect(await desk.button.open('E1001')).toMatchObject({ status: 'shown' });
    expect(await desk.kiosk.requestTicket({ serviceId: 'billing' })).toMatchObject({ ticket: { ticketNo: 'A001' } });
    await expect.poll(() => page.getByTestId('service-billing').locator('td').first().textContent()).toBe('1');

    const pressed = Date.now();
    expect(await desk.button.callNext()).toMatchObject({ status: 'shown', ticketNo: 'A001' });
    await page.getByTestId('calling-ticket').filter({ hasText: 'A001' }).waitFor({ timeout: 5_000 });
    expect(Date.now() - pressed).toBeLessThan(1_000);
    expect(await page.getByTestId('calling-counter').textContent()).toBeTruthy();
    await page.screenshot({ path: join(shots, 'wall-screen.png') });
  });

  it('passes the accessibility check (axe-core, WCAG 2.2 AA: labels, contrast, target size), also on a phone', async () => {
    expect(await axeViolations(page)).toEqual([]);
    const phone = await browser.context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${t.httpUrl}/hall/wall/?token=${encodeURIComponent(t.displayToken)}&lang=en`);
    await phone.getByTestId('calling-ticket').filter({ hasText: 'A001' }).waitFor({ timeout: 10_000 });
    expect(await axeViolations(phone)).toEqual([]);
    await phone.screenshot({ path: join(shots, 'wall-screen-phone-en.png'), fullPage: true });
    await phone.evaluate("localStorage.setItem('hall.lang', 'zh-CN')");
    await phone.close();
  });

  it('refuses to show the hall without the display token, and says why', async () => {
    const other = await browser.context.newPage();
    await other.goto(`${t.httpUrl}/hall/wall/?token=wrong&lang=en`);
    await other.getByRole('status').filter({ hasText: 'Display token refused' }).waitFor({ timeout: 10_000 });
    expect(await other.locator('.ticket').count()).toBe(0);
    await other.evaluate("localStorage.removeItem('hall.displayToken')");
    await other.close();
  });

  it('survives the hub restarting: it reconnects by itself and shows the next call', async () => {
    const port = t.hub.ports.http;
    await desk.close();
    await t.stop({ keepData: true });
    await page.getByRole('status').filter({ hasText: '连接中断' }).waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(shots, 'wall-screen-offline.png') });

    const dataDir = t.dataDir;
    t = await startTestHub({ dataDir, env: { HUB_HTTP_PORT: String(port) } });
    desk = await frontDesk(t);
    await page.getByRole('status').filter({ hasText: '实时' }).waitFor({ timeout: 15_000 });
    // The journal carried the day over: A001 is still the last call.
    expect(await page.getByTestId('calling-ticket').textContent()).toBe('A001');
    await desk.kiosk.requestTicket({ serviceId: 'billing' });
    await desk.button.finish();
    expect(await desk.button.callNext()).toMatchObject({ ticketNo: 'A002' });
    await page.getByTestId('calling-ticket').filter({ hasText: 'A002' }).waitFor({ timeout: 2_000 });
  });
});

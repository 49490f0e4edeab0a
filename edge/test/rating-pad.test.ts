/**
 * The rating pad page in Debian's Chromium against a real hub: paired with its device credentials, it
 * asks when the counter finishes a ticket, a tap records the score in the hub (once), it thanks and then
 * resets itself; it passes the accessibility check. Screenshots go to the test artifacts.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { axeViolations, launchBrowser, testServices, type Browser } from '@hall/scripts/harness';
import { CounterTerminalSim, TicketTerminalSim } from '@hall/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from './support/test-hub.ts';

let t: TestHub;
let kiosk: TicketTerminalSim;
let button: CounterTerminalSim;
let browser: Browser;
const shots = join(testServices().artifactsDir, 'screenshots');

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  t = await startTestHub();
  kiosk = new TicketTerminalSim({ url: t.url, hallId: 'H-TEST', deviceId: 'kiosk-1', secret: t.secrets['kiosk-1'] });
  button = new CounterTerminalSim({ url: t.url, hallId: 'H-TEST', deviceId: 'ctr-c01', secret: t.secrets['ctr-c01'] });
  await kiosk.connect();
  await button.connect();
  browser = await launchBrowser({ viewport: { width: 1280, height: 800 } });
});
afterAll(async () => {
  await kiosk?.close();
  await button?.close();
  await browser?.close();
  await t?.stop();
});

describe('rating pad page', () => {
  it('asks after the counter finishes, records one score, thanks, and resets itself', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${t.httpUrl}/hall/pad/?device=pad-c01&secret=${encodeURIComponent(t.secrets['pad-c01'] as string)}`);
    // Paired, and the secret is no longer in the address bar.
    await page.getByRole('status').filter({ hasText: '1号窗口' }).waitFor({ timeout: 10_000 });
    expect(page.url()).not.toContain('secret=');
    expect(await axeViolations(page)).toEqual([]);

    await button.open('E1001');
    await kiosk.requestTicket({ serviceId: 'billing' });
    await button.callNext();
    await button.start();
    await button.finish({ txCount: 1 });

    await page.getByRole('heading', { name: '请为本次服务评分' }).waitFor({ timeout: 5_000 });
    expect(await page.locator('.pad-who').textContent()).toContain('王芳');
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(shots, 'rating-pad.png') });
    const four = page.getByRole('button', { name: /4 星/ });
    await four.click();
    await page.getByText('感谢您的评价！').waitFor({ timeout: 2_000 });

    await expect.poll(() => t.hub.state.snapshot().totals).toMatchObject({ ratingsToday: 1, csatToday: 4 });
    // It goes back to the welcome screen by itself, ready for the next customer.
    await page.getByText('欢迎光临').waitFor({ timeout: 8_000 });
    expect(t.hub.state.snapshot().totals.ratingsToday).toBe(1);
    await page.close();
  });

  it('says it is not paired when its secret is wrong', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${t.httpUrl}/hall/pad/?device=pad-c01&secret=wrong-secret-123&lang=en`);
    await page.getByRole('alert').filter({ hasText: 'Pad not paired' }).waitFor({ timeout: 10_000 });
    await page.close();
  });
});

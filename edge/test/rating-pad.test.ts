/**
 * The rating pad page in Debian\'s Chromium against a real hub: paired with its device credentials, it
 * asks when the counter finishes a ticket, a tap records the score in the hub (once), it thanks and then
 * resets itself; it passes the accessibility check. Screenshots go to the test artifacts.
 */
import { join } from 'node:path';
import { axeViolations, launchBrowser, type Browser } from '@hall/scripts/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frontDesk, screenshotsDir, startTestHub, type TestHub } from './support/test-hub.ts';

let t: TestHub;
let desk: Awaited<ReturnType<typeof frontDesk>>;
let browser: Browser;
const shots = screenshotsDir();

beforeAll(async () => {
  t = await startTestHub();
  desk = await frontDesk(t);
  browser = await launchBrowser({ viewport: { width: 1280, height: 800 } });
});
afterAll(async () => {
  await desk?.close();
  await browser?.close();
  await t?.stop();
});

describe('rating pad page', () => {
  it('asks after the counter finishes, records one score, thanks, and resets itself', async () => {
    const page = await browser.context.newPage();
    await page.goto(
      `${t.httpUrl}/hall/pad/?device=pad-c01&secret=${encodeURIComponent(t.secrets['pad-c01'] as string)}`,
    );
    // Paired, and the secret is no longer in the address bar.
    await page.getByRole('status').filter({ hasText: '1号窗口' }).waitFor({ timeout: 10_000 });
    expect(page.url()).not.toContain('secret=');
    expect(await axeViolations(page)).toEqual([]);

    await desk.button.open('E1001');
    await desk.kiosk.requestTicket({ serviceId: 'billing' });
    await desk.button.callNext();
    await desk.button.start();
    await desk.button.finish({ txCount: 1 });

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

  it('asks again after a reload: the prompt pending at the hub comes back', async () => {
    const page = await browser.context.newPage();
    await page.goto(
      `${t.httpUrl}/hall/pad/?device=pad-c01&secret=${encodeURIComponent(t.secrets['pad-c01'] as string)}`,
    );
    await page.getByRole('status').filter({ hasText: '1号窗口' }).waitFor({ timeout: 10_000 });
    await desk.kiosk.requestTicket({ serviceId: 'billing' });
    await desk.button.callNext();
    await desk.button.start();
    await desk.button.finish({ txCount: 1 });
    await page.getByRole('heading', { name: '请为本次服务评分' }).waitFor({ timeout: 5_000 });
    await page.reload();
    await page.getByRole('heading', { name: '请为本次服务评分' }).waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: /5 星/ }).click();
    await page.getByText('感谢您的评价！').waitFor({ timeout: 2_000 });
    await expect.poll(() => t.hub.state.snapshot().totals.ratingsToday).toBe(2);
    // Answered: a reload now finds nothing to ask.
    await page.reload();
    await page.getByText('欢迎光临').waitFor({ timeout: 10_000 });
    await page.waitForTimeout(1_000);
    expect(await page.getByRole('heading', { name: '请为本次服务评分' }).count()).toBe(0);
    await page.close();
  });

  it('tells the technician its credentials were refused, and does not keep trying', async () => {
    const page = await browser.context.newPage();
    let pairs = 0;
    page.on('request', (r) => {
      if (r.url().includes('pad.pair')) pairs += 1;
    });
    // A secret the hub refuses, and one too short to be a secret at all: both are refusals.
    for (const secret of ['wrong-secret-123', 'wrong']) {
      pairs = 0;
      await page.goto(`${t.httpUrl}/hall/pad/?device=pad-c01&secret=${secret}&lang=en`);
      await page
        .getByRole('alert')
        .filter({ hasText: "refused this rating pad's device credentials" })
        .waitFor({ timeout: 10_000 });
      expect(await page.locator('.pad-technician').textContent()).toContain('pad-c01');
      await page.waitForTimeout(3_000);
      expect(pairs).toBe(1);
    }
    await page.close();
  });
});

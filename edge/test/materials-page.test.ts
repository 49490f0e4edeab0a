/**
 * The counter terminal's materials panel in Debian's Chromium against a real hub: it appears only while
 * a ticket is served, lists the hall's items with the service's first, records one tap as one unit and
 * the stepper's count as more, confirms what was recorded for which ticket, lists what the customer got;
 * a tap whose answer is lost on the way back and is tapped again is one issue on the hub. In both languages
 * on a 1280×800 counter screen and a 390×844 phone: proof-read, nothing wider than the screen, accessible.
 * Screenshots go to the artifacts (counter-materials-*) and, with MATERIALS_SHOTS_DIR, there too.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { axeViolations, launchBrowser, layoutFindings, scanRenderedText, type Browser } from '@hall/scripts/harness';
import { TicketTerminalSim } from '@hall/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credential, hallConfig, screenshotsDir, startTestHub, type TestHub } from './support/test-hub.ts';
import { MATERIALS } from './support/materials.ts';

let t: TestHub;
let kiosk: TicketTerminalSim;
let browser: Browser;

beforeAll(async () => {
  t = await startTestHub({ hall: hallConfig({ extra: { materials: MATERIALS } }) });
  kiosk = new TicketTerminalSim({ url: t.url, hallId: 'H-TEST', deviceId: 'kiosk-1', secret: t.secrets['kiosk-1'] });
  await kiosk.connect();
  browser = await launchBrowser({ viewport: { width: 1280, height: 800 } });
});
afterAll(async () => {
  await kiosk?.close();
  await browser?.close();
  await t?.stop();
});

const issued = () =>
  (
    t.hub.store.db.prepare("SELECT body FROM events WHERE type = 'material.issued' ORDER BY seq").all() as Array<{
      body: string;
    }>
  ).map((r) => JSON.parse(r.body) as { ticketNo: string; staffId: string; items: Array<{ itemId: string }> });

async function shot(page: import('playwright-core').Page, name: string) {
  const path = join(screenshotsDir(), `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  const extra = process.env.MATERIALS_SHOTS_DIR;
  if (extra) {
    mkdirSync(extra, { recursive: true });
    copyFileSync(path, join(extra, `${name}.png`));
  }
}

describe('materials at the counter terminal', () => {
  it('records taps for the ticket served, in both languages, on a counter screen and a phone', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${t.httpUrl}/hall/counter/?counter=C01`);
    await page.evaluate("localStorage.setItem('hall.lang', 'zh-CN')");
    await page.reload();
    await page.getByLabel('工号').fill('E1001');
    await page.getByLabel('PIN 码').fill(credential('pin:E1001').secret);
    await page.getByRole('button', { name: '签到开窗' }).click();
    await page.getByTestId('counter-status').filter({ hasText: '空闲' }).waitFor({ timeout: 5_000 });
    const panel = page.getByTestId('counter-materials');
    expect(await panel.count()).toBe(0);

    await kiosk.requestTicket({ serviceId: 'billing' });
    await page.getByRole('button', { name: '呼叫下一位' }).click();
    await page.getByTestId('counter-ticket').filter({ hasText: 'A001' }).waitFor({ timeout: 5_000 });
    // Called is not served yet: no panel.
    expect(await panel.count()).toBe(0);
    await page.getByRole('button', { name: '开始办理' }).click();
    await panel.waitFor({ timeout: 5_000 });
    // The service's items first (marked), then the one for any service, then the rest.
    await expect
      .poll(() => panel.locator('li[data-item]').evaluateAll((els) => els.map((e) => e.getAttribute('data-item'))))
      .toEqual(['FLY', 'KIT', 'BAG', 'SIM']);
    expect(await panel.locator('li[data-for-service="yes"] .counter-materials-tag').count()).toBe(2);
    expect(await panel.getByTestId('counter-materials-got').innerText()).toContain('尚未发放');

    // One tap: one unit, confirmed with the ticket.
    const tapButton = (id: string) => panel.locator(`li[data-item="${id}"] .counter-materials-tap`);
    await tapButton('FLY').click();
    const note = panel.getByRole('status');
    await expect.poll(() => note.textContent()).toBe('已为 A001 发放 5G宣传单 ×1');
    // The stepper: two kits in one tap.
    await panel.getByRole('button', { name: '开卡礼包加一' }).click();
    expect(await tapButton('KIT').innerText()).toContain('×2 份');
    await tapButton('KIT').click();
    await expect.poll(() => note.textContent()).toBe('已为 A001 发放 开卡礼包 ×2');
    // Back to one after the tap.
    expect(await tapButton('KIT').innerText()).toContain('×1 份');
    await expect
      .poll(() => panel.getByTestId('counter-materials-got').locator('li').allTextContents())
      .toEqual(['5G宣传单 ×1', '开卡礼包 ×2']);
    expect(issued().map((e) => [e.ticketNo, e.staffId, e.items.map((i) => i.itemId).join('+')])).toEqual([
      ['A001', 'E1001', 'FLY'],
      ['A001', 'E1001', 'FLY+SIM'],
    ]);

    // The hub records the tap but its answer never reaches the page (a dropped connection): the page says
    // nothing was recorded; the clerk taps again: the same issue id, recorded once.
    let drop = true;
    await page.route('**/trpc/counter.issueMaterials**', async (route) => {
      const response = await route.fetch();
      if (drop) {
        drop = false;
        await route.abort('connectionreset');
      } else await route.fulfill({ response });
    });
    await tapButton('BAG').click();
    await expect.poll(() => note.textContent()).toBe('无法连接门店主机，本次未记录：请重试');
    expect(issued()).toHaveLength(3);
    await tapButton('BAG').click();
    await expect.poll(() => note.textContent()).toBe('已为 A001 发放 环保袋 ×1');
    expect(issued()).toHaveLength(3);
    await page.unroute('**/trpc/counter.issueMaterials**');
    await expect
      .poll(() => panel.getByTestId('counter-materials-got').locator('li').allTextContents())
      .toEqual(['5G宣传单 ×1', '开卡礼包 ×2', '环保袋 ×1']);
    expect(await tapButton('FLY').innerText()).toMatch(/5G宣传单\s+×1 张/);

    await tapButton('FLY').click();
    await expect.poll(() => note.textContent()).toBe('已为 A001 发放 5G宣传单 ×1');
    // One entry an item: the second flyer adds to the first.
    await expect
      .poll(() => panel.getByTestId('counter-materials-got').locator('li').allTextContents())
      .toEqual(['5G宣传单 ×2', '开卡礼包 ×2', '环保袋 ×1']);
    expect(await axeViolations(page)).toEqual([]);
    const findings: string[] = [];
    const check = async (lang: 'zh-CN' | 'en') => {
      findings.push(...(await scanRenderedText(page, lang)).map((f) => `${lang} ${f.kind}: "${f.text}" at ${f.where}`));
      findings.push(...(await layoutFindings(page)).map((f) => `${lang} ${JSON.stringify(f)}`));
    };
    await check('zh-CN');
    await shot(page, 'counter-materials-1280-zh');

    // English: the toast and the list in English names.
    await page.getByRole('button', { name: 'English' }).click();
    await tapButton('SIM').click();
    await expect.poll(() => note.textContent()).toBe('Recorded for A001: SIM pack ×1');
    expect(await panel.locator('h2').innerText()).toMatch(/^Materials\s+ticket A001$/);
    await check('en');
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'counter-materials-1280-en');

    // A phone.
    await page.setViewportSize({ width: 390, height: 844 });
    await check('en');
    await shot(page, 'counter-materials-390-en');
    await page.getByRole('button', { name: '中文' }).click();
    await panel.locator('h2').filter({ hasText: '发放物料' }).waitFor();
    await check('zh-CN');
    await shot(page, 'counter-materials-390-zh');
    expect(findings).toEqual([]);

    // Finished: the panel goes; the next customer starts with nothing.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole('button', { name: '办理完成' }).click();
    await page.getByTestId('counter-status').filter({ hasText: '空闲' }).waitFor({ timeout: 5_000 });
    expect(await panel.count()).toBe(0);
    await page.close();
  });
});

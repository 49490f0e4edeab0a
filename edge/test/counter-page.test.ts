/**
 * The counter terminal page in Debian's Chromium against a real hub: a clerk signs in with staff ID and
 * PIN, calls, recalls, starts, finishes, pauses and resumes, calls a number, transfers — and the hub's
 * queue follows; refusals are shown; a wrong PIN is refused; the page passes the accessibility check.
 */
import { join } from 'node:path';
import { axeViolations, launchBrowser, type Browser } from '@hall/scripts/harness';
import { TicketTerminalSim } from '@hall/simulators';
import { createTRPCClient, httpLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubRouter } from '../src/api/hub.router.ts';
import { credential, screenshotsDir, startTestHub, type TestHub } from './support/test-hub.ts';

let t: TestHub;
let kiosk: TicketTerminalSim;
let browser: Browser;
const shots = screenshotsDir();

beforeAll(async () => {
  t = await startTestHub();
  kiosk = new TicketTerminalSim({ url: t.url, hallId: 'H-TEST', deviceId: 'kiosk-1', secret: t.secrets['kiosk-1'] });
  await kiosk.connect();
  browser = await launchBrowser({ viewport: { width: 1280, height: 900 } });
});
afterAll(async () => {
  await kiosk?.close();
  await browser?.close();
  await t?.stop();
});

const counter = () => t.hub.state.snapshot().counters.find((c) => c.id === 'C01');

describe('counter terminal page', () => {
  it('works the counter like the call button', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${t.httpUrl}/hall/counter/?counter=C01`);
    // The counter's name, from before sign-in on.
    await expect.poll(() => page.locator('h1').textContent()).toBe('窗口终端 · 1号窗口');
    await page.getByLabel('工号').fill('E1001');
    await page.getByLabel('PIN 码').fill('000000');
    await page.getByRole('button', { name: '签到开窗' }).click();
    await page.getByRole('alert').filter({ hasText: '工号或 PIN 码不正确' }).waitFor({ timeout: 5_000 });
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('PIN 码').fill(credential('pin:E1001').secret);
    await page.getByRole('button', { name: '签到开窗' }).click();
    await page.getByTestId('counter-status').filter({ hasText: '空闲' }).waitFor({ timeout: 5_000 });
    expect(counter()).toMatchObject({ status: 'idle', staffId: 'E1001' });
    expect(await page.locator('h1').textContent()).toBe('窗口终端 · 1号窗口');
    // Idle: only what an idle counter can do is offered.
    const enabled = async () => {
      const out: string[] = [];
      for (const b of await page.locator('main button:not(.counter-lang)').all())
        if (await b.isEnabled()) out.push((await b.textContent()) ?? '');
      return out;
    };
    expect(await enabled()).toEqual(['呼叫下一位', '指定叫号', '暂停', '签退关窗']);

    // Nobody waiting: the refusal is shown, not swallowed.
    await page.getByRole('button', { name: '呼叫下一位' }).click();
    await page.getByRole('alert').filter({ hasText: '未执行' }).waitFor({ timeout: 5_000 });

    for (let i = 0; i < 3; i++) await kiosk.requestTicket({ serviceId: 'billing' });
    await page.getByRole('button', { name: '呼叫下一位' }).click();
    await page.getByTestId('counter-ticket').filter({ hasText: 'A001' }).waitFor({ timeout: 5_000 });
    expect(await page.getByRole('alert').textContent()).toBe('');
    // Calling: start, recall, no-show, transfer; no second call, no pause, no sign-out with a ticket.
    await expect.poll(enabled).toEqual(['开始办理', '重呼', '过号', '转移到业务']);
    await page.getByRole('button', { name: '重呼' }).click();
    await page.getByRole('button', { name: '开始办理' }).click();
    await page.getByTestId('counter-status').filter({ hasText: '办理中' }).waitFor({ timeout: 5_000 });
    await expect.poll(enabled).toEqual(['办理完成', '转移到业务']);
    await page.getByRole('button', { name: '办理完成' }).click();
    await page.getByTestId('counter-status').filter({ hasText: '空闲' }).waitFor({ timeout: 5_000 });
    expect(t.hub.state.snapshot().totals.servedToday).toBe(1);

    // Call a specific number, then transfer it to another service (it keeps its number).
    // What the clerk is typing survives the page's periodic refresh.
    await page.getByLabel('号码').fill('a0');
    await page.waitForTimeout(3_500);
    expect(await page.getByLabel('号码').inputValue()).toBe('a0');
    await page.getByLabel('号码').fill('a003');
    await page.getByRole('button', { name: '指定叫号' }).click();
    await page.getByTestId('counter-ticket').filter({ hasText: 'A003' }).waitFor({ timeout: 5_000 });
    await page.getByLabel('目标业务').selectOption('plan');
    await page.getByRole('button', { name: '转移到业务' }).click();
    await expect.poll(() => t.hub.state.snapshot().services.find((s) => s.id === 'plan')?.waiting).toBe(1);

    await page.getByLabel('暂停原因').selectOption('meal');
    await page.getByRole('button', { name: '暂停' }).click();
    await expect.poll(() => counter()?.pauseReason).toBe('meal');
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(shots, 'counter-terminal.png'), fullPage: true });
    await page.getByRole('button', { name: '恢复服务' }).click();
    await expect.poll(() => counter()?.status).toBe('idle');

    await page.getByRole('button', { name: '签退关窗' }).click();
    await page.getByRole('button', { name: '签到开窗' }).waitFor({ timeout: 5_000 });
    expect(counter()?.status).toBe('closed');
    await page.close();
  });

  it('offers the hall’s counters when the address names none, or one the hall does not have', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${t.httpUrl}/hall/counter/`);
    await page.getByRole('link', { name: '2号窗口' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('窗口终端 · 2号窗口');
    expect(page.url()).toContain('?counter=C02');
    await page.goto(`${t.httpUrl}/hall/counter/?counter=C99&lang=en`);
    await page.getByText('This hall has no counter C99: choose one below').waitFor({ timeout: 5_000 });
    expect(await page.getByRole('link').allTextContents()).toEqual(['1号窗口', '2号窗口']);
    expect(await page.getByLabel('Staff ID').count()).toBe(0);
    await page.evaluate("localStorage.setItem('hall.lang', 'zh-CN')");
    await page.close();
  });

  it('tells the clerk they were signed out because they signed in at another counter', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${t.httpUrl}/hall/counter/?counter=C01`);
    await page.getByLabel('工号').fill('E1001');
    await page.getByLabel('PIN 码').fill(credential('pin:E1001').secret);
    await page.getByRole('button', { name: '签到开窗' }).click();
    await page.getByTestId('counter-status').filter({ hasText: '空闲' }).waitFor({ timeout: 5_000 });
    // The same clerk signs in at counter 2 (another PC): this page says so at its next refresh.
    const other = createTRPCClient<HubRouter>({ links: [httpLink({ url: `${t.httpUrl}/trpc` })] });
    await other.counter.signIn.mutate({ counterId: 'C02', staffId: 'E1001', pin: credential('pin:E1001').secret });
    await page.getByRole('alert').filter({ hasText: '您已在 2号窗口 签到，本窗口已签退' }).waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: '签到开窗' }).waitFor({ timeout: 5_000 });
    expect(counter()?.status).toBe('closed');
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });
});

/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Reports that leave the console, in Debian's Chromium against a real cloud: the hall drill-down's
 * "by hour" table downloaded as XLSX holds the page's titles and numbers (read back with exceljs: real
 * numeric cells with number formats) and as CSV the page's text (UTF-8 BOM); the daily report made from
 * the report list, shown, and downloaded as a PDF named after the hall and the date. The report pages
 * are proof-read in both languages at 1920×1080 and 390×844 (no other-language text, nothing off the
 * side of a phone); screenshots go to .artifacts/screenshots/reports-*.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { openDatabase } from '@hall/cloud/db';
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
} from '@hall/scripts/harness';
import { runPart, startPart, type PartProcess } from './processes.ts';

const dir = mkdtempSync(join(tmpdir(), 'hall-e2e-reports-'));
const parts: PartProcess[] = [];
let dropDatabase: (() => Promise<void>) | undefined;
let browser: Browser | undefined;
let base = '';

const PASSWORD = 'Reports-Export-2026!';
const HALL = 'H-FT';
const HALL_NAME = '福田营业厅';
type Lang = 'zh-CN' | 'en';
const MIN = 60_000;

/** Yesterday in Shanghai (YYYY-MM-DD) and its 09:00 as epoch ms: a finished day. */
function yesterday() {
  const now = new Date(Date.now() + 8 * 3_600_000);
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 1));
  return { date: d.toISOString().slice(0, 10), nine: d.getTime() + (9 - 8) * 3_600_000 };
}
const DAY = yesterday();

/** A morning at the hall: tickets with known waits, ratings, an alarm, a terminal dropping out. */
function journal() {
  const { nine } = DAY;
  const why = { rule: 'longest-wait', class: 'regular', score: 1, passedOver: [] };
  const events: Array<{ type: string; at: number; body: Record<string, unknown> }> = [];
  const ticket = (
    no: string,
    serviceId: string,
    at: number,
    waitMin: number | null,
    serveMin: number,
    score: number | null,
  ) => {
    events.push({
      type: 'ticket.issued',
      at,
      body: {
        ticketNo: no,
        serviceId,
        priority: null,
        channel: 'kiosk',
        deviceId: 'kiosk-1',
        waitingAhead: 0,
        eta: { p50Minutes: 5, p90Minutes: 9 },
      },
    });
    if (waitMin === null) {
      events.push({ type: 'ticket.cancelled', at: at + 12 * MIN, body: { ticketNo: no, reason: 'customer' } });
      return;
    }
    const call = at + waitMin * MIN;
    events.push({ type: 'ticket.called', at: call, body: { ticketNo: no, counterId: 'C01', staffId: 'E1001', why } });
    events.push({ type: 'ticket.started', at: call + 30_000, body: { ticketNo: no, counterId: 'C01' } });
    events.push({
      type: 'ticket.finished',
      at: call + 30_000 + serveMin * MIN,
      body: { ticketNo: no, counterId: 'C01', staffId: 'E1001', txCount: 1, txTypes: [] },
    });
    if (score !== null)
      events.push({
        type: 'rating.received',
        at: call + 40_000 + serveMin * MIN,
        body: { ticketNo: no, score, reasons: [], counterId: 'C01', staffId: 'E1001', deviceId: 'pad-1' },
      });
  };
  ticket('A001', 'billing', nine, 2, 5, 5);
  ticket('A002', 'billing', nine + 4 * MIN, 9, 6, 4);
  ticket('B001', 'phone', nine + 7 * MIN, 14, 12, 3);
  ticket('A003', 'billing', nine + 20 * MIN, null, 0, null);
  ticket('A004', 'billing', nine + 65 * MIN, 3, 4, 5);
  ticket('B002', 'phone', nine + 70 * MIN, 26, 8, null);
  ticket('A005', 'billing', nine + 130 * MIN, 1, 3, 2);
  events.push({
    type: 'device.availability',
    at: nine - 30 * MIN,
    body: { deviceId: 'kiosk-1', kind: 'ticket-terminal', online: true, cause: 'announce' },
  });
  events.push({
    type: 'device.availability',
    at: nine + 80 * MIN,
    body: { deviceId: 'kiosk-1', kind: 'ticket-terminal', online: false, cause: 'will' },
  });
  events.push({
    type: 'device.availability',
    at: nine + 95 * MIN,
    body: { deviceId: 'kiosk-1', kind: 'ticket-terminal', online: true, cause: 'announce' },
  });
  events.push({
    type: 'alarm.raised',
    at: nine + 85 * MIN,
    body: {
      alarmId: 'al-1',
      rule: 'long-wait',
      subject: 'service:phone',
      severity: 'critical',
      value: 25,
      message: 'phone: the longest wait is 25 min',
      params: { service: '手机终端', minutes: 25, warning: 15, critical: 25 },
    },
  });
  events.push({ type: 'alarm.cleared', at: nine + 97 * MIN, body: { alarmId: 'al-1', value: 3 } });
  events.sort((a, b) => a.at - b.at);
  return events.map((e, i) => ({ seq: i + 1, type: e.type, body: { ...e.body, at: e.at }, historical: true }));
}

async function signInPage(page: Page) {
  await page.goto(`${base}/login`);
  await page.locator('input[name="username"], #username').first().fill('manager');
  await page.locator('input[type="password"]').first().fill(PASSWORD);
  await page.locator('form button[type="submit"]').first().click();
  await page.locator('.shell').waitFor();
}

async function useLang(page: Page, lang: Lang) {
  await page.evaluate((l) => window.localStorage.setItem('hall.lang', l), lang);
}

/** The table after an export group whose label names `title`: its header texts and its rows' cell texts. */
async function tableNextTo(page: Page, title: string): Promise<{ head: string[]; rows: string[][] }> {
  return page.evaluate((label) => {
    const group = [...document.querySelectorAll('[role="group"]')].find((g) =>
      g.getAttribute('aria-label')?.includes(label),
    );
    const table = group?.closest('.table-head')?.nextElementSibling?.querySelector('table');
    if (!table) throw new Error(`no table next to ${label}`);
    const text = (e: Element) => (e.textContent ?? '').trim();
    return {
      head: [...table.querySelectorAll('thead th')].map(text),
      rows: [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('th, td')].map(text)),
    };
  }, title);
}

/** Clicks a button and saves what the browser downloads. */
async function download(page: Page, click: () => Promise<void>) {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), click()]);
  const path = join(dir, file.suggestedFilename());
  await file.saveAs(path);
  return { name: file.suggestedFilename(), path };
}

/** A figure as the screen writes it, as a number ('1,673' → 1673, '85.3%' → 0.853); '—' stays text. */
function screenNumber(text: string): number | string {
  if (text === '—') return text;
  const n = Number(text.replace(/[,%]/g, ''));
  return text.endsWith('%') ? n / 100 : n;
}

/** A cell's value rounded as the screen rounds that column ('0.0%' to a tenth of a percent, minutes as shown). */
function asShown(value: unknown, numFmt: string | undefined): unknown {
  if (typeof value !== 'number') return value;
  if (numFmt === '0.0%') return Math.round(value * 1000) / 1000;
  if (numFmt === '[<10]0.0;0') return value < 10 ? Math.round(value * 10) / 10 : Math.round(value);
  if (numFmt === '0.0') return Math.round(value * 10) / 10;
  return value;
}

/** Splits one CSV line (RFC 4180 quoting). */
function csvCells(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

afterAll(async () => {
  await browser?.close();
  await Promise.allSettled(parts.map((p) => p.stop('SIGKILL')));
  await dropDatabase?.();
  rmSync(dir, { recursive: true, force: true });
});

beforeAll(async () => {
  const scratch = await scratchDatabase('e2e_reports');
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
    await runPart('cloud/src/main.ts', cloudEnv, ['add-hub', '--hall', HALL, '--name', HALL_NAME, '--hub', 'hub-ft']),
  ) as { token: string };
  const { db, close } = await openDatabase({ url: scratch.url, dataDir: '' });
  const { putHallConfig } = await import('@hall/cloud/halls');
  await putHallConfig(
    db,
    HALL,
    {
      hall: { capacity: 40 },
      services: [
        { id: 'billing', name: '话费业务', prefix: 'A', targetWaitMinutes: 10 },
        { id: 'phone', name: '手机终端', prefix: 'B', targetWaitMinutes: 15 },
      ],
      counters: [{ id: 'C01', name: '1号窗口', services: { billing: 1, phone: 1 } }],
      staff: [{ id: 'E1001', name: '王芳' }],
    },
    null,
  );
  await close();
  const cloud = await startPart('cloud/src/main.ts', cloudEnv, 'cloud.ready');
  parts.push(cloud);
  base = `http://127.0.0.1:${cloud.ready.port as number}`;
  // The hub's journal, through the ingest API as a hub sends it.
  const pushed = await fetch(`${base}/trpc/ingest.push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer hub-ft:${token}` },
    body: JSON.stringify({ hubId: 'hub-ft', batch: journal() }),
  });
  if (!pushed.ok) throw new Error(`ingest.push: ${pushed.status} ${await pushed.text()}`);
  browser = await launchBrowser({ viewport: { width: 1920, height: 1080 } });
}, 180_000);

describe('reports that leave the console', () => {
  it("the drill-down's by-hour table downloads as XLSX and CSV with the page's titles and numbers", async () => {
    const page = await (browser as Browser).context.newPage();
    await signInPage(page);
    await useLang(page, 'zh-CN');
    await page.goto(`${base}/halls/${HALL}?date=${DAY.date}`);
    await page.locator('[role="group"][aria-label*="分时段明细"]').waitFor({ timeout: 20_000 });
    const shown = await tableNextTo(page, '分时段明细');
    expect(shown.rows.find((r) => r[0] === '09:00')).toEqual(['09:00', '4', '3', '75%', '8.3', '7.7', '1', '4.0']);

    const xlsx = await download(page, () =>
      page.locator('[role="group"][aria-label*="分时段明细"] button').filter({ hasText: 'Excel' }).click(),
    );
    expect(xlsx.name).toBe(`${HALL_NAME}-分时段明细-${DAY.date}.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsx.path);
    const sheet = book.worksheets[0] as ExcelJS.Worksheet;
    const row = (n: number) => Array.from({ length: shown.head.length }, (_, i) => sheet.getRow(n).getCell(i + 1));
    expect(row(2).map((c) => c.value)).toEqual(shown.head);
    expect(sheet.rowCount).toBe(2 + shown.rows.length);
    shown.rows.forEach((cells, i) => {
      const file = row(3 + i);
      expect(file[0]?.value).toBe(cells[0]);
      // Every figure is a number cell (with a number format) equal to the page's, as the page rounds it.
      expect(file.slice(1).map((c) => asShown(c.value, c.numFmt))).toEqual(cells.slice(1).map(screenNumber));
      for (const c of file.slice(1)) if (typeof c.value === 'number') expect(c.numFmt).toBeTruthy();
    });

    const csv = await download(page, () =>
      page.locator('[role="group"][aria-label*="分时段明细"] button').filter({ hasText: 'CSV' }).click(),
    );
    expect(csv.name).toBe(`${HALL_NAME}-分时段明细-${DAY.date}.csv`);
    const text = readFileSync(csv.path, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trimEnd().split('\r\n').map(csvCells);
    expect(lines).toEqual([shown.head, ...shown.rows]);
    await page.close();
  }, 120_000);

  it('the daily report is made from the list, read on the page and downloaded as a PDF', async () => {
    const page = await (browser as Browser).context.newPage();
    await signInPage(page);
    await useLang(page, 'zh-CN');
    await page.goto(`${base}/halls/${HALL}?date=${DAY.date}`);
    await page.locator(`.hall-nav a[href="/halls/${HALL}/reports"]`).click();
    await page.locator('.page-head h1').filter({ hasText: '营业厅日报' }).waitFor();
    await page.locator('.page-head button.primary').click();
    await page.locator('[data-action="pdf"]').waitFor({ timeout: 30_000 });
    expect(page.url()).toContain(`/halls/${HALL}/reports/${DAY.date}`);
    const tiles = await page.locator('.tile').allTextContents();
    expect(tiles.join(' ')).toContain('取号7');
    const pdf = await download(page, () => page.locator('[data-action="pdf"]').click());
    expect(pdf.name).toBe(`${HALL_NAME}-日报-${DAY.date}.pdf`);
    expect(readFileSync(pdf.path).subarray(0, 5).toString()).toBe('%PDF-');

    // Proof-read and screenshot the report pages in both languages, on a desk and on a phone.
    const findings: Record<string, unknown> = {};
    for (const lang of ['zh-CN', 'en'] as const) {
      await useLang(page, lang);
      for (const size of [
        { width: 1920, height: 1080 },
        { width: 390, height: 844 },
      ]) {
        await page.setViewportSize(size);
        for (const [name, path, ready] of [
          ['list', `/halls/${HALL}/reports`, `tr[data-report="${DAY.date}"]`],
          ['day', `/halls/${HALL}/reports/${DAY.date}`, '[data-action="pdf"]'],
          ['hall', `/halls/${HALL}?date=${DAY.date}`, '[role="group"] button'],
        ] as const) {
          await page.goto(`${base}${path}`);
          await page.locator(ready).first().waitFor({ timeout: 20_000 });
          await page.waitForLoadState('networkidle').catch(() => undefined);
          const text = (await scanRenderedText(page, lang)).map((f) => `${f.kind}: "${f.text}" at ${f.where}`);
          const layout = size.width === 390 && name !== 'hall' ? await layoutFindings(page) : [];
          if (text.length || layout.length) findings[`${name} ${lang} ${size.width}`] = { text, layout };
          await page.screenshot({
            path: join(screenshotsDir(), `reports-${name}-${lang}-${size.width}.png`),
            fullPage: true,
          });
        }
      }
    }
    await page.close();
    expect(findings).toEqual({});
  }, 180_000);
});

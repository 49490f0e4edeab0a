/// <reference lib="dom" />
/**
 * 数据分析 in Debian's Chromium against a real cloud on the harness's PostgreSQL: HQ → two regions →
 * three halls, two weeks of tickets, ratings, door counts and device health pushed through the hubs'
 * ingest API (so the figures come from the roll-ups ingest keeps). The drill-down HQ → region → hall →
 * day → hour → by clerk → a clerk's tickets, each step reloaded from its address and found the same;
 * the heat map's coloured cells; a chart's bars against its table and the API; a hall manager refused
 * another hall; every tab proof-read in both languages at 1920×1080 and 390×844 (screenshots under
 * .artifacts/screenshots/analysis-*).
 */
import { openDatabase } from '@hall/cloud/db';
import { createUser, ensureHallUnit, ensureRegionUnit, ensureRootUnit } from '@hall/cloud/access';
import { putHallConfig, registerHall, registerHub } from '@hall/cloud/halls';
import type { Page } from 'playwright-core';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type Browser } from '@hall/scripts/harness';
import { ADMIN, cloudFixture, query, signIn, type CloudFixture } from './cloud-fixture.ts';
import { readEverywhere as readPage, useLang } from './proof-read.ts';

let fixture: CloudFixture | undefined;
let browser: Browser | undefined;
let base = '';
const MANAGER = { username: 'ft-manager', password: 'Analysis-Pages-2026!' };
const MIN = 60_000;
/** Two weeks of data: Monday 2026-11-09 to Sunday 2026-11-22 (hall time, Shanghai). */
const FIRST = '2026-11-09';
const DAYS = 14;
const WEEK = 'period=week&from=2026-11-16';
const REGIONS = [
  { id: 'r-south', name: '华南区' },
  { id: 'r-east', name: '华东区' },
];
const HALLS = [
  { id: 'NS', name: '南山营业厅', region: 'r-south', staff: ['E1', 'E2'], busy: 3 },
  { id: 'FT', name: '福田营业厅', region: 'r-south', staff: ['E3', 'E4'], busy: 2 },
  { id: 'PD', name: '浦东营业厅', region: 'r-east', staff: ['E5', 'E6'], busy: 2 },
];
const STAFF: Record<string, string> = { E1: '王芳', E2: '李明', E3: '张伟', E4: '赵敏', E5: '陈静', E6: '刘洋' };
const WHY = { rule: 'longest-wait', class: 'regular', score: 1, passedOver: [] };

/** A small deterministic generator (mulberry32): the same two weeks on every run. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Event = { type: string; at: number; body: Record<string, unknown> };

/** A hall's two weeks: tickets 09–17 with waits, services, clerks, ratings; door counts; device health. */
function journal(hall: (typeof HALLS)[number], seed: number): Event[] {
  const rnd = random(seed);
  const out: Event[] = [];
  for (let d = 0; d < DAYS; d++) {
    // Midnight in Shanghai of the day.
    const midnight = Date.UTC(2026, 10, 9 + d) - 8 * 3_600_000;
    out.push({
      type: 'device.availability',
      at: midnight + 8 * 60 * MIN,
      body: { deviceId: 'door-1', kind: 'people-counter', online: true, cause: 'heartbeat' },
    });
    out.push({
      type: 'device.availability',
      at: midnight + 8 * 60 * MIN,
      body: { deviceId: 'kiosk-1', kind: 'ticket-terminal', online: true, cause: 'heartbeat' },
    });
    if (d % 3 === 0) {
      out.push({
        type: 'device.availability',
        at: midnight + 12 * 60 * MIN,
        body: { deviceId: 'kiosk-1', kind: 'ticket-terminal', online: false, cause: 'heartbeat' },
      });
      out.push({
        type: 'device.availability',
        at: midnight + 13 * 60 * MIN,
        body: { deviceId: 'kiosk-1', kind: 'ticket-terminal', online: true, cause: 'heartbeat' },
      });
    }
    let n = 0;
    for (let h = 9; h < 17; h++) {
      const count = 1 + Math.floor(rnd() * hall.busy) + (h === 10 || h === 15 ? 2 : 0) + (d % 7 === 5 ? 1 : 0);
      out.push({
        type: 'occupancy.counted',
        at: midnight + h * 60 * MIN + 30_000,
        body: {
          deviceId: 'door-1',
          in: count + Math.floor(rnd() * 3),
          out: count,
          totalIn: 0,
          totalOut: 0,
          reset: false,
        },
      });
      for (let k = 0; k < count; k++) {
        n += 1;
        const service = rnd() < 0.6 ? 'billing' : 'sim';
        const no = `${service === 'billing' ? 'A' : 'S'}${String(d * 100 + n).padStart(4, '0')}`;
        const at = midnight + h * 60 * MIN + Math.floor(rnd() * 50) * MIN;
        const waitMin = 1 + Math.floor(rnd() * 14);
        const clerk = hall.staff[n % 2] as string;
        const counter = n % 2 ? 'C01' : 'C02';
        out.push({
          type: 'ticket.issued',
          at,
          body: {
            ticketNo: no,
            serviceId: service,
            priority: rnd() < 0.1 ? 'elderly' : null,
            channel: rnd() < 0.2 ? 'remote' : 'kiosk',
            deviceId: 'kiosk-1',
            waitingAhead: 0,
            eta: { p50Minutes: 5, p90Minutes: 9 },
          },
        });
        if (rnd() < 0.1) {
          out.push({ type: 'ticket.cancelled', at: at + waitMin * MIN, body: { ticketNo: no, reason: 'customer' } });
          continue;
        }
        const call = at + waitMin * MIN;
        const handle = 3 + Math.floor(rnd() * 8);
        out.push({
          type: 'ticket.called',
          at: call,
          body: { ticketNo: no, counterId: counter, staffId: clerk, why: WHY },
        });
        out.push({ type: 'ticket.started', at: call + 30_000, body: { ticketNo: no, counterId: counter } });
        out.push({
          type: 'ticket.finished',
          at: call + 30_000 + handle * MIN,
          body: {
            ticketNo: no,
            counterId: counter,
            staffId: clerk,
            txCount: 1,
            txTypes: [service === 'billing' ? 'bill-pay' : 'sim-replace'],
          },
        });
        if (rnd() < 0.6)
          out.push({
            type: 'rating.received',
            at: call + 40_000 + handle * MIN,
            body: {
              ticketNo: no,
              score: waitMin > 10 ? 3 : rnd() < 0.5 ? 4 : 5,
              reasons: [],
              counterId: counter,
              staffId: clerk,
              deviceId: 'pad-1',
            },
          });
      }
    }
  }
  return out.sort((a, b) => a.at - b.at);
}

afterAll(async () => {
  await browser?.close();
  await fixture?.stop();
});

beforeAll(async () => {
  fixture = await cloudFixture('e2e_analysis');
  const { db, close } = await openDatabase({ url: fixture.url, dataDir: '' });
  const tokens = new Map<string, string>();
  try {
    await ensureRootUnit(db);
    for (const r of REGIONS) await ensureRegionUnit(db, r);
    for (const h of HALLS) {
      await registerHall(db, { id: h.id, name: h.name, timeZone: 'Asia/Shanghai' });
      await ensureHallUnit(db, { hallId: h.id, name: h.name, parentId: h.region });
      await putHallConfig(
        db,
        h.id,
        {
          hall: { capacity: 60 },
          services: [
            { id: 'billing', name: '话费业务', prefix: 'A', targetWaitMinutes: 10 },
            { id: 'sim', name: '办卡', prefix: 'S', targetWaitMinutes: 8 },
          ],
          counters: [
            { id: 'C01', name: '1号窗口', services: { billing: 1, sim: 1 } },
            { id: 'C02', name: '2号窗口', services: { billing: 1, sim: 1 } },
          ],
          staff: h.staff.map((id) => ({ id, name: STAFF[id] })),
        },
        null,
      );
      tokens.set(h.id, (await registerHub(db, { id: `hub-${h.id}`, hallId: h.id })).token);
    }
    const manager = await createUser(db, { ...MANAGER, name: '福田厅经理', orgUnitId: 'hall-FT' });
    const pg = postgres(fixture.url, { max: 1, onnotice: () => {} });
    try {
      await pg`insert into user_roles (user_id, role, org_unit_id) values (${manager}, 'hall_manager', 'hall-FT')`;
    } finally {
      await pg.end();
    }
  } finally {
    await close();
  }
  const cloud = await fixture.start();
  base = cloud.base.replace(/\/trpc$/, '');
  for (const [i, h] of HALLS.entries()) {
    const events = journal(h, 19 + i);
    const batch = events.map((e, k) => ({
      seq: k + 1,
      type: e.type,
      body: { ...e.body, at: e.at },
      historical: false,
    }));
    const res = await fetch(`${base}/trpc/ingest.push`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer hub-${h.id}:${tokens.get(h.id) as string}`,
      },
      body: JSON.stringify({ hubId: `hub-${h.id}`, batch }),
    });
    if (!res.ok) throw new Error(`ingest.push ${h.id}: ${res.status} ${await res.text()}`);
    const answer = (await res.json()) as { result: { data: { refused?: unknown[] } } };
    if (answer.result.data.refused?.length)
      throw new Error(`refused rows: ${JSON.stringify(answer.result.data.refused.slice(0, 3))}`);
  }
  browser = await launchBrowser({ viewport: { width: 1920, height: 1080 } });
}, 240_000);

async function signInPage(page: Page, who: { username: string; password: string }) {
  await page.goto(`${base}/login`);
  await page.locator('input[name="username"], #username').first().fill(who.username);
  await page.locator('input[type="password"]').first().fill(who.password);
  await page.locator('form button[type="submit"]').first().click();
  await page.locator('.shell').waitFor();
}

/** A table's body as text rows (cells trimmed, whitespace collapsed). */
async function rowsOf(page: Page, testId: string): Promise<string[][]> {
  const table = page.locator(`[data-testid="${testId}"] table`);
  await table.waitFor({ timeout: 20_000 });
  return table
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').replace(/\s+/g, ' ').trim())),
    );
}

/** The view now and after a reload of its address: the same rows. */
async function sameAfterReload(page: Page, testId: string): Promise<string[][]> {
  const before = await rowsOf(page, testId);
  const url = page.url();
  await page.reload();
  await page.locator(`[data-testid="${testId}"] table tbody tr`).first().waitFor({ timeout: 20_000 });
  expect(page.url()).toBe(url);
  expect(await rowsOf(page, testId)).toEqual(before);
  return before;
}

/** The number a table cell shows ("1,234" → 1234; a delta after it is dropped). */
const num = (cell: string | undefined) => Number((cell ?? '').split(/[▲▼＝]/)[0]?.replace(/[^\d.]/g, ''));

describe('analysis pages', () => {
  it('HQ → region → hall → day → hour → clerk → tickets, each view reproduced by its address', async () => {
    const page = await (browser as Browser).context.newPage();
    await signInPage(page, ADMIN);
    await useLang(page, 'zh-CN');
    await page.setViewportSize({ width: 1920, height: 1080 });
    const session = await signIn(`${base}/trpc`);

    // HQ: the league of its two regions; the menu leads here.
    await page.goto(`${base}/`);
    await page.locator('nav a[href="/analysis"]', { hasText: '数据分析' }).click();
    await page.waitForURL(/\/analysis$/);
    // By default the week of yesterday: after the seeded weeks, so nothing to show, said in words.
    await page.locator('[data-testid="league"], .analysis p.empty').first().waitFor({ timeout: 20_000 });
    expect(await page.locator('main').innerText()).toContain('默认显示昨天所在的一周');
    await page.goto(`${base}/analysis?${WEEK}`);
    const regions = await sameAfterReload(page, 'league');
    expect(regions.map((r) => r[0]).sort()).toEqual(['华东区', '华南区']);
    expect(await page.locator('.crumbs').innerText()).toContain('总部');

    // The league's chart holds the table's figures and the API's.
    const hq = await query<{ rows: Array<{ label: string; arrivals: number }> }>(
      `${base}/trpc`,
      'analytics.cube',
      { orgUnitId: 'hq', from: '2026-11-16', to: '2026-11-22', by: 'child' },
      session,
    );
    const chart = page.locator('[data-testid="league-chart"]');
    const bars = JSON.parse((await chart.getAttribute('data-values')) as string) as number[];
    const labels = JSON.parse((await chart.getAttribute('data-categories')) as string) as string[];
    expect(labels.map((l, i) => [l, bars[i]])).toEqual(hq.rows.map((r) => [r.label, r.arrivals]));
    // The 取号 column is the sixth (name, service level, wait, abandonment, rating, tickets).
    expect(regions.map((r) => [r[0], num(r[5])]).sort()).toEqual(hq.rows.map((r) => [r.label, r.arrivals]).sort());

    // → 华南区: its two halls.
    await page.locator('[data-testid="league"] tbody th button', { hasText: '华南区' }).click();
    await page.waitForURL(/unit=r-south/);
    await page.locator('[data-testid="league"] tbody th', { hasText: '南山营业厅' }).waitFor();
    const halls = await sameAfterReload(page, 'league');
    expect(halls.map((r) => r[0]).sort()).toEqual(['南山营业厅', '福田营业厅'].sort());
    expect(await page.locator('.crumbs').innerText()).toMatch(/总部.*›.*华南区/s);
    // Sorted by service level, worst first (a second click), kept in the address.
    await page.locator('[data-testid="league"] thead button', { hasText: '达标率' }).click();
    await page.waitForURL(/sort=-serviceLevel/);
    await page.locator('[data-testid="league"] thead button', { hasText: '达标率' }).click();
    await page.waitForURL(/sort=serviceLevel/);
    const sorted = await sameAfterReload(page, 'league');
    const levels = sorted.map((r) => num(r[1]));
    expect(levels).toEqual([...levels].sort((a, b) => a - b));

    // → 南山营业厅: its seven days as bars and a table with the same figures as the API.
    await page.locator('[data-testid="league"] tbody th button', { hasText: '南山营业厅' }).click();
    await page.waitForURL(/unit=hall-NS/);
    const days = await sameAfterReload(page, 'drill');
    expect(days).toHaveLength(7);
    const ns = await query<{ rows: Array<{ key: string; arrivals: number }> }>(
      `${base}/trpc`,
      'analytics.cube',
      { orgUnitId: 'hall-NS', from: '2026-11-16', to: '2026-11-22', by: 'day' },
      session,
    );
    const dayBars = JSON.parse(
      (await page.locator('[data-testid="drill-chart"]').getAttribute('data-values')) as string,
    ) as number[];
    expect(dayBars).toEqual(ns.rows.map((r) => r.arrivals));
    expect(days.map((r) => num(r[1]))).toEqual(dayBars);

    // → Wednesday 18th by hour.
    await page.locator('[data-testid="drill"] tbody tr').nth(2).locator('th button').click();
    await page.waitForURL(/period=day/);
    expect(page.url()).toContain('from=2026-11-18');
    await page.locator('[data-testid="drill"] tbody th', { hasText: '10:00' }).waitFor();
    const hours = await sameAfterReload(page, 'drill');
    expect(hours.map((r) => r[0])).toContain('10:00');

    // → 10:00, by service, then by clerk.
    await page.locator('[data-testid="drill"] tbody th button', { hasText: '10:00' }).click();
    await page.waitForURL(/hour=10/);
    const services = await sameAfterReload(page, 'slice');
    expect(services.map((r) => r[0]).every((s) => ['话费业务', '办卡'].includes(s as string))).toBe(true);
    await page.locator('button[aria-pressed]', { hasText: '按营业员' }).click();
    await page.waitForURL(/by=staff/);
    await page.locator('[data-testid="slice"] tbody th', { hasText: '王芳' }).waitFor();
    const clerks = await sameAfterReload(page, 'slice');
    expect(clerks.map((r) => r[0]).sort()).toEqual(['李明', '王芳'].sort());

    // → 王芳's tickets of that hour: names and times, never ids.
    await page.locator('[data-testid="slice"] tbody th button', { hasText: '王芳' }).click();
    await page.waitForURL(/staff=E1/);
    const tickets = await sameAfterReload(page, 'tickets');
    const api = await query<{ tickets: Array<{ ticketNo: string }> }>(
      `${base}/trpc`,
      'analytics.tickets',
      { hallId: 'NS', date: '2026-11-18', hour: 10, staffId: 'E1' },
      session,
    );
    expect(tickets.map((r) => r[0]).sort()).toEqual(api.tickets.map((x) => x.ticketNo).sort());
    expect(tickets.length).toBeGreaterThan(0);
    for (const r of tickets) {
      expect(r[5]).toBe('王芳');
      expect(r[3]).toMatch(/^10:\d\d:\d\d$/);
      expect(['1号窗口', '2号窗口']).toContain(r[6]);
    }
    // Back steps up the drill.
    await page.goBack();
    await page.waitForURL((u) => !u.search.includes('staff='));
    await page.locator('[data-testid="slice"]').waitFor();
    await page.close();
  });

  it('the heat map colours one cell per weekday × hour with arrivals; an unknown unit is said to be unknown', async () => {
    const page = await (browser as Browser).context.newPage();
    await signInPage(page, ADMIN);
    await useLang(page, 'zh-CN');
    const session = await signIn(`${base}/trpc`);
    await page.goto(`${base}/analysis?unit=r-south&period=custom&from=${FIRST}&to=2026-11-22&view=habits`);
    await page.locator('[data-testid="heatmap"] rect.heat-cell').first().waitFor({ timeout: 20_000 });
    const habits = await query<{ heat: Array<{ weekday: number; hour: number; arrivals: number }> }>(
      `${base}/trpc`,
      'analytics.habits',
      { orgUnitId: 'r-south', from: FIRST, to: '2026-11-22' },
      session,
    );
    const busy = habits.heat.filter((c) => c.arrivals > 0);
    // Seven weekdays × 09–18 (the hours shown: those with arrivals, at least 08–18).
    expect(await page.locator('[data-testid="heatmap"] rect.heat-cell').count()).toBe(7 * 11);
    expect(await page.locator('[data-testid="heatmap"] rect.heat-cell.on').count()).toBe(busy.length);
    expect(busy.length).toBe(7 * 8);
    const on = await page
      .locator('[data-testid="heatmap"] rect.heat-cell.on')
      .evaluateAll((cells) => cells.map((c) => `${c.getAttribute('data-weekday')}:${c.getAttribute('data-hour')}`));
    expect(on.sort()).toEqual(busy.map((c) => `${c.weekday}:${c.hour}`).sort());
    // The patience sentence, in words.
    expect(await page.locator('.sentences').innerText()).toMatch(/一半以上的客户等到了叫号|一半的客户最多等/);
    // A unit that does not exist: said so, on every tab.
    await page.goto(`${base}/analysis?unit=no-such-unit&${WEEK}&view=clerks`);
    await page.locator('.state.not-found').waitFor({ timeout: 20_000 });
    expect(await page.locator('.state.not-found').innerText()).toContain('没有这个组织');
    await page.close();
  });

  it("a hall manager is refused another hall's analysis, and sees their own", async () => {
    const page = await (browser as Browser).context.newPage();
    await signInPage(page, MANAGER);
    await useLang(page, 'zh-CN');
    await page.goto(`${base}/analysis?unit=hall-NS&${WEEK}`);
    await page.locator('.state.refused').waitFor({ timeout: 20_000 });
    expect(await page.locator('.state.refused').innerText()).toContain('无权查看该组织的数据');
    expect(await page.locator('main').innerText()).not.toContain('王芳');
    await page.goto(`${base}/analysis?${WEEK}`);
    await page.locator('[data-testid="drill"]').waitFor({ timeout: 20_000 });
    expect(await page.locator('.crumbs').innerText()).toContain('福田营业厅');
    await page.goto(`${base}/analysis?unit=no-such-unit&${WEEK}`);
    await page.locator('.state.not-found, .state.refused').first().waitFor({ timeout: 20_000 });
    await page.close();
  });

  it('every tab reads well in both languages at both sizes', async () => {
    const page = await (browser as Browser).context.newPage();
    await signInPage(page, ADMIN);
    const read = (name: string, path: string, ready: string) =>
      readPage(page, { base, prefix: 'analysis', name, path, ready });
    const region = `/analysis?unit=r-south&${WEEK}`;
    const hall = `/analysis?unit=hall-NS&${WEEK}`;
    const findings = [
      ...(await read('league', region, '[data-testid="league"] tbody tr')),
      ...(await read('hall', hall, '[data-testid="drill"] tbody tr')),
      ...(await read(
        'tickets',
        `/analysis?unit=hall-NS&period=day&from=2026-11-18&hour=10&by=staff&staff=E1`,
        '[data-testid="tickets"] tbody tr',
      )),
      ...(await read('business', `${region}&view=business`, '[data-testid="by-service"] tbody tr')),
      ...(await read('habits', `${region}&view=habits`, '[data-testid="heatmap"] rect')),
      ...(await read('clerks', `${region}&view=clerks&staff=E1&date=2026-11-18`, '[data-testid="tickets"] tbody tr')),
      ...(await read('footfall', `${region}&view=footfall`, '[data-testid="footfall"] tbody tr')),
      ...(await read('devices', `${region}&view=devices`, '[data-testid="device-availability"] tbody tr')),
    ];
    expect(findings).toEqual([]);
    await page.close();
  });
});

/// <reference lib="dom" />
/**
 * The KPI views in Debian's Chromium against a real cloud on the harness's PostgreSQL, over a hall's
 * week of daily KPI rows and the tickets behind them: the manager's board (values, scores, "样本不足"),
 * a clerk's cell opening the clerk's page at that KPI with the tickets behind the value, the league;
 * and the clerk on a 390×844 phone on /me/kpis, seeing their own figures and refused anyone else's.
 * Every page proof-read in both languages at 1920×1080 and 390×844 (scanRenderedText, layoutFindings);
 * screenshots under .artifacts/screenshots/kpi-views-*.
 */
import { openDatabase } from '@hall/cloud/db';
import { createUser } from '@hall/cloud/access';
import type { Page } from 'playwright-core';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type Browser } from '@hall/scripts/harness';
import { ADMIN, cloudFixture, type CloudFixture } from './cloud-fixture.ts';
import { runPart } from './processes.ts';
import { readEverywhere as readPage, useLang } from './proof-read.ts';

let fixture: CloudFixture | undefined;
let browser: Browser | undefined;
let base = '';
const HALL = 'H-KV';
const CLERK = { username: 'wangfang', password: 'Clerk-Pages-2026!' };
const WEEK = 'p=week&date=2026-11-03';
const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`);
const contract = { kind: 'full-time', minWeekHours: 32, maxWeekHours: 40, maxDaysPerWeek: 5, minRestHours: 11 };

afterAll(async () => {
  await browser?.close();
  await fixture?.stop();
});

beforeAll(async () => {
  fixture = await cloudFixture('e2e_kpi_views');
  await runPart('cloud/src/main.ts', { ...fixture.env, CLOUD_PORT: '0' }, [
    'add-hub',
    '--hall',
    HALL,
    '--name',
    '福田营业厅',
    '--time-zone',
    'Asia/Shanghai',
    '--hub',
    'hub-kv',
  ]);
  const { db, close } = await openDatabase({ url: fixture.url, dataDir: '' });
  const { putHallConfig } = await import('@hall/cloud/halls');
  await putHallConfig(
    db,
    HALL,
    {
      hall: { capacity: 40 },
      services: [{ id: 'billing', name: '话费业务', prefix: 'A' }],
      counters: [{ id: 'C01', name: '1号窗口', services: { billing: 1 } }],
    },
    null,
  );
  const clerkUser = await createUser(db, { ...CLERK, name: '王芳', orgUnitId: `hall-${HALL}` });
  await close();

  const pg = postgres(fixture.url, { max: 1, onnotice: () => {} });
  try {
    const people = [
      ['emp-wf', 'E01', '王芳'],
      ['emp-lq', 'E02', '李强'],
      ['emp-zw', 'E03', '张伟'],
      ['emp-zm', 'E04', '赵敏'],
    ];
    for (const [id, staffId, name] of people)
      await pg`insert into employees (id, hall_id, staff_id, name, contract) values (${id as string}, ${HALL}, ${staffId as string}, ${name as string}, ${pg.json(contract)})`;
    await pg`update employees set user_id = ${clerkUser} where id = 'emp-wf'`;
    await pg`insert into user_roles (user_id, role, org_unit_id) values (${clerkUser}, 'staff', ${`hall-${HALL}`})`;
    const kpis = [
      [
        'served',
        '办结量',
        'Tickets served',
        'served',
        'count',
        'higher',
        null,
        { kind: 'linear', zeroAt: 0, fullAt: 100 },
        0,
        ['clerk', 'counter', 'hall'],
        null,
      ],
      [
        'rating',
        '满意度',
        'Rating',
        'ratio(rating_sum, ratings)',
        'score',
        'higher',
        4.5,
        { kind: 'linear', zeroAt: 3, fullAt: 5 },
        1,
        ['clerk', 'hall'],
        { fact: 'ratings', n: 5 },
      ],
      [
        // Weight 0: shown with its 95 % band, not in the totals the other assertions work out.
        'rating-shrunk',
        '满意度（修正）',
        'Rating (shrunk)',
        'shrink(rating_sum, ratings, ratio(hall_rating_sum, hall_ratings), 10)',
        'score',
        'higher',
        4.5,
        { kind: 'linear', zeroAt: 3, fullAt: 5 },
        0,
        ['clerk'],
        null,
      ],
      [
        'handle',
        '平均办理时长',
        'Minutes per ticket',
        'ratio(handle_seconds, served) / 60',
        'minutes',
        'lower',
        5,
        { kind: 'linear', zeroAt: 10, fullAt: 4 },
        2,
        ['clerk'],
        { fact: 'served', n: 10 },
      ],
    ] as const;
    for (const [key, zh, en, formula, unit, direction, target, bands, weight, subjects, minSample] of kpis)
      await pg`insert into kpi_definitions (key, version, name_zh, name_en, formula, unit, direction, target, bands, weight, applies_to, period, min_sample)
               values (${key}, 1, ${zh}, ${en}, ${formula}, ${unit}, ${direction}, ${target}, ${pg.json(bands)}, ${weight}, ${pg.json({ subjects: [...subjects] })}, 'month', ${minSample ? pg.json(minSample) : null})`;
    const days: Record<string, Record<string, Record<string, number>>> = {
      // Scores: 王芳 5 5 4 | 5 4; 李强 3 | 4 4 4 4 4; 张伟 5 5; 赵敏 5 5 5 5 5 (rating_sq_sum their squares).
      '2026-11-02': {
        'emp-wf': { served: 8, handle_seconds: 2640, ratings: 3, rating_sum: 14, rating_sq_sum: 66 },
        'emp-lq': { served: 5, handle_seconds: 2100, ratings: 1, rating_sum: 3, rating_sq_sum: 9 },
        'emp-zw': { served: 6, handle_seconds: 1800, ratings: 2, rating_sum: 10, rating_sq_sum: 50 },
      },
      '2026-11-03': {
        'emp-wf': { served: 4, handle_seconds: 1320, ratings: 2, rating_sum: 9, rating_sq_sum: 41 },
        'emp-lq': { served: 7, handle_seconds: 2520, ratings: 5, rating_sum: 20, rating_sq_sum: 80 },
        'emp-zm': { served: 10, handle_seconds: 3000, ratings: 5, rating_sum: 25, rating_sq_sum: 125 },
      },
    };
    for (const [date, clerks] of Object.entries(days)) {
      const hall: Record<string, number> = {};
      for (const f of Object.values(clerks)) for (const [k, v] of Object.entries(f)) hall[k] = (hall[k] ?? 0) + v;
      for (const [subject, facts] of [...Object.entries(clerks), [HALL, hall] as const])
        await pg`insert into kpi_daily (hall_id, date, subject_kind, subject_id, facts)
                 values (${HALL}, ${date}, ${subject === HALL ? 'hall' : 'clerk'}, ${subject}, ${pg.json(facts)})`;
    }
    let seq = 0;
    const ticket = async (
      no: string,
      staffId: string,
      issued: Date,
      called: Date,
      started: Date | null,
      ended: Date | null,
      outcome: string,
    ) =>
      pg`insert into tickets (hub_id, issue_seq, hall_id, ticket_no, service_id, channel, issued_at, arrival_at, first_called_at, last_called_at, started_at, ended_at, outcome, counter_id, staff_id)
         values ('hub-kv', ${++seq}, ${HALL}, ${no}, 'billing', 'kiosk', ${issued}, ${issued}, ${called}, ${called}, ${started}, ${ended}, ${outcome}, 'C01', ${staffId})`;
    await ticket(
      'A001',
      'E01',
      at('2026-11-02', '09:00'),
      at('2026-11-02', '09:04'),
      at('2026-11-02', '09:05'),
      at('2026-11-02', '09:10'),
      'done',
    );
    await ticket(
      'A002',
      'E01',
      at('2026-11-02', '10:00'),
      at('2026-11-02', '10:01'),
      at('2026-11-02', '10:01'),
      at('2026-11-02', '10:07'),
      'done',
    );
    await ticket(
      'A003',
      'E02',
      at('2026-11-02', '09:30'),
      at('2026-11-02', '09:31'),
      at('2026-11-02', '09:31'),
      at('2026-11-02', '09:40'),
      'done',
    );
    await pg`insert into ratings (hub_id, seq, hall_id, ticket_no, counter_id, staff_id, score, reasons, skipped, at)
             values ('hub-kv', ${++seq}, ${HALL}, 'A001', 'C01', 'E01', 5, '[]'::jsonb, false, ${at('2026-11-02', '09:10')})`;
  } finally {
    await pg.end();
  }
  const cloud = await fixture.start();
  base = cloud.base.replace(/\/trpc$/, '');
  browser = await launchBrowser({ viewport: { width: 1920, height: 1080 } });
}, 180_000);

async function signInPage(page: Page, username: string, password: string) {
  await page.goto(`${base}/login`);
  await page.locator('input[name="username"], #username').first().fill(username);
  await page.locator('input[type="password"]').first().fill(password);
  await page.locator('form button[type="submit"]').first().click();
  await page.locator('.shell').waitFor();
}

/** Proof-reads and photographs a page in both languages at both sizes; answers the findings. */
const readEverywhere = (page: Page, name: string, path: string, ready: string) =>
  readPage(page, { base, prefix: 'kpi-views', name, path, ready });

describe('KPI views pages', () => {
  it("the hall board → a clerk's cell → the tickets behind the value", async () => {
    const page = await (browser as Browser).context.newPage();
    await signInPage(page, ADMIN.username, ADMIN.password);
    await useLang(page, 'zh-CN');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(`${base}/halls/${HALL}/kpis?${WEEK}`);
    const wang = page.locator('tr[data-subject="emp-wf"]');
    await wang.waitFor();
    // 王芳: 12 served, 5.5 minutes a ticket (score 75), rating 4.6 (80): overall (80 + 2 × 75) / 3.
    const row = (await wang.innerText()).replace(/\s+/g, ' ');
    expect(row).toContain('77'); // 76.7, shown as a whole score
    expect(row).toContain('5.5分钟');
    expect(row).toContain('4.60');
    // 张伟 has 2 ratings and 6 tickets: shown, marked, not scored.
    expect(await page.locator('tr[data-subject="emp-zw"] .too-few').count()).toBe(2);
    // Sorted by the overall score, best first: 赵敏 (only her KPIs with enough sample) leads.
    const order = await page
      .locator('table.kpi-table')
      .first()
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-subject')));
    expect(order.slice(0, 3)).toEqual(['emp-zm', 'emp-wf', 'emp-lq']);

    // By minutes per ticket, best (fewest) first; 张伟's 5 minutes on 6 tickets is too few and goes last.
    await page.locator('table.kpi-table th button', { hasText: '平均办理时长' }).click();
    const byHandle = await page
      .locator('table.kpi-table')
      .first()
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-subject')));
    expect(byHandle).toEqual(['emp-zm', 'emp-wf', 'emp-lq', 'emp-zw']);

    await wang.locator('td.kpi-cell a').first().click();
    await page.waitForURL(/\/staff\/emp-wf\/kpis\?kpi=handle/);
    await page.locator('.kpi-card[data-kpi="handle"].selected').waitFor();
    await page.locator('table.facts-tickets tr[data-ticket="A001"]').waitFor();
    const tickets = (await page.locator('table.facts-tickets tbody').innerText()).replace(/\s+/g, ' ');
    expect(tickets).toContain('话费业务');
    expect(tickets).toContain('1号窗口');
    expect(tickets).toContain('4分钟'); // A001 waited 4 minutes
    expect(tickets).toContain('5 分'); // and was rated 5
    expect(tickets).not.toContain('A003'); // 李强's ticket
    await page.close();
  });

  it('reads well in both languages at both sizes', async () => {
    const page = await (browser as Browser).context.newPage();
    await signInPage(page, ADMIN.username, ADMIN.password);
    const findings = [
      ...(await readEverywhere(page, 'board', `/halls/${HALL}/kpis?${WEEK}`, 'tr[data-subject="emp-wf"]')),
      ...(await readEverywhere(page, 'clerk', `/staff/emp-wf/kpis?kpi=rating&${WEEK}`, 'table.facts-ratings')),
      ...(await readEverywhere(page, 'league', `/kpis/league?of=clerks&kpi=rating&${WEEK}`, 'table.league-table')),
    ];
    expect(findings).toEqual([]);
    await page.close();
  });

  it('the clerk on a phone sees their own KPIs and the facts behind them, and nobody else’s', async () => {
    const page = await (browser as Browser).context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/login`);
    await useLang(page, 'zh-CN');
    await signInPage(page, CLERK.username, CLERK.password);
    await page.goto(`${base}/me/kpis?${WEEK}`);
    await page.locator('.kpi-card[data-kpi="rating"]').waitFor();
    const text = await page.locator('main').innerText();
    expect(text).toContain('王芳');
    expect(text).toContain('我的绩效');
    expect(text).not.toContain('李强');
    expect(text).not.toContain('赵敏');
    await page.locator('table.facts-tickets tr[data-ticket="A001"]').waitFor();
    // Her shrunk rating (23 + 10 × 4.5) / 15 = 4.53 with its band: the hall's 18 scores spread
    // σ² = 371 / 18 − 4.5² = 0.361, so ± 1.96 × √(0.361 / 15) = ± 0.30.
    expect(await page.locator('.kpi-card[data-kpi="rating-shrunk"] [data-confidence]').innerText()).toBe(
      '95% 置信区间 4.23–4.84',
    );
    expect(await page.locator('.kpi-card[data-kpi="rating"] [data-confidence]').count()).toBe(0);
    const findings = await readEverywhere(page, 'me', `/me/kpis?${WEEK}`, '.kpi-card[data-kpi="rating"]');
    expect(findings).toEqual([]);
    await page.goto(`${base}/staff/emp-lq/kpis?${WEEK}`);
    await page.locator('.state.refused').waitFor();
    await page.goto(`${base}/halls/${HALL}/kpis?${WEEK}`);
    await page.locator('.state.refused').waitFor();
    expect(await page.locator('main').innerText()).not.toContain('李强');
    await page.close();
  });
});

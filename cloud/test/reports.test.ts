/**
 * The daily hall report against a real PostgreSQL: assembled from a hub journal pushed through ingest,
 * its figures equal the analytics drill-down's for the same hall-day, regenerating replaces it, its PDF
 * prints the Chinese (pdftotext finds it; pdftoppm renders the page, kept under .artifacts/screenshots),
 * and the router lists, serves and regenerates it within the caller's permissions.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SecretGate } from '@hall/devices/secrets';
import { screenshotsDir } from '@hall/scripts/harness';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../src/app.router.ts';
import { accessRepository } from '../src/modules/access/access.repository.ts';
import { createUser, ensureHallUnit, type SessionUser } from '../src/modules/access/access.service.ts';
import { LoginGuard } from '../src/modules/access/login-guard.ts';
import { breakdown, hallDay } from '../src/modules/analytics/analytics.service.ts';
import { hallsRepository } from '../src/modules/halls/halls.repository.ts';
import { putHallConfig, registerHall, registerHub } from '../src/modules/halls/halls.service.ts';
import { jobsRepository } from '../src/modules/jobs/jobs.repository.ts';
import { Jobs } from '../src/modules/jobs/jobs.service.ts';
import {
  DAILY_REPORT_JOB,
  defineReportJobs,
  mailDailyReport,
  reportAttachment,
  reportAttachmentRef,
  scheduleDailyReports,
} from '../src/modules/reports/reports.jobs.ts';
import { deliveryLog, saveChannel, saveProfile } from '../src/modules/notifications/notifications.service.ts';
import { push } from '../src/modules/ingest/ingest.service.ts';
import { renderDailyReportPdf } from '../src/modules/reports/report.pdf.ts';
import {
  dailyReportMail,
  generateDailyReport,
  generateDailyReports,
  getReport,
  listReports,
} from '../src/modules/reports/reports.service.ts';
import { createCallerFactory, type CloudContext } from '../src/trpc.ts';
import { openDatabase, type Db } from '../src/db/client.ts';
import { testDatabase } from './support/db.ts';
import { called, issued, served, toRows, type TestEvent as E } from './support/events.ts';

const exec = promisify(execFile);
let db: Awaited<ReturnType<typeof testDatabase>>;
const admin: SessionUser = {
  id: 'u-admin',
  username: 'admin',
  name: 'Admin',
  orgUnitId: 'hq',
  staffId: null,
  grants: [{ role: 'administrator', orgUnitId: 'hq' }],
  csrfToken: '',
};
const manager: SessionUser = {
  ...admin,
  id: 'u-m',
  username: 'm',
  grants: [{ role: 'hall_manager', orgUnitId: 'hall-H1' }],
};
const otherManager: SessionUser = {
  ...admin,
  id: 'u-o',
  username: 'o',
  grants: [{ role: 'hall_manager', orgUnitId: 'hall-H9' }],
};

/** 2026-11-26 09:00 in Shanghai (UTC+8). */
const NINE = Date.UTC(2026, 10, 26, 1, 0, 0);
const MIN = 60_000;
const DATE = '2026-11-26';
/** 01:00 the next night: the day is over. */
const EVENING = new Date(NINE + 16 * 60 * MIN);

const availability = (deviceId: string, kind: string, online: boolean, at: number): E => ({
  type: 'device.availability',
  at,
  body: { deviceId, kind, online, cause: online ? 'announce' : 'will' },
});

function journal(): E[] {
  return [
    // The evening before: the pad goes offline and stays so until 09:30.
    availability('pad-1', 'rating-pad', false, NINE - 14 * 60 * MIN),
    availability('kiosk-1', 'ticket-terminal', true, NINE - 60 * MIN),
    // 09:xx: waits 2, 8, 12 (no-show), 20 minutes; two customers give up.
    issued('A001', 'billing', NINE),
    issued('A002', 'billing', NINE + 5 * MIN),
    issued('A003', 'billing', NINE + 10 * MIN),
    issued('A004', 'billing', NINE + 15 * MIN),
    issued('A005', 'billing', NINE + 20 * MIN),
    issued('A006', 'billing', NINE + 25 * MIN),
    called('A001', NINE + 2 * MIN, 'C01', 'E1'),
    ...served('A001', NINE + 3 * MIN, 5, 'C01', 'E1', 5),
    called('A002', NINE + 13 * MIN, 'C01', 'E1'),
    ...served('A002', NINE + 14 * MIN, 5, 'C01', 'E1', 3),
    called('A003', NINE + 22 * MIN, 'C01', 'E1'),
    { type: 'ticket.noshow', at: NINE + 25 * MIN, body: { ticketNo: 'A003', counterId: 'C01', recalls: 2 } },
    { type: 'ticket.cancelled', at: NINE + 28 * MIN, body: { ticketNo: 'A006', reason: 'customer' } },
    availability('pad-1', 'rating-pad', true, NINE + 30 * MIN),
    called('A004', NINE + 35 * MIN, 'C01', 'E1'),
    ...served('A004', NINE + 36 * MIN, 8, 'C01', 'E1', 4),
    { type: 'ticket.cancelled', at: NINE + 35 * MIN, body: { ticketNo: 'A005', reason: 'customer' } },
    // 10:xx: a SIM ticket called in 3 minutes; the kiosk drops out 10:10–10:40.
    issued('S001', 'sim', NINE + 60 * MIN),
    called('S001', NINE + 63 * MIN, 'C02', 'E2'),
    ...served('S001', NINE + 64 * MIN, 10, 'C02', 'E2', null),
    availability('kiosk-1', 'ticket-terminal', false, NINE + 70 * MIN),
    availability('kiosk-1', 'ticket-terminal', true, NINE + 100 * MIN),
    {
      type: 'alarm.raised',
      at: NINE + 72 * MIN,
      body: {
        alarmId: 'al-1',
        rule: 'device-offline',
        subject: 'device:kiosk-1',
        severity: 'major',
        value: 2,
        message: 'kiosk-1 offline',
        params: { device: 'kiosk-1', kind: 'ticket-terminal', minutes: 2 },
      },
    },
    { type: 'alarm.cleared', at: NINE + 100 * MIN, body: { alarmId: 'al-1', value: 0 } },
    {
      type: 'alarm.raised',
      at: NINE + 20 * MIN,
      body: {
        alarmId: 'al-0',
        rule: 'long-wait',
        subject: 'service:billing',
        severity: 'critical',
        value: 15,
        message: 'billing: the longest wait is 15 min',
        params: { service: '话费业务', minutes: 15, warning: 10, critical: 15 },
      },
    },
    { type: 'alarm.cleared', at: NINE + 36 * MIN, body: { alarmId: 'al-0', value: 1 } },
    // The last ticket of the day, at 11:00 (the working span ends when it is served).
    issued('S002', 'sim', NINE + 120 * MIN),
    called('S002', NINE + 121 * MIN, 'C02', 'E2'),
    ...served('S002', NINE + 122 * MIN, 8, 'C02', 'E2', 5),
  ];
}

const caller = (user: SessionUser) =>
  createCallerFactory(appRouter)({
    db: db.db,
    authorization: null,
    cookies: {},
    csrfHeader: null,
    hubTokens: new SecretGate(),
    logins: new LoginGuard(),
    source: null,
    user,
  } satisfies CloudContext);

/** The halls, H1's config and its hub's journal, as the hub pushed them. */
async function seed(on: Db) {
  for (const [id, name] of [
    ['H1', '城东营业厅'],
    ['H9', '别的营业厅'],
  ] as const) {
    await registerHall(on, { id, name, timeZone: 'Asia/Shanghai' });
    await ensureHallUnit(on, { hallId: id, name });
  }
  await putHallConfig(
    on,
    'H1',
    {
      hall: { capacity: 80 },
      services: [
        { id: 'billing', name: '话费业务', prefix: 'A', targetWaitMinutes: 10 },
        { id: 'sim', name: '办卡', prefix: 'S', targetWaitMinutes: 5 },
      ],
      counters: [
        { id: 'C01', name: '1号窗口', services: { billing: 1 } },
        { id: 'C02', name: '2号窗口', services: { sim: 1 } },
      ],
      staff: [
        { id: 'E1', name: '王芳' },
        { id: 'E2', name: '李明' },
      ],
    },
    null,
  );
  const { hubId } = await registerHub(on, { id: 'hub-h1', hallId: 'H1' });
  await push(on, hubId, { batch: toRows(journal()) }, EVENING);
}

let work: string;
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'reports-test-'));
  db = await testDatabase();
  await seed(db.db);
});
afterAll(async () => {
  await db?.drop();
  rmSync(work, { recursive: true, force: true });
});

describe('daily hall report', () => {
  it("holds the analytics drill-down's figures for the same hall-day", async () => {
    const report = await generateDailyReport(db.db, { hallId: 'H1', date: DATE }, { now: EVENING });
    const day = await hallDay(db.db, { hallId: 'H1', date: DATE, recentDays: 7 }, EVENING);
    const services = await breakdown(db.db, { hallId: 'H1', date: DATE, by: 'service' }, EVENING);
    const staff = await breakdown(db.db, { hallId: 'H1', date: DATE, by: 'staff' }, EVENING);
    expect(report.hours.map(({ forecastArrivals, ...h }) => (expect(forecastArrivals).toBeNull(), h))).toEqual(
      day.hours,
    );
    expect(report.totals).toEqual(day.days.at(-1));
    expect(report.services).toEqual(services.rows);
    expect(report.staff).toEqual(staff.rows);
    expect(report).toMatchObject({ hallName: '城东营业厅', complete: true, forecast: null });
    expect(report.totals).toMatchObject({ arrivals: 8, served: 5, noShows: 1, cancelled: 2 });
    expect(report.abandonment).toBeCloseTo(3 / 8, 9);
    // Waits of the called tickets: 2, 8, 12, 20, 3, 1 minutes.
    expect(report.waits.avgMin).toBeCloseTo(46 / 6, 6);
    expect(report.waits.maxMin).toBeCloseTo(20, 6);
    expect(report.ratings).toEqual({ count: 4, average: 4.25, distribution: [0, 0, 1, 1, 2], skipped: 0 });
  });

  it('lists the alarms of the day and each device’s availability over the working span', async () => {
    const report = await generateDailyReport(db.db, { hallId: 'H1', date: DATE }, { now: EVENING });
    expect(report.alarms.total).toBe(2);
    expect(report.alarms.bySeverity).toEqual({ critical: 1, major: 1 });
    expect(report.alarms.list.map((a) => [a.alarmId, a.severity, a.clearedAt !== null])).toEqual([
      ['al-0', 'critical', true],
      ['al-1', 'major', true],
    ]);
    // The span: 09:00 (first ticket) to 11:10 (the last one served), 130 minutes.
    expect(report.devices.to - report.devices.from).toBe(130 * MIN);
    const pad = report.devices.list.find((d) => d.deviceId === 'pad-1');
    const kiosk = report.devices.list.find((d) => d.deviceId === 'kiosk-1');
    // The pad: offline from last night until 09:30, then online: 100 of 130 minutes.
    expect(pad?.availability).toBeCloseTo(100 / 130, 9);
    expect(pad?.offlineMin).toBeCloseTo(30, 9);
    expect(pad?.outages).toBe(1);
    expect(kiosk?.availability).toBeCloseTo(100 / 130, 9);
    expect(kiosk?.outages).toBe(1);
    expect(report.devices.availability).toBeCloseTo(200 / 260, 9);
    // The least available first.
    expect(report.devices.list.map((d) => d.deviceId)).toEqual(['kiosk-1', 'pad-1']);
  });

  it('regenerating the day replaces its report: one per hall-day', async () => {
    await generateDailyReport(db.db, { hallId: 'H1', date: DATE }, { now: EVENING });
    const later = new Date(EVENING.getTime() + 60 * MIN);
    await Promise.all([1, 2, 3].map(() => generateDailyReport(db.db, { hallId: 'H1', date: DATE }, { now: later })));
    const list = await listReports(db.db, { hallId: 'H1', limit: 31 });
    expect(list.reports).toHaveLength(1);
    expect(list.reports[0]).toMatchObject({
      date: DATE,
      arrivals: 8,
      alarms: 2,
      generatedAt: later.getTime(),
      complete: true,
    });
    expect((await getReport(db.db, { hallId: 'H1', date: DATE }))?.generatedAt).toBe(later.getTime());
  });

  it('makes the missing reports of a run of past days, skipping those made and the day not over', async () => {
    const made = await generateDailyReports(
      db.db,
      { hallId: 'H9', from: '2026-11-20', to: '2026-11-30' },
      { now: EVENING },
    );
    // EVENING is 01:00 on 11-27 in Shanghai: the 27th has not ended.
    expect(made).toEqual([
      '2026-11-20',
      '2026-11-21',
      '2026-11-22',
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
    ]);
    expect(
      await generateDailyReports(db.db, { hallId: 'H9', from: '2026-11-20', to: '2026-11-26' }, { now: EVENING }),
    ).toEqual([]);
    expect((await listReports(db.db, { hallId: 'H9', limit: 31 })).reports).toHaveLength(7);
  });

  it('a report of a day still running says it is provisional', async () => {
    const tenThirty = new Date(NINE + 90 * MIN);
    const report = await generateDailyReport(db.db, { hallId: 'H1', date: DATE }, { now: tenThirty });
    expect(report.complete).toBe(false);
    await generateDailyReport(db.db, { hallId: 'H1', date: DATE }, { now: EVENING });
  });

  it('prints the Chinese in the PDF (pdftotext), and renders the page (pdftoppm)', async () => {
    const report = (await getReport(db.db, { hallId: 'H1', date: DATE }))!;
    const pdf = await renderDailyReportPdf(report, 'zh-CN');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const file = join(work, 'report-zh.pdf');
    writeFileSync(file, pdf);
    const { stdout: text } = await exec('pdftotext', ['-layout', file, '-']);
    for (const words of [
      '城东营业厅',
      '营业厅日报',
      '2026年11月26日',
      '达标率',
      '话费业务',
      '王芳',
      '设备可用性',
      '严重',
      '最长等候 15 分钟',
    ])
      expect(text).toContain(words);
    // The figures as the drill-down shows them: 8 tickets, 37.5% given up.
    expect(text).toMatch(/37\.5%/);
    await exec('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', file, join(work, 'page')]);
    const png = readFileSync(join(work, 'page-1.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    copyFileSync(join(work, 'page-1.png'), join(screenshotsDir(), 'daily-report-zh-page1.png'));
    const en = join(work, 'report-en.pdf');
    writeFileSync(en, await renderDailyReportPdf(report, 'en'));
    const { stdout: english } = await exec('pdftotext', [en, '-']);
    expect(english).toContain('Daily hall report');
    expect(english).toContain('城东营业厅');
  });

  it('is the same report on the embedded PGlite', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reports-pglite-'));
    const lite = await openDatabase({ dataDir: dir });
    try {
      await seed(lite.db);
      const onLite = await generateDailyReport(lite.db, { hallId: 'H1', date: DATE }, { now: EVENING });
      const onPg = await generateDailyReport(db.db, { hallId: 'H1', date: DATE }, { now: EVENING });
      expect(onLite).toEqual(onPg);
      expect((await listReports(lite.db, { hallId: 'H1', limit: 5 })).reports.map((r) => r.date)).toEqual([DATE]);
    } finally {
      await lite.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('gives the notifications module a subject, a summary and the PDF to attach, in each language', async () => {
    const zh = await dailyReportMail(db.db, { hallId: 'H1', date: DATE, lang: 'zh-CN' });
    expect(zh.subject).toContain('城东营业厅');
    expect(zh.text).toContain('取号 8');
    expect(zh.text).toContain('放弃率 37.5%');
    expect(zh.attachment.fileName).toBe('城东营业厅-日报-2026-11-26.pdf');
    expect(zh.attachment.content.subarray(0, 5).toString()).toBe('%PDF-');
    const en = await dailyReportMail(db.db, { hallId: 'H1', date: DATE, lang: 'en' });
    expect(en.text).toContain('8 tickets');
    expect(en.attachment.fileName).toBe('城东营业厅-daily-report-2026-11-26.pdf');
  });
});

describe('reports API', () => {
  it("lets the hall's manager list, read, download and regenerate; another hall's manager is refused", async () => {
    const api = caller(manager);
    expect((await api.reports.list({ hallId: 'H1' })).reports.map((r) => r.date)).toEqual([DATE]);
    expect(await api.reports.get({ hallId: 'H1', date: DATE })).toMatchObject({
      name: '城东营业厅',
      report: { totals: { arrivals: 8 } },
    });
    expect((await api.reports.get({ hallId: 'H1', date: '2026-11-20' })).report).toBeNull();
    const pdf = await api.reports.pdf({ hallId: 'H1', date: DATE, lang: 'zh-CN' });
    expect(pdf.fileName).toBe('城东营业厅-日报-2026-11-26.pdf');
    expect(Buffer.from(pdf.base64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    await expect(api.reports.pdf({ hallId: 'H1', date: '2026-11-20', lang: 'en' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(caller(otherManager).reports.get({ hallId: 'H1', date: DATE })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('generate now makes the report, records who asked, and does not redo it moments later', async () => {
    const api = caller(manager);
    const first = await api.reports.generate({ hallId: 'H1', date: '2026-11-25' });
    expect(first.regenerated).toBe(true);
    expect(first.report.totals.arrivals).toBe(0);
    expect((await api.reports.generate({ hallId: 'H1', date: '2026-11-25' })).regenerated).toBe(false);
    const audit = await accessRepository.auditIn(db.db, ['hall-H1'], 50);
    expect(
      audit.some((a) => a.action === 'report.generated' && a.entityId === 'H1/2026-11-25' && a.userId === manager.id),
    ).toBe(true);
    await expect(api.reports.generate({ hallId: 'H1', date: '2100-01-01' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});

describe('the daily report job', () => {
  it('makes the day’s report 30 minutes after the hall closes, by its opening hours in its time zone, as final', async () => {
    // Thursday 2026-11-26: the hall closes at 18:00 Shanghai time (10:00 UTC).
    const config = await hallsRepository.config(db.db, 'H1');
    const document = config?.document as { hall: Record<string, unknown> };
    const hours = { open: '09:00', close: '18:00' };
    await hallsRepository.putConfig(
      db.db,
      'H1',
      {
        ...document,
        hall: { ...document.hall, openingHours: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours } },
      },
      null,
    );
    // The hall's manager subscribed to its daily report (English), through an SMTP channel.
    const managerId = await createUser(db.db, { username: 'report-reader', name: 'Reader', orgUnitId: 'hall-H1' });
    await accessRepository.grant(db.db, { userId: managerId, role: 'hall_manager', orgUnitId: 'hall-H1' });
    await saveChannel(db.db, admin, {
      id: 'mail',
      kind: 'smtp',
      name: 'Mail',
      settings: { host: '127.0.0.1', port: 2525, from: 'reports@hall.example.cn' },
      secrets: {},
      enabled: true,
    });
    await saveProfile(db.db, admin, {
      userId: managerId,
      email: 'reader@example.cn',
      mobile: null,
      language: 'en',
      subscriptions: [{ orgUnitId: 'hall-H1', minSeverity: 'critical', channels: ['email'], dailyReport: true }],
    });
    let now = Date.parse('2026-11-26T09:00:00Z');
    const jobs = new Jobs({ db: db.db, log: pino({ level: 'silent' }), clock: () => now, random: () => 0.5 });
    defineReportJobs(jobs);
    await scheduleDailyReports(jobs, db.db);
    const tick = async () => {
      await jobs.runner.tick();
      await jobs.runner.drain();
    };
    try {
      // Run by hand at 13:00 while the hall is open: a provisional report, and no mail yet.
      now = Date.parse('2026-11-26T05:00:00Z');
      await jobs.runScheduleNow('daily-report:H1');
      await tick();
      expect(await getReport(db.db, { hallId: 'H1', date: DATE })).toMatchObject({ generatedAt: now, complete: false });
      expect(
        (await deliveryLog(db.db, admin, { limit: 50 })).filter((r) => r.recipient === 'reader@example.cn'),
      ).toEqual([]);
      const before = (await getReport(db.db, { hallId: 'H1', date: DATE }))?.generatedAt;
      now = Date.parse('2026-11-26T10:29:59Z');
      await tick();
      expect((await getReport(db.db, { hallId: 'H1', date: DATE }))?.generatedAt).toBe(before);
      now = Date.parse('2026-11-26T10:30:00Z');
      await tick();
      await tick();
      const report = await getReport(db.db, { hallId: 'H1', date: DATE });
      expect(report).toMatchObject({ generatedAt: now, complete: true, date: DATE });
      expect(report?.totals.arrivals).toBe(8);
      // Made once: the schedule's next run is Friday's close.
      const made = await jobsRepository.list(db.db, { type: DAILY_REPORT_JOB, offset: 0, limit: 10 });
      expect(
        made.rows
          .filter((r) => r.scheduledFor?.getTime() === Date.parse('2026-11-26T10:30:00Z'))
          .map((r) => [r.state, r.uniqueKey]),
      ).toEqual([['done', 'daily-report:H1:2026-11-26T18:30']]);
      expect((await jobsRepository.schedule(db.db, 'daily-report:H1'))?.nextRunAt?.toISOString()).toBe(
        '2026-11-27T10:30:00.000Z',
      );
      // The subscriber's e-mail is in the outbox, in English, with the English PDF to attach when sent.
      const log = await deliveryLog(db.db, admin, { limit: 50 });
      const mine = log.filter((r) => r.recipient === 'reader@example.cn');
      expect(mine).toHaveLength(1);
      expect(mine[0]?.subject).toMatch(/daily report/i);
      const ref = reportAttachmentRef({ hallId: 'H1', date: DATE, lang: 'en' });
      expect((await reportAttachment(db.db, ref))?.subarray(0, 5).toString()).toBe('%PDF-');
      // A run again (a retry) queues nothing more.
      expect(await mailDailyReport(db.db, { hallId: 'H1', date: DATE })).toBe(0);
    } finally {
      await jobs.stop(100);
      await hallsRepository.putConfig(db.db, 'H1', document, null);
    }
  });
});

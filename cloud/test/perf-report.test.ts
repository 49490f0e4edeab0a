/**
 * The daily KPI report against real PostgreSQL: seeded `kpi_daily` rows → the report's figures equal
 * hand-worked values; the PDF prints the Chinese (pdftotext); the scheduled job waits for the day's
 * facts, stores the report once and its mail reaches a real SMTP server once, even when it runs twice;
 * a KPI edited afterwards leaves the stored report as it was; a hall manager sees only their hall and
 * not the region's roll-up.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpCatcher, type SmtpCatcher } from '@hall/scripts/harness/smtp';
import { SecretGate } from '@hall/devices/secrets';
import { screenshotsDir } from '@hall/scripts/harness';
import { appRouter } from '../src/app.router.ts';
import { accessRepository } from '../src/modules/access/access.repository.ts';
import { createUser, openSession, sessionUser, type SessionUser } from '../src/modules/access/access.service.ts';
import { LoginGuard } from '../src/modules/access/login-guard.ts';
import type { Role } from '../src/modules/access/permissions.ts';
import { registerHall } from '../src/modules/halls/halls.service.ts';
import { hallsRepository } from '../src/modules/halls/halls.repository.ts';
import { Jobs } from '../src/modules/jobs/jobs.service.ts';
import { jobsRepository } from '../src/modules/jobs/jobs.repository.ts';
import { createDispatcher } from '../src/modules/notifications/dispatcher.ts';
import { saveChannel, saveProfile } from '../src/modules/notifications/notifications.service.ts';
import { performanceRepository } from '../src/modules/performance/performance.repository.ts';
import { kpiDefinitions } from '../src/modules/performance/performance.table.ts';
import {
  defineKpiReportJobs,
  KPI_REPORT_JOB,
  kpiReportAttachment,
  scheduleKpiReports,
} from '../src/modules/performance/report.jobs.ts';
import { renderKpiReportPdf } from '../src/modules/performance/report.pdf.ts';
import { generateHallReport, generateHallNow, hallReport } from '../src/modules/performance/report.service.ts';
import { staffRepository } from '../src/modules/staff/staff.repository.ts';
import { createCallerFactory, type CloudContext } from '../src/trpc.ts';
import { testDatabase } from './support/db.ts';

const exec = promisify(execFile);
const DATE = '2026-11-26';
let db: Awaited<ReturnType<typeof testDatabase>>;
let smtp: SmtpCatcher;
let work: string;
const users: Record<string, SessionUser> = {};

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

async function person(name: string, role: Role, at: string) {
  const id = await createUser(db.db, { username: name, name, password: 'Correct-Horse-9', orgUnitId: at });
  await accessRepository.grant(db.db, { userId: id, role, orgUnitId: at });
  users[name] = (await sessionUser(db.db, (await openSession(db.db, id)).token)) as SessionUser;
  return id;
}

const kpi = (o: Partial<typeof kpiDefinitions.$inferInsert> & { key: string; formula: string }) => ({
  version: 1,
  nameZh: o.key,
  nameEn: o.key,
  unit: 'count' as const,
  direction: 'higher' as const,
  weight: 1,
  appliesTo: { subjects: ['clerk' as const, 'hall' as const] },
  period: 'month' as const,
  bands: { kind: 'linear' as const, zeroAt: 0, fullAt: 50 },
  createdAt: new Date('2026-11-01T00:00:00Z'),
  ...o,
});

/** A clerk-day's facts. */
const facts = (served: number, ratings: number, ratingSum: number) => ({
  served,
  ratings,
  rating_sum: ratingSum,
});

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'perf-report-'));
  smtp = await startSmtpCatcher();
  db = await testDatabase();
  await registerHall(db.db, { id: 'H1', name: '城东营业厅', timeZone: 'Asia/Shanghai' });
  await registerHall(db.db, { id: 'H2', name: '城西营业厅', timeZone: 'Asia/Shanghai' });
  await registerHall(db.db, { id: 'H3', name: '南山营业厅', timeZone: 'Asia/Shanghai' });
  for (const u of [
    { id: 'hq', parentId: null, kind: 'hq', name: '总部', hallId: null },
    { id: 'east', parentId: 'hq', kind: 'region', name: '东区', hallId: null },
    { id: 'south', parentId: 'hq', kind: 'region', name: '南区', hallId: null },
    { id: 'hall-H1', parentId: 'east', kind: 'hall', name: '城东营业厅', hallId: 'H1' },
    { id: 'hall-H2', parentId: 'east', kind: 'hall', name: '城西营业厅', hallId: 'H2' },
    { id: 'hall-H3', parentId: 'south', kind: 'hall', name: '南山营业厅', hallId: 'H3' },
  ])
    await accessRepository.insertUnit(db.db, u);
  const contract = {
    kind: 'full-time' as const,
    minWeekHours: 32,
    maxWeekHours: 44,
    maxDaysPerWeek: 5,
    minRestHours: 11,
  };
  await staffRepository.insert(db.db, { id: 'e1', hallId: 'H1', staffId: '101', name: '张伟', contract });
  await staffRepository.insert(db.db, { id: 'e2', hallId: 'H1', staffId: '102', name: '李娜', contract });
  await db.db.insert(kpiDefinitions).values([
    // A day's volume: bands 0 → 50 tickets a day, so a month to date is scored at its daily pace.
    kpi({ key: 'served', nameZh: '办结量', nameEn: 'Served', formula: 'served', target: 60, period: 'day' }),
    kpi({
      key: 'rating',
      nameZh: '满意度',
      nameEn: 'Rating',
      formula: 'ratio(rating_sum, ratings)',
      unit: 'score',
      target: 4.5,
      bands: { kind: 'linear', zeroAt: 3, fullAt: 5 },
      minSample: { fact: 'ratings', n: 5 },
    }),
  ]);
  // 25 Nov and 26 Nov in H1; H2 only the 26th (a roll-up of both).
  const day = (e1: ReturnType<typeof facts>, e2: ReturnType<typeof facts>, hall: ReturnType<typeof facts>) => [
    { subjectKind: 'clerk' as const, subjectId: 'e1', facts: e1 },
    { subjectKind: 'clerk' as const, subjectId: 'e2', facts: e2 },
    { subjectKind: 'hall' as const, subjectId: 'H1', facts: hall },
  ];
  await performanceRepository.putDay(
    db.db,
    'H1',
    '2026-11-25',
    day(facts(20, 6, 30), facts(50, 8, 40), facts(70, 14, 70)),
  );
  await performanceRepository.putDay(db.db, 'H1', DATE, day(facts(30, 4, 18), facts(45, 10, 47), facts(75, 14, 65)));
  await performanceRepository.putDay(db.db, 'H2', DATE, [
    { subjectKind: 'hall', subjectId: 'H2', facts: facts(20, 10, 40) },
  ]);
  await person('hq-admin', 'administrator', 'hq');
  await person('east-manager', 'region_manager', 'east');
  await person('h1-manager', 'hall_manager', 'hall-H1');
});
afterAll(async () => {
  await db?.drop();
  await smtp?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('daily KPI report', () => {
  it("holds the hall's and each clerk's day and month figures, movers and misses, worked by hand", async () => {
    const { report } = await generateHallReport(db.db, { hallId: 'H1', date: DATE }, new Date('2026-11-27T00:00:00Z'));
    expect(report.kpis.map((k) => `${k.key}@${k.version}`)).toEqual(['rating@1', 'served@1']);
    const v = (p: { values: Array<{ key: string; value: number | null }> } | null | undefined, key: string) =>
      p?.values.find((x) => x.key === key);
    // The hall: day 75 served (score 100, capped), rating 65/14; month 145 served, rating 135/28.
    expect(v(report.hall.day, 'served')).toMatchObject({ value: 75, score: 100 });
    expect(v(report.hall.day, 'rating')?.value).toBeCloseTo(65 / 14, 4);
    expect(v(report.hall.month, 'rating')?.value).toBeCloseTo(135 / 28, 4);
    const e1 = report.clerks.find((c) => c.name === '张伟');
    const e2 = report.clerks.find((c) => c.name === '李娜');
    // 张伟's day: 30 served → 60; 4 ratings are under the minimum of 5: shown (4.5), not scored. Total 60.
    expect(v(e1?.day, 'served')).toMatchObject({ value: 30, score: 60, enough: true });
    expect(v(e1?.day, 'rating')).toMatchObject({ value: 4.5, score: null, enough: false, sample: 4 });
    expect(e1?.day?.total).toBe(60);
    // 李娜's day: 45 → 90; rating 4.7 → (4.7 − 3) / 2 = 85; total 87.5.
    expect(v(e2?.day, 'rating')).toMatchObject({ value: 4.7, score: 85 });
    expect(e2?.day?.total).toBe(87.5);
    // Month to date (1–26, worked on the 25th and 26th): 张伟 50 served — 50 / 26 a day → 3.8; rating
    // 48/10 = 4.8 → 90; 李娜 95, 87/18.
    expect(v(e1?.month, 'served')).toMatchObject({ value: 50, score: 3.8 });
    expect(v(e1?.month, 'rating')).toMatchObject({ value: 4.8, score: 90 });
    expect(v(e2?.month, 'rating')?.value).toBeCloseTo(87 / 18, 4);
    // The previous day: 张伟 served 20 → 40, rating 5.0 → 100: 70 → today 60, −10. 李娜 100 → 87.5, −12.5.
    expect(e1?.deltaDay).toBe(-10);
    expect(e2?.deltaDay).toBe(-12.5);
    expect(report.movers.day).toEqual({
      up: [],
      down: [
        { subjectId: 'e2', name: '李娜', delta: -12.5 },
        { subjectId: 'e1', name: '张伟', delta: -10 },
      ],
    });
    // The target of 60 served a month: 张伟's 50 misses it; 李娜's 95 does not; both ratings meet 4.5.
    expect(report.belowTarget).toEqual([{ subjectId: 'e1', name: '张伟', key: 'served', value: 50, target: 60 }]);
    expect(report.onsite).toEqual({ total: 0, forms: [] });
  });

  it('prints the hall, the clerks and their figures in Chinese (pdftotext), and in English', async () => {
    const { report } = await hallReport(db.db, { hallId: 'H1', date: DATE });
    if (!report) throw new Error('no report');
    const file = join(work, 'zh.pdf');
    writeFileSync(file, await renderKpiReportPdf(report, 'zh-CN'));
    const { stdout: text } = await exec('pdftotext', ['-layout', file, '-']);
    expect(text).toContain('城东营业厅 · 绩效日报');
    expect(text).toContain('2026年11月26日');
    expect(text).toMatch(/张伟[^\n]*30/);
    expect(text).toContain('样本不足');
    expect(text).toContain('本月未达目标');
    // The page as a reader sees it (kept for review, not compared).
    await exec('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', file, join(work, 'page')]);
    copyFileSync(join(work, 'page-1.png'), join(screenshotsDir(), 'kpi-report-pdf-zh-page1.png'));
    const en = join(work, 'en.pdf');
    writeFileSync(en, await renderKpiReportPdf(report, 'en'));
    const { stdout: english } = await exec('pdftotext', [en, '-']);
    expect(english).toContain('Daily KPI report');
    expect(english).toContain('too few');
  });

  it('runs once the day’s facts are stored, and mails each subscriber once though it runs twice', async () => {
    const hours = { open: '09:00', close: '18:00' };
    await hallsRepository.putConfig(
      db.db,
      'H1',
      {
        services: [],
        counters: [],
        hall: { openingHours: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours, sat: hours } },
      } as never,
      null,
    );
    const admin = users['hq-admin'] as SessionUser;
    await saveChannel(db.db, admin, {
      id: 'mail',
      kind: 'smtp',
      name: 'Mail',
      settings: { host: '127.0.0.1', port: smtp.port, from: 'kpi@hall.example.cn' },
      secrets: {},
      enabled: true,
    });
    const readerId = await person('kpi-reader', 'hall_manager', 'hall-H1');
    await saveProfile(db.db, admin, {
      userId: readerId,
      email: 'reader@example.cn',
      mobile: null,
      language: 'zh-CN',
      subscriptions: [
        { orgUnitId: 'hall-H1', minSeverity: 'critical', channels: ['email'], dailyReport: false, kpiReport: true },
      ],
    });
    // A report at 22:00 hall time of the 27th (after the 18:00 close): the 27th, whose facts are not there yet.
    await caller(admin).kpiReports.settings.put({
      orgUnitId: 'east',
      enabled: true,
      time: '22:00',
      kpiKeys: [],
      languages: ['zh-CN', 'en'],
    });
    let now = Date.parse('2026-11-27T13:59:00Z');
    const jobs = new Jobs({ db: db.db, log: pino({ level: 'silent' }), clock: () => now, random: () => 0.5 });
    defineKpiReportJobs(jobs);
    await scheduleKpiReports(jobs, db.db);
    // A tick claims one job at a time here: a few, so every due job runs.
    const tick = async () => {
      for (let i = 0; i < 4; i++) {
        await jobs.runner.tick();
        await jobs.runner.drain();
      }
    };
    const dispatcher = createDispatcher({
      db: db.db,
      log: pino({ level: 'silent' }),
      clock: () => new Date(now),
      attachments: async (ref) => {
        const pdf = await kpiReportAttachment(db.db, ref);
        if (!pdf) throw new Error(ref);
        return pdf;
      },
    });
    try {
      expect((await jobsRepository.schedule(db.db, 'kpi-report:H1'))?.nextRunAt?.toISOString()).toBe(
        '2026-11-27T14:00:00.000Z',
      );
      now = Date.parse('2026-11-27T14:00:00Z');
      await tick();
      const runs = await jobsRepository.list(db.db, { type: KPI_REPORT_JOB, offset: 0, limit: 10 });
      const h1 = runs.rows.find((r) => r.hallId === 'H1');
      // Waiting for the facts: failed for now, retried later (not dead), nothing stored.
      expect(h1?.state).toBe('failed');
      expect(h1?.errorCode).toBe('facts-not-ready');
      expect((await hallReport(db.db, { hallId: 'H1', date: '2026-11-27' })).report).toBeNull();
      // The facts job stores the 27th; the retry (10 minutes on) makes the report and queues the mail.
      await performanceRepository.putDay(db.db, 'H1', '2026-11-27', [
        { subjectKind: 'clerk', subjectId: 'e1', facts: facts(33, 6, 27) },
        { subjectKind: 'hall', subjectId: 'H1', facts: facts(33, 6, 27) },
      ]);
      now = Date.parse('2026-11-27T14:11:00Z');
      await tick();
      const stored = (await hallReport(db.db, { hallId: 'H1', date: '2026-11-27' })).report;
      expect(stored?.clerks.map((c) => c.name)).toEqual(['李娜', '张伟']);
      await dispatcher.tick();
      await smtp.waitFor('the KPI report', () => smtp.messages.some((m) => m.to.includes('reader@example.cn')));
      // The job once more (by hand): the stored report stays, and no second mail.
      await jobs.runScheduleNow('kpi-report:H1');
      await tick();
      await dispatcher.tick();
      expect((await hallReport(db.db, { hallId: 'H1', date: '2026-11-27' })).report?.generatedAt).toBe(
        stored?.generatedAt,
      );
      const mails = smtp.messages.filter((m) => m.to.includes('reader@example.cn'));
      expect(mails).toHaveLength(1);
      expect(mails[0]?.subject).toBe('城东营业厅 2026年11月27日周五 绩效日报');
      expect(mails[0]?.attachments.map((a) => [a.filename, a.content.subarray(0, 5).toString()])).toEqual([
        ['城东营业厅-绩效日报-2026-11-27.pdf', '%PDF-'],
      ]);
    } finally {
      await jobs.stop(100);
      await dispatcher.stop();
    }
  });

  it('keeps a stored report as it was when a KPI is edited afterwards, even when made again by hand', async () => {
    const before = (await hallReport(db.db, { hallId: 'H1', date: DATE })).report;
    await db.db
      .insert(kpiDefinitions)
      .values(kpi({ key: 'served', version: 2, formula: 'served * 2', target: 10, createdAt: new Date() }));
    // The job again: the stored report is kept.
    await generateHallReport(db.db, { hallId: 'H1', date: DATE });
    expect((await hallReport(db.db, { hallId: 'H1', date: DATE })).report).toEqual(before);
    // Made again by hand: with the versions it named (served@1), so the same figures.
    const again = await generateHallNow(db.db, users['h1-manager'] as SessionUser, { hallId: 'H1', date: DATE });
    expect(again.kpis.map((k) => `${k.key}@${k.version}`)).toEqual(['rating@1', 'served@1']);
    expect(again.clerks).toEqual(before?.clerks);
    // A new day's report takes the new version.
    const { report: next } = await generateHallReport(db.db, { hallId: 'H1', date: '2026-11-25' });
    expect(next.kpis.find((k) => k.key === 'served')?.version).toBe(2);
  });

  it('ranks the halls of a region, and shows a hall manager only their hall, not the region', async () => {
    const region = caller(users['east-manager'] as SessionUser);
    const rollup = await region.kpiReports.rollup.generate({ orgUnitId: 'east', date: DATE });
    expect(rollup.halls.map((h) => [h.name, h.rankMonth])).toEqual([
      ['城东营业厅', 1],
      ['城西营业厅', 2],
    ]);
    expect((await region.kpiReports.rollup.get({ orgUnitId: 'east', date: DATE })).report?.halls).toHaveLength(2);
    const manager = caller(users['h1-manager'] as SessionUser);
    expect((await manager.kpiReports.get({ hallId: 'H1', date: DATE })).report?.hallName).toBe('城东营业厅');
    expect((await manager.kpiReports.list({ hallId: 'H1' })).reports.map((r) => r.date)).toContain(DATE);
    await expect(manager.kpiReports.get({ hallId: 'H3', date: DATE })).rejects.toThrow(/needs view on performance/);
    await expect(manager.kpiReports.rollup.get({ orgUnitId: 'east', date: DATE })).rejects.toThrow(
      /needs view on performance/,
    );
    const pdf = await region.kpiReports.rollup.pdf({ orgUnitId: 'east', date: DATE, lang: 'zh-CN' });
    writeFileSync(join(work, 'rollup.pdf'), Buffer.from(pdf.base64, 'base64'));
    const { stdout } = await exec('pdftotext', ['-layout', join(work, 'rollup.pdf'), '-']);
    expect(stdout).toContain('东区 · 区域绩效汇总');
    expect(stdout).toMatch(/1\s+城东营业厅/);
  });
});

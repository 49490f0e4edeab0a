/**
 * Rosters through the cloud's own parts, on PostgreSQL and on PGlite: the generation job (a worker
 * thread solving with HiGHS) makes a draft that keeps every contract and covers the requirement within
 * its stated gap; the live check names a broken rule with its code, employee and day, and shows the
 * service level falling when a peak shift is removed; publishing writes today's and tomorrow's days into
 * the hall config as a new version; versions, the diff, the notice-period reason and the daily window.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretGate } from '@hall/devices/secrets';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../src/app.router.ts';
import { openDatabase, type Database, type Db } from '../src/db/client.ts';
import { accessRepository } from '../src/modules/access/access.repository.ts';
import { createUser, type SessionUser } from '../src/modules/access/access.service.ts';
import { LoginGuard } from '../src/modules/access/login-guard.ts';
import { hallsRepository } from '../src/modules/halls/halls.repository.ts';
import { Jobs } from '../src/modules/jobs/jobs.service.ts';
import { ruleViolations } from '../src/modules/scheduling/rosters.check.ts';
import { seedSampleHall } from '../src/modules/scheduling/rosters-sample.repository.ts';
import { defineRosterJobs, ROSTER_GAP } from '../src/modules/scheduling/rosters.jobs.ts';
import type { RosterPlanning } from '../src/modules/scheduling/rosters.model.ts';
import { writeRosterWindow } from '../src/modules/scheduling/rosters.publish.ts';
import { rostersRepository } from '../src/modules/scheduling/rosters.repository.ts';
import { getRoster, publishRoster } from '../src/modules/scheduling/rosters.service.ts';
import { createCallerFactory, type CloudContext } from '../src/trpc.ts';
import { testDatabase } from './support/db.ts';

const log = pino({ level: 'silent' });
const MONDAY = '2026-11-30';
/** Monday 10:00 in Shanghai. */
const NOW = new Date('2026-11-30T02:00:00Z');
const HALL = 'H1';

const backends: Array<[string, () => Promise<Database & { drop(): Promise<void> }>]> = [
  ['PostgreSQL', () => testDatabase()],
  [
    'PGlite',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'rosters-test-'));
      const d = await openDatabase({ dataDir: dir });
      return { ...d, drop: async () => (await d.close(), rmSync(dir, { recursive: true, force: true })) };
    },
  ],
];

describe.each(backends)('rosters on %s', (_name, open) => {
  let database: Database & { drop(): Promise<void> };
  let db: Db;
  let jobs: Jobs;
  let manager: SessionUser;
  const caller = (user: SessionUser) =>
    createCallerFactory(appRouter)({
      db,
      authorization: null,
      cookies: {},
      csrfHeader: null,
      hubTokens: new SecretGate(),
      logins: new LoginGuard(),
      source: null,
      user,
      jobs,
    } satisfies CloudContext);
  let draftId: string;

  beforeAll(async () => {
    database = await open();
    db = database.db;
    await seedSampleHall(db, { hallId: HALL, name: '城东营业厅', fromDate: MONDAY });
    const id = await createUser(db, { username: 'mgr', name: '店长 孙', orgUnitId: `hall-${HALL}` });
    await accessRepository.grant(db, { userId: id, role: 'hall_manager', orgUnitId: `hall-${HALL}` });
    manager = {
      id,
      username: 'mgr',
      name: '店长 孙',
      orgUnitId: `hall-${HALL}`,
      staffId: null,
      grants: [{ role: 'hall_manager', orgUnitId: `hall-${HALL}` }],
      csrfToken: '',
    };
    jobs = new Jobs({ db, log, progressEveryMs: 10 });
    defineRosterJobs(jobs);
  }, 60_000);
  afterAll(async () => {
    await jobs?.stop(100);
    await database?.drop();
  });

  it('the generation job makes a draft that keeps every contract and covers the requirement within its gap', async () => {
    const api = caller(manager);
    const asked = await api.rosters.generate({ hallId: HALL, fromDate: MONDAY, weeks: 1 });
    expect(asked.created).toBe(true);
    // Asked again while it is generating: the same roster.
    expect((await api.rosters.generate({ hallId: HALL, fromDate: MONDAY, weeks: 1 })).rosterId).toBe(asked.rosterId);
    expect((await api.rosters.list({ hallId: HALL })).periods[0]?.versions[0]).toMatchObject({ status: 'generating' });
    await jobs.runner.tick();
    await jobs.runner.drain();
    const r = await getRoster(db, { hallId: HALL, rosterId: asked.rosterId });
    expect(r.status).toBe('draft');
    expect(r.version).toBe(1);
    draftId = r.id;
    const gap = r.solver?.gap as number;
    expect(gap).toBeLessThanOrEqual(ROSTER_GAP + 1e-9);
    // Every hard rule holds: hours, days, rest, skills, the approved leave.
    expect(r.violations).toEqual([]);
    expect(r.shifts.some((s) => s.employeeId === 'H1-emp-101' && s.date === '2026-12-02')).toBe(false);
    // Each planned shift has its template's meal break inside it.
    const full = r.shifts.find((s) => s.templateId?.startsWith('full@'));
    expect(full?.breaks).toHaveLength(1);
    // The requirement is covered: the expected service level of every day reaches the target nearly.
    for (const d of r.daySummaries) expect(d.serviceLevel).toBeGreaterThanOrEqual(0.75);
    const cov = await api.rosters.coverage({ hallId: HALL, rosterId: r.id, date: MONDAY });
    const short = cov.total.required.reduce((a, req, i) => a + Math.max(0, req - (cov.total.planned[i] as number)), 0);
    const need = cov.total.required.reduce((a, b) => a + b, 0);
    expect(need).toBeGreaterThan(0);
    expect(short / need).toBeLessThanOrEqual(0.1);
    // Wishes the roster could not meet are explained.
    for (const u of r.unmetWishes as Array<{ reason: string }>) expect(u.reason.length).toBeGreaterThan(0);
  }, 180_000);

  it('an edit that breaks a rule is answered with the coded violation, naming the employee and day', async () => {
    const api = caller(manager);
    const r = await getRoster(db, { hallId: HALL, rosterId: draftId });
    // 李明 has no SIM-card skill.
    const shift = r.shifts.find((s) => s.employeeId === 'H1-emp-102') as (typeof r.shifts)[number];
    const check = await api.rosters.check({
      hallId: HALL,
      rosterId: draftId,
      edit: { kind: 'change', shiftId: shift.id, start: shift.start, end: shift.end, serviceId: 'sim' },
    });
    expect(check.violations).toContainEqual(
      expect.objectContaining({ code: 'skill-missing', employeeId: 'H1-emp-102', date: shift.date, new: true }),
    );
    // 王芳 on her approved leave day.
    const leave = await api.rosters.check({
      hallId: HALL,
      rosterId: draftId,
      edit: {
        kind: 'add',
        employeeId: 'H1-emp-101',
        date: '2026-12-02',
        start: '09:00',
        end: '13:00',
        serviceId: 'billing',
      },
    });
    expect(leave.violations).toContainEqual(
      expect.objectContaining({ code: 'time-off', employeeId: 'H1-emp-101', date: '2026-12-02', new: true }),
    );
    // A second shift the same day overlapping the first.
    const overlap = await api.rosters.check({
      hallId: HALL,
      rosterId: draftId,
      edit: {
        kind: 'add',
        employeeId: shift.employeeId,
        date: shift.date,
        start: shift.start,
        end: shift.end,
        serviceId: 'billing',
      },
    });
    expect(overlap.violations.map((v) => v.code)).toContain('overlap');
    // Nothing was saved by a check.
    expect((await getRoster(db, { hallId: HALL, rosterId: draftId })).shifts).toHaveLength(r.shifts.length);
  });

  it('removing a shift at the peak lowers the expected service level there', async () => {
    const api = caller(manager);
    const r = await getRoster(db, { hallId: HALL, rosterId: draftId });
    const peak = r.shifts.find(
      (s) => s.date === MONDAY && s.serviceId === 'billing' && s.start <= '10:00' && s.end >= '12:00',
    ) as (typeof r.shifts)[number];
    expect(peak).toBeDefined();
    const check = await api.rosters.check({
      hallId: HALL,
      rosterId: draftId,
      edit: { kind: 'remove', shiftId: peak.id },
    });
    const day = check.days[0] as (typeof check.days)[number];
    expect(day.after.summary.serviceLevel).toBeLessThan(day.before.summary.serviceLevel);
    const run = day.runs.find((x) => x.from <= '10:30' && x.to >= '11:00');
    expect(run).toBeDefined();
    expect(run!.serviceLevelAfter).toBeLessThan(run!.serviceLevelBefore);
    expect(run!.abandonAfter).toBeGreaterThanOrEqual(run!.abandonBefore);
  });

  it('publishing writes today and tomorrow into the hall config as a new version', async () => {
    const before = (await hallsRepository.config(db, HALL))!.version;
    const out = await publishRoster(db, manager, { hallId: HALL, rosterId: draftId }, { now: NOW });
    expect(out.noticeChanges).toEqual([]);
    const config = (await hallsRepository.config(db, HALL))!;
    expect(config.version).toBe(before + 1);
    const section = config.document.roster as {
      version: number;
      days: Array<{ date: string; shifts: unknown[]; required: unknown[] }>;
    };
    expect(section.version).toBe(1);
    expect(section.days.map((d) => d.date)).toEqual(['2026-11-30', '2026-12-01']);
    const shifts = (await getRoster(db, { hallId: HALL, rosterId: draftId })).shifts;
    expect(section.days[0]!.shifts).toHaveLength(shifts.filter((s) => s.date === MONDAY).length);
    expect(section.days[0]!.shifts[0]).toMatchObject({
      staffId: expect.stringMatching(/^10\d$/),
      start: expect.any(String),
    });
    expect(section.days[0]!.required.length).toBe(18);
    // The window job the next night moves it a day; run again it changes nothing.
    const tuesday = new Date('2026-11-30T16:10:00Z');
    expect((await writeRosterWindow(db, HALL, { now: tuesday, by: null })).version).toBe(before + 2);
    expect(
      ((await hallsRepository.config(db, HALL))!.document.roster as typeof section).days.map((d) => d.date),
    ).toEqual(['2026-12-01', '2026-12-02']);
    expect((await writeRosterWindow(db, HALL, { now: tuesday, by: null })).version).toBeNull();
  });

  it('a change within the notice period needs a reason; versions are kept and compared; superseded ones are read-only', async () => {
    const api = caller(manager);
    const { rosterId: v2 } = await api.rosters.revise({ hallId: HALL, rosterId: draftId });
    const r2 = await getRoster(db, { hallId: HALL, rosterId: v2 });
    expect(r2.version).toBe(2);
    // Tomorrow: an hour later.
    const s = r2.shifts.find((x) => x.date === '2026-12-01') as (typeof r2.shifts)[number];
    const later = (t: string) => `${String(Number(t.slice(0, 2)) + 1).padStart(2, '0')}${t.slice(2)}`;
    const saved = await api.rosters.edit({
      hallId: HALL,
      rosterId: v2,
      edit: { kind: 'change', shiftId: s.id, start: later(s.start), end: later(s.end) },
    });
    expect(saved.days[0]?.date).toBe('2026-12-01');
    await expect(publishRoster(db, manager, { hallId: HALL, rosterId: v2 }, { now: NOW })).rejects.toMatchObject({
      detail: { code: 'roster-reason-required', params: { days: 1, first: '2026-12-01' } },
    });
    const out = await publishRoster(
      db,
      manager,
      { hallId: HALL, rosterId: v2, reason: '客户活动，调整班次' },
      { now: NOW },
    );
    expect(out.noticeChanges).toEqual(['2026-12-01']);
    const list = await api.rosters.list({ hallId: HALL });
    expect(list.periods[0]?.versions.map((v) => (v as { status: string }).status)).toEqual(['published', 'superseded']);
    const diff = await api.rosters.diff({ hallId: HALL, from: draftId, to: v2 });
    expect(diff.changes).toEqual([
      expect.objectContaining({
        kind: 'moved',
        employeeId: s.employeeId,
        date: '2026-12-01',
        before: expect.objectContaining({ start: s.start }),
        after: expect.objectContaining({ start: later(s.start) }),
      }),
    ]);
    await expect(
      api.rosters.edit({ hallId: HALL, rosterId: draftId, edit: { kind: 'remove', shiftId: s.id } }),
    ).rejects.toMatchObject({ cause: { detail: { code: 'roster-not-draft' } } });
    // The hub's tomorrow shows the moved shift.
    const section = (await hallsRepository.config(db, HALL))!.document.roster as {
      days: Array<{ date: string; shifts: Array<{ start: string }> }>;
    };
    expect(section.days.find((d) => d.date === '2026-12-01')?.shifts.map((x) => x.start)).toContain(later(s.start));
  });

  it('a generation can be cancelled: the roster is discarded', async () => {
    const api = caller(manager);
    const asked = await api.rosters.generate({ hallId: HALL, fromDate: '2026-12-07', weeks: 1 });
    expect(await api.rosters.cancel({ hallId: HALL, rosterId: asked.rosterId })).toEqual({ status: 'discarded' });
    await jobs.runner.tick();
    await jobs.runner.drain();
    expect((await rostersRepository.byId(db, asked.rosterId))?.status).toBe('discarded');
  });

  it('the stored planning judges the whole draft the same way as the check', async () => {
    const row = (await rostersRepository.byId(db, draftId))!;
    const shifts = await rostersRepository.shifts(db, draftId);
    const emps = await rostersRepository.employees(db, HALL);
    const v = ruleViolations({
      planning: row.planning as unknown as RosterPlanning,
      fromDate: row.fromDate,
      days: row.days,
      shifts,
      employees: emps,
      wishes: await rostersRepository.wishes(db, HALL, MONDAY, '2026-12-06'),
    });
    expect(v).toEqual([]);
  });
});

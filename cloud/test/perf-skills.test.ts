/**
 * Skill levels by criteria and the staff record, on both databases the cloud runs on: from a seeded
 * history a clerk meets level 3 for one service and falls below level 2 for another — the evaluation
 * proposes both with the figures against the thresholds; confirming changes the employee's skills and
 * the hub's `staff` section (a new config version) and writes the history; a rejection needs a reason;
 * a second run proposes nothing new; an error recorded is a fact of its day and in the record; a clerk
 * sees only their own record and cannot record anything.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretGate } from '@hall/devices/secrets';
import { TRPCError } from '@trpc/server';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../src/app.router.ts';
import { openDatabase, type Database } from '../src/db/client.ts';
import { clientError } from '../src/error-shape.ts';
import { accessRepository } from '../src/modules/access/access.repository.ts';
import { auditLog } from '../src/modules/access/access.table.ts';
import { createUser, ensureHallUnit, type SessionUser } from '../src/modules/access/access.service.ts';
import { LoginGuard } from '../src/modules/access/login-guard.ts';
import { localInstant } from '../src/modules/adherence/adherence.time.ts';
import { saveChannel, saveProfile } from '../src/modules/notifications/notifications.service.ts';
import { notificationOutbox } from '../src/modules/notifications/notifications.table.ts';
import { hallsRepository } from '../src/modules/halls/halls.repository.ts';
import { putHallConfig, registerHall } from '../src/modules/halls/halls.service.ts';
import { tickets } from '../src/modules/ingest/ingest.table.ts';
import { collectDay } from '../src/modules/performance/facts.collect.ts';
import { performanceRepository } from '../src/modules/performance/performance.repository.ts';
import { DEFAULT_SKILL_RULES } from '../src/modules/performance/skills.rules.ts';
import { evaluateHall } from '../src/modules/performance/skills.service.ts';
import { skillLevelHistory } from '../src/modules/performance/skills.table.ts';
import { employees } from '../src/modules/staff/staff.table.ts';
import { createCallerFactory, type CloudContext } from '../src/trpc.ts';
import { testDatabase } from './support/db.ts';

const backends: Array<[string, () => Promise<Database & { drop(): Promise<void> }>]> = [
  ['PostgreSQL', () => testDatabase()],
  [
    'PGlite',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'hall-skills-'));
      const d = await openDatabase({ dataDir: dir });
      return { ...d, drop: async () => (await d.close(), rmSync(dir, { recursive: true, force: true })) };
    },
  ],
];

const TZ = 'Asia/Shanghai';
/** 12:00 in the hall on 2026-11-30: the window ends on the 29th. */
const NOW = new Date('2026-11-30T04:00:00Z');
const services = [
  { id: 'billing', name: '话费业务', prefix: 'A', targetWaitMinutes: 10 },
  { id: 'sim', name: '办卡', prefix: 'S', targetWaitMinutes: 5 },
];
const counters = [{ id: 'C01', name: '1号窗口', services: { billing: 1, sim: 1 } }];

const admin: SessionUser = {
  id: 'u-admin',
  username: 'admin',
  name: 'Admin',
  orgUnitId: 'hq',
  staffId: null,
  grants: [{ role: 'administrator', orgUnitId: 'hq' }],
  csrfToken: '',
};

async function refusal(call: Promise<unknown>) {
  try {
    await call;
  } catch (err) {
    if (err instanceof TRPCError) return { code: err.code, ...clientError(err) };
    throw err;
  }
  throw new Error('expected a refusal');
}

describe.each(backends)('skill levels and staff records on %s', (_name, open) => {
  let database: Database & { drop(): Promise<void> };
  const caller = (user: SessionUser) =>
    createCallerFactory(appRouter)({
      db: database.db,
      authorization: null,
      cookies: {},
      csrfHeader: null,
      hubTokens: new SecretGate(),
      logins: new LoginGuard(),
      source: null,
      user,
    } satisfies CloudContext);
  const ids: Record<string, string> = {};
  const users: Record<string, string> = {};
  let seq = 0;
  const mailTo = async (userId: string) =>
    (await database.db.select().from(notificationOutbox).where(eq(notificationOutbox.userId, userId))).map(
      (m) => m.subject,
    );

  /** `n` tickets of a service served by a clerk, `minutes` each, on the days from the 20th to the 29th. */
  async function serve(staffId: string, serviceId: string, n: number, minutes: number) {
    const rows = [];
    for (let i = 0; i < n; i++) {
      const day = `2026-11-${String(20 + (i % 10)).padStart(2, '0')}`;
      const start = localInstant(day, '09:00', TZ) + Math.floor(i / 10) * 15 * 60_000;
      rows.push({
        hubId: 'hub-H1',
        issueSeq: ++seq,
        hallId: 'H1',
        ticketNo: `${serviceId[0]}${seq}`,
        serviceId,
        channel: 'kiosk',
        issuedAt: new Date(start - 5 * 60_000),
        arrivalAt: new Date(start - 5 * 60_000),
        firstCalledAt: new Date(start),
        startedAt: new Date(start),
        endedAt: new Date(start + minutes * 60_000),
        outcome: 'done',
        counterId: 'C01',
        staffId,
      });
    }
    for (let i = 0; i < rows.length; i += 200) await database.db.insert(tickets).values(rows.slice(i, i + 200));
  }

  beforeAll(async () => {
    database = await open();
    await registerHall(database.db, { id: 'H1', name: '福田营业厅', timeZone: TZ });
    await ensureHallUnit(database.db, { hallId: 'H1', name: '福田营业厅' });
    await putHallConfig(
      database.db,
      'H1',
      {
        hall: { capacity: 80 },
        services,
        counters,
        staff: [
          { id: '1001', name: '王芳', skills: ['billing', 'sim'] },
          { id: '1002', name: '李雷', skills: ['billing', 'sim'] },
        ],
      },
      null,
    );
    for (const e of await database.db.select().from(employees)) ids[e.staffId] = e.id;
    // The hall's manager and 王芳 have console accounts with e-mail addresses; the cloud has a mail channel.
    for (const [username, name, role] of [
      ['lead-chen', '陈经理', 'hall_manager'],
      ['clerk-wang', '王芳', 'staff'],
    ] as const) {
      const userId = await createUser(database.db, { username, name, orgUnitId: 'hall-H1' });
      await accessRepository.grant(database.db, { userId, role, orgUnitId: 'hall-H1' });
      await saveProfile(database.db, admin, {
        userId,
        email: `${username}@hall.example.cn`,
        mobile: null,
        language: 'zh-CN',
        subscriptions: [],
      });
      users[username] = userId;
    }
    await caller(admin).staff.update({ employeeId: ids['1001'] as string, userId: users['clerk-wang'] as string });
    await saveChannel(database.db, admin, {
      id: 'mail',
      kind: 'smtp',
      name: '邮件',
      settings: { host: '127.0.0.1', port: 2525, from: 'hall@hall.example.cn' },
      secrets: {},
      enabled: true,
    });
    // 王芳: quick at billing (220 at 4 min — the hall's median), slow at cards (30 at 12 min, the hall's 5).
    await serve('1001', 'billing', 220, 4);
    await serve('1001', 'sim', 30, 12);
    // 李雷: slow at billing (100 at 8 min), as quick as the hall at cards (60 at 5 min).
    await serve('1002', 'billing', 100, 8);
    await serve('1002', 'sim', 60, 5);
    // Ratings as the daily facts have them: 王芳 4.9 over 40, the hall 4.6 over 60 → shrunk 4.84.
    await performanceRepository.putDay(database.db, 'H1', '2026-11-25', [
      { subjectKind: 'clerk', subjectId: ids['1001'] as string, facts: { ratings: 40, rating_sum: 196 } },
      { subjectKind: 'clerk', subjectId: ids['1002'] as string, facts: { ratings: 20, rating_sum: 80 } },
      { subjectKind: 'hall', subjectId: 'H1', facts: { ratings: 60, rating_sum: 276 } },
    ]);
    // The hall's own rules: the default ones, without the exam (training does not record exams yet).
    await caller(admin).skillLevels.saveRules({
      orgUnitId: 'hall-H1',
      rules: {
        ...DEFAULT_SKILL_RULES,
        levels: DEFAULT_SKILL_RULES.levels.map((l) => ({
          ...l,
          criteria: l.criteria.filter((c) => c.kind !== 'exam-passed'),
        })),
      },
    });
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('proposes level 3 for one service and level 1 for another, with the figures against the thresholds', async () => {
    const result = await evaluateHall(database.db, 'H1', NOW);
    expect(result).toMatchObject({ windowFrom: '2026-10-05', windowTo: '2026-11-29', proposed: 3, ruleSetVersion: 1 });
    // The hall's manager is told that three changes wait.
    expect(await mailTo(users['lead-chen'] as string)).toEqual(['福田营业厅：3 项技能等级调整待确认']);
    const { proposals, rules } = await caller(admin).skillLevels.proposals({ hallId: 'H1' });
    expect(rules.orgUnitId).toBe('hall-H1');
    const byKey = new Map(proposals.map((p) => [`${p.employeeName}|${p.serviceId}`, p]));
    expect([...byKey.keys()].sort()).toEqual(['李雷|billing', '王芳|billing', '王芳|sim']);
    const up = byKey.get('王芳|billing');
    expect(up).toMatchObject({ fromLevel: 2, toLevel: 3, status: 'pending' });
    expect(up?.evidence.figures).toMatchObject({
      served: 220,
      medianHandleSeconds: 240,
      hallMedianHandleSeconds: 240,
      rating: 4.84,
    });
    expect(up?.evidence.levels.find((l) => l.level === 3)?.criteria).toEqual([
      { kind: 'served', value: 220, threshold: 200, met: true },
      { kind: 'handle-vs-median', value: 1, threshold: 1, met: true },
      { kind: 'rating', value: 4.84, threshold: 4.5, met: true },
      { kind: 'no-critical-onsite', value: 0, threshold: 0, met: true },
    ]);
    const down = byKey.get('王芳|sim');
    expect(down).toMatchObject({ fromLevel: 2, toLevel: 1 });
    expect(down?.evidence.levels.find((l) => l.level === 2)?.criteria).toContainEqual({
      kind: 'handle-vs-median',
      value: 2.4,
      threshold: 1.25,
      met: false,
    });
  });

  it('confirms: the skills and the hub’s staff section change, with history; a rejection needs a reason', async () => {
    const api = caller(admin).skillLevels;
    const { proposals } = await api.proposals({ hallId: 'H1' });
    const up = proposals.find((p) => p.employeeId === ids['1001'] && p.serviceId === 'billing');
    const down = proposals.find((p) => p.employeeId === ids['1002'] && p.serviceId === 'billing');
    if (!up || !down) throw new Error('proposals missing');
    const before = await hallsRepository.config(database.db, 'H1');
    const r = await api.decide({ hallId: 'H1', proposalId: up.id, decision: 'confirmed' });
    expect(r.status).toBe('confirmed');
    const [wang] = await database.db
      .select()
      .from(employees)
      .where(eq(employees.id, ids['1001'] as string));
    expect(wang?.skills).toEqual({ billing: 3, sim: 2 });
    const after = await hallsRepository.config(database.db, 'H1');
    expect(after?.version).toBe((before?.version ?? 0) + 1);
    expect((after?.document.staff as Array<Record<string, unknown>>).find((s) => s.id === '1001')).toMatchObject({
      skills: ['billing', 'sim'],
      levels: { billing: 3, sim: 2 },
    });
    expect(await mailTo(users['clerk-wang'] as string)).toEqual(['您的「话费业务」技能等级已调整为三级（专家）']);
    const history = await database.db.select().from(skillLevelHistory);
    expect(history).toMatchObject([{ employeeId: ids['1001'], serviceId: 'billing', fromLevel: 2, toLevel: 3 }]);
    expect(history[0]?.proposalId).toBe(up.id);
    // Decided already: refused, and nothing changes.
    expect(await refusal(api.decide({ hallId: 'H1', proposalId: up.id, decision: 'confirmed' }))).toMatchObject({
      code: 'CONFLICT',
      detail: { code: 'skill-proposal-not-pending' },
    });
    expect(await refusal(api.decide({ hallId: 'H1', proposalId: down.id, decision: 'rejected' }))).toMatchObject({
      code: 'BAD_REQUEST',
      detail: { code: 'decision-reason-missing' },
    });
    await api.decide({ hallId: 'H1', proposalId: down.id, decision: 'rejected', reason: '新业务培训期' });
    const audits = await database.db.select().from(auditLog).where(eq(auditLog.entity, 'skill_proposal'));
    expect(audits.map((a) => a.action).sort()).toEqual(['skill-proposal.confirmed', 'skill-proposal.rejected']);
  });

  it('proposes nothing new when it runs again', async () => {
    const again = await evaluateHall(database.db, 'H1', NOW);
    expect(again).toMatchObject({ proposed: 0, kept: 1 });
    const pending = (await caller(admin).skillLevels.proposals({ hallId: 'H1' })).proposals.filter(
      (p) => p.status === 'pending',
    );
    expect(pending.map((p) => `${p.employeeName}|${p.serviceId}|${p.toLevel}`)).toEqual(['王芳|sim|1']);
  });

  it('records an error as a fact of its day and in the record; the clerk sees only their own record', async () => {
    const clerk: SessionUser = {
      id: users['clerk-wang'] as string,
      username: 'clerk-wang',
      name: '王芳',
      orgUnitId: 'hall-H1',
      staffId: null,
      grants: [{ role: 'staff', orgUnitId: 'hall-H1' }],
      csrfToken: '',
    };
    const records = caller(admin).staffRecords;
    const today = new Date().toISOString().slice(0, 10);
    const day = `${today.slice(0, 8)}01` < today ? `${today.slice(0, 8)}01` : today;
    await records.add({
      employeeId: ids['1001'] as string,
      date: day,
      kind: 'error',
      category: 'cash',
      description: '收款少找零 10 元',
      points: 2,
    });
    await records.add({
      employeeId: ids['1001'] as string,
      date: day,
      kind: 'award',
      category: 'service',
      description: '客户来电表扬',
    });
    const facts = await collectDay(database.db, { id: 'H1', timeZone: TZ }, day);
    expect(facts.find((f) => f.subjectId === ids['1001'])?.facts).toMatchObject({ errors: 1, awards: 1 });
    expect(facts.find((f) => f.subjectKind === 'hall')?.facts).toMatchObject({ errors: 1, awards: 1 });
    expect(
      await refusal(
        records.add({
          employeeId: ids['1001'] as string,
          date: '2099-01-01',
          kind: 'error',
          category: 'cash',
          description: 'x',
        }),
      ),
    ).toMatchObject({ code: 'BAD_REQUEST' });

    const own = caller(clerk).staffRecords;
    const mine = await own.get({ employeeId: ids['1001'] as string });
    expect(mine.employee).toMatchObject({ name: '王芳', hallName: '福田营业厅', skills: { billing: 3, sim: 2 } });
    expect(mine.entries.map((e) => [e.kind, e.description])).toEqual(
      expect.arrayContaining([
        ['error', '收款少找零 10 元'],
        ['award', '客户来电表扬'],
      ]),
    );
    expect(mine.skills.history).toMatchObject([{ serviceId: 'billing', fromLevel: 2, toLevel: 3 }]);
    expect(mine.skills.pending).toMatchObject([{ serviceId: 'sim', toLevel: 1 }]);
    expect(mine.kpi.months).toHaveLength(6);
    expect((await own.me())?.employee.id).toBe(ids['1001']);
    expect(await refusal(own.get({ employeeId: ids['1002'] as string }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(
      await refusal(
        own.add({
          employeeId: ids['1001'] as string,
          date: day,
          kind: 'award',
          category: 'service',
          description: '自夸',
        }),
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(caller(clerk).skillLevels.proposals({ hallId: 'H1' }))).toMatchObject({ code: 'FORBIDDEN' });
  });
});

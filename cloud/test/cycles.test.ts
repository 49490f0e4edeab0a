/**
 * Assessment cycles against a real PostgreSQL, through the API as the users would call it: a region
 * opens a cycle whose lines are exactly `kpiValuesFor` over the seeded daily facts; clerks self-review;
 * hall managers adjust with a reason (none: refused); the region sees the spread per rater at
 * calibration and adjusts; clerks acknowledge and appeal within the limit; the manager answers; the cycle
 * is final with totals recomputed by the weights. A KPI edit after opening leaves the cycle as it was;
 * a flow edit makes a new version the running cycle ignores; deadlines move windows on and flag the
 * others overdue with a notification; a clerk sees only their own sheet and cannot adjust.
 */
import { TRPCError } from '@trpc/server';
import { SecretGate } from '@hall/devices/secrets';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../src/app.router.ts';
import { accessRepository } from '../src/modules/access/access.repository.ts';
import { auditLog } from '../src/modules/access/access.table.ts';
import { createUser, openSession, sessionUser, type SessionUser } from '../src/modules/access/access.service.ts';
import { LoginGuard } from '../src/modules/access/login-guard.ts';
import { registerHall } from '../src/modules/halls/halls.service.ts';
import {
  notificationChannels,
  notificationOutbox,
  notificationProfiles,
} from '../src/modules/notifications/notifications.table.ts';
import { checkDeadlines } from '../src/modules/performance/cycles.service.ts';
import { kpiValuesFor } from '../src/modules/performance/kpi.values.ts';
import { performanceRepository } from '../src/modules/performance/performance.repository.ts';
import { kpiDefinitions } from '../src/modules/performance/performance.table.ts';
import { employees } from '../src/modules/staff/staff.table.ts';
import { createCallerFactory, type CloudContext } from '../src/trpc.ts';
import { testDatabase } from './support/db.ts';

let db: Awaited<ReturnType<typeof testDatabase>>;
const users: Record<string, SessionUser> = {};
const caller = (name: string) =>
  createCallerFactory(appRouter)({
    db: db.db,
    authorization: null,
    cookies: {},
    csrfHeader: null,
    hubTokens: new SecretGate(),
    logins: new LoginGuard(),
    source: null,
    user: users[name] as SessionUser,
  } satisfies CloudContext);

const line = <L extends { key: string }>(sheet: { lines: L[] }, key: string) =>
  sheet.lines.find((l) => l.key === key) as L;
const detail = (err: unknown) =>
  ((err as TRPCError).cause as { detail?: { code: string; params?: unknown } } | undefined)?.detail?.code;
async function refusal(p: Promise<unknown>) {
  try {
    await p;
  } catch (err) {
    return { code: (err as TRPCError).code, detail: detail(err) };
  }
  throw new Error('expected a refusal');
}

async function signIn(username: string, orgUnitId: string, role: 'hall_manager' | 'region_manager' | 'staff') {
  const id = await createUser(db.db, { username, name: `${username} 名`, password: 'Correct-Horse-9', orgUnitId });
  await accessRepository.grant(db.db, { userId: id, role, orgUnitId });
  users[username] = (await sessionUser(db.db, (await openSession(db.db, id)).token)) as SessionUser;
  return id;
}

const KPI = (
  key: string,
  formula: string,
  weight: number,
  bands: [number, number],
  minSample: null | { fact: string; n: number },
  unit: 'count' | 'score' | 'percent' = 'count',
  period: 'day' | 'week' | 'month' = 'month',
) => ({
  key,
  version: 1,
  nameZh: `${key} 中`,
  nameEn: key,
  formula,
  unit,
  direction: 'higher' as const,
  target: null,
  bands: { kind: 'linear' as const, zeroAt: bands[0], fullAt: bands[1] },
  weight,
  appliesTo: { subjects: ['clerk' as const] },
  period,
  minSample,
  createdAt: new Date('2026-01-01T00:00:00Z'),
});

/** Per clerk per day: Ann serves 20 with 10 ratings a day, Bob 12 with 1 rating (too few), Cat 16. */
const DAY: Record<string, Record<string, number>> = {
  ann: { served: 20, ratings: 10, rating_sum: 46, waited: 20, within_target: 17 },
  bob: { served: 12, ratings: 1, rating_sum: 4, waited: 12, within_target: 8 },
  cat: { served: 16, ratings: 6, rating_sum: 27, waited: 16, within_target: 15 },
};
const HALL_OF: Record<string, string> = { ann: 'A', bob: 'A', cat: 'B' };
const FROM = '2026-10-01';
const TO = '2026-10-14';
const days = (from: string, n: number) =>
  Array.from({ length: n }, (_, i) =>
    new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10),
  );

beforeAll(async () => {
  db = await testDatabase();
  await accessRepository.insertUnit(db.db, { id: 'hq', parentId: null, kind: 'hq', name: '总部', hallId: null });
  await accessRepository.insertUnit(db.db, {
    id: 'region-n',
    parentId: 'hq',
    kind: 'region',
    name: '北区',
    hallId: null,
  });
  for (const h of ['A', 'B']) {
    await registerHall(db.db, { id: h, name: `${h}厅`, timeZone: 'Asia/Shanghai' });
    await accessRepository.insertUnit(db.db, {
      id: `hall-${h}`,
      parentId: 'region-n',
      kind: 'hall',
      name: `${h}厅`,
      hallId: h,
    });
  }
  await signIn('region', 'region-n', 'region_manager');
  await signIn('mgr-a', 'hall-A', 'hall_manager');
  await signIn('mgr-b', 'hall-B', 'hall_manager');
  for (const c of ['ann', 'bob', 'cat']) {
    await signIn(c, `hall-${HALL_OF[c]}`, 'staff');
    await db.db.insert(employees).values({
      id: c,
      hallId: HALL_OF[c] as string,
      staffId: c.toUpperCase(),
      name: `${c} 名`,
      contract: { kind: 'full-time', minWeekHours: 16, maxWeekHours: 40, maxDaysPerWeek: 5, minRestHours: 11 },
      userId: users[c]?.id ?? null,
    });
  }
  await db.db.insert(kpiDefinitions).values([
    // A volume of 0 → 200 tickets a week: the two weeks' count is scored at its weekly pace.
    KPI('served', 'served', 1, [0, 200], null, 'count', 'week'),
    KPI('rating', 'ratio(rating_sum, ratings)', 2, [3, 5], { fact: 'ratings', n: 20 }, 'score'),
    KPI('service-level', 'ratio(within_target, waited) * 100', 1, [50, 90], { fact: 'waited', n: 30 }, 'percent'),
  ]);
  for (const date of days('2026-10-01', 31))
    for (const h of ['A', 'B']) {
      const clerks = Object.keys(DAY).filter((c) => HALL_OF[c] === h);
      const hall: Record<string, number> = {};
      for (const c of clerks) for (const [k, v] of Object.entries(DAY[c] ?? {})) hall[k] = (hall[k] ?? 0) + v;
      await performanceRepository.putDay(db.db, h, date, [
        ...clerks.map((c) => ({ subjectKind: 'clerk' as const, subjectId: c, facts: DAY[c] ?? {} })),
        { subjectKind: 'hall' as const, subjectId: h, facts: hall },
      ]);
    }
  await db.db
    .insert(notificationChannels)
    .values({ id: 'mail', kind: 'smtp', name: 'mail', settings: {}, secrets: {}, enabled: true });
  for (const u of ['mgr-a', 'mgr-b', 'region', 'ann'])
    await db.db
      .insert(notificationProfiles)
      .values({ userId: users[u]?.id as string, email: `${u}@example.com`, language: 'zh-CN' });
});
afterAll(async () => {
  await db?.drop();
});

describe('an assessment cycle through every stage', () => {
  let cycleId = 0;
  const sheetOf = async (name: string) => {
    const c = await caller('region').cycles.get({ cycleId });
    return c.sheets.find((s) => s.employeeId === name) as (typeof c.sheets)[number];
  };

  it('opens with lines equal to kpiValuesFor over the frozen KPI versions; too few lines are not scored', async () => {
    const opened = await caller('region').cycles.open({
      orgUnitId: 'region-n',
      name: '十月上半月',
      period: { kind: 'custom', from: FROM, to: TO },
    });
    cycleId = opened.id;
    expect(opened.sheets).toBe(3);
    const defs = await performanceRepository.definitionsInForce(db.db);
    const expected = await kpiValuesFor(db.db, {
      hallIds: ['A', 'B'],
      from: FROM,
      to: TO,
      subjectKind: 'clerk',
      definitions: defs,
    });
    for (const name of ['ann', 'bob', 'cat']) {
      const s = await sheetOf(name);
      const sheet = await caller('region').cycles.sheet({ hallId: HALL_OF[name] as string, sheetId: s.id });
      const want = expected.find((e) => e.subjectId === name);
      for (const line of sheet.lines) {
        const v = want?.values.find((x) => x.key === line.key);
        expect(line.value).toBe(v?.value);
        expect(line.score).toBe(v?.enough ? v.score : null);
        expect(line.enough).toBe(v?.enough);
      }
      expect(sheet.total).toBe(want?.total);
    }
    // Bob has 14 ratings in the period (minimum 20): his rating line is shown but not scored.
    const bob = await caller('bob').cycles.mySheet({ sheetId: (await sheetOf('bob')).id });
    const rating = bob.lines.find((l) => l.key === 'rating');
    expect(rating).toMatchObject({ value: 4, enough: false, score: null, sample: 14 });
    // Ann's total: weights 1, 2, 1 over served 280 in two weeks = 140/200 a week → 70, rating 4.6 → 80, service level 85% → 87.5.
    const ann = await caller('ann').cycles.mySheet({ sheetId: (await sheetOf('ann')).id });
    expect(Object.fromEntries(ann.lines.map((l) => [l.key, l.score]))).toEqual({
      served: 70,
      rating: 80,
      'service-level': 87.5,
    });
    expect(ann.total).toBe(Math.round(((70 + 160 + 87.5) / 4) * 10) / 10);
    // Bob's rating weighs nothing: served 168/400 → 42 and service level 66.7% → 41.7, weights renormalised.
    expect(bob.total).toBe(Math.round(((42 + line(bob, 'service-level').score!) / 2) * 10) / 10);
  });

  it('a KPI edited after opening leaves the cycle as it was opened', async () => {
    await db.db.insert(kpiDefinitions).values({
      ...KPI('served', 'served * 2', 1, [0, 200], null, 'count', 'week'),
      version: 2,
      createdAt: new Date(),
    });
    const ann = await caller('ann').cycles.mySheet({ sheetId: (await sheetOf('ann')).id });
    expect(line(ann, 'served')).toMatchObject({ key: 'served', version: 1, value: 280, score: 70 });
    const c = await caller('region').cycles.get({ cycleId });
    expect(c.kpis.find((k) => k.key === 'served')?.version).toBe(1);
  });

  it('a clerk sees only their own sheet and cannot adjust', async () => {
    const bobSheet = (await sheetOf('bob')).id;
    expect(await refusal(caller('ann').cycles.mySheet({ sheetId: bobSheet }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal(caller('ann').cycles.sheet({ hallId: 'A', sheetId: bobSheet }))).toMatchObject({
      code: 'FORBIDDEN',
    });
    const lineId = line(await caller('bob').cycles.mySheet({ sheetId: bobSheet }), 'served').id;
    expect(
      await refusal(
        caller('ann').cycles.adjust({ hallId: 'A', sheetId: bobSheet, lineId, score: 100, reason: '我觉得' }),
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(caller('ann').cycles.get({ cycleId }))).toMatchObject({ code: 'FORBIDDEN' });
    expect((await caller('ann').cycles.mine()).map((s) => s.id)).toEqual([(await sheetOf('ann')).id]);
    // A hall manager sees their hall's sheets only.
    expect((await caller('mgr-b').cycles.get({ cycleId })).sheets.map((s) => s.employeeId)).toEqual(['cat']);
  });

  it('self-review: each clerk comments and rates; when all have, the cycle moves to manager review', async () => {
    for (const name of ['ann', 'bob', 'cat']) {
      const s = await caller(name).cycles.mySheet({ sheetId: (await sheetOf(name)).id });
      expect(s.can.selfReview).toBe(true);
      await caller(name).cycles.selfReview({
        sheetId: s.id,
        comment: '本月客流大',
        lines: [{ lineId: s.lines[0]!.id, rating: 4, comment: '尽力了' }],
      });
    }
    const c = await caller('region').cycles.get({ cycleId });
    expect(c.stage.kind).toBe('manager-review');
    // Each clerk was told by mail when their stage began (once: the dedupe key is per cycle and stage).
    const told = await db.db
      .select()
      .from(notificationOutbox)
      .where(eq(notificationOutbox.userId, users.ann?.id as string));
    const begun = told.filter((m) => m.dedupeKey.startsWith(`cycle:${cycleId}:stage:1:begun`));
    expect(begun).toHaveLength(1);
    expect(begun[0]?.subject).toContain('进入自评阶段');
    expect(c.timeline.map((t) => t.state)).toEqual(['done', 'done', 'current', 'ahead', 'ahead', 'ahead', 'ahead']);
  });

  it('manager review: an adjustment needs a reason; the total is recomputed with the weights', async () => {
    const annSheet = (await sheetOf('ann')).id;
    const served = line(await caller('mgr-a').cycles.sheet({ hallId: 'A', sheetId: annSheet }), 'served').id;
    expect(
      await refusal(
        caller('mgr-a').cycles.adjust({ hallId: 'A', sheetId: annSheet, lineId: served, score: 90, reason: '   ' }),
      ),
    ).toMatchObject({ code: 'BAD_REQUEST' });
    expect(
      await refusal(
        caller('mgr-a').cycles.adjust({ hallId: 'A', sheetId: annSheet, lineId: served, score: 90 } as never),
      ),
    ).toMatchObject({ code: 'BAD_REQUEST' });
    expect(
      await refusal(
        caller('mgr-b').cycles.adjust({ hallId: 'A', sheetId: annSheet, lineId: served, score: 90, reason: 'x' }),
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
    const after = await caller('mgr-a').cycles.adjust({
      hallId: 'A',
      sheetId: annSheet,
      lineId: served,
      score: 90,
      reason: '国庆期间支援了B厅三天',
    });
    expect(line(after, 'served')).toMatchObject({
      score: 90,
      computedScore: 70,
      adjustment: { reason: '国庆期间支援了B厅三天', by: 'mgr-a 名' },
    });
    expect(after.total).toBe(Math.round(((90 + 160 + 87.5) / 4) * 10) / 10);
    expect(after.history.some((h) => h.kind === 'adjusted' && h.reason === '国庆期间支援了B厅三天')).toBe(true);
    const audited = await db.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'cycle.adjust'), eq(auditLog.entityId, String(served))));
    expect(audited).toHaveLength(1);
    expect(audited[0]?.userId).toBe(users['mgr-a']?.id);
    // Hall A's manager is done; the stage waits for hall B's.
    expect((await caller('mgr-a').cycles.advance({ cycleId })).stage).toBe('manager-review');
    expect((await caller('mgr-b').cycles.advance({ cycleId })).stage).toBe('calibration');
  });

  it('calibration: the region sees the spread per rater and adjusts; a hall manager may not', async () => {
    const c = await caller('region').cycles.get({ cycleId });
    const byRater = Object.fromEntries((c.raters ?? []).map((r) => [r.raterName, r]));
    expect(byRater['mgr-a 名']).toMatchObject({ count: 2, halls: ['A厅'] });
    expect(byRater['mgr-b 名']).toMatchObject({ count: 1, halls: ['B厅'] });
    const ann = await sheetOf('ann');
    const bob = await sheetOf('bob');
    expect(byRater['mgr-a 名']?.mean).toBe(Math.round((((ann.total ?? 0) + (bob.total ?? 0)) / 2) * 10) / 10);
    const catSheet = (await sheetOf('cat')).id;
    const lineId = line(await caller('region').cycles.sheet({ hallId: 'B', sheetId: catSheet }), 'served').id;
    expect(
      await refusal(caller('mgr-b').cycles.adjust({ hallId: 'B', sheetId: catSheet, lineId, score: 80, reason: 'x' })),
    ).toMatchObject({ code: 'FORBIDDEN', detail: 'cycle-not-actor' });
    await caller('region').cycles.adjust({
      hallId: 'B',
      sheetId: catSheet,
      lineId,
      score: 60,
      reason: '与北区其他厅对齐',
    });
    expect((await caller('region').cycles.advance({ cycleId })).stage).toBe('acknowledgement');
  });

  it('acknowledgement, then appeals within the limit; the manager answers; the cycle becomes final', async () => {
    for (const name of ['ann', 'bob', 'cat'])
      await caller(name).cycles.acknowledge({ sheetId: (await sheetOf(name)).id });
    expect((await caller('region').cycles.get({ cycleId })).stage.kind).toBe('appeal');
    const annSheet = (await sheetOf('ann')).id;
    const mySheet = await caller('ann').cycles.mySheet({ sheetId: annSheet });
    const lines = ['served', 'rating', 'service-level'].map((k) => line(mySheet, k));
    await caller('ann').cycles.appeal({ sheetId: annSheet, lineId: lines[1]!.id, reason: '评价器坏了两天' });
    await caller('ann').cycles.appeal({ sheetId: annSheet, lineId: lines[2]!.id, reason: '叫号系统故障' });
    expect(
      await refusal(caller('ann').cycles.appeal({ sheetId: annSheet, lineId: lines[0]!.id, reason: '还有这个' })),
    ).toMatchObject({ code: 'BAD_REQUEST', detail: 'cycle-appeal-limit' });
    expect(await refusal(caller('region').cycles.advance({ cycleId }))).toMatchObject({ detail: 'cycle-appeals-open' });

    const seen = await caller('mgr-a').cycles.sheet({ hallId: 'A', sheetId: annSheet });
    const [first, second] = [line(seen, 'rating').appeal!, line(seen, 'service-level').appeal!];
    expect(first.status).toBe('open');
    const accepted = await caller('mgr-a').cycles.answerAppeal({
      hallId: 'A',
      appealId: first.id,
      decision: 'accept',
      newScore: 95,
      reason: '属实',
    });
    expect(line(accepted, 'rating').score).toBe(95);
    expect(accepted.total).toBe(Math.round(((90 + 190 + 87.5) / 4) * 10) / 10);
    expect(
      await refusal(caller('mgr-a').cycles.answerAppeal({ hallId: 'A', appealId: second.id, decision: 'reject' })),
    ).toMatchObject({ code: 'BAD_REQUEST', detail: 'cycle-reason-required' });
    await caller('mgr-a').cycles.answerAppeal({
      hallId: 'A',
      appealId: second.id,
      decision: 'reject',
      reason: '故障记录显示只有十分钟',
    });

    const mine = await caller('ann').cycles.mySheet({ sheetId: annSheet });
    expect(line(mine, 'rating').appeal).toMatchObject({ status: 'accepted', newScore: 95, answeredBy: 'mgr-a 名' });
    expect(line(mine, 'service-level').appeal).toMatchObject({ status: 'rejected', answer: '故障记录显示只有十分钟' });
    const mail = await db.db
      .select()
      .from(notificationOutbox)
      .where(eq(notificationOutbox.userId, users.ann?.id as string));
    expect(mail.length).toBeGreaterThan(0);

    expect((await caller('region').cycles.advance({ cycleId })).stage).toBe('final');
    const c = await caller('region').cycles.get({ cycleId });
    expect(c.status).toBe('final');
    expect(c.sheets.find((s) => s.employeeId === 'ann')?.total).toBe(Math.round(((90 + 190 + 87.5) / 4) * 10) / 10);
    expect(
      await refusal(caller('ann').cycles.appeal({ sheetId: annSheet, lineId: lines[0]!.id, reason: 'x' })),
    ).toMatchObject({
      detail: 'cycle-final',
    });
  });
});

describe('flows', () => {
  it('a flow out of order is refused; a change is a new version a running cycle does not follow', async () => {
    const flows = await caller('region').cycleFlows.list();
    const standard = flows.find((f) => f.key === 'standard');
    expect(standard?.version).toBe(1);
    const stages = standard?.stages ?? [];
    const swapped = [stages[0]!, stages[1]!, stages[2]!, stages[3]!, stages[5]!, stages[4]!, stages[6]!];
    // Flows hold for the whole organisation: a region's manager cannot change them.
    expect(await refusal(caller('region').cycleFlows.save({ key: 'standard', name: 'x', stages }))).toMatchObject({
      code: 'FORBIDDEN',
    });
    const admin = await createUser(db.db, {
      username: 'admin',
      name: 'admin',
      password: 'Correct-Horse-9',
      orgUnitId: 'hq',
    });
    await accessRepository.grant(db.db, { userId: admin, role: 'administrator', orgUnitId: 'hq' });
    users.admin = (await sessionUser(db.db, (await openSession(db.db, admin)).token)) as SessionUser;
    expect(
      await refusal(caller('admin').cycleFlows.save({ key: 'standard', name: 'x', stages: swapped })),
    ).toMatchObject({
      code: 'BAD_REQUEST',
      detail: 'cycle-flow-order',
    });
    const opened = await caller('mgr-a').cycles.open({
      orgUnitId: 'hall-A',
      period: { kind: 'month', month: '2026-10' },
    });
    const shorter = stages.filter((s) => s.kind !== 'calibration');
    expect(
      await caller('admin').cycleFlows.save({ key: 'standard', name: standard!.name, stages: shorter }),
    ).toMatchObject({ version: 2, changed: true });
    const c = await caller('mgr-a').cycles.get({ cycleId: opened.id });
    expect(c.flow.version).toBe(1);
    expect(c.timeline.map((t) => t.kind)).toContain('calibration');
    // The month's cycle scores with the KPI versions in force at its opening: served v2 (served * 2).
    expect(c.kpis.find((k) => k.key === 'served')?.version).toBe(2);
  });
});

describe('deadlines', () => {
  it('a skippable stage moves on at its deadline; a manager stage is flagged overdue and its manager notified', async () => {
    const t0 = new Date();
    const opened = await caller('mgr-b').cycles.open({
      orgUnitId: 'hall-B',
      period: { kind: 'custom', from: '2026-10-15', to: '2026-10-31' },
    });
    // Self-review (3 days, skippable) lapses: nobody reviewed, the cycle moves on by itself.
    const later = new Date(t0.getTime() + 3.5 * 86_400_000);
    expect((await checkDeadlines(db.db, later)).moved).toBeGreaterThanOrEqual(1);
    let c = await caller('mgr-b').cycles.get({ cycleId: opened.id });
    expect(c.stage.kind).toBe('manager-review');
    expect(c.overdue).toBe(false);
    // Manager review (3 days, not skippable) waits: flagged once, the hall's manager mailed once.
    const overdueAt = new Date(later.getTime() + 3.5 * 86_400_000);
    const first = await checkDeadlines(db.db, overdueAt);
    expect(first.flagged).toBeGreaterThanOrEqual(1);
    expect((await checkDeadlines(db.db, new Date(overdueAt.getTime() + 3_600_000))).flagged).toBe(0);
    c = await caller('mgr-b').cycles.get({ cycleId: opened.id });
    expect(c.stage.kind).toBe('manager-review');
    expect(c.overdue).toBe(true);
    expect(c.timeline.find((t) => t.kind === 'manager-review')).toMatchObject({ state: 'current', overdue: true });
    const mail = await db.db
      .select()
      .from(notificationOutbox)
      .where(eq(notificationOutbox.userId, users['mgr-b']?.id as string));
    expect(mail.filter((m) => m.dedupeKey.startsWith(`cycle:${opened.id}:`))).toHaveLength(1);
    expect(mail[0]?.subject).toContain('逾期');
  });
});

/**
 * 指标库 The KPI catalogue against a real PostgreSQL: defaults written once however many processes
 * seed at once; an edit is a new version and what was in force before it stays version 1; bad formulas
 * refused with where they are (as the console receives it); a draft's preview equals kpiValuesFor over
 * the same daily facts (a shrunk rating worked by hand); who may change the catalogue.
 */
import { TRPCError } from '@trpc/server';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../src/app.router.ts';
import { clientError } from '../src/error-shape.ts';
import { accessRepository } from '../src/modules/access/access.repository.ts';
import { createUser, openSession, sessionUser, type SessionUser } from '../src/modules/access/access.service.ts';
import { LoginGuard } from '../src/modules/access/login-guard.ts';
import { registerHall } from '../src/modules/halls/halls.service.ts';
import { DEFAULT_KPIS } from '../src/modules/performance/defaults.ts';
import { kpiValuesFor } from '../src/modules/performance/kpi.values.ts';
import { performanceRepository } from '../src/modules/performance/performance.repository.ts';
import { staffRepository } from '../src/modules/staff/staff.repository.ts';
import { SecretGate } from '@hall/devices/secrets';
import { createCallerFactory, type CloudContext } from '../src/trpc.ts';
import { testDatabase } from './support/db.ts';

let db: Awaited<ReturnType<typeof testDatabase>>;
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

const draftOf = (key: string) => {
  const { key: _key, ...draft } = DEFAULT_KPIS.find((k) => k.key === key) as (typeof DEFAULT_KPIS)[number];
  return draft;
};

/** What the console receives for a refused call: the detail code, its params and the fields. */
async function refusal(call: Promise<unknown>) {
  try {
    await call;
  } catch (err) {
    if (!(err instanceof TRPCError)) throw err;
    const e = clientError(err);
    return { code: err.code, detail: e.detail, fields: e.fields };
  }
  throw new Error('expected a refusal');
}

beforeAll(async () => {
  db = await testDatabase();
  for (const h of ['A', 'B']) await registerHall(db.db, { id: h, name: `${h}厅`, timeZone: 'Asia/Shanghai' });
  for (const u of [
    { id: 'hq', parentId: null, kind: 'hq', name: '总部', hallId: null },
    { id: 'region-n', parentId: 'hq', kind: 'region', name: '北区', hallId: null },
    { id: 'hall-A', parentId: 'region-n', kind: 'hall', name: 'A厅', hallId: 'A' },
    { id: 'hall-B', parentId: 'region-n', kind: 'hall', name: 'B厅', hallId: 'B' },
  ])
    await accessRepository.insertUnit(db.db, u);
  for (const [name, role, at] of [
    ['admin', 'administrator', 'hq'],
    ['region', 'region_manager', 'region-n'],
    ['manager', 'hall_manager', 'hall-A'],
    ['clerk', 'staff', 'hall-A'],
  ] as const) {
    const id = await createUser(db.db, { username: name, name, password: 'Correct-Horse-9', orgUnitId: at });
    await accessRepository.grant(db.db, { userId: id, role, orgUnitId: at });
    users[name] = (await sessionUser(db.db, (await openSession(db.db, id)).token)) as SessionUser;
  }
  await staffRepository.insert(db.db, {
    id: 'emp-li',
    hallId: 'A',
    staffId: 'E1',
    name: '李娜',
    contract: { kind: 'full-time', minWeekHours: 32, maxWeekHours: 44, maxDaysPerWeek: 5, minRestHours: 11 },
  });
});
afterAll(async () => {
  await db?.drop();
});

describe('KPI catalogue', () => {
  it('writes the default KPIs once however many seed at once, and again writes nothing', async () => {
    const admin = caller(users.admin as SessionUser);
    const [a, b] = await Promise.all([admin.kpis.seedDefaults(), admin.kpis.seedDefaults()]);
    expect([...a.written, ...b.written].sort()).toEqual(DEFAULT_KPIS.map((k) => k.key).sort());
    expect((await admin.kpis.seedDefaults()).written).toEqual([]);
    const list = await admin.kpis.list({});
    expect(list.items).toHaveLength(DEFAULT_KPIS.length);
    expect(list.items.every((k) => k.version === 1 && k.versions === 1)).toBe(true);
    const audits = (await accessRepository.auditIn(db.db, ['hq'], 100)).filter((r) => r.action === 'kpi.created');
    expect(audits).toHaveLength(DEFAULT_KPIS.length);
  });

  it('an edit is version 2; what was in force before the edit is still version 1', async () => {
    const admin = caller(users.admin as SessionUser);
    await sleep(20);
    const beforeEdit = new Date();
    await sleep(20);
    const draft = { ...draftOf('rating'), bands: { kind: 'linear' as const, zeroAt: 3.8, fullAt: 4.9 }, weight: 4 };
    const saved = await admin.kpis.update({ key: 'rating', fromVersion: 1, draft, reason: '提高评价标准' });
    expect(saved).toEqual({ key: 'rating', version: 2, changed: ['bands', 'weight'] });

    const then = (await performanceRepository.definitionsInForce(db.db, beforeEdit)).find((d) => d.key === 'rating');
    expect(then).toMatchObject({ version: 1, weight: draftOf('rating').weight, bands: draftOf('rating').bands });
    const now = (await performanceRepository.definitionsInForce(db.db)).find((d) => d.key === 'rating');
    expect(now).toMatchObject({ version: 2, weight: 4 });

    const versions = await admin.kpis.versions({ key: 'rating' });
    expect(versions.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(versions.versions[0]?.changes.map((c) => c.field)).toEqual(['bands', 'weight']);
    const audit = (await accessRepository.auditIn(db.db, ['hq'], 100)).find((r) => r.action === 'kpi.updated');
    expect(audit?.before).toMatchObject({ version: 1, weight: draftOf('rating').weight });
    expect(audit?.after).toMatchObject({ version: 2, weight: 4, reason: '提高评价标准' });

    // An edit made from version 1 now is stale; one that changes nothing is refused.
    expect(await refusal(admin.kpis.update({ key: 'rating', fromVersion: 1, draft }))).toMatchObject({
      code: 'CONFLICT',
      detail: { code: 'kpi-version-stale', params: { version: 2 } },
    });
    expect(await refusal(admin.kpis.update({ key: 'rating', fromVersion: 2, draft }))).toMatchObject({
      detail: { code: 'kpi-unchanged' },
    });
  });

  it('refuses bad formulas and bands with where and what, naming the field', async () => {
    const admin = caller(users.admin as SessionUser);
    const create = (formula: string) =>
      refusal(admin.kpis.create({ key: 'bad', draft: { ...draftOf('productivity'), formula } }));
    expect(await create('ratio(served, sesion_minutes / 60)')).toMatchObject({
      code: 'BAD_REQUEST',
      fields: ['draft.formula'],
      detail: { code: 'kpi-formula-unknown-name', params: { position: 14, column: 15, token: 'sesion_minutes' } },
    });
    expect(await create('served / (session_minutes / 60')).toMatchObject({
      detail: { code: 'kpi-formula-syntax', params: { position: 30, token: '' } },
    });
    expect(await create('mean(served)')).toMatchObject({
      detail: { code: 'kpi-formula-unknown-function', params: { position: 0, token: 'mean' } },
    });
    expect(await create(`served + ${'1+'.repeat(300)}1`)).toMatchObject({
      detail: { code: 'kpi-formula-too-long', params: { position: 500 } },
    });
    expect(
      await refusal(
        admin.kpis.create({
          key: 'bad',
          draft: { ...draftOf('productivity'), bands: { kind: 'linear', zeroAt: 6, fullAt: 2 } },
        }),
      ),
    ).toMatchObject({ fields: ['draft.bands.fullAt'], detail: { code: 'kpi-bands-higher' } });
    expect(
      await refusal(
        admin.kpis.create({ key: 'bad', draft: { ...draftOf('productivity'), minSample: { fact: 'tickets', n: 5 } } }),
      ),
    ).toMatchObject({ fields: ['draft.minSample.fact'], detail: { code: 'kpi-sample-fact-unknown' } });
    expect(
      await refusal(
        admin.kpis.create({
          key: 'bad',
          draft: { ...draftOf('productivity'), appliesTo: { subjects: ['clerk'], orgUnitIds: ['region-x'] } },
        }),
      ),
    ).toMatchObject({ detail: { code: 'kpi-org-unit-unknown', params: { unit: 'region-x' } } });
    expect(await refusal(admin.kpis.create({ key: 'served', draft: draftOf('served') }))).toMatchObject({
      code: 'CONFLICT',
      detail: { code: 'kpi-key-taken' },
    });

    // The live check answers in data, with the position.
    expect(await admin.kpis.validate({ formula: 'served +* 2' })).toEqual({
      ok: false,
      error: { code: 'kpi-formula-syntax', position: 8, column: 9, token: '*' },
    });
    expect(await admin.kpis.validate({ formula: 'ratio(rating_sum, ratings)' })).toEqual({
      ok: true,
      uses: ['rating_sum', 'ratings'],
    });
  });

  it('previews a draft with the figures kpiValuesFor gives over the same days (a shrunk rating by hand)', async () => {
    // Hall A, three days: 李娜 (employee) 12 ratings summing 54; E9 (no employee record) 2 ratings summing 10;
    // the hall 40 ratings summing 168 (mean 4.2).
    for (const [date, li, e9] of [
      ['2026-10-05', { ratings: 4, rating_sum: 18 }, { ratings: 1, rating_sum: 5 }],
      ['2026-10-06', { ratings: 4, rating_sum: 17 }, { ratings: 1, rating_sum: 5 }],
      ['2026-10-07', { ratings: 4, rating_sum: 19 }, null],
    ] as const)
      await performanceRepository.putDay(db.db, 'A', date, [
        { subjectKind: 'clerk', subjectId: 'emp-li', facts: li },
        ...(e9 ? [{ subjectKind: 'clerk' as const, subjectId: 'staff:E9', facts: e9 }] : []),
        {
          subjectKind: 'hall',
          subjectId: 'A',
          facts: { ratings: date === '2026-10-07' ? 14 : 13, rating_sum: 56 },
        },
      ]);
    const draft = {
      ...draftOf('rating'),
      formula: 'shrink(rating_sum, ratings, ratio(hall_rating_sum, hall_ratings), 10)',
      bands: { kind: 'linear' as const, zeroAt: 3.5, fullAt: 4.8 },
      minSample: { fact: 'ratings', n: 5 },
    };
    const manager = caller(users.manager as SessionUser);
    const p = await manager.kpis.preview({ orgUnitId: 'hall-A', draft, from: '2026-10-01', to: '2026-10-31' });
    const li = p.rows.find((r) => r.subjectId === 'emp-li');
    const e9 = p.rows.find((r) => r.subjectId === 'staff:E9');
    // (54 + 4.2 × 10) / (12 + 10) = 4.3636…; (4.3636 − 3.5) / 1.3 = 66.4 %.
    expect(li).toMatchObject({ name: '李娜', hallName: 'A厅', days: 3, value: 4.3636, score: 66.4, enough: true });
    // (10 + 42) / 12 = 4.3333: shown, but 2 ratings are too few to score.
    expect(e9).toMatchObject({ name: null, value: 4.3333, score: null, sample: 2, enough: false });
    expect(p.distribution).toMatchObject({ subjects: 2, scored: 1, tooFew: 1, value: { median: 4.3636 } });

    const direct = await kpiValuesFor(db.db, {
      hallIds: ['A'],
      from: '2026-10-01',
      to: '2026-10-31',
      subjectKind: 'clerk',
      definitions: [{ ...draft, id: 0, key: 'x', version: 1, retiredAt: null, createdAt: new Date(), createdBy: null }],
    });
    for (const s of direct) {
      const row = p.rows.find((r) => r.subjectId === s.subjectId);
      expect({ value: row?.value, score: row?.score }).toEqual({
        value: s.values[0]?.value,
        score: s.values[0]?.score,
      });
    }

    expect(
      await refusal(manager.kpis.preview({ orgUnitId: 'hall-A', draft, from: '2026-09-01', to: '2026-10-31' })),
    ).toMatchObject({ detail: { code: 'kpi-preview-range' } });
  });

  it('retires and restores: a retired KPI is listed apart, and a restore is a new version', async () => {
    const admin = caller(users.admin as SessionUser);
    await admin.kpis.retire({ key: 'wait-minutes' });
    expect((await admin.kpis.list({})).items.map((k) => k.key)).not.toContain('wait-minutes');
    expect(
      (await admin.kpis.list({ includeRetired: true })).items.find((k) => k.key === 'wait-minutes')?.retiredAt,
    ).not.toBeNull();
    expect((await performanceRepository.definitionsInForce(db.db)).map((d) => d.key)).not.toContain('wait-minutes');
    expect(await admin.kpis.restore({ key: 'wait-minutes' })).toEqual({ key: 'wait-minutes', version: 2 });
    expect((await performanceRepository.definitionsInForce(db.db)).find((d) => d.key === 'wait-minutes')?.version).toBe(
      2,
    );
  });

  it('only performance editors at the root change the catalogue; staff see nothing of it', async () => {
    const manager = caller(users.manager as SessionUser);
    const region = caller(users.region as SessionUser);
    const clerk = caller(users.clerk as SessionUser);
    expect(await manager.kpis.list({})).toMatchObject({ canEdit: false, items: expect.any(Array) });
    expect((await caller(users.admin as SessionUser).kpis.reference()).canEdit).toBe(true);
    expect((await region.kpis.reference()).canEdit).toBe(false);
    for (const c of [manager, region])
      expect(
        await refusal(c.kpis.update({ key: 'served', fromVersion: 1, draft: { ...draftOf('served'), weight: 5 } })),
      ).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(manager.kpis.seedDefaults())).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(manager.kpis.preview({ orgUnitId: 'hall-B', draft: draftOf('served') }))).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await refusal(clerk.kpis.list({}))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(clerk.kpis.validate({ formula: 'served' }))).toMatchObject({ code: 'FORBIDDEN' });
  });
});

/**
 * The KPI views through the API, over hand-worked kpi_daily rows and ingest rows: a hall's board, one
 * clerk's KPIs with the hall's band, the facts behind a value, league tables with the sample-size rule,
 * today so far, and who may see what (a clerk only themself, a hall manager only their hall, a region
 * manager only their subtree). Hall-local days in Asia/Shanghai (UTC+8). The same on PostgreSQL and on
 * PGlite (the embedded default).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRPCError } from '@trpc/server';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretGate } from '@hall/devices/secrets';
import { appRouter } from '../src/app.router.ts';
import { openDatabase, type Database } from '../src/db/client.ts';
import { accessRepository } from '../src/modules/access/access.repository.ts';
import { createUser, openSession, sessionUser, type SessionUser } from '../src/modules/access/access.service.ts';
import { LoginGuard } from '../src/modules/access/login-guard.ts';
import { hallsRepository } from '../src/modules/halls/halls.repository.ts';
import { registerHall } from '../src/modules/halls/halls.service.ts';
import { counterPauses, counterSessions, ratings, tickets } from '../src/modules/ingest/ingest.table.ts';
import { factSources } from '../src/modules/performance/facts.collect.ts';
import { addFacts, type Facts } from '../src/modules/performance/facts.ts';
import { performanceRepository } from '../src/modules/performance/performance.repository.ts';
import { kpiDefinitions } from '../src/modules/performance/performance.table.ts';
import { employees } from '../src/modules/staff/staff.table.ts';
import { createCallerFactory, type CloudContext } from '../src/trpc.ts';
import { testDatabase } from './support/db.ts';

let db: Pick<Database, 'db'>;
const users: Record<string, SessionUser> = {};
const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`);
const MON = '2026-11-02';
const TUE = '2026-11-03';
const WEEK = { kind: 'week', date: TUE } as const;
const contract = {
  kind: 'full-time' as const,
  minWeekHours: 32,
  maxWeekHours: 40,
  maxDaysPerWeek: 5,
  minRestHours: 11,
};

const UNITS = [
  { id: 'hq', parentId: null, kind: 'hq', name: '总部', hallId: null },
  { id: 'region-n', parentId: 'hq', kind: 'region', name: '北区', hallId: null },
  { id: 'region-s', parentId: 'hq', kind: 'region', name: '南区', hallId: null },
  { id: 'hall-V', parentId: 'region-n', kind: 'hall', name: '福田营业厅', hallId: 'V' },
  { id: 'hall-W', parentId: 'region-n', kind: 'hall', name: '南山营业厅', hallId: 'W' },
  { id: 'hall-X', parentId: 'region-s', kind: 'hall', name: '罗湖营业厅', hallId: 'X' },
];
const PEOPLE = [
  ['emp-1', 'V', 'E01', '王芳'],
  ['emp-2', 'V', 'E02', '李强'],
  ['emp-3', 'V', 'E03', '张伟'],
  ['emp-4', 'V', 'E04', '赵敏'],
  ['emp-5', 'W', 'E01', '陈静'],
  ['emp-6', 'X', 'E01', '刘洋'],
] as const;

/** Three KPIs: volume (weight 0), mean rating (≥ 5 ratings), minutes per ticket (≥ 10 served, lower is better). */
const KPIS = [
  {
    key: 'served',
    nameZh: '办结量',
    nameEn: 'Tickets served',
    formula: 'served',
    unit: 'count' as const,
    direction: 'higher' as const,
    target: null,
    bands: { kind: 'linear' as const, zeroAt: 0, fullAt: 100 },
    weight: 0,
    appliesTo: { subjects: ['clerk' as const, 'counter' as const, 'hall' as const] },
    minSample: null,
  },
  {
    key: 'rating',
    nameZh: '满意度',
    nameEn: 'Rating',
    formula: 'ratio(rating_sum, ratings)',
    unit: 'score' as const,
    direction: 'higher' as const,
    target: 4.5,
    bands: { kind: 'linear' as const, zeroAt: 3, fullAt: 5 },
    weight: 1,
    appliesTo: { subjects: ['clerk' as const, 'hall' as const] },
    minSample: { fact: 'ratings', n: 5 },
  },
  {
    key: 'handle',
    nameZh: '平均办理时长',
    nameEn: 'Minutes per ticket',
    formula: 'ratio(handle_seconds, served) / 60',
    unit: 'minutes' as const,
    direction: 'lower' as const,
    target: 5,
    bands: { kind: 'linear' as const, zeroAt: 10, fullAt: 4 },
    weight: 2,
    appliesTo: { subjects: ['clerk' as const] },
    minSample: { fact: 'served', n: 10 },
  },
];

/** Per hall and day, each clerk's facts; the hall's row is their sum; counter C1 gets E01's tickets. */
const DAYS: Record<string, Record<string, Record<string, Facts>>> = {
  V: {
    [MON]: {
      'emp-1': { served: 8, handle_seconds: 2640, ratings: 3, rating_sum: 14 },
      'emp-2': { served: 5, handle_seconds: 2100, ratings: 1, rating_sum: 3 },
      'emp-3': { served: 6, handle_seconds: 1800, ratings: 2, rating_sum: 10 },
    },
    [TUE]: {
      'emp-1': { served: 4, handle_seconds: 1320, ratings: 2, rating_sum: 9 },
      'emp-2': { served: 7, handle_seconds: 2520, ratings: 5, rating_sum: 20 },
      'emp-4': { served: 10, handle_seconds: 3000, ratings: 5, rating_sum: 25 },
    },
  },
  W: { [TUE]: { 'emp-5': { served: 20, handle_seconds: 7200, ratings: 10, rating_sum: 45 } } },
  X: { [TUE]: { 'emp-6': { served: 30, handle_seconds: 7200, ratings: 10, rating_sum: 49 } } },
};

let seq = 0;
const ticket = (o: {
  no: string;
  staffId: string;
  issued: Date;
  called?: Date;
  started?: Date;
  ended?: Date;
  outcome: string;
  hallId?: string;
}) => ({
  hubId: `hub-${o.hallId ?? 'V'}`,
  issueSeq: ++seq,
  hallId: o.hallId ?? 'V',
  ticketNo: o.no,
  serviceId: 'personal',
  channel: 'kiosk',
  issuedAt: o.issued,
  arrivalAt: o.issued,
  firstCalledAt: o.called ?? null,
  lastCalledAt: o.called ?? null,
  startedAt: o.started ?? null,
  endedAt: o.ended ?? null,
  outcome: o.outcome,
  counterId: 'C1',
  staffId: o.staffId,
});
const rating = (no: string, staffId: string, score: number, when: Date) => ({
  hubId: 'hub-V',
  seq: ++seq,
  hallId: 'V',
  ticketNo: no,
  counterId: 'C1',
  staffId,
  score,
  skipped: false,
  at: when,
});

async function seed() {
  for (const h of UNITS.filter((u) => u.hallId))
    await registerHall(db.db, { id: h.hallId as string, name: h.name, timeZone: 'Asia/Shanghai' });
  for (const u of UNITS) await accessRepository.insertUnit(db.db, u);
  await hallsRepository.putConfig(
    db.db,
    'V',
    {
      services: [{ id: 'personal', name: '个人业务' }],
      counters: [
        { id: 'C1', name: '1号窗口' },
        { id: 'C2', name: '2号窗口' },
      ],
    },
    null,
  );
  for (const [id, hallId, staffId, name] of PEOPLE)
    await db.db.insert(employees).values({ id, hallId, staffId, name, contract });
  for (const k of KPIS) await db.db.insert(kpiDefinitions).values({ ...k, version: 1, period: 'month' });
  // The south region's own KPI: not on the north's boards, nor ranking the north's clerks.
  await db.db.insert(kpiDefinitions).values({
    ...(KPIS[0] as (typeof KPIS)[number]),
    key: 'south-volume',
    nameZh: '南区办结量',
    nameEn: 'South volume',
    appliesTo: { subjects: ['clerk'], orgUnitIds: ['region-s'] },
    weight: 1,
    version: 1,
    period: 'month',
  });
  for (const [hallId, days] of Object.entries(DAYS))
    for (const [date, clerks] of Object.entries(days)) {
      const hall: Facts = {};
      for (const f of Object.values(clerks)) addFacts(hall, f);
      await performanceRepository.putDay(db.db, hallId, date, [
        ...Object.entries(clerks).map(([subjectId, facts]) => ({ subjectKind: 'clerk' as const, subjectId, facts })),
        { subjectKind: 'hall' as const, subjectId: hallId, facts: hall },
        ...(hallId === 'V' && clerks['emp-1']
          ? [{ subjectKind: 'counter' as const, subjectId: 'C1', facts: clerks['emp-1'] }]
          : []),
      ]);
    }
  // E01's tickets on Monday: A001 waited 4 min, served 5 min, rated 5; A002 not rated; B003 a no-show.
  await db.db.insert(tickets).values([
    ticket({
      no: 'A001',
      staffId: 'E01',
      issued: at(MON, '09:00'),
      called: at(MON, '09:04'),
      started: at(MON, '09:05'),
      ended: at(MON, '09:10'),
      outcome: 'done',
    }),
    ticket({
      no: 'A002',
      staffId: 'E01',
      issued: at(MON, '10:00'),
      called: at(MON, '10:01'),
      started: at(MON, '10:01'),
      ended: at(MON, '10:07'),
      outcome: 'done',
    }),
    ticket({ no: 'B003', staffId: 'E01', issued: at(MON, '11:00'), called: at(MON, '11:02'), outcome: 'noshow' }),
    // Tuesday's A001 (numbers restart daily) was rated 2: it must not be taken for Monday's.
    ticket({
      no: 'A001',
      staffId: 'E01',
      issued: at(TUE, '09:00'),
      called: at(TUE, '09:02'),
      started: at(TUE, '09:02'),
      ended: at(TUE, '09:06'),
      outcome: 'done',
    }),
    // Someone else's, and E01's a week later: not behind E01's values of the week.
    ticket({
      no: 'A003',
      staffId: 'E02',
      issued: at(MON, '09:30'),
      called: at(MON, '09:31'),
      started: at(MON, '09:31'),
      ended: at(MON, '09:40'),
      outcome: 'done',
    }),
    ticket({ no: 'A009', staffId: 'E01', issued: at('2026-11-10', '09:00'), outcome: 'done' }),
    // Hall W's E01 is another person (陈静).
    ticket({ no: 'A001', staffId: 'E01', issued: at(MON, '09:00'), outcome: 'done', hallId: 'W' }),
  ]);
  await db.db
    .insert(ratings)
    .values([
      rating('A001', 'E01', 5, at(MON, '09:10')),
      rating('A001', 'E01', 2, at(TUE, '09:06')),
      rating('A003', 'E02', 4, at(MON, '09:40')),
    ]);
  await db.db.insert(counterSessions).values([
    {
      hubId: 'hub-V',
      openSeq: ++seq,
      hallId: 'V',
      counterId: 'C1',
      staffId: 'E01',
      openedAt: at(MON, '08:55'),
      closedAt: at(MON, '12:00'),
    },
    {
      hubId: 'hub-V',
      openSeq: ++seq,
      hallId: 'V',
      counterId: 'C1',
      staffId: 'E02',
      openedAt: at(MON, '13:00'),
      closedAt: at(MON, '17:00'),
    },
  ]);
  await db.db.insert(counterPauses).values([
    {
      hubId: 'hub-V',
      seq: ++seq,
      hallId: 'V',
      counterId: 'C1',
      reason: 'break',
      startedAt: at(MON, '10:30'),
      endedAt: at(MON, '10:45'),
    },
    // E02's pause at the same counter in the afternoon is not E01's.
    {
      hubId: 'hub-V',
      seq: ++seq,
      hallId: 'V',
      counterId: 'C1',
      reason: 'meal',
      startedAt: at(MON, '14:00'),
      endedAt: at(MON, '14:30'),
    },
  ]);

  const principal = async (
    name: string,
    role: 'hall_manager' | 'region_manager' | 'administrator' | 'staff',
    unit: string,
  ) => {
    const id = await createUser(db.db, { username: name, name, orgUnitId: unit });
    await accessRepository.grant(db.db, { userId: id, role, orgUnitId: unit });
    users[name] = (await sessionUser(db.db, (await openSession(db.db, id)).token)) as SessionUser;
    return id;
  };
  await principal('hq', 'administrator', 'hq');
  await principal('north', 'region_manager', 'region-n');
  await principal('fut-manager', 'hall_manager', 'hall-V');
  const clerk = await principal('wangfang', 'staff', 'hall-V');
  await db.db.update(employees).set({ userId: clerk }).where(eqId('emp-1'));
}
const eqId = (id: string) => eq(employees.id, id);

const as = (name: string) =>
  createCallerFactory(appRouter)({
    db: db.db,
    authorization: null,
    cookies: {},
    csrfHeader: null,
    hubTokens: new SecretGate(),
    logins: new LoginGuard(),
    source: null,
    user: users[name] as SessionUser,
  } satisfies CloudContext).kpiViews;

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => 'allowed',
    (e: unknown) => (e instanceof TRPCError ? e.code : String(e)),
  );

describe.each(['PostgreSQL', 'PGlite'] as const)('KPI views on %s', (engine) => {
  let close: () => Promise<void> = async () => undefined;
  beforeAll(async () => {
    if (engine === 'PostgreSQL') {
      const pg = await testDatabase();
      db = pg;
      close = () => pg.drop();
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'hall-kpi-views-'));
      const lite = await openDatabase({ dataDir: dir });
      db = lite;
      close = async () => {
        await lite.close();
        rmSync(dir, { recursive: true, force: true });
      };
    }
    seq = 0;
    await seed();
  }, 120_000);
  afterAll(() => close());

  describe('the hall board', () => {
    it('shows each clerk, counter and the hall over the week with hand-worked values, and the week before', async () => {
      const b = await as('fut-manager').hall({ hallId: 'V', period: WEEK });
      expect(b.period).toMatchObject({
        from: MON,
        to: '2026-11-08',
        previous: { from: '2026-10-26', to: '2026-11-01' },
      });
      expect(b.kpis.map((k) => k.key)).toEqual(['handle', 'rating', 'served']);
      // In the south, the south's own KPI too.
      const south = await as('hq').hall({ hallId: 'X', period: WEEK });
      expect(south.kpis.map((k) => k.key)).toEqual(['handle', 'rating', 'served', 'south-volume']);
      const wang = b.clerks.find((c) => c.employeeId === 'emp-1');
      // 12 served; 3,960 s / 12 = 5.5 min → (10 − 5.5) / 6 = 75; 23 / 5 = 4.6 → 80; total (80 + 2 × 75) / 3.
      expect(wang).toMatchObject({ name: '王芳', staffId: 'E01', days: 2, total: 76.7 });
      const v = Object.fromEntries((wang?.values ?? []).map((x) => [x.key, x]));
      // A count is scored at its pace: 12 in a week are 52.2 a month against the monthly 0 → 100.
      expect(v.served).toMatchObject({ value: 12, score: 52.2, enough: true });
      expect(v.handle).toMatchObject({ value: 5.5, score: 75, sample: 12, enough: true });
      expect(v.rating).toMatchObject({ value: 4.6, score: 80, sample: 5, enough: true });
      // 张伟: 6 served and 2 ratings — values shown, "too few" for both, no total.
      const zhang = b.clerks.find((c) => c.employeeId === 'emp-3');
      expect(zhang?.values.find((x) => x.key === 'rating')).toMatchObject({ value: 5, score: null, enough: false });
      expect(zhang?.total).toBeNull();
      // The week before had nothing: no comparison row, not zeros.
      expect(wang?.previous).toBeNull();
      // Counters by their names from the hall config, also one without facts; the hall's own row.
      expect(b.counters.map((c) => [c.subjectId, c.name, c.days])).toEqual([
        ['C1', '1号窗口', 2],
        ['C2', '2号窗口', 0],
      ]);
      expect(b.hallRow.values.find((x) => x.key === 'served')?.value).toBe(12 + 12 + 6 + 10);
      expect(b.asOf).toBeNull();
    });

    it('compares a day with the day before', async () => {
      const b = await as('fut-manager').hall({ hallId: 'V', period: { kind: 'day', date: TUE } });
      const wang = b.clerks.find((c) => c.employeeId === 'emp-1');
      expect(wang?.values.find((x) => x.key === 'served')?.value).toBe(4);
      expect(wang?.previous?.values.find((x) => x.key === 'served')?.value).toBe(8);
    });

    it('today so far comes from the fact sources as of now', async () => {
      const source = {
        name: 'test-today',
        collect: async (_db: unknown, hall: { id: string }) =>
          hall.id === 'V'
            ? [
                { subjectKind: 'clerk' as const, subjectId: 'emp-1', facts: { served: 3, handle_seconds: 540 } },
                { subjectKind: 'hall' as const, subjectId: 'V', facts: { served: 3, handle_seconds: 540 } },
              ]
            : [],
      };
      // Only this source (the hall's events source is tested with real events in kpi-facts.test.ts).
      const real = factSources.splice(0, factSources.length, source);
      try {
        const b = await as('fut-manager').hall({ hallId: 'V', period: { kind: 'today' } });
        expect(b.asOf).not.toBeNull();
        const wang = b.clerks.find((c) => c.employeeId === 'emp-1');
        expect(wang?.values.find((x) => x.key === 'served')?.value).toBe(3);
        // 540 s over 3 tickets = 3 min, but 3 < 10 served: too few to score.
        expect(wang?.values.find((x) => x.key === 'handle')).toMatchObject({ value: 3, score: null, enough: false });
      } finally {
        factSources.splice(0, factSources.length, ...real);
      }
    });

    it('refuses a custom span over 92 days with a coded reason', async () => {
      await expect(
        as('fut-manager').hall({ hallId: 'V', period: { kind: 'custom', from: '2026-01-01', to: '2026-06-30' } }),
      ).rejects.toMatchObject({ cause: { detail: { code: 'kpi-period-range', params: { max: 92 } } } });
    });
  });

  describe('one clerk', () => {
    it("gives the clerk's values, a daily series and the hall's band of clerks", async () => {
      const c = await as('fut-manager').clerk({ employeeId: 'emp-1', period: WEEK });
      expect(c.employee).toMatchObject({ name: '王芳', hallName: '福田营业厅' });
      expect(c.total).toBe(76.7);
      expect(c.series.served?.slice(0, 3).map((p) => p.value)).toEqual([8, 4, null]);
      expect(c.series.rating?.slice(0, 2).map((p) => [p.value, p.enough])).toEqual([
        [4.6667, false],
        [4.5, false],
      ]);
      // Ratings with enough sample in the hall: 李强 23/6 = 3.8333, 王芳 4.6, 赵敏 5.0 (张伟 has 2: left out).
      // q1 = 3.8333 + ½ × (4.6 − 3.8333) = 4.21665, to four places from the rounded values.
      expect(c.bands.rating).toEqual({ n: 3, q1: 4.2166, median: 4.6, q3: 4.8 });
      // Which facts open behind each KPI.
      expect(c.kpis.find((k) => k.key === 'rating')?.sources).toEqual(['ratings']);
      expect(c.kpis.find((k) => k.key === 'handle')?.sources).toEqual(['tickets']);
    });

    it('lists the tickets behind the values with service, wait, handling time and their own rating', async () => {
      const f = await as('fut-manager').facts({
        employeeId: 'emp-1',
        period: WEEK,
        list: 'tickets',
        limit: 100,
        offset: 0,
      });
      expect(f.total).toBe(4);
      expect(
        f.tickets.map((t) => [
          t.ticketNo,
          t.serviceName,
          t.counterName,
          t.outcome,
          t.waitSeconds,
          t.handleSeconds,
          t.rating,
        ]),
      ).toEqual([
        ['A001', '个人业务', '1号窗口', 'done', 240, 300, 5],
        ['A002', '个人业务', '1号窗口', 'done', 60, 360, null],
        ['B003', '个人业务', '1号窗口', 'noshow', 120, null, null],
        ['A001', '个人业务', '1号窗口', 'done', 120, 240, 2],
      ]);
      const page2 = await as('fut-manager').facts({
        employeeId: 'emp-1',
        period: WEEK,
        list: 'tickets',
        limit: 3,
        offset: 3,
      });
      expect(page2.tickets.map((t) => t.ticketNo)).toEqual(['A001']);
      expect(page2.total).toBe(4);
    });

    it('lists ratings and sessions with only the clerk’s own pauses', async () => {
      const r = await as('fut-manager').facts({
        employeeId: 'emp-1',
        period: WEEK,
        list: 'ratings',
        limit: 100,
        offset: 0,
      });
      expect(r.ratings.map((x) => x.score)).toEqual([5, 2]);
      const s = await as('fut-manager').facts({
        employeeId: 'emp-1',
        period: WEEK,
        list: 'sessions',
        limit: 100,
        offset: 0,
      });
      expect(s.sessions).toHaveLength(1);
      expect(s.sessions[0]).toMatchObject({ counterName: '1号窗口', minutes: 185 });
      expect(s.sessions[0]?.pauses.map((p) => [p.reason, p.minutes])).toEqual([['break', 15]]);
    });

    it('bounds a page at 500 rows', async () => {
      await expect(
        as('fut-manager').facts({ employeeId: 'emp-1', period: WEEK, list: 'tickets', limit: 501, offset: 0 }),
      ).rejects.toThrow();
    });
  });

  describe('league tables', () => {
    it('ranks the clerks of a region by a KPI, and lists those below its minimum sample apart', async () => {
      const l = await as('north').league({
        orgUnitId: 'region-n',
        subjectKind: 'clerk',
        kpiKey: 'rating',
        period: WEEK,
      });
      expect(l.ranked.map((r) => [r.rank, r.name, r.hallName, r.value])).toEqual([
        [1, '赵敏', '福田营业厅', 5],
        [2, '王芳', '福田营业厅', 4.6],
        [3, '陈静', '南山营业厅', 4.5],
        [4, '李强', '福田营业厅', 3.8333],
      ]);
      expect(l.tooFew.map((r) => [r.name, r.sample])).toEqual([['张伟', 2]]);
    });

    it('ranks lower-is-better KPIs from the lowest value', async () => {
      const l = await as('hq').league({ orgUnitId: 'region-n', subjectKind: 'clerk', kpiKey: 'handle', period: WEEK });
      expect(l.ranked.map((r) => r.name)).toEqual(['赵敏', '王芳', '陈静', '李强']);
      expect(l.tooFew.map((r) => r.name)).toEqual(['张伟']);
    });

    it("ranks a region's own KPI only in that region", async () => {
      const l = await as('hq').league({ orgUnitId: 'hq', subjectKind: 'clerk', kpiKey: 'south-volume', period: WEEK });
      expect(l.ranked.map((r) => r.name)).toEqual(['刘洋']);
    });

    it('ranks halls by the total', async () => {
      const l = await as('hq').league({ orgUnitId: 'hq', subjectKind: 'hall', kpiKey: null, period: WEEK });
      expect(l.halls).toBe(3);
      // Halls score only the rating (handle applies to clerks): 罗湖 4.9 → 95, 南山 4.5 → 75, 福田 81/18 = 4.5 → 75.
      expect(l.ranked.map((r) => [r.rank, r.name, r.total])).toEqual([
        [1, '罗湖营业厅', 95],
        // A tie shares the rank (福田 first: more days behind its value).
        [2, '福田营业厅', 75],
        [2, '南山营业厅', 75],
      ]);
    });

    it.runIf(engine === 'PostgreSQL')(
      'refuses one user asking for more than 60 leagues a minute (429), and only that user',
      async () => {
        const ask = (who: string, orgUnitId: string) =>
          as(who).league({ orgUnitId, subjectKind: 'hall', kpiKey: null, period: WEEK });
        let refused: TRPCError | null = null;
        // 130 at 60 a minute: over it even if the minute turns halfway.
        for (let i = 0; i < 130 && !refused; i++)
          refused = await ask('hq', 'hq').then(
            () => null,
            (e: TRPCError) => e,
          );
        expect(refused?.code).toBe('TOO_MANY_REQUESTS');
        await expect(ask('north', 'region-n')).resolves.toMatchObject({ halls: expect.any(Number) });
      },
    );
  });

  describe('who sees what', () => {
    it('a clerk sees their own KPIs and facts, and nobody else’s', async () => {
      const me = as('wangfang');
      expect((await me.clerk({ employeeId: 'emp-1', period: WEEK })).total).toBe(76.7);
      expect((await me.facts({ employeeId: 'emp-1', period: WEEK, list: 'tickets', limit: 10, offset: 0 })).total).toBe(
        4,
      );
      expect(await refusal(me.clerk({ employeeId: 'emp-2', period: WEEK }))).toBe('FORBIDDEN');
      expect(
        await refusal(me.facts({ employeeId: 'emp-2', period: WEEK, list: 'tickets', limit: 10, offset: 0 })),
      ).toBe('FORBIDDEN');
      expect(await refusal(me.hall({ hallId: 'V', period: WEEK }))).toBe('FORBIDDEN');
      expect(await refusal(me.league({ orgUnitId: 'hall-V', subjectKind: 'clerk', kpiKey: null, period: WEEK }))).toBe(
        'FORBIDDEN',
      );
    });

    it('a clerk’s band needs at least three colleagues and names nobody', async () => {
      const c = await as('wangfang').clerk({ employeeId: 'emp-1', period: WEEK });
      expect(Object.keys(c.bands.rating ?? {})).toEqual(['n', 'q1', 'median', 'q3']);
      expect(c.bands.handle).toEqual({ n: 3, q1: 5.25, median: 5.5, q3: 5.9583 });
      expect(JSON.stringify(c)).not.toContain('李强');
    });

    it('a hall manager sees their hall only', async () => {
      const m = as('fut-manager');
      expect(await refusal(m.hall({ hallId: 'W', period: WEEK }))).toBe('FORBIDDEN');
      expect(await refusal(m.clerk({ employeeId: 'emp-5', period: WEEK }))).toBe('FORBIDDEN');
      expect(await refusal(m.league({ orgUnitId: 'region-n', subjectKind: 'clerk', kpiKey: null, period: WEEK }))).toBe(
        'FORBIDDEN',
      );
      expect((await m.choices()).units.map((u) => u.id)).toEqual(['hall-V']);
    });

    it('a region manager ranks within their region only', async () => {
      const r = as('north');
      expect(await refusal(r.league({ orgUnitId: 'hq', subjectKind: 'hall', kpiKey: null, period: WEEK }))).toBe(
        'FORBIDDEN',
      );
      expect(await refusal(r.league({ orgUnitId: 'hall-X', subjectKind: 'clerk', kpiKey: null, period: WEEK }))).toBe(
        'FORBIDDEN',
      );
      expect((await r.choices()).units.map((u) => u.id).sort()).toEqual(['hall-V', 'hall-W', 'region-n']);
      const l = await r.league({ orgUnitId: 'region-n', subjectKind: 'clerk', kpiKey: null, period: WEEK });
      expect([...l.ranked, ...l.tooFew].map((x) => x.hallId).every((h) => h === 'V' || h === 'W')).toBe(true);
      // The south's own KPI (weight 1) counts in no northern total.
      expect(l.ranked.find((x) => x.employeeId === 'emp-1')?.total).toBe(76.7);
    });
  });
});

/**
 * Assessment cycles on the embedded default (PGlite, the same migrations): a hall's cycle opened over
 * daily facts, walked to final through the API with an adjustment and an accepted appeal, and the
 * deadline job — the row locks, upserts and aggregates the cycles use work there as on PostgreSQL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretGate } from '@hall/devices/secrets';
import { afterAll, describe, expect, it } from 'vitest';
import { appRouter } from '../src/app.router.ts';
import { openDatabase } from '../src/db/client.ts';
import { accessRepository } from '../src/modules/access/access.repository.ts';
import { createUser, openSession, sessionUser, type SessionUser } from '../src/modules/access/access.service.ts';
import { LoginGuard } from '../src/modules/access/login-guard.ts';
import { registerHall } from '../src/modules/halls/halls.service.ts';
import { checkDeadlines } from '../src/modules/performance/cycles.service.ts';
import { performanceRepository } from '../src/modules/performance/performance.repository.ts';
import { kpiDefinitions } from '../src/modules/performance/performance.table.ts';
import { employees } from '../src/modules/staff/staff.table.ts';
import { createCallerFactory } from '../src/trpc.ts';

const dir = mkdtempSync(join(tmpdir(), 'hall-cycles-pglite-'));
let close: (() => Promise<void>) | undefined;
afterAll(async () => {
  await close?.();
  rmSync(dir, { recursive: true, force: true });
});

describe('assessment cycles on PGlite', () => {
  it('opens, adjusts, appeals, answers, reaches final; the deadline job flags an overdue stage', async () => {
    const database = await openDatabase({ dataDir: dir });
    close = database.close;
    const db = database.db;
    await accessRepository.insertUnit(db, { id: 'hq', parentId: null, kind: 'hq', name: '总部', hallId: null });
    await registerHall(db, { id: 'P', name: 'P厅', timeZone: 'Asia/Shanghai' });
    await accessRepository.insertUnit(db, { id: 'hall-P', parentId: 'hq', kind: 'hall', name: 'P厅', hallId: 'P' });
    const user = async (username: string, role: 'hall_manager' | 'staff') => {
      const id = await createUser(db, { username, name: username, password: 'Correct-Horse-9', orgUnitId: 'hall-P' });
      await accessRepository.grant(db, { userId: id, role, orgUnitId: 'hall-P' });
      return (await sessionUser(db, (await openSession(db, id)).token)) as SessionUser;
    };
    const manager = await user('mgr', 'hall_manager');
    const clerk = await user('amy', 'staff');
    await db.insert(employees).values({
      id: 'amy',
      hallId: 'P',
      staffId: 'A1',
      name: 'Amy',
      contract: { kind: 'full-time', minWeekHours: 0, maxWeekHours: 40, maxDaysPerWeek: 5, minRestHours: 11 },
      userId: clerk.id,
    });
    await db.insert(kpiDefinitions).values({
      key: 'served',
      version: 1,
      nameZh: '办结量',
      nameEn: 'Served',
      formula: 'served',
      unit: 'count',
      direction: 'higher',
      bands: { kind: 'linear', zeroAt: 0, fullAt: 100 },
      weight: 1,
      appliesTo: { subjects: ['clerk'] },
      period: 'month',
      createdAt: new Date('2026-01-01T00:00:00Z'),
    });
    for (const date of ['2026-09-01', '2026-09-02'])
      await performanceRepository.putDay(db, 'P', date, [
        { subjectKind: 'clerk', subjectId: 'amy', facts: { served: 30 } },
        { subjectKind: 'hall', subjectId: 'P', facts: { served: 30 } },
      ]);
    const as = (u: SessionUser) =>
      createCallerFactory(appRouter)({
        db,
        authorization: null,
        cookies: {},
        csrfHeader: null,
        hubTokens: new SecretGate(),
        logins: new LoginGuard(),
        source: null,
        user: u,
      });

    const { id: cycleId } = await as(manager).cycles.open({
      orgUnitId: 'hall-P',
      period: { kind: 'month', month: '2026-09' },
    });
    const [mine] = await as(clerk).cycles.mine();
    const sheet = await as(clerk).cycles.mySheet({ sheetId: mine?.id as number });
    expect(sheet.lines[0]).toMatchObject({ value: 60, score: 60 });
    await as(clerk).cycles.selfReview({ sheetId: sheet.id, lines: [] });
    const line = sheet.lines[0]?.id as number;
    await as(manager).cycles.adjust({ hallId: 'P', sheetId: sheet.id, lineId: line, score: 70, reason: '带教新人' });
    expect((await as(manager).cycles.advance({ cycleId })).stage).toBe('calibration');
    // Calibration is a region's: a hall's manager who owns the cycle moves it on.
    expect((await as(manager).cycles.advance({ cycleId })).stage).toBe('acknowledgement');
    await as(clerk).cycles.acknowledge({ sheetId: sheet.id });
    await as(clerk).cycles.appeal({ sheetId: sheet.id, lineId: line, reason: '系统故障' });
    const answered = await as(manager).cycles.answerAppeal({
      hallId: 'P',
      appealId: (await as(manager).cycles.sheet({ hallId: 'P', sheetId: sheet.id })).lines[0]?.appeal?.id as number,
      decision: 'accept',
      newScore: 80,
    });
    expect(answered.total).toBe(80);
    expect((await as(manager).cycles.advance({ cycleId })).stage).toBe('final');

    const second = await as(manager).cycles.open({
      orgUnitId: 'hall-P',
      period: { kind: 'custom', from: '2026-09-01', to: '2026-09-10' },
    });
    const later = new Date(Date.now() + 8 * 86_400_000);
    await checkDeadlines(db, later);
    await checkDeadlines(db, new Date(later.getTime() + 4 * 86_400_000));
    const c = await as(manager).cycles.get({ cycleId: second.id });
    expect(c).toMatchObject({ stage: { kind: 'manager-review' }, overdue: true });
  }, 120_000);
});

/**
 * What the console's exam pages need of the training API beyond the lead's tests: the question bank
 * filtered by business type (an exam's pool picked from the questions of the business it certifies),
 * an attempt that says the cloud's time with its deadline (a clerk's phone may be minutes off: the
 * countdown runs against the cloud's clock), and the exams' list counting each exam's own takers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessRepository } from '../src/modules/access/access.repository.ts';
import { createUser, openSession, sessionUser, type SessionUser } from '../src/modules/access/access.service.ts';
import { registerHall } from '../src/modules/halls/halls.service.ts';
import { employees } from '../src/modules/staff/staff.table.ts';
import { callerAs } from './support/caller.ts';
import { testDatabase } from './support/db.ts';

let db: Awaited<ReturnType<typeof testDatabase>>;
const users: Record<string, SessionUser> = {};

beforeAll(async () => {
  db = await testDatabase();
  await accessRepository.insertUnit(db.db, { id: 'hq', parentId: null, kind: 'hq', name: '总部', hallId: null });
  await registerHall(db.db, { id: 'NS', name: '南山营业厅', timeZone: 'Asia/Shanghai' });
  await accessRepository.insertUnit(db.db, { id: 'hall-NS', parentId: 'hq', kind: 'hall', name: '南山', hallId: 'NS' });
  for (const [name, role, unit] of [
    ['trainer', 'trainer', 'hq'],
    ['clerk', 'staff', 'hall-NS'],
  ] as const) {
    const id = await createUser(db.db, { username: name, name, password: 'Correct-Horse-9', orgUnitId: unit });
    await accessRepository.grant(db.db, { userId: id, role, orgUnitId: unit });
    users[name] = (await sessionUser(db.db, (await openSession(db.db, id)).token)) as SessionUser;
  }
  await db.db.insert(employees).values({
    id: 'e1',
    hallId: 'NS',
    staffId: 'E1',
    name: '王芳',
    contract: { kind: 'full-time', minWeekHours: 16, maxWeekHours: 40, maxDaysPerWeek: 5, minRestHours: 11 },
    userId: users.clerk?.id ?? null,
  });
}, 60_000);

afterAll(async () => {
  await db?.drop();
});

const question = (stem: string, serviceIds: string[]) => ({
  kind: 'truefalse' as const,
  stem,
  answer: { truth: true },
  serviceIds,
});

describe('the exam pages’ API', () => {
  it('filters the bank by business type', async () => {
    const trainer = callerAs(db.db, users.trainer).training;
    const { imported } = await trainer.importQuestions({
      orgUnitId: 'hq',
      rows: [
        question('办卡须核验身份证原件', ['sim']),
        question('话费账单可按月打印', ['billing']),
        question('两者皆有', ['sim', 'billing']),
      ],
    });
    expect(imported).toBe(3);
    const stems = async (serviceId?: string) =>
      (await trainer.questions({ ...(serviceId ? { serviceId } : {}) })).rows.map((r) => r.stem).sort();
    expect(await stems('sim')).toEqual(['两者皆有', '办卡须核验身份证原件'].sort());
    expect(await stems('billing')).toEqual(['两者皆有', '话费账单可按月打印'].sort());
    expect(await stems()).toHaveLength(3);
    expect(await stems('broadband')).toEqual([]);
  });

  it("says the cloud's time with an attempt's deadline", async () => {
    const trainer = callerAs(db.db, users.trainer).training;
    const clerk = callerAs(db.db, users.clerk).training;
    const ids = (await trainer.questions({})).rows.map((r) => r.id);
    const { id: examId } = await trainer.createExam({
      title: '业务知识测验',
      orgUnitId: 'hq',
      questionIds: ids,
      drawCount: 2,
      timeLimitMinutes: 10,
      maxAttempts: 1,
      passPercent: 60,
      opensAt: new Date(Date.now() - 60_000).toISOString(),
    });
    const before = Date.now();
    const started = await clerk.startAttempt({ examId });
    const after = Date.now();
    expect(started.now.getTime()).toBeGreaterThanOrEqual(before);
    expect(started.now.getTime()).toBeLessThanOrEqual(after);
    expect(started.deadlineAt.getTime() - started.now.getTime()).toBe(10 * 60_000);
    const again = await clerk.myAttempt({ attemptId: started.id });
    expect(again.now.getTime()).toBeGreaterThanOrEqual(started.now.getTime());
    expect(again.deadlineAt).toEqual(started.deadlineAt);
  });

  it("counts each exam's takers, passes and mean best score (not an attempt whose id is the exam's)", async () => {
    const trainer = callerAs(db.db, users.trainer).training;
    const clerk = callerAs(db.db, users.clerk).training;
    const ids = (await trainer.questions({})).rows.map((r) => r.id);
    const exam = (title: string) =>
      trainer.createExam({
        title,
        orgUnitId: 'hq',
        questionIds: ids,
        drawCount: 3,
        timeLimitMinutes: 10,
        maxAttempts: 2,
        passPercent: 60,
        opensAt: new Date(Date.now() - 60_000).toISOString(),
      });
    const untaken = await exam('未参加的考试');
    const taken = await exam('参加了两次的考试');
    // Right, then blank: the best of the two counts.
    const first = await clerk.startAttempt({ examId: taken.id });
    const right = Object.fromEntries(first.items.map((i) => [String(i.questionId), { truth: true }]));
    expect((await clerk.submitAttempt({ attemptId: first.id, answers: right })).result?.percent).toBe(100);
    const second = await clerk.startAttempt({ examId: taken.id });
    expect((await clerk.submitAttempt({ attemptId: second.id, answers: {} })).result?.percent).toBe(0);
    // The attempts' ids meet the exams' (the second attempt's id is the taken exam's).
    expect(second.id).toBe(taken.id);
    const list = new Map((await trainer.exams()).map((e) => [e.id, e]));
    expect(list.get(taken.id)).toMatchObject({ takers: 1, passed: 1, meanPercent: 100 });
    expect(list.get(untaken.id)).toMatchObject({ takers: 0, passed: 0, meanPercent: null });
  });
});

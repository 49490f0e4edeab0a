/**
 * Who reads a plan rule: a region's rule plans the clerks of its halls, so their hall manager reads it
 * (on 培训计划), with its exam by title, though the region is above their grant; a trainer of another
 * region does not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from './support/db.ts';
import { trainingOrg } from './support/training-org.ts';

let db: Awaited<ReturnType<typeof testDatabase>>;
let org: Awaited<ReturnType<typeof trainingOrg>>;

beforeAll(async () => {
  db = await testDatabase();
  org = await trainingOrg(db.db);
});
afterAll(async () => {
  await db?.drop();
});

describe('plan rules are read where they plan', () => {
  it("a region's rule is its hall managers' to read, not another region's trainer's", async () => {
    await org.as('trainer').savePlanRule({
      rule: { name: '制度变更', orgUnitId: 'east', trigger: 'policy', skill: '制度', dueDays: 3, roles: ['clerk'] },
    });
    await org.as('trainer').importQuestions({
      orgUnitId: 'east',
      rows: [{ kind: 'truefalse', stem: '上岗须佩戴工牌。', answer: { truth: true } }],
    });
    const [q] = (await org.as('trainer').questions({ orgUnitId: 'east' })).rows;
    const { id: examId } = await org.as('trainer').createExam({
      title: '入职考试',
      orgUnitId: 'east',
      questionIds: [q?.id as number],
      drawCount: 1,
      timeLimitMinutes: 5,
      maxAttempts: 3,
      passPercent: 100,
      opensAt: new Date(Date.now() - 60_000).toISOString(),
    });
    const induction = await org.as('trainer').createMaterial({
      kind: 'note',
      title: '新员工入职须知',
      body: '入职第一周须知。',
      serviceIds: [],
      skills: [],
      level: 1,
      orgUnitId: 'east',
    });
    await org.as('trainer').savePlanRule({
      rule: {
        name: '新员工入职培训',
        orgUnitId: 'east',
        trigger: 'new-hire',
        withinDays: 30,
        materialSeriesIds: [induction.id],
        examId,
        dueDays: 14,
        roles: ['clerk'],
      },
    });
    // The manager reads both, the exam by its title (the region's exam is not in their list of exams).
    expect((await org.as('manager').planRules()).map((r) => [r.name, r.unitName, r.examTitle])).toEqual([
      ['制度变更', '东区', null],
      ['新员工入职培训', '东区', '入职考试'],
    ]);
    expect(await org.as('manager').exams()).toEqual([]);
    expect(await org.as('trainer').planRules()).toHaveLength(2);
    expect(await org.as('trainerS').planRules()).toEqual([]);
  });
});

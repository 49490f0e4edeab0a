/**
 * Who reads a plan rule: a region's rule plans the clerks of its halls, so their hall manager reads it
 * (on 培训计划) though the region is above their grant; a trainer of another region does not.
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
    expect((await org.as('manager').planRules()).map((r) => [r.name, r.unitName])).toEqual([['制度变更', '东区']]);
    expect(await org.as('trainer').planRules()).toHaveLength(1);
    expect(await org.as('trainerS').planRules()).toEqual([]);
  });
});

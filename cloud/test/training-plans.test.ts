/**
 * Training plans by rules, as a trainer configures them and clerks and their manager meet them: a new
 * hire gets the induction courses due two weeks after their start; a product launch goes to the clerks
 * who serve that business; a policy change goes to everyone, and its new version is read again; an
 * assignment is done by reading, by attending a session of the course, or — when the rule names an exam —
 * only by passing it; reminders go out two days before the due date and once when overdue; the hall's
 * manager sees who is behind.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../src/modules/access/access.service.ts';
import { saveChannel, saveProfile } from '../src/modules/notifications/index.ts';
import { notificationOutbox } from '../src/modules/notifications/notifications.table.ts';
import { staffRepository } from '../src/modules/staff/staff.repository.ts';
import { addDays, localDay } from '../src/modules/staff/staff.service.ts';
import { runPlans } from '../src/modules/training/plans.service.ts';
import { testDatabase } from './support/db.ts';
import { refusal, trainingOrg } from './support/training-org.ts';

let db: Awaited<ReturnType<typeof testDatabase>>;
let org: Awaited<ReturnType<typeof trainingOrg>>;
const today = localDay(new Date(), 'Asia/Shanghai');
const DAY = 86_400_000;
let induction: number;

beforeAll(async () => {
  db = await testDatabase();
  org = await trainingOrg(db.db);
  await saveChannel(db.db, org.users.admin as SessionUser, {
    id: 'mail',
    kind: 'smtp',
    name: '邮件',
    settings: { host: '127.0.0.1', port: 2525, from: 'training@hall.example.cn' },
    secrets: {},
    enabled: true,
  });
  await saveProfile(db.db, org.users.e1 as SessionUser, {
    userId: (org.users.e1 as SessionUser).id,
    email: 'e1@hall.example.cn',
    mobile: null,
    language: 'zh-CN',
    subscriptions: [],
  });
  // 张伟 started five days ago; 李娜 two years ago. Only 张伟 serves number porting.
  await staffRepository.update(db.db, 'e1', { startDate: addDays(today, -5), skills: { mnp: 1 } });
  await staffRepository.update(db.db, 'e2', { startDate: addDays(today, -730), skills: { billing: 2 } });
  await staffRepository.update(db.db, 'e3', { startDate: addDays(today, -400), skills: { billing: 2 } });
  induction = (
    await org.as('trainer').createMaterial({
      kind: 'note',
      title: '新员工入职须知',
      body: '入职第一周须知。',
      serviceIds: [],
      skills: [],
      level: 1,
      orgUnitId: 'east',
    })
  ).id;
});
afterAll(async () => {
  await db?.drop();
});

const mine = async (name: string) => org.as(name).myAssignments();

describe('rules make plans', () => {
  it('a new hire gets the induction courses, due two weeks after their start; long-serving clerks do not', async () => {
    const r = await org.as('trainer').savePlanRule({
      rule: {
        name: '新员工入职培训',
        orgUnitId: 'east',
        trigger: 'new-hire',
        withinDays: 30,
        materialSeriesIds: [induction],
        dueDays: 14,
        roles: ['clerk'],
      },
    });
    expect(r.assigned).toBe(1);
    expect(await mine('e1')).toMatchObject([
      { title: '新员工入职须知', dueOn: addDays(today, 9), status: 'open', overdue: false },
    ]);
    expect(await mine('e2')).toEqual([]);
    // The clerk opens what is assigned (clerks read the library), but not the others' plans or the bank.
    const [assigned] = await mine('e1');
    expect(await org.as('e1').material({ id: assigned?.openMaterialId as number })).toMatchObject({
      title: '新员工入职须知',
      canEdit: false,
    });
    expect(await refusal(org.as('e1').assignments({}))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(org.as('e1').questions({}))).toMatchObject({ code: 'FORBIDDEN' });
    // Saving the same rule again plans nobody twice.
    expect((await runPlans(db.db)).assigned).toBe(0);
    // A rule needs what its trigger reads.
    expect(
      await refusal(
        org.as('trainer').savePlanRule({
          rule: {
            name: '缺',
            orgUnitId: 'east',
            trigger: 'policy',
            materialSeriesIds: [],
            dueDays: 7,
            roles: ['clerk'],
          },
        }),
      ),
    ).toMatchObject({ detail: 'training-plan-field', field: 'skill' });
  });

  it('a product launch goes to the clerks who serve it; a policy change to everyone, and its new version again', async () => {
    await org.as('trainer').savePlanRule({
      rule: { name: '新品上市', orgUnitId: 'east', trigger: 'launch', serviceId: 'mnp', dueDays: 7, roles: ['clerk'] },
    });
    await org.as('trainer').savePlanRule({
      rule: { name: '制度变更', orgUnitId: 'east', trigger: 'policy', skill: '制度', dueDays: 3, roles: ['clerk'] },
    });
    await org.as('trainer').createMaterial({
      kind: 'note',
      title: '携号转网新政策',
      body: '新政策。',
      serviceIds: ['mnp'],
      skills: [],
      level: 1,
      orgUnitId: 'east',
    });
    const policy = await org.as('trainer').createMaterial({
      kind: 'note',
      title: '营业厅考勤制度',
      body: '第一版。',
      serviceIds: [],
      skills: ['制度'],
      level: 1,
      orgUnitId: 'east',
    });
    await runPlans(db.db);
    expect((await mine('e1')).map((x) => x.title).sort()).toEqual([
      '携号转网新政策',
      '新员工入职须知',
      '营业厅考勤制度',
    ]);
    expect((await mine('e2')).map((x) => x.title)).toEqual(['营业厅考勤制度']);
    // The south region's clerk is under none of these rules.
    expect(await mine('e4')).toEqual([]);
    expect((await mine('e2'))[0]?.dueOn).toBe(addDays(today, 3));

    // 李娜 reads it; then the policy is revised: she is asked to read the new version.
    const first = (await mine('e2'))[0] as Awaited<ReturnType<typeof mine>>[number];
    expect(await org.as('e2').confirmRead({ assignmentId: first.id })).toEqual({ status: 'done' });
    await org.as('trainer').newVersion({
      of: policy.id,
      material: {
        kind: 'note',
        title: '营业厅考勤制度',
        body: '第二版：迟到十分钟以上须报备。',
        serviceIds: [],
        skills: ['制度'],
        level: 1,
        orgUnitId: 'east',
      },
    });
    await runPlans(db.db);
    const again = await mine('e2');
    expect(again.map((x) => [x.title, x.status]).sort()).toEqual([
      ['营业厅考勤制度', 'done'],
      ['营业厅考勤制度', 'open'],
    ]);
    // Someone else's assignment does not exist for them.
    expect(await refusal(org.as('e3').confirmRead({ assignmentId: first.id }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('is done by attending a session of the course, or only by passing the exam the rule names', async () => {
    const before = (await mine('e1')).find((x) => x.title === '新员工入职须知');
    const start = new Date(Date.now() - 10 * 60_000);
    const { id: sessionId } = await org.as('trainer').scheduleSession({
      title: '新员工入职培训',
      materialSeriesId: induction,
      orgUnitId: 'east',
      mode: 'online',
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 3_600_000).toISOString(),
      employeeIds: ['e1'],
    });
    await org.as('trainer').markAttendance({ sessionId, employeeId: 'e1', status: 'present' });
    expect((await runPlans(db.db)).done).toBe(1);
    expect((await mine('e1')).find((x) => x.id === before?.id)).toMatchObject({ status: 'done', doneHow: 'session' });

    // A rule with an exam: reading is not enough.
    const { imported } = await org.as('trainer').importQuestions({
      orgUnitId: 'east',
      rows: [{ kind: 'truefalse', stem: '新员工须佩戴工牌。', answer: { truth: true } }],
    });
    expect(imported).toBe(1);
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
    const safety = await org.as('trainer').createMaterial({
      kind: 'note',
      title: '营业厅安全须知',
      body: '安全。',
      serviceIds: [],
      skills: [],
      level: 1,
      orgUnitId: 'east',
    });
    await org.as('trainer').savePlanRule({
      rule: {
        name: '入职安全',
        orgUnitId: 'east',
        trigger: 'new-hire',
        withinDays: 30,
        materialSeriesIds: [safety.id],
        examId,
        dueDays: 14,
        roles: ['clerk'],
      },
    });
    const withExam = (await mine('e1')).find((x) => x.title === '营业厅安全须知') as Awaited<
      ReturnType<typeof mine>
    >[number];
    expect(await refusal(org.as('e1').confirmRead({ assignmentId: withExam.id }))).toMatchObject({
      detail: 'training-plan-needs-exam',
    });
    const attempt = await org.as('e1').startAttempt({ examId });
    await org.as('e1').submitAttempt({ attemptId: attempt.id, answers: { [String(q?.id)]: { truth: true } } });
    await runPlans(db.db);
    expect((await mine('e1')).find((x) => x.id === withExam.id)).toMatchObject({ status: 'done', doneHow: 'exam' });
  });

  it('reminds two days before the due date and once when overdue, and shows the manager who is behind', async () => {
    // 张伟's launch assignment is due in 7 days: no reminder yet. Two days from now it is.
    expect((await runPlans(db.db)).reminded).toBe(0);
    const later = new Date(Date.now() + 5 * DAY);
    expect((await runPlans(db.db, later)).reminded).toBeGreaterThan(0);
    expect((await runPlans(db.db, later)).reminded).toBe(0);
    const overdue = new Date(Date.now() + 9 * DAY);
    expect((await runPlans(db.db, overdue)).overdue).toBeGreaterThan(0);
    const mail = await db.db
      .select()
      .from(notificationOutbox)
      .where(eq(notificationOutbox.recipient, 'e1@hall.example.cn'));
    expect(mail.map((m) => m.subject)).toEqual(
      expect.arrayContaining(['培训提醒：携号转网新政策', '培训已逾期：携号转网新政策']),
    );

    const seen = await org.as('manager').assignments({ hallId: 'H1' });
    const h1 = seen.halls.find((h) => h.hallId === 'H1');
    expect(h1?.total).toBeGreaterThanOrEqual(5);
    expect(h1?.done).toBeGreaterThanOrEqual(3);
    expect(seen.rows.every((r) => r.hallName === '城东营业厅' && r.employeeName)).toBe(true);
    expect(await org.as('trainerS').assignments({ hallId: 'H1' })).toMatchObject({ rows: [] });
  });
});

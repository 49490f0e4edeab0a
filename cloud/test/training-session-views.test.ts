/**
 * What the session pages need from the training API besides the rules (those are in
 * training-sessions.test.ts): each session's hall time zone and its course's title in the list and in a
 * clerk's own list (a course named by its version in force, after a new version), the halls' time zones
 * among the invite choices (the form's times are the hall's), and what a check-in answers for the clerk's
 * phone to say: the session's title, time and place — and that the check-in is recorded on PostgreSQL.
 * An excuse given ahead can be taken back ahead (planning both); presence waits for the window.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessRepository } from '../src/modules/access/access.repository.ts';
import { createUser, openSession, sessionUser, type SessionUser } from '../src/modules/access/access.service.ts';
import { registerHall } from '../src/modules/halls/halls.service.ts';
import { codeAt } from '../src/modules/training/sessions.service.ts';
import { trainingSessions } from '../src/modules/training/sessions.table.ts';
import { staffRepository } from '../src/modules/staff/staff.repository.ts';
import { eq } from 'drizzle-orm';
import { callerAs } from './support/caller.ts';
import { testDatabase } from './support/db.ts';

let db: Awaited<ReturnType<typeof testDatabase>>;
const users: Record<string, SessionUser> = {};
const CONTRACT = {
  kind: 'full-time',
  minWeekHours: 32,
  maxWeekHours: 44,
  maxDaysPerWeek: 5,
  minRestHours: 11,
} as const;

beforeAll(async () => {
  db = await testDatabase();
  await registerHall(db.db, { id: 'NS', name: '南山营业厅', timeZone: 'Asia/Shanghai' });
  await registerHall(db.db, { id: 'UR', name: '乌鲁木齐营业厅', timeZone: 'Asia/Urumqi' });
  for (const u of [
    { id: 'hq', parentId: null, kind: 'hq', name: '总部', hallId: null },
    { id: 'south', parentId: 'hq', kind: 'region', name: '华南区', hallId: null },
    { id: 'hall-NS', parentId: 'south', kind: 'hall', name: '南山营业厅', hallId: 'NS' },
    { id: 'hall-UR', parentId: 'south', kind: 'hall', name: '乌鲁木齐营业厅', hallId: 'UR' },
  ] as const)
    await accessRepository.insertUnit(db.db, u);
  for (const [name, unit, role] of [['吴培训', 'south', 'trainer']] as const) {
    const id = await createUser(db.db, { username: 'trainer', name, password: 'Correct-Horse-9', orgUnitId: unit });
    await accessRepository.grant(db.db, { userId: id, role, orgUnitId: unit });
    users.trainer = (await sessionUser(db.db, (await openSession(db.db, id)).token)) as SessionUser;
  }
  const clerk = await createUser(db.db, {
    username: 'clerk',
    name: '王芳',
    password: 'Correct-Horse-9',
    orgUnitId: 'hall-UR',
  });
  await accessRepository.grant(db.db, { userId: clerk, role: 'staff', orgUnitId: 'hall-UR' });
  await staffRepository.insert(db.db, {
    id: 'emp-1',
    hallId: 'UR',
    staffId: 'E1',
    name: '王芳',
    contract: CONTRACT,
    userId: clerk,
  });
  users.clerk = (await sessionUser(db.db, (await openSession(db.db, clerk)).token)) as SessionUser;
});
afterAll(async () => {
  await db?.drop();
});

describe('training sessions as the pages show them', () => {
  it('says each session’s hall time zone, its course by the version in force, its trainer; the halls’ zones to invite from', async () => {
    const trainer = callerAs(db.db, users.trainer).training;
    const choices = await trainer.inviteChoices({ orgUnitId: 'south' });
    expect(choices.halls).toEqual(
      expect.arrayContaining([
        { id: 'NS', name: '南山营业厅', timeZone: 'Asia/Shanghai' },
        { id: 'UR', name: '乌鲁木齐营业厅', timeZone: 'Asia/Urumqi' },
      ]),
    );
    const course = await trainer.createMaterial({
      kind: 'note',
      title: '宽带装机流程',
      body: '预约上门时间，核对地址。',
      orgUnitId: 'south',
      serviceIds: [],
      skills: [],
      level: 1,
    });
    const material = await trainer.material({ id: course.id });
    await trainer.newVersion({
      of: course.id,
      material: {
        kind: 'note',
        title: '宽带装机流程（2026版）',
        body: '预约上门时间，核对地址，带齐工具。',
        orgUnitId: 'south',
        serviceIds: [],
        skills: [],
        level: 1,
      },
    });
    const now = Date.now();
    const at = (minutes: number) => new Date(now + minutes * 60_000).toISOString();
    const inUrumqi = await trainer.scheduleSession({
      title: '装机规范',
      materialSeriesId: material.seriesId,
      orgUnitId: 'south',
      hallId: 'UR',
      mode: 'classroom',
      place: '二楼会议室',
      startsAt: at(-5),
      endsAt: at(55),
      employeeIds: ['emp-1'],
    });
    await trainer.scheduleSession({
      title: '线上答疑',
      orgUnitId: 'south',
      mode: 'online',
      place: 'https://meeting.example.com/abc',
      startsAt: at(60 * 24),
      endsAt: at(60 * 25),
      employeeIds: ['emp-1'],
    });
    const listed = await trainer.sessions({ from: at(-60), to: at(60 * 48) });
    expect(
      listed.map((s) => ({
        title: s.title,
        hallName: s.hallName,
        timeZone: s.timeZone,
        courseTitle: s.courseTitle,
        trainerName: s.trainerName,
      })),
    ).toEqual([
      {
        title: '装机规范',
        hallName: '乌鲁木齐营业厅',
        timeZone: 'Asia/Urumqi',
        courseTitle: '宽带装机流程（2026版）',
        trainerName: '吴培训',
      },
      { title: '线上答疑', hallName: null, timeZone: null, courseTitle: null, trainerName: '吴培训' },
    ]);

    const clerk = callerAs(db.db, users.clerk).training;
    const mine = await clerk.mySessions();
    expect(mine.map((s) => [s.title, s.timeZone, s.courseTitle, s.trainerName])).toEqual([
      ['线上答疑', null, null, '吴培训'],
      ['装机规范', 'Asia/Urumqi', '宽带装机流程（2026版）', '吴培训'],
    ]);

    // A check-in answers what the phone says: the session, its time and place in the hall's zone.
    const [row] = await db.db.select().from(trainingSessions).where(eq(trainingSessions.id, inUrumqi.id));
    const code = codeAt(row?.checkinSecret as string, inUrumqi.id, Math.floor(Date.now() / 30_000));
    const done = await clerk.checkIn({ sessionId: inUrumqi.id, code });
    expect(done).toMatchObject({
      title: '装机规范',
      mode: 'classroom',
      place: '二楼会议室',
      hallName: '乌鲁木齐营业厅',
      timeZone: 'Asia/Urumqi',
      already: false,
    });
    expect(done.startsAt.getTime()).toBe(row?.startsAt.getTime());
    expect(done.endsAt.getTime()).toBe(row?.endsAt.getTime());
    // Recorded on PostgreSQL (the time a raw SQL fragment carries), kept at the first scan.
    const again = await clerk.checkIn({ sessionId: inUrumqi.id, code });
    expect(again.already).toBe(true);
    expect(again.checkedInAt.getTime()).toBe(done.checkedInAt.getTime());
    const seen = await trainer.session({ id: inUrumqi.id });
    expect(seen.attendees.map((x) => [x.name, x.status, x.method])).toEqual([['王芳', 'present', 'qr']]);
    expect(seen.attendees[0]?.checkedInAt?.getTime()).toBe(done.checkedInAt.getTime());
    // The trainer's undo and mark record theirs.
    await trainer.markAttendance({ sessionId: inUrumqi.id, employeeId: 'emp-1', status: 'invited' });
    await trainer.markAttendance({ sessionId: inUrumqi.id, employeeId: 'emp-1', status: 'present' });
    const marked = (await trainer.session({ id: inUrumqi.id })).attendees[0];
    expect([marked?.status, marked?.method, marked?.checkedInAt instanceof Date]).toEqual(['present', 'trainer', true]);
  });

  it('lets a trainer excuse someone ahead and take it back ahead; presence waits for the window', async () => {
    const trainer = callerAs(db.db, users.trainer).training;
    const tomorrow = (h: number) => new Date(Date.now() + (24 + h) * 3_600_000).toISOString();
    const { id } = await trainer.scheduleSession({
      title: '服务礼仪复训',
      orgUnitId: 'south',
      hallId: 'UR',
      mode: 'classroom',
      startsAt: tomorrow(0),
      endsAt: tomorrow(1),
      employeeIds: ['emp-1'],
    });
    const mark = (status: 'invited' | 'present' | 'excused') =>
      trainer.markAttendance({ sessionId: id, employeeId: 'emp-1', status });
    await mark('excused');
    await mark('invited');
    expect((await trainer.session({ id })).attendees.map((a) => a.status)).toEqual(['invited']);
    const refused = await mark('present').then(
      () => null,
      (e: { cause?: { detail?: { code: string } } }) => e.cause?.detail?.code,
    );
    expect(refused).toBe('training-checkin-closed');
  });
});

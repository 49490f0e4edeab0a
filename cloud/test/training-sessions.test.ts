/**
 * Training sessions as a trainer, a hall manager and clerks meet them: scheduling for a region's halls,
 * the room's rotating QR code and check-in only inside the session's window (never a future session,
 * not even by the trainer), the live attendee list, feedback once from those who were there (the trainer
 * reads averages and comments without names), and the invitations told through the notification outbox.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog } from '../src/modules/access/access.table.ts';
import { trainingSessions } from '../src/modules/training/sessions.table.ts';
import type { SessionUser } from '../src/modules/access/access.service.ts';
import {
  checkIn,
  checkinCode,
  codeAt,
  CODE_STEP_SECONDS,
  giveFeedback,
  markAttendance,
  mySessions,
} from '../src/modules/training/sessions.service.ts';
import { saveChannel, saveProfile } from '../src/modules/notifications/index.ts';
import { notificationOutbox } from '../src/modules/notifications/notifications.table.ts';
import { testDatabase } from './support/db.ts';
import { refusal, trainingOrg } from './support/training-org.ts';

let db: Awaited<ReturnType<typeof testDatabase>>;
let org: Awaited<ReturnType<typeof trainingOrg>>;
const MIN = 60_000;

beforeAll(async () => {
  db = await testDatabase();
  org = await trainingOrg(db.db);
  // A mail channel, and two clerks who gave an address (one reads English): invitations are queued for them.
  await saveChannel(db.db, org.users.admin as SessionUser, {
    id: 'mail',
    kind: 'smtp',
    name: '邮件',
    settings: { host: '127.0.0.1', port: 2525, from: 'training@hall.example.cn' },
    secrets: {},
    enabled: true,
  });
  for (const [name, language] of [
    ['e1', 'zh-CN'],
    ['e2', 'en'],
  ] as const)
    await saveProfile(db.db, org.users[name] as SessionUser, {
      userId: (org.users[name] as SessionUser).id,
      email: `${name}@hall.example.cn`,
      mobile: null,
      language,
      subscriptions: [],
    });
});
afterAll(async () => {
  await db?.drop();
});

/** The session's secret, as only the cloud holds it (to make the code the room would show at a moment). */
const secretOf = async (id: number) =>
  (await db.db.select().from(trainingSessions).where(eq(trainingSessions.id, id)))[0]?.checkinSecret as string;
const user = (name: string) => org.users[name] as SessionUser;
const schedule = (startsAt: Date, minutes = 90, employeeIds = ['e1', 'e2', 'e3']) =>
  org.as('trainer').scheduleSession({
    title: '5G 套餐新品培训',
    orgUnitId: 'east',
    hallId: 'H1',
    mode: 'classroom',
    place: '二楼培训室',
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + minutes * MIN).toISOString(),
    employeeIds,
  });

describe('scheduling', () => {
  it('a trainer schedules for the region’s halls and the invited clerks are told; a clerk of another region cannot be invited', async () => {
    const { id } = await schedule(new Date(Date.now() + 3 * 86_400_000));
    const s = await org.as('trainer').session({ id });
    expect(s.session).toMatchObject({
      title: '5G 套餐新品培训',
      hallName: '城东营业厅',
      unitName: '东区',
      trainerName: 'trainer',
    });
    expect(s.session).not.toHaveProperty('checkinSecret');
    expect(s.attendees.map((a) => a.name).sort()).toEqual(['张伟', '李娜', '王芳'].sort());
    expect(s.attendees.every((a) => a.status === 'invited')).toBe(true);
    const audit = await db.db.select().from(auditLog).where(eq(auditLog.entity, 'training_session'));
    expect(audit.map((r) => r.action)).toContain('training.session.scheduled');
    // The invited clerks are told, each in their language; one without an address is logged as such.
    const mail = await db.db.select().from(notificationOutbox);
    expect(mail.map((m) => [m.recipient, m.subject]).sort()).toEqual([
      ['-', '培训通知：5G 套餐新品培训'],
      ['e1@hall.example.cn', '培训通知：5G 套餐新品培训'],
      ['e2@hall.example.cn', 'Training: 5G 套餐新品培训'],
    ]);
    expect(mail.find((m) => m.recipient === 'e1@hall.example.cn')?.body).toMatch(
      /城东营业厅 二楼培训室.*扫描现场二维码签到/,
    );

    expect(
      await refusal(
        org.as('trainer').scheduleSession({
          title: '跨区',
          orgUnitId: 'east',
          mode: 'online',
          startsAt: new Date(Date.now() + 86_400_000).toISOString(),
          endsAt: new Date(Date.now() + 86_400_000 + 60 * MIN).toISOString(),
          employeeIds: ['e4'],
        }),
      ),
    ).toMatchObject({ code: 'BAD_REQUEST', detail: 'training-session-attendee', field: 'employeeIds' });
    expect(await refusal(schedule(new Date(Date.now() + 86_400_000), 13 * 60))).toMatchObject({
      detail: 'training-session-time',
      field: 'endsAt',
    });
    // The south region's trainer cannot schedule for the east.
    expect(
      await refusal(
        org.as('trainerS').scheduleSession({
          title: '越权',
          orgUnitId: 'east',
          mode: 'online',
          startsAt: new Date(Date.now() + 86_400_000).toISOString(),
          endsAt: new Date(Date.now() + 86_400_000 + 60 * MIN).toISOString(),
          employeeIds: [],
        }),
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('the hall’s manager sees the region’s sessions held at the hall or inviting its clerks; the other region’s trainer sees none', async () => {
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const all = await org.as('trainer').sessions({ from, to });
    expect(all.length).toBeGreaterThan(0);
    // Held at 城东 (H1) with its clerks: the H1 manager sees it and its list.
    const seen = await org.as('manager').sessions({ from, to });
    expect(seen.map((x) => x.id)).toEqual(all.filter((x) => x.hallId === 'H1').map((x) => x.id));
    expect((await org.as('manager').session({ id: seen[0]?.id as number })).canEdit).toBe(false);
    // An online session of the region inviting only 城西's clerk is not theirs.
    const { id: online } = await org.as('trainer').scheduleSession({
      title: '线上复训',
      orgUnitId: 'east',
      mode: 'online',
      startsAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
      endsAt: new Date(Date.now() + 2 * 86_400_000 + 60 * MIN).toISOString(),
      employeeIds: ['e3'],
    });
    expect((await org.as('manager').sessions({ from, to })).some((x) => x.id === online)).toBe(false);
    expect(await refusal(org.as('manager').session({ id: online }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await org.as('trainerS').sessions({ from, to })).toEqual([]);
  });
});

describe('check-in by the room’s code', () => {
  it('counts only inside the window: not before (not even the trainer), from 15 minutes before the start to the end, not after', async () => {
    const start = new Date(Date.now() + 2 * 3_600_000);
    const { id } = await schedule(start, 60);
    const secret = await secretOf(id);
    const codeFor = (at: Date) => codeAt(secret, id, Math.floor(at.getTime() / 1000 / CODE_STEP_SECONDS));

    // Two hours ahead: no code is shown and a right code (as it would be then) is refused now.
    const now = new Date();
    expect(await checkinCode(db.db, user('trainer'), id, now)).toMatchObject({ open: false, code: null });
    expect(await refusal(checkIn(db.db, user('e1'), { sessionId: id, code: codeFor(now) }, now))).toMatchObject({
      code: 'CONFLICT',
      detail: 'training-checkin-closed',
    });
    expect(
      await refusal(
        markAttendance(db.db, user('trainer'), { sessionId: id, employeeId: 'e1', status: 'present' }, now),
      ),
    ).toMatchObject({ detail: 'training-checkin-closed' });

    // Sixteen minutes before: still closed; fourteen before: open, and the code shown works.
    const early = new Date(start.getTime() - 16 * MIN);
    expect(await refusal(checkIn(db.db, user('e1'), { sessionId: id, code: codeFor(early) }, early))).toMatchObject({
      detail: 'training-checkin-closed',
    });
    const open = new Date(start.getTime() - 14 * MIN);
    const shown = await checkinCode(db.db, user('trainer'), id, open);
    expect(shown).toMatchObject({ open: true });
    expect(shown.refreshAt.getTime() - open.getTime()).toBeLessThanOrEqual(CODE_STEP_SECONDS * 1000);
    const done = await checkIn(db.db, user('e1'), { sessionId: id, code: shown.code as string }, open);
    expect(done).toMatchObject({ title: '5G 套餐新品培训', already: false });

    // The code of a minute and a half ago (a photo sent to a colleague) is refused; the one just changed is not.
    const later = new Date(start.getTime() + 10 * MIN);
    const stale = codeFor(new Date(later.getTime() - 90_000));
    expect(await refusal(checkIn(db.db, user('e2'), { sessionId: id, code: stale }, later))).toMatchObject({
      code: 'BAD_REQUEST',
      detail: 'training-checkin-code',
      field: 'code',
    });
    const justChanged = codeFor(new Date(later.getTime() - CODE_STEP_SECONDS * 1000));
    await checkIn(db.db, user('e2'), { sessionId: id, code: justChanged }, later);
    // Scanning twice keeps the first time.
    const again = await checkIn(db.db, user('e1'), { sessionId: id, code: codeFor(later) }, later);
    expect(again).toMatchObject({ already: true, checkedInAt: open });

    // A clerk not on the list, and one of another hall, cannot check themselves in.
    expect(await refusal(checkIn(db.db, user('e4'), { sessionId: id, code: codeFor(later) }, later))).toMatchObject({
      detail: 'training-checkin-not-invited',
    });

    // After the end: closed for the clerks; the trainer may still correct the list.
    const after = new Date(start.getTime() + 61 * MIN);
    expect(await checkinCode(db.db, user('trainer'), id, after)).toMatchObject({ open: false, code: null });
    expect(await refusal(checkIn(db.db, user('e3'), { sessionId: id, code: codeFor(after) }, after))).toMatchObject({
      detail: 'training-checkin-closed',
    });
    await markAttendance(db.db, user('trainer'), { sessionId: id, employeeId: 'e3', status: 'present' }, after);

    // The live list: who, when, and how.
    const list = (await org.as('trainer').session({ id })).attendees;
    expect(list.map((a) => [a.name, a.status, a.method])).toEqual(
      expect.arrayContaining([
        ['张伟', 'present', 'qr'],
        ['李娜', 'present', 'qr'],
        ['王芳', 'present', 'trainer'],
      ]),
    );
    expect(list.find((a) => a.employeeId === 'e1')?.checkedInAt).toEqual(open);
    // The trainer's correction is audited.
    const audit = await db.db.select().from(auditLog).where(eq(auditLog.action, 'training.attendance.marked'));
    expect(audit.map((r) => r.after)).toEqual([{ employeeId: 'e3', status: 'present' }]);
  });

  it('a clerk sees their sessions with their attendance, and feedback is taken once, from those who were there, after the session', async () => {
    const start = new Date(Date.now() - 3 * 3_600_000);
    const { id } = await schedule(start, 60);
    const during = new Date(start.getTime() + 5 * MIN);
    const secret = await secretOf(id);
    await checkIn(
      db.db,
      user('e1'),
      { sessionId: id, code: codeAt(secret, id, Math.floor(during.getTime() / 1000 / CODE_STEP_SECONDS)) },
      during,
    );
    const now = new Date();
    const mine = await mySessions(db.db, user('e1'), now);
    const row = mine.find((s) => s.id === id);
    expect(row).toMatchObject({ attendance: 'present', feedbackDue: true, hallName: '城东营业厅' });
    expect(mine.find((s) => s.id === id && s.attendance === 'invited')).toBeUndefined();
    expect((await mySessions(db.db, user('e2'), now)).find((s) => s.id === id)).toMatchObject({
      attendance: 'invited',
      feedbackDue: false,
    });

    // During the session (before its last quarter hour) it is too early.
    expect(
      await refusal(giveFeedback(db.db, user('e1'), { sessionId: id, courseScore: 5, trainerScore: 4 }, during)),
    ).toMatchObject({ detail: 'training-feedback-window' });
    await giveFeedback(
      db.db,
      user('e1'),
      { sessionId: id, courseScore: 5, trainerScore: 4, comment: '案例很实用' },
      now,
    );
    expect(
      await refusal(giveFeedback(db.db, user('e1'), { sessionId: id, courseScore: 1, trainerScore: 1 }, now)),
    ).toMatchObject({ detail: 'training-feedback-given' });
    // Someone who did not come cannot rate it.
    expect(
      await refusal(giveFeedback(db.db, user('e2'), { sessionId: id, courseScore: 1, trainerScore: 1 }, now)),
    ).toMatchObject({ detail: 'training-feedback-absent' });

    const seen = await org.as('trainer').session({ id });
    expect(seen.feedback).toEqual({ count: 1, course: 5, trainer: 4, comments: ['案例很实用'] });
    expect(JSON.stringify(seen.feedback)).not.toContain('e1');
    expect((await mySessions(db.db, user('e1'), now)).find((s) => s.id === id)?.feedbackDue).toBe(false);
  });

  it('a cancelled session takes no check-in; one already started cannot be cancelled; the other region’s trainer cannot see it', async () => {
    const { id } = await schedule(new Date(Date.now() + 86_400_000));
    await org.as('trainer').cancelSession({ sessionId: id });
    const s = await org.as('trainer').session({ id });
    expect(s.session.status).toBe('cancelled');
    expect(await refusal(checkIn(db.db, user('e1'), { sessionId: id, code: 'abcdefgh' }))).toMatchObject({
      detail: 'training-session-cancelled',
    });
    const started = await schedule(new Date(Date.now() - 10 * MIN));
    expect(await refusal(org.as('trainer').cancelSession({ sessionId: started.id }))).toMatchObject({
      detail: 'training-session-started',
    });
    expect(await refusal(org.as('trainerS').session({ id }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('changing the list invites the added and removes the others, but never someone already present', async () => {
    const start = new Date(Date.now() - 5 * MIN);
    const { id } = await schedule(start, 60, ['e1', 'e2']);
    const shown = await checkinCode(db.db, user('trainer'), id);
    await checkIn(db.db, user('e1'), { sessionId: id, code: shown.code as string });
    expect(await org.as('trainer').setAttendees({ sessionId: id, employeeIds: ['e3'] })).toEqual({
      added: 1,
      removed: 1,
    });
    const list = (await org.as('trainer').session({ id })).attendees.map((a) => [a.employeeId, a.status]);
    expect(list.sort()).toEqual([
      ['e1', 'present'],
      ['e3', 'invited'],
    ]);
  });
});

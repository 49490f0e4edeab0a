/**
 * Training sessions (培训场次) and their attendance.
 *
 * - A trainer (`training` edit at the unit) schedules a session for a hall's or a region's unit, invites
 *   clerks of the halls under it, changes the list, cancels. Managers with `training` view there see it.
 * - Attendance by the room's QR code: the trainer's page shows a code that changes every
 *   `CODE_STEP_SECONDS` (an HMAC of the session's secret and the time step — a photo sent to a colleague
 *   outside is stale within a minute); the clerk scans it with their phone, signed in as themselves.
 *   A check-in counts only inside the session's window (from `CHECKIN_EARLY_MINUTES` before the start to
 *   the end): nobody marks a future session, not even the trainer. After the end the trainer may still
 *   correct the list (someone whose phone failed), never before the window opens.
 * - Feedback on the course and the trainer (1–5 each and a comment) from each attendee present, once,
 *   from the session's last quarter hour to `FEEDBACK_DAYS` after; the trainer sees averages and the
 *   comments, never who wrote them.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { AppError, refuse } from '../../errors.ts';
import { allows, audit, type SessionUser, subtree, unitsAllowed } from '../access/access.service.ts';
import { enqueueForUsers } from '../notifications/index.ts';
import { staffRepository } from '../staff/staff.repository.ts';
import { trainingRepository } from './training.repository.ts';
import { sessionsRepository as repo, type SessionRow } from './sessions.repository.ts';
import type { SESSION_MODES } from './sessions.table.ts';

export const CODE_STEP_SECONDS = 30;
export const CHECKIN_EARLY_MINUTES = 15;
export const FEEDBACK_DAYS = 14;
/** A session at most (hours); scheduling at most this far back (days, to record one held) or ahead. */
export const MAX_SESSION_HOURS = 12;
export const MAX_BACK_DAYS = 90;
export const MAX_AHEAD_DAYS = 366;
export const MAX_ATTENDEES = 200;

const MINUTE = 60_000;
const DAY = 86_400_000;

const forbidden = () =>
  new AppError('FORBIDDEN', 'needs training edit where the session is held', { reason: 'forbidden' });
const notFound = () => refuse('training-session-not-found', 'sessionId', {}, 'NOT_FOUND');

export interface SessionInput {
  title: string;
  materialSeriesId?: number | undefined;
  orgUnitId: string;
  hallId?: string | undefined;
  mode: (typeof SESSION_MODES)[number];
  place?: string | undefined;
  startsAt: Date;
  endsAt: Date;
  employeeIds: string[];
}

/** The halls under a unit (its own hall, or a region's). */
async function hallsUnder(db: Db, orgUnitId: string) {
  const units = await repo.units(db);
  const under = subtree(units, orgUnitId);
  return units.filter((u) => u.hallId && under.has(u.id)).map((u) => u.hallId as string);
}

/** The employee the signed-in user is (a clerk's console account is linked to their staff record). */
export async function employeeOf(db: Db, user: SessionUser) {
  const e = await staffRepository.byUser(db, user.id);
  if (!e || e.status !== 'active') throw refuse('training-not-staff', 'user', {}, 'NOT_FOUND');
  return e;
}

/** The window a check-in counts in. */
export const checkinWindow = (s: Pick<SessionRow, 'startsAt' | 'endsAt'>) => ({
  opensAt: new Date(s.startsAt.getTime() - CHECKIN_EARLY_MINUTES * MINUTE),
  closesAt: s.endsAt,
});

/** The room's code for a time step: 8 characters of the HMAC (letters and digits a phone camera reads). */
export function codeAt(secret: string, sessionId: number, step: number): string {
  return createHmac('sha256', secret).update(`${sessionId}:${step}`).digest('base64url').slice(0, 8);
}

const stepOf = (now: Date) => Math.floor(now.getTime() / 1000 / CODE_STEP_SECONDS);

/** The code's two valid steps: this one and the previous (a scan just as it changed still counts). */
function codeValid(s: SessionRow, code: string, now: Date) {
  const step = stepOf(now);
  const given = Buffer.from(code);
  return [step, step - 1].some((k) => {
    const want = Buffer.from(codeAt(s.checkinSecret, s.id, k));
    return want.length === given.length && timingSafeEqual(want, given);
  });
}

async function checkedInput(db: Db, input: SessionInput, now: Date) {
  const title = input.title.trim();
  if (!title) throw refuse('training-title-empty', 'title');
  const span = input.endsAt.getTime() - input.startsAt.getTime();
  if (span <= 0 || span > MAX_SESSION_HOURS * 60 * MINUTE)
    throw refuse('training-session-time', 'endsAt', { hours: MAX_SESSION_HOURS });
  if (
    input.startsAt.getTime() < now.getTime() - MAX_BACK_DAYS * DAY ||
    input.startsAt.getTime() > now.getTime() + MAX_AHEAD_DAYS * DAY
  )
    throw refuse('training-session-date', 'startsAt', { back: MAX_BACK_DAYS, ahead: MAX_AHEAD_DAYS });
  const hallIds = await hallsUnder(db, input.orgUnitId);
  if (input.hallId && !hallIds.includes(input.hallId)) throw refuse('training-session-hall', 'hallId');
  if (input.mode === 'classroom' && !input.hallId && !(input.place ?? '').trim())
    throw refuse('training-session-place', 'place');
  if (input.materialSeriesId !== undefined) {
    const series = await trainingRepository.series(db, input.materialSeriesId);
    if (series.length === 0) throw refuse('training-material-not-found', 'materialSeriesId', {}, 'NOT_FOUND');
  }
  const ids = [...new Set(input.employeeIds)];
  if (ids.length > MAX_ATTENDEES) throw refuse('training-session-attendee', 'employeeIds');
  const people = await repo.employeesByIds(db, ids);
  const found = new Map(people.map((p) => [p.id, p]));
  const bad = ids.find((id) => {
    const p = found.get(id);
    return !p || p.status !== 'active' || !hallIds.includes(p.hallId);
  });
  if (bad) throw refuse('training-session-attendee', 'employeeIds', { employeeId: bad });
  return { title, ids, people };
}

/** Tells the invited clerks (those with an account) what, when and where. */
async function tellInvited(db: Db, session: SessionRow, userIds: string[], change: 'invited' | 'cancelled') {
  if (userIds.length === 0) return;
  const [hall] = session.hallId ? await repo.hallNames(db, [session.hallId]) : [];
  const timeZone = hall?.timeZone ?? 'Asia/Shanghai';
  await enqueueForUsers(db, {
    dedupeKey: `training|${change}|${session.id}|${session.startsAt.toISOString()}`,
    userIds,
    via: ['email', 'sms'],
    hallId: session.hallId,
    render: (lang) => {
      const when = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(
        session.startsAt,
      );
      const where =
        session.mode === 'online'
          ? lang === 'en'
            ? 'online'
            : '线上'
          : [hall?.name, session.place].filter(Boolean).join(' ');
      if (lang === 'en')
        return change === 'invited'
          ? {
              subject: `Training: ${session.title}`,
              body: `You are invited to "${session.title}" on ${when}, ${where}. Check in by scanning the code shown in the room.`,
            }
          : { subject: `Training cancelled: ${session.title}`, body: `"${session.title}" on ${when} is cancelled.` };
      return change === 'invited'
        ? {
            subject: `培训通知：${session.title}`,
            body: `请参加「${session.title}」，时间 ${when}，地点 ${where}。到场后扫描现场二维码签到。`,
          }
        : { subject: `培训取消：${session.title}`, body: `原定 ${when} 的「${session.title}」已取消。` };
    },
  });
}

/** Schedules a session and invites its clerks (who are told by their channels). */
export async function scheduleSession(db: Db, user: SessionUser, input: SessionInput, now = new Date()) {
  if (!(await repo.units(db)).some((u) => u.id === input.orgUnitId))
    throw refuse('org-unit-not-found', 'orgUnitId', {}, 'NOT_FOUND');
  if (!(await allows(db, user, 'training', 'edit', input.orgUnitId))) throw forbidden();
  const c = await checkedInput(db, input, now);
  const session = await db.transaction(async (tx) => {
    const row = await repo.insert(tx, {
      title: c.title,
      materialSeriesId: input.materialSeriesId ?? null,
      orgUnitId: input.orgUnitId,
      hallId: input.hallId ?? null,
      mode: input.mode,
      place: (input.place ?? '').trim(),
      trainerUserId: user.id,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      checkinSecret: randomBytes(32).toString('base64url'),
      createdBy: user.id,
    });
    await repo.invite(tx, row.id, c.ids);
    await audit(tx, {
      userId: user.id,
      action: 'training.session.scheduled',
      entity: 'training_session',
      entityId: String(row.id),
      orgUnitId: input.orgUnitId,
      after: { title: c.title, startsAt: input.startsAt, endsAt: input.endsAt, attendees: c.ids.length },
    });
    return row;
  });
  if (session.endsAt > now)
    await tellInvited(
      db,
      session,
      c.people.map((p) => p.userId).filter((u): u is string => !!u),
      'invited',
    );
  return { id: session.id };
}

async function editable(db: Db, user: SessionUser, id: number) {
  const s = await repo.get(db, id);
  if (!s) throw notFound();
  if (!(await allows(db, user, 'training', 'edit', s.orgUnitId))) throw forbidden();
  return s;
}

/** Sets who is invited: those added are invited (and told), those left out removed unless already present. */
export async function setAttendees(
  db: Db,
  user: SessionUser,
  sessionId: number,
  employeeIds: string[],
  now = new Date(),
) {
  const s = await editable(db, user, sessionId);
  if (s.status === 'cancelled') throw refuse('training-session-cancelled', 'sessionId', {}, 'CONFLICT');
  const c = await checkedInput(
    db,
    { ...s, hallId: s.hallId ?? undefined, materialSeriesId: undefined, employeeIds },
    new Date(Math.min(now.getTime(), s.startsAt.getTime())),
  );
  const listed = await repo.attendees(db, sessionId);
  const before = listed.map((x) => x.employeeId);
  const added = c.ids.filter((id) => !before.includes(id));
  // Someone already present stays on the list whatever the new one says.
  const removed = listed
    .filter((x) => !c.ids.includes(x.employeeId) && x.status !== 'present')
    .map((x) => x.employeeId);
  await db.transaction(async (tx) => {
    await repo.invite(tx, sessionId, added);
    await repo.uninvite(tx, sessionId, removed);
    await audit(tx, {
      userId: user.id,
      action: 'training.session.attendees',
      entity: 'training_session',
      entityId: String(sessionId),
      orgUnitId: s.orgUnitId,
      before: { attendees: before },
      after: { added, removed },
    });
  });
  if (s.endsAt > now)
    await tellInvited(
      db,
      s,
      c.people.filter((p) => added.includes(p.id) && p.userId).map((p) => p.userId as string),
      'invited',
    );
  return { added: added.length, removed: removed.length };
}

export async function cancelSession(db: Db, user: SessionUser, sessionId: number, now = new Date()) {
  const s = await editable(db, user, sessionId);
  if (s.status === 'cancelled') return { cancelled: false };
  if (s.startsAt <= now) throw refuse('training-session-started', 'sessionId', {}, 'CONFLICT');
  await db.transaction(async (tx) => {
    await repo.update(tx, sessionId, { status: 'cancelled' });
    await audit(tx, {
      userId: user.id,
      action: 'training.session.cancelled',
      entity: 'training_session',
      entityId: String(sessionId),
      orgUnitId: s.orgUnitId,
    });
  });
  const people = await repo.employeesByIds(
    db,
    (await repo.attendees(db, sessionId)).map((a) => a.employeeId),
  );
  await tellInvited(
    db,
    s,
    people.map((p) => p.userId).filter((u): u is string => !!u),
    'cancelled',
  );
  return { cancelled: true };
}

/** Sessions in [from, to) of the units under the caller's `training` view, soonest first. */
export async function listSessions(
  db: Db,
  user: SessionUser,
  q: { from: Date; to: Date; orgUnitId?: string | undefined },
) {
  const units = await repo.units(db);
  const visible = unitsAllowed(user, units, 'training', 'view');
  const wanted = [...(q.orgUnitId ? subtree(units, q.orgUnitId) : visible)].filter((u) => visible.has(u));
  const halls = units.filter((u) => u.hallId && wanted.includes(u.id)).map((u) => u.hallId as string);
  const rows = await repo.list(db, wanted, halls, q.from, q.to, 200);
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const hallRows = await hallsOf(db, rows);
  const trainers = await trainerNames(
    db,
    rows.map((r) => r.trainerUserId),
  );
  const courses = await coursesOf(db, rows);
  return rows.map((r) => ({
    ...r,
    unitName: unitName.get(r.orgUnitId) ?? r.orgUnitId,
    hallName: r.hallId ? (hallRows.get(r.hallId)?.name ?? null) : null,
    /** The hall's time zone (the session's times are shown in it); null without a hall. */
    timeZone: r.hallId ? (hallRows.get(r.hallId)?.timeZone ?? null) : null,
    trainerName: trainers.get(r.trainerUserId) ?? null,
    courseTitle: r.materialSeriesId === null ? null : (courses.get(r.materialSeriesId) ?? null),
  }));
}

/** The halls sessions are held in, by id (their names and time zones). */
async function hallsOf(db: Db, rows: ReadonlyArray<{ hallId: string | null }>) {
  const ids = [...new Set(rows.map((r) => r.hallId).filter((h): h is string => !!h))];
  return new Map((await repo.hallNames(db, ids)).map((h) => [h.id, h]));
}

/** The courses' titles (their materials' versions in force) by series. */
const coursesOf = (db: Db, rows: ReadonlyArray<{ materialSeriesId: number | null }>) =>
  repo.courseTitles(db, [...new Set(rows.map((r) => r.materialSeriesId).filter((x): x is number => x !== null))]);

/** Users' names by id (the trainers of sessions). */
export async function trainerNames(db: Db, userIds: string[]) {
  return new Map((await repo.userNames(db, [...new Set(userIds)])).map((u) => [u.id, u.name]));
}

/** One session: its attendees (live: the trainer's page polls it), feedback summary, what the caller may do. */
export async function getSession(db: Db, user: SessionUser, id: number, now = new Date()) {
  const s = await repo.get(db, id);
  if (!s) throw notFound();
  if (!(await allows(db, user, 'training', 'view', s.orgUnitId))) {
    // A region's session held at a hall, or inviting its clerks, is that hall's manager's to see.
    const units = await repo.units(db);
    const visible = unitsAllowed(user, units, 'training', 'view');
    const halls = units.filter((u) => u.hallId && visible.has(u.id)).map((u) => u.hallId as string);
    if (!(await repo.touchesHalls(db, id, halls))) throw notFound();
  }
  const canEdit = await allows(db, user, 'training', 'edit', s.orgUnitId);
  const attendees = await repo.attendees(db, id);
  const feedback = await repo.feedback(db, id);
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
  const units = await repo.units(db);
  const [hall] = s.hallId ? await repo.hallNames(db, [s.hallId]) : [];
  const material = s.materialSeriesId ? await trainingRepository.series(db, s.materialSeriesId) : [];
  const inForce = material.find((m) => m.supersededBy === null) ?? material.at(-1);
  const { checkinSecret: _secret, ...shown } = s;
  return {
    session: {
      ...shown,
      unitName: units.find((u) => u.id === s.orgUnitId)?.name ?? s.orgUnitId,
      hallName: hall?.name ?? null,
      timeZone: hall?.timeZone ?? null,
      trainerName: (await trainerNames(db, [s.trainerUserId])).get(s.trainerUserId) ?? null,
      material: inForce ? { id: inForce.id, title: inForce.title } : null,
      ...checkinWindow(s),
    },
    attendees,
    feedback: {
      count: feedback.length,
      course: mean(feedback.map((f) => f.courseScore)),
      trainer: mean(feedback.map((f) => f.trainerScore)),
      // Comments without names, newest first; the trainer reads what was said, not who said it.
      comments: canEdit
        ? feedback
            .filter((f) => f.comment)
            .map((f) => f.comment)
            .reverse()
        : [],
    },
    canEdit,
    now,
  };
}

/** The code to show in the room now, while the window is open (null before and after, with the window). */
export async function checkinCode(db: Db, user: SessionUser, id: number, now = new Date()) {
  const s = await editable(db, user, id);
  const w = checkinWindow(s);
  const open = s.status === 'scheduled' && now >= w.opensAt && now < w.closesAt;
  const step = stepOf(now);
  return {
    ...w,
    open,
    code: open ? codeAt(s.checkinSecret, s.id, step) : null,
    /** When the code shown changes (the page fetches the next one then). */
    refreshAt: new Date((step + 1) * CODE_STEP_SECONDS * 1000),
  };
}

/** A clerk checks in by the room's code (their own attendance only, inside the window). */
export async function checkIn(db: Db, user: SessionUser, q: { sessionId: number; code: string }, now = new Date()) {
  const e = await employeeOf(db, user);
  const s = await repo.get(db, q.sessionId);
  if (!s) throw notFound();
  if (s.status === 'cancelled') throw refuse('training-session-cancelled', 'sessionId', {}, 'CONFLICT');
  const w = checkinWindow(s);
  if (now < w.opensAt || now >= w.closesAt)
    throw refuse(
      'training-checkin-closed',
      'sessionId',
      { opensAt: w.opensAt.toISOString(), closesAt: w.closesAt.toISOString() },
      'CONFLICT',
    );
  if (!codeValid(s, q.code, now)) throw refuse('training-checkin-code', 'code');
  const mine = await repo.attendance(db, s.id, e.id);
  if (!mine) throw refuse('training-checkin-not-invited', 'sessionId', {}, 'CONFLICT');
  if (mine.status !== 'present')
    await repo.mark(
      db,
      { sessionId: s.id, employeeId: e.id },
      { status: 'present', at: now, method: 'qr', by: user.id },
    );
  const [hall] = s.hallId ? await repo.hallNames(db, [s.hallId]) : [];
  // What the clerk's phone says: checked in to what, when and where (in the hall's time).
  return {
    title: s.title,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    mode: s.mode,
    place: s.place,
    hallName: hall?.name ?? null,
    timeZone: hall?.timeZone ?? null,
    checkedInAt: mine.checkedInAt ?? now,
    already: mine.status === 'present',
  };
}

/** The trainer marks an attendee present, invited (undo) or excused: from the window's opening on. */
export async function markAttendance(
  db: Db,
  user: SessionUser,
  q: { sessionId: number; employeeId: string; status: 'invited' | 'present' | 'excused' },
  now = new Date(),
) {
  const s = await editable(db, user, q.sessionId);
  if (s.status === 'cancelled') throw refuse('training-session-cancelled', 'sessionId', {}, 'CONFLICT');
  const w = checkinWindow(s);
  // Excusing someone ahead is planning (they said they cannot come), and so is taking it back; presence
  // is never marked ahead.
  if (q.status === 'present' && now < w.opensAt)
    throw refuse(
      'training-checkin-closed',
      'sessionId',
      { opensAt: w.opensAt.toISOString(), closesAt: w.closesAt.toISOString() },
      'CONFLICT',
    );
  const before = await repo.attendance(db, s.id, q.employeeId);
  if (!before) throw refuse('training-checkin-not-invited', 'employeeId', {}, 'NOT_FOUND');
  await db.transaction(async (tx) => {
    await repo.mark(tx, q, { status: q.status, at: now, method: 'trainer', by: user.id });
    await audit(tx, {
      userId: user.id,
      action: 'training.attendance.marked',
      entity: 'training_session',
      entityId: String(s.id),
      orgUnitId: s.orgUnitId,
      before: { employeeId: q.employeeId, status: before.status },
      after: { employeeId: q.employeeId, status: q.status },
    });
  });
  return { status: q.status };
}

/** A clerk's sessions: upcoming and of the last 90 days, with their attendance and feedback due. */
export async function mySessions(db: Db, user: SessionUser, now = new Date()) {
  const e = await employeeOf(db, user);
  const rows = await repo.ofEmployee(
    db,
    e.id,
    new Date(now.getTime() - MAX_BACK_DAYS * DAY),
    new Date(now.getTime() + MAX_AHEAD_DAYS * DAY),
  );
  const hallRows = await hallsOf(db, rows);
  const trainers = await trainerNames(
    db,
    rows.map((r) => r.trainerUserId),
  );
  const courses = await coursesOf(db, rows);
  return rows.map((r) => ({
    ...r,
    hallName: r.hallId ? (hallRows.get(r.hallId)?.name ?? null) : null,
    timeZone: r.hallId ? (hallRows.get(r.hallId)?.timeZone ?? null) : null,
    trainerName: trainers.get(r.trainerUserId) ?? null,
    courseTitle: r.materialSeriesId === null ? null : (courses.get(r.materialSeriesId) ?? null),
    ...checkinWindow(r),
    feedbackDue: !r.feedbackGiven && r.attendance === 'present' && feedbackOpen(r, now),
  }));
}

const feedbackOpen = (s: Pick<SessionRow, 'endsAt' | 'status'>, now: Date) =>
  s.status === 'scheduled' &&
  now.getTime() >= s.endsAt.getTime() - 15 * MINUTE &&
  now.getTime() <= s.endsAt.getTime() + FEEDBACK_DAYS * DAY;

/** Feedback from an attendee who was there: once, after the session. */
export async function giveFeedback(
  db: Db,
  user: SessionUser,
  q: { sessionId: number; courseScore: number; trainerScore: number; comment?: string | undefined },
  now = new Date(),
) {
  const e = await employeeOf(db, user);
  const s = await repo.get(db, q.sessionId);
  if (!s) throw notFound();
  const mine = await repo.attendance(db, s.id, e.id);
  if (!mine || mine.status !== 'present') throw refuse('training-feedback-absent', 'sessionId', {}, 'CONFLICT');
  if (!feedbackOpen(s, now)) throw refuse('training-feedback-window', 'sessionId', { days: FEEDBACK_DAYS }, 'CONFLICT');
  const saved = await repo.insertFeedback(db, {
    sessionId: s.id,
    employeeId: e.id,
    courseScore: q.courseScore,
    trainerScore: q.trainerScore,
    comment: (q.comment ?? '').trim(),
  });
  if (!saved) throw refuse('training-feedback-given', 'sessionId', {}, 'CONFLICT');
  return { saved: true };
}

/** The clerks a trainer may invite to a unit's session: active employees of its halls, by hall. */
export async function inviteChoices(db: Db, user: SessionUser, orgUnitId: string) {
  if (!(await repo.units(db)).some((u) => u.id === orgUnitId))
    throw refuse('org-unit-not-found', 'orgUnitId', {}, 'NOT_FOUND');
  if (!(await allows(db, user, 'training', 'view', orgUnitId))) throw forbidden();
  const hallIds = await hallsUnder(db, orgUnitId);
  const halls = await repo.hallNames(db, hallIds);
  const people = await repo.employeesOf(db, hallIds);
  return {
    halls: halls.map((h) => ({ id: h.id, name: h.name, timeZone: h.timeZone })),
    employees: people.map(({ userId: _u, ...p }) => p),
  };
}

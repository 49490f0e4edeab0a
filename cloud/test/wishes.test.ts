/**
 * Employees' wishes, shift swaps and fairness against a real PostgreSQL: a clerk sees and changes only
 * their own wishes; time off waits for a manager, whose decision is audited and mailed to the clerk;
 * `wishesFor` hands the roster generation the engine's requests; a swap the rules do not allow is refused
 * with the rule's code; an approved swap makes a new published roster version; fairness counts on 8
 * seeded weeks.
 */
import { TRPCError } from '@trpc/server';
import { SecretGate } from '@hall/devices/secrets';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../src/app.router.ts';
import { accessRepository } from '../src/modules/access/access.repository.ts';
import { auditLog } from '../src/modules/access/access.table.ts';
import { createUser, openSession, sessionUser, type SessionUser } from '../src/modules/access/access.service.ts';
import { LoginGuard } from '../src/modules/access/login-guard.ts';
import { putHallConfig, registerHall } from '../src/modules/halls/halls.service.ts';
import {
  notificationChannels,
  notificationOutbox,
  notificationProfiles,
} from '../src/modules/notifications/notifications.table.ts';
import {
  rosters,
  rosterShifts,
  scheduleWishes,
  schedulingSettings,
  shiftSwaps,
} from '../src/modules/scheduling/scheduling.table.ts';
import { employees } from '../src/modules/staff/staff.table.ts';
import { hallFairness } from '../src/modules/wishes/fairness.service.ts';
import { addDays, localDate, mondayOf, reasonOf } from '../src/modules/wishes/wishes.rules.ts';
import { wishesFor } from '../src/modules/wishes/wishes.service.ts';
import { createCallerFactory, type CloudContext } from '../src/trpc.ts';
import { testDatabase } from './support/db.ts';

let db: Awaited<ReturnType<typeof testDatabase>>;
const users: Record<string, SessionUser> = {};
const today = localDate('Asia/Shanghai', new Date());
/** Next week's Monday: a published roster for it is where swaps happen. */
const nextMonday = addDays(mondayOf(today), 7);

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

/** A hall open 08:30–20:30 with one service, and its shifts: early, a day shift and a late one (unpopular). */
const HALL_CONFIG = {
  hall: {
    capacity: 30,
    openingHours: Object.fromEntries(
      ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, { open: '08:30', close: '20:30' }]),
    ),
  },
  services: [{ id: 'general', name: '综合业务', prefix: 'A' }],
  counters: [{ id: 'C01', name: '1号窗口', services: { general: 1 } }],
};
const SETTINGS = {
  dayStart: '08:30',
  dayEnd: '20:30',
  templates: [
    { id: 'early', name: '早班', firstStart: '08:30', lastStart: '08:30', minutes: 270 },
    { id: 'day', name: '全天', firstStart: '08:30', lastStart: '08:30', minutes: 510 },
    { id: 'late', name: '晚班', firstStart: '13:00', lastStart: '13:00', minutes: 450, unpopular: true },
  ],
};

const FULL = { kind: 'full-time' as const, minWeekHours: 16, maxWeekHours: 40, maxDaysPerWeek: 5, minRestHours: 11 };

async function signIn(username: string, orgUnitId: string, role?: 'hall_manager' | 'staff') {
  const id = await createUser(db.db, { username, name: username, password: 'Correct-Horse-9', orgUnitId });
  if (role) await accessRepository.grant(db.db, { userId: id, role, orgUnitId });
  const s = await openSession(db.db, id);
  users[username] = (await sessionUser(db.db, s.token)) as SessionUser;
  return id;
}

async function employee(id: string, hallId: string, o: Partial<typeof employees.$inferInsert> = {}) {
  await db.db.insert(employees).values({
    id,
    hallId,
    staffId: id.toUpperCase(),
    name: `${id} 名`,
    skills: { general: 2 },
    contract: FULL,
    ...o,
  });
}

/** A published roster of one week with the given shifts (8:30–17:00 day shifts unless said). */
async function publish(
  hallId: string,
  fromDate: string,
  shifts: Array<{
    employeeId: string;
    day: number;
    templateId?: string;
    start?: string;
    end?: string;
    serviceId?: string;
  }>,
  unmet: unknown[] = [],
) {
  const id = `r-${hallId}-${fromDate}`;
  await db.db
    .insert(rosters)
    .values({ id, hallId, fromDate, days: 7, status: 'published', version: 1, unmetWishes: unmet });
  if (shifts.length)
    await db.db.insert(rosterShifts).values(
      shifts.map((s) => ({
        rosterId: id,
        employeeId: s.employeeId,
        date: addDays(fromDate, s.day),
        start: s.start ?? '08:30',
        end: s.end ?? '17:00',
        breaks: [{ start: '12:00', end: '12:30' }],
        serviceId: s.serviceId ?? 'general',
        templateId: s.templateId ?? 'day',
      })),
    );
  return id;
}

beforeAll(async () => {
  db = await testDatabase();
  for (const h of ['W', 'X']) {
    await registerHall(db.db, { id: h, name: `${h}厅`, timeZone: 'Asia/Shanghai' });
    await accessRepository.insertUnit(db.db, {
      id: `hall-${h}`,
      parentId: null,
      kind: 'hall',
      name: `${h}厅`,
      hallId: h,
    });
    await putHallConfig(db.db, h, HALL_CONFIG, null);
    await db.db.insert(schedulingSettings).values({ hallId: h, document: SETTINGS });
  }
  await signIn('manager-w', 'hall-W', 'hall_manager');
  await signIn('manager-x', 'hall-X', 'hall_manager');
  for (const c of ['ann', 'bob', 'cat', 'dan']) await signIn(c, 'hall-W', 'staff');
  await employee('ann', 'W', { userId: users.ann!.id });
  await employee('bob', 'W', { userId: users.bob!.id });
  // Cat lacks the skill the shifts are planned at; Dan is part-time on two days a week.
  await employee('cat', 'W', { userId: users.cat!.id, skills: { vip: 3 } });
  await employee('dan', 'W', {
    userId: users.dan!.id,
    contract: { kind: 'part-time', minWeekHours: 0, maxWeekHours: 30, maxDaysPerWeek: 2, minRestHours: 11 },
  });
  await employee('eve', 'W');
  await employee('xa', 'X');
  await employee('xb', 'X');
  // A channel and profiles, so decisions are mailed (the outbox shows what would be sent).
  await db.db
    .insert(notificationChannels)
    .values({ id: 'mail', kind: 'smtp', name: 'mail', settings: {}, secrets: {}, enabled: true });
  for (const c of ['ann', 'bob'])
    await db.db
      .insert(notificationProfiles)
      .values({ userId: users[c]!.id, email: `${c}@example.com`, language: c === 'ann' ? 'zh-CN' : 'en' });
});
afterAll(async () => {
  await db?.drop();
});

const code = (err: unknown) =>
  ((err as TRPCError).cause as { detail?: { code: string; params?: unknown } } | undefined)?.detail;
async function refusal(p: Promise<unknown>) {
  try {
    await p;
  } catch (err) {
    return { code: (err as TRPCError).code, detail: code(err) };
  }
  throw new Error('expected a refusal');
}

describe('wishes', () => {
  it('a clerk enters wishes for themself; dates and kinds are bounded', async () => {
    const ann = caller(users.ann!);
    const dayOff = await ann.wishes.add({ kind: 'day-off', fromDate: addDays(today, 3), note: '孩子家长会' });
    expect(dayOff.status).toBe('noted');
    expect(
      (
        await ann.wishes.add({
          kind: 'undesired-shift',
          fromDate: addDays(today, 1),
          toDate: addDays(today, 60),
          templateId: 'late',
          anyDay: true,
        })
      ).status,
    ).toBe('noted');
    expect(await refusal(ann.wishes.add({ kind: 'day-off', fromDate: addDays(today, 120) }))).toMatchObject({
      code: 'BAD_REQUEST',
      detail: { code: 'wish-date-out-of-range' },
    });
    expect(await refusal(ann.wishes.add({ kind: 'day-off', fromDate: today }))).toMatchObject({
      detail: { code: 'wish-date-out-of-range' },
    });
    expect(
      await refusal(ann.wishes.add({ kind: 'desired-shift', fromDate: addDays(today, 2), templateId: 'night' })),
    ).toMatchObject({
      detail: { code: 'wish-template-unknown' },
    });
    expect(
      await refusal(ann.wishes.add({ kind: 'time-off', fromDate: addDays(today, 2), toDate: addDays(today, 60) })),
    ).toMatchObject({
      detail: { code: 'wish-span-too-long', params: { max: 31 } },
    });
    const mine = await ann.wishes.mine();
    expect(mine.employee.name).toBe('ann 名');
    expect(mine.wishes.map((w) => w.kind).sort()).toEqual(['day-off', 'undesired-shift']);
  });

  it('a clerk cannot see, withdraw or decide another clerk’s wishes', async () => {
    const ann = caller(users.ann!);
    const bob = caller(users.bob!);
    const annWish = await ann.wishes.add({
      kind: 'time-off',
      fromDate: addDays(today, 20),
      toDate: addDays(today, 24),
      note: '回老家',
    });
    expect((await bob.wishes.mine()).wishes.map((w) => w.id)).not.toContain(annWish.id);
    expect(await refusal(bob.wishes.withdraw({ id: annWish.id }))).toMatchObject({
      code: 'NOT_FOUND',
      detail: { code: 'wish-not-found' },
    });
    expect(await refusal(bob.wishes.decide({ hallId: 'W', id: annWish.id, decision: 'approved' }))).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await refusal(bob.wishes.hall({ hallId: 'W' }))).toMatchObject({ code: 'FORBIDDEN' });
    // Another hall's manager neither sees nor decides it.
    const mx = caller(users['manager-x']!);
    expect(await refusal(mx.wishes.hall({ hallId: 'W' }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(mx.wishes.decide({ hallId: 'X', id: annWish.id, decision: 'approved' }))).toMatchObject({
      code: 'NOT_FOUND',
    });
    // A console user with no employee record is told so (not another person's data).
    await signIn('loner', 'hall-W', 'staff');
    expect(await refusal(caller(users.loner!).wishes.mine())).toMatchObject({
      detail: { code: 'employee-not-linked' },
    });
  });

  it('time off waits for the manager; a refusal needs a reason; the decision is audited and mailed', async () => {
    const ann = caller(users.ann!);
    const manager = caller(users['manager-w']!);
    const w = await ann.wishes.add({ kind: 'time-off', fromDate: addDays(today, 30), toDate: addDays(today, 32) });
    expect(w.status).toBe('pending');
    const list = await manager.wishes.hall({ hallId: 'W' });
    expect(list.wishes[0]?.status).toBe('pending');
    expect(list.wishes.find((x) => x.id === w.id)?.employeeName).toBe('ann 名');
    expect(await refusal(manager.wishes.decide({ hallId: 'W', id: w.id, decision: 'refused' }))).toMatchObject({
      detail: { code: 'decision-reason-missing' },
    });
    const done = await manager.wishes.decide({ hallId: 'W', id: w.id, decision: 'approved' });
    expect(done.status).toBe('approved');
    expect(
      await refusal(manager.wishes.decide({ hallId: 'W', id: w.id, decision: 'refused', reason: '人手不足' })),
    ).toMatchObject({
      code: 'CONFLICT',
      detail: { code: 'wish-not-pending' },
    });
    const audit = await db.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'schedule_wish'), eq(auditLog.entityId, String(w.id))));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['wish.added', 'wish.approved']));
    const mail = await db.db.select().from(notificationOutbox).where(eq(notificationOutbox.userId, users.ann!.id));
    expect(mail.map((m) => m.subject)).toContain(`休假申请已批准：${addDays(today, 30)} – ${addDays(today, 32)}`);
    expect((await ann.wishes.mine()).wishes.find((x) => x.id === w.id)?.status).toBe('approved');
  });

  it('wishesFor maps noted and approved wishes to the engine’s requests and unavailable days', async () => {
    const from = addDays(mondayOf(today), 14);
    const bob = caller(users.bob!);
    await bob.wishes.add({ kind: 'day-off', fromDate: addDays(from, 2) });
    await bob.wishes.add({ kind: 'desired-shift', fromDate: addDays(from, 4), templateId: 'early' });
    await bob.wishes.add({ kind: 'undesired-shift', fromDate: addDays(from, 5), templateId: 'late' });
    const off = await bob.wishes.add({ kind: 'time-off', fromDate: addDays(from, 0), toDate: addDays(from, 1) });
    const pending = await bob.wishes.add({
      kind: 'availability',
      fromDate: from,
      toDate: addDays(from, 13),
      weekdays: [6],
    });
    const withdrawn = await bob.wishes.add({ kind: 'day-off', fromDate: addDays(from, 3) });
    await bob.wishes.withdraw({ id: withdrawn.id });
    await caller(users['manager-w']!).wishes.decide({ hallId: 'W', id: off.id, decision: 'approved' });
    // Dan may work Monday to Friday only.
    const weekday = { from: '08:00', to: '21:00' };
    await db.db
      .update(employees)
      .set({
        availability: { mon: [weekday], tue: [weekday], wed: [weekday], thu: [weekday], fri: [weekday], sat: null },
      })
      .where(eq(employees.id, 'dan'));
    const got = new Map((await wishesFor(db.db, 'W', from, 7)).map((e) => [e.employeeId, e]));
    expect(got.get('bob')).toEqual({
      employeeId: 'bob',
      requests: {
        daysOff: [2],
        desired: [{ day: 4, template: 'early@08:30' }],
        undesired: [{ day: 5, template: 'late@13:00' }],
      },
      // Approved time off is hard; the pending availability change (Sundays) does not count yet.
      unavailable: [0, 1],
    });
    expect(got.get('dan')?.unavailable).toEqual([5, 6]);
    // Ann's "no late shifts" for 60 days covers the whole week: one request for any day.
    expect(got.get('ann')?.requests.undesired).toEqual([{ template: 'late@13:00' }]);
    await caller(users['manager-w']!).wishes.decide({ hallId: 'W', id: pending.id, decision: 'approved' });
    expect((await wishesFor(db.db, 'W', from, 7)).find((e) => e.employeeId === 'bob')?.unavailable).toEqual([0, 1, 6]);
  });
});

describe('unmet wishes explained', () => {
  it('reads each of the engine’s sentences back into a code with its figures', () => {
    expect(reasonOf("the contract's 32 h a week needs this day")).toEqual({
      code: 'contract-hours',
      params: { hours: 32 },
    });
    expect(reasonOf('without them the counters are 2.5 staff-hours short that day (general)')).toEqual({
      code: 'coverage-short',
      params: { hours: 2.5, service: 'general' },
    });
    expect(reasonOf('working late instead covers more of the requirement')).toEqual({
      code: 'other-shift',
      params: { template: 'late' },
    });
    expect(reasonOf('something new')).toEqual({ code: 'unknown', params: {} });
  });

  it('a clerk’s list says which wishes a published roster met, and why one was not', async () => {
    const from = addDays(mondayOf(today), 21);
    const eve = await signIn('eve-user', 'hall-W', 'staff');
    await db.db.update(employees).set({ userId: eve }).where(eq(employees.id, 'eve'));
    const e = caller(users['eve-user']!);
    const kept = await e.wishes.add({ kind: 'day-off', fromDate: addDays(from, 1) });
    const broken = await e.wishes.add({ kind: 'day-off', fromDate: addDays(from, 2) });
    const late = await e.wishes.add({ kind: 'undesired-shift', fromDate: addDays(from, 3), templateId: 'late' });
    await publish(
      'W',
      from,
      [
        ...[0, 2, 4].map((day) => ({ employeeId: 'eve', day })),
        { employeeId: 'eve', day: 3, templateId: 'late@13:00', start: '13:00', end: '20:30' },
      ],
      [
        // As the engine answers, and as the roster module stores it (employeeId, date, templateId).
        {
          employee: 'eve',
          day: 2,
          kind: 'day-off',
          reason: 'without them the counters are 3.0 staff-hours short that day (general)',
        },
        {
          employeeId: 'eve',
          employeeName: 'eve 名',
          date: addDays(from, 3),
          kind: 'undesired',
          templateId: 'late@13:00',
          reason: "the contract's 16 h a week needs this day",
        },
      ],
    );
    const list = (await e.wishes.mine()).wishes;
    expect(list.find((w) => w.id === kept.id)?.outcome).toMatchObject({ status: 'met' });
    expect(list.find((w) => w.id === broken.id)?.outcome).toMatchObject({
      status: 'unmet',
      days: [addDays(from, 2)],
      reason: { code: 'coverage-short', params: { hours: 3, service: '综合业务' } },
    });
    expect(list.find((w) => w.id === late.id)?.outcome).toMatchObject({
      status: 'unmet',
      reason: { code: 'contract-hours', params: { hours: 16 } },
    });
  });
});

describe('shift swaps', () => {
  let rosterId: string;
  let annShift: number;
  beforeAll(async () => {
    rosterId = await publish('W', nextMonday, [
      { employeeId: 'ann', day: 1 },
      { employeeId: 'ann', day: 2 },
      { employeeId: 'dan', day: 3 },
      { employeeId: 'dan', day: 4 },
      // Bob works a late shift the evening before Ann's Wednesday: too little rest to take it.
      { employeeId: 'bob', day: 1, templateId: 'late', start: '13:00', end: '22:30' },
    ]);
    annShift = (
      await db.db
        .select()
        .from(rosterShifts)
        .where(and(eq(rosterShifts.rosterId, rosterId), eq(rosterShifts.date, addDays(nextMonday, 2))))
    )[0]!.id;
  });

  it('a swap the rules do not allow is refused with the rule’s code; the list shows only shifts one could take', async () => {
    const ann = caller(users.ann!);
    const offer = await ann.swaps.offer({ shiftId: annShift, note: '家里有事' });
    expect(offer.status).toBe('offered');
    expect(await refusal(ann.swaps.offer({ shiftId: annShift }))).toMatchObject({
      detail: { code: 'shift-already-offered' },
    });
    // Bob's shift is not Cat's to offer.
    expect(await refusal(caller(users.cat!).swaps.offer({ shiftId: annShift }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal(caller(users.cat!).swaps.take({ swapId: offer.id }))).toMatchObject({
      code: 'CONFLICT',
      detail: { code: 'swap-not-allowed', params: { rule: 'skill', service: 'general' } },
    });
    expect(await refusal(caller(users.bob!).swaps.take({ swapId: offer.id }))).toMatchObject({
      detail: { code: 'swap-not-allowed', params: { rule: 'rest', min: 11 } },
    });
    expect(await refusal(caller(users.dan!).swaps.take({ swapId: offer.id }))).toMatchObject({
      detail: { code: 'swap-not-allowed', params: { rule: 'week-days', days: 3, max: 2 } },
    });
    expect(await refusal(ann.swaps.take({ swapId: offer.id }))).toMatchObject({
      detail: { params: { rule: 'same-person' } },
    });
    for (const c of ['bob', 'cat', 'dan']) expect((await caller(users[c]!).swaps.mine()).takeable).toEqual([]);
    const eve = await caller(users['eve-user']!).swaps.mine();
    expect(eve.takeable.map((t) => [t.swapId, t.offeredByName, t.shift.serviceName])).toEqual([
      [offer.id, 'ann 名', '综合业务'],
    ]);
  });

  it('the manager’s approval makes a new published version with the shift on the taker', async () => {
    const swapId = (await caller(users.ann!).swaps.mine()).shifts.find((s) => s.id === annShift)?.swap?.id as number;
    expect((await caller(users['eve-user']!).swaps.take({ swapId })).status).toBe('taken');
    const manager = caller(users['manager-w']!);
    const list = await manager.swaps.hall({ hallId: 'W' });
    expect(list.swaps[0]).toMatchObject({
      id: swapId,
      status: 'taken',
      offeredByName: 'ann 名',
      takenByName: 'eve 名',
    });
    expect(
      await refusal(caller(users['manager-x']!).swaps.decide({ hallId: 'W', swapId, decision: 'approved' })),
    ).toMatchObject({
      code: 'FORBIDDEN',
    });
    const done = await manager.swaps.decide({ hallId: 'W', swapId, decision: 'approved' });
    expect(done).toMatchObject({ status: 'approved', version: 2 });
    const periods = await db.db
      .select()
      .from(rosters)
      .where(and(eq(rosters.hallId, 'W'), eq(rosters.fromDate, nextMonday)));
    expect(periods.map((r) => [r.version, r.status]).sort()).toEqual([
      [1, 'superseded'],
      [2, 'published'],
    ]);
    const next = await db.db
      .select()
      .from(rosterShifts)
      .where(eq(rosterShifts.rosterId, done.rosterId as string));
    expect(next).toHaveLength(5);
    expect(next.find((s) => s.date === addDays(nextMonday, 2))).toMatchObject({
      employeeId: 'eve',
      source: 'swap',
      start: '08:30',
    });
    expect(next.filter((s) => s.employeeId === 'ann').map((s) => s.date)).toEqual([addDays(nextMonday, 1)]);
    const audit = await db.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, done.rosterId as string));
    expect(audit.map((a) => a.action)).toEqual(['roster.published']);
    // Decided once: a second decision is refused.
    expect(await refusal(manager.swaps.decide({ hallId: 'W', swapId, decision: 'approved' }))).toMatchObject({
      detail: { code: 'swap-state-changed' },
    });
    expect((await caller(users['eve-user']!).swaps.mine()).shifts.map((s) => s.date)).toContain(addDays(nextMonday, 2));
  });
});

describe('a swap of a shift already under way', () => {
  it('is not approved: the day has started without it', async () => {
    const from = mondayOf(today);
    const rosterId = await publish('X', from, []);
    const [shift] = await db.db
      .insert(rosterShifts)
      .values({ rosterId, employeeId: 'xa', date: today, start: '00:00', end: '00:30', serviceId: 'general' })
      .returning();
    const [swap] = await db.db
      .insert(shiftSwaps)
      .values({ hallId: 'X', shiftId: shift!.id, offeredBy: 'xa', takenBy: 'xb', status: 'taken' })
      .returning();
    expect(
      await refusal(caller(users['manager-x']!).swaps.decide({ hallId: 'X', swapId: swap!.id, decision: 'approved' })),
    ).toMatchObject({ code: 'CONFLICT', detail: { code: 'shift-started', params: { date: today } } });
  });
});

describe('fairness', () => {
  it('counts weekends, unpopular shifts, extra hours and wishes met over 8 seeded weeks', async () => {
    await registerHall(db.db, { id: 'F', name: 'F厅', timeZone: 'Asia/Shanghai' });
    await putHallConfig(db.db, 'F', HALL_CONFIG, null);
    await db.db.insert(schedulingSettings).values({ hallId: 'F', document: SETTINGS });
    await employee('fa', 'F');
    await employee('fb', 'F');
    const thisMonday = mondayOf(today);
    for (let w = 1; w <= 8; w++) {
      const from = addDays(thisMonday, -7 * w);
      // fa: Mon–Fri day shifts (8 h: 40 h, 24 above the minimum of 16); fb: Sat + Sun late shifts (7 h each).
      await publish('F', from, [
        ...[0, 1, 2, 3, 4].map((day) => ({ employeeId: 'fa', day })),
        ...[5, 6].map((day) => ({ employeeId: 'fb', day, templateId: 'late', start: '13:00', end: '20:30' })),
      ]);
    }
    // One wish of fa's in the period: a day off on a Tuesday, not granted.
    await db.db.insert(scheduleWishes).values({
      employeeId: 'fa',
      hallId: 'F',
      kind: 'day-off',
      fromDate: addDays(thisMonday, -13),
      toDate: addDays(thisMonday, -13),
      status: 'noted',
    });
    const f = await hallFairness(db.db, 'F');
    expect(f.weeks).toBe(8);
    const fa = f.lines.find((l) => l.employeeId === 'fa');
    const fb = f.lines.find((l) => l.employeeId === 'fb');
    expect(fa).toMatchObject({
      shifts: 40,
      weekendShifts: 0,
      unpopularShifts: 0,
      extraHours: 8 * 24,
      wishesMet: 0,
      wishesTotal: 1,
    });
    expect(fb).toMatchObject({
      shifts: 16,
      weekendShifts: 16,
      unpopularShifts: 16,
      extraHours: 0,
      wishesMetShare: null,
    });
    expect(f.mean).toMatchObject({ weekendShifts: 8, unpopularShifts: 8, extraHours: 96, wishesMetShare: 0 });
  });
});

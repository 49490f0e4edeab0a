/**
 * Shift swaps: a clerk offers one of their published shifts, another clerk of the hall who could work it
 * takes it, a manager approves or refuses. Approval re-checks the rules and applies the swap to the
 * published roster as a new published version (the old one superseded) — `applyPublishedChange`.
 *
 * Swap states: offered → taken → approved | refused; offered/taken → withdrawn (by the offerer).
 */
import { writeRosterWindow } from '../scheduling/rosters.publish.ts';
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import type { SessionUser } from '../access/access.service.ts';
import { audit } from '../access/access.service.ts';
import { enqueueForUsers } from '../notifications/notifications.service.ts';
import { wishesRepository as repo, type EmployeeRow, type ShiftRow, type SwapRow } from './wishes.repository.ts';
import {
  addDays,
  baseTemplate,
  localDate,
  minutesOf,
  swapProblems,
  wishDays,
  type SwapProblem,
} from './wishes.rules.ts';
import { employeeOfUser, fail, hallOf, hallTemplates, hallUnit, serviceNames } from './wishes.service.ts';

type ShiftWithHall = ShiftRow & { hallId: string; rosterStatus: string };

async function shiftWithHall(db: Db, shiftId: number): Promise<ShiftWithHall | null> {
  const s = await repo.shift(db, shiftId);
  if (!s) return null;
  const r = await repo.roster(db, s.rosterId);
  return r ? { ...s, hallId: r.hallId, rosterStatus: r.status } : null;
}

/** Whether the shift is still ahead in the hall's local time. */
function ahead(s: ShiftRow, timeZone: string, now: Date) {
  const today = localDate(timeZone, now);
  if (s.date !== today) return s.date > today;
  const hm = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(now);
  return minutesOf(s.start) > minutesOf(hm);
}

/**
 * The rules a swap of `shift` to `taker` breaks (empty: allowed): the taker's skill, contract, rest,
 * availability, approved time off, and one shift a day, against their published shifts around it.
 * The lead wires this into `rosters.check` when the roster module's full edit check lands.
 */
export async function swapCheck(db: Db, shift: ShiftWithHall, taker: EmployeeRow): Promise<SwapProblem[]> {
  const from = addDays(shift.date, -7);
  const to = addDays(shift.date, 7);
  const published = await repo.publishedRosters(db, shift.hallId, from, to);
  const shifts = (
    await repo.shiftsOf(
      db,
      published.map((r) => r.id),
    )
  ).filter((s) => s.employeeId === taker.id && s.id !== shift.id);
  const away = (await repo.wishesOfHall(db, shift.hallId, shift.date, shift.date, ['approved']))
    .filter((w) => w.employeeId === taker.id)
    .flatMap((w) => wishDays(w, shift.date, shift.date));
  return swapProblems(shift, {
    id: taker.id,
    hallId: taker.hallId,
    status: taker.status,
    skills: taker.skills,
    contract: taker.contract,
    availability: taker.availability,
    shifts,
    awayDays: away,
  });
}

/**
 * The swap check as one call (for `rosters.check` and other callers): the rules `takerEmployeeId`
 * would break by working shift `shiftId` of a published roster in place of its employee.
 */
export async function checkSwap(db: Db, q: { shiftId: number; takerEmployeeId: string }): Promise<SwapProblem[]> {
  const shift = await shiftWithHall(db, q.shiftId);
  if (!shift) throw fail('NOT_FOUND', 'shift-not-found', `no shift ${q.shiftId}`, { id: q.shiftId });
  const taker = await repo.employee(db, q.takerEmployeeId);
  if (!taker) throw fail('NOT_FOUND', 'swap-not-found', `no employee ${q.takerEmployeeId}`, { id: q.takerEmployeeId });
  return swapCheck(db, shift, taker);
}

function refusedBy(problems: SwapProblem[]) {
  const first = problems[0] as SwapProblem;
  return fail('CONFLICT', 'swap-not-allowed', `the swap breaks a rule: ${first.rule}`, {
    rule: first.rule,
    ...(first.params ?? {}),
  });
}

/** A clerk offers one of their published shifts still ahead. */
export async function offerShift(
  db: Db,
  user: SessionUser,
  q: { shiftId: number; note?: string | undefined },
  now = new Date(),
) {
  const me = await employeeOfUser(db, user);
  const shift = await shiftWithHall(db, q.shiftId);
  if (!shift || shift.employeeId !== me.id || shift.rosterStatus !== 'published')
    throw fail('NOT_FOUND', 'shift-not-found', `no shift ${q.shiftId} of yours`, { id: q.shiftId });
  const hall = await hallOf(db, shift.hallId);
  if (!ahead(shift, hall.timeZone, now))
    throw fail('CONFLICT', 'shift-started', 'the shift has begun', { date: shift.date });
  if (await repo.openSwapOfShift(db, shift.id))
    throw fail('CONFLICT', 'shift-already-offered', 'the shift is offered already');
  const row = await repo.insertSwap(db, {
    hallId: shift.hallId,
    shiftId: shift.id,
    offeredBy: me.id,
    status: 'offered',
    note: q.note ?? null,
  });
  await audit(db, {
    userId: user.id,
    action: 'swap.offered',
    entity: 'shift_swap',
    entityId: String(row.id),
    orgUnitId: await hallUnit(db, shift.hallId),
    after: row,
  });
  return { id: row.id, status: row.status };
}

/** Another clerk of the hall takes an offered shift; refused with the first rule it breaks. */
export async function takeSwap(db: Db, user: SessionUser, q: { swapId: number }, now = new Date()) {
  const me = await employeeOfUser(db, user);
  const swap = await repo.swap(db, q.swapId);
  if (!swap || swap.hallId !== me.hallId)
    throw fail('NOT_FOUND', 'swap-not-found', `no swap ${q.swapId}`, { id: q.swapId });
  const shift = await shiftWithHall(db, swap.shiftId);
  if (!shift || swap.status !== 'offered')
    throw fail('CONFLICT', 'swap-state-changed', 'the offer is no longer open', { status: swap.status });
  const hall = await hallOf(db, shift.hallId);
  if (!ahead(shift, hall.timeZone, now))
    throw fail('CONFLICT', 'shift-started', 'the shift has begun', { date: shift.date });
  const problems = await swapCheck(db, shift, me);
  if (problems.length) throw refusedBy(problems);
  const done = await repo.updateSwapIf(db, swap.id, ['offered'], { status: 'taken', takenBy: me.id });
  if (!done) throw fail('CONFLICT', 'swap-state-changed', 'the offer is no longer open', { status: 'taken' });
  await audit(db, {
    userId: user.id,
    action: 'swap.taken',
    entity: 'shift_swap',
    entityId: String(swap.id),
    orgUnitId: await hallUnit(db, swap.hallId),
    before: swap,
    after: done,
  });
  return { id: done.id, status: done.status };
}

/** The offerer withdraws an offer not yet decided. */
export async function withdrawSwap(db: Db, user: SessionUser, q: { swapId: number }) {
  const me = await employeeOfUser(db, user);
  const swap = await repo.swap(db, q.swapId);
  if (!swap || swap.offeredBy !== me.id)
    throw fail('NOT_FOUND', 'swap-not-found', `no swap ${q.swapId}`, { id: q.swapId });
  const done = await repo.updateSwapIf(db, swap.id, ['offered', 'taken'], { status: 'withdrawn' });
  if (!done) throw fail('CONFLICT', 'swap-state-changed', 'the swap is decided already', { status: swap.status });
  await audit(db, {
    userId: user.id,
    action: 'swap.withdrawn',
    entity: 'shift_swap',
    entityId: String(swap.id),
    orgUnitId: await hallUnit(db, swap.hallId),
    before: swap,
    after: done,
  });
  return { id: done.id, status: done.status };
}

export interface PublishedChange {
  shiftId: number;
  employeeId: string;
  source: 'swap' | 'manual';
}

/**
 * A change to a published roster as a new published version: the shifts copied with `change` applied,
 * the old version superseded, open swaps re-pointed to the new shifts — in one transaction, with the
 * roster row locked so two approvals at once cannot both publish from the same version. Answers the
 * new roster's id and the changed shift's new id. (The roster module's publish function takes this over
 * at merge; pushing today's and tomorrow's part to the hub is its job.)
 */
export async function applyPublishedChange(db: Db, rosterId: string, change: PublishedChange, by: string | null) {
  const done = await repo.publishChange(db, { rosterId, ...change, id: randomUUID(), by, at: new Date() });
  if (done === 'not-published')
    throw fail('CONFLICT', 'roster-not-published', 'the roster is no longer the published one');
  if (done === 'no-shift')
    throw fail('NOT_FOUND', 'shift-not-found', `no shift ${change.shiftId}`, { id: change.shiftId });
  return done;
}

/** A manager approves a taken swap (re-checked now) or refuses it with a reason; both clerks are told. */
export async function decideSwap(
  db: Db,
  user: SessionUser,
  q: { hallId: string; swapId: number; decision: 'approved' | 'refused'; reason?: string | undefined },
  now = new Date(),
) {
  const swap = await repo.swap(db, q.swapId);
  if (!swap || swap.hallId !== q.hallId)
    throw fail('NOT_FOUND', 'swap-not-found', `no swap ${q.swapId}`, { id: q.swapId });
  if (swap.status !== 'taken' || !swap.takenBy)
    throw fail('CONFLICT', 'swap-state-changed', 'the swap is not waiting for a decision', { status: swap.status });
  if (q.decision === 'refused' && !q.reason?.trim())
    throw fail('BAD_REQUEST', 'decision-reason-missing', 'a refusal needs a reason', undefined, ['reason']);
  let applied: Awaited<ReturnType<typeof applyPublishedChange>> | null = null;
  if (q.decision === 'approved') {
    const shift = await shiftWithHall(db, swap.shiftId);
    const taker = await repo.employee(db, swap.takenBy);
    if (!shift || !taker || shift.rosterStatus !== 'published')
      throw fail('CONFLICT', 'roster-not-published', 'the roster is no longer the published one');
    // A shift under way (or over) is the day's business now, not a swap's.
    const hall = await hallOf(db, shift.hallId);
    if (!ahead(shift, hall.timeZone, now))
      throw fail('CONFLICT', 'shift-started', 'the shift has begun', { date: shift.date });
    const problems = await swapCheck(db, shift, taker);
    if (problems.length) throw refusedBy(problems);
    applied = await applyPublishedChange(
      db,
      shift.rosterId,
      { shiftId: shift.id, employeeId: taker.id, source: 'swap' },
      user.id,
    );
  }
  const done = await repo.updateSwapIf(db, swap.id, ['taken'], {
    status: q.decision,
    decidedBy: user.id,
    decidedAt: now,
    decisionReason: q.reason?.trim() || null,
  });
  if (!done) throw fail('CONFLICT', 'swap-state-changed', 'the swap is decided already', { status: swap.status });
  const unit = await hallUnit(db, q.hallId);
  await audit(db, {
    userId: user.id,
    action: `swap.${q.decision}`,
    entity: 'shift_swap',
    entityId: String(swap.id),
    orgUnitId: unit,
    before: swap,
    after: { ...done, roster: applied },
  });
  if (applied)
    await audit(db, {
      userId: user.id,
      action: 'roster.published',
      entity: 'roster',
      entityId: applied.rosterId,
      orgUnitId: unit,
      before: { rosterId: applied.previous },
      after: { version: applied.version, change: { swap: swap.id, shift: applied.shiftId, employeeId: swap.takenBy } },
    });
  // A swap of today's or tomorrow's shift reaches the hub with its next config poll.
  if (applied) await writeRosterWindow(db, q.hallId, { now, by: user.id });
  const people = [await repo.employee(db, swap.offeredBy), await repo.employee(db, swap.takenBy)];
  const userIds = people.map((p) => p?.userId).filter((x): x is string => Boolean(x));
  if (userIds.length)
    await enqueueForUsers(db, {
      dedupeKey: `swap-decision|${swap.id}`,
      userIds,
      via: ['email', 'sms'],
      hallId: q.hallId,
      now,
      render: (lang) => {
        const ok = q.decision === 'approved';
        const subject =
          lang === 'zh-CN' ? `换班${ok ? '已批准' : '未批准'}` : `Shift swap ${ok ? 'approved' : 'refused'}`;
        return { subject, body: ok || !done.decisionReason ? subject : `${subject}: ${done.decisionReason}` };
      },
    });
  return { id: done.id, status: done.status, rosterId: applied?.rosterId ?? null, version: applied?.version ?? null };
}

function publicShift(s: ShiftRow) {
  return {
    id: s.id,
    date: s.date,
    start: s.start,
    end: s.end,
    breaks: s.breaks,
    serviceId: s.serviceId,
    templateId: s.templateId,
  };
}

/**
 * A clerk's swap page: their published shifts still ahead (with the open swap of each), the offers in
 * their hall they could take (only those: skill, contract, rest, availability, one shift a day), and their
 * swaps with their states.
 */
export async function mySwaps(db: Db, user: SessionUser, now = new Date()) {
  const me = await employeeOfUser(db, user);
  const hall = await hallOf(db, me.hallId);
  const today = localDate(hall.timeZone, now);
  const published = await repo.publishedRosters(db, me.hallId, today, addDays(today, 62));
  const shifts = (
    await repo.shiftsOf(
      db,
      published.map((r) => r.id),
    )
  ).filter((s) => ahead(s, hall.timeZone, now));
  const byId = new Map(shifts.map((s) => [s.id, s]));
  const swaps = await repo.swapsOfHall(db, me.hallId, ['offered', 'taken', 'approved', 'refused']);
  const people = new Map((await repo.employeesOfHall(db, me.hallId)).map((e) => [e.id, e.name]));
  const names = await serviceNames(db, me.hallId);
  const templates = new Map((await hallTemplates(db, me.hallId)).map((t) => [t.id, t.name]));
  const label = (s: ShiftRow) => ({
    ...publicShift(s),
    serviceName: s.serviceId ? (names.get(s.serviceId) ?? s.serviceId) : null,
    templateName: s.templateId ? (templates.get(baseTemplate(s.templateId)) ?? null) : null,
  });
  const openOf = new Map(
    swaps.filter((w) => w.status === 'offered' || w.status === 'taken').map((w) => [w.shiftId, w]),
  );
  const takeable = [];
  for (const w of swaps.filter((x) => x.status === 'offered' && x.offeredBy !== me.id)) {
    const s = byId.get(w.shiftId);
    if (!s) continue;
    const problems = await swapCheck(db, { ...s, hallId: me.hallId, rosterStatus: 'published' }, me);
    if (!problems.length)
      takeable.push({ swapId: w.id, note: w.note, offeredByName: people.get(w.offeredBy) ?? null, shift: label(s) });
  }
  const mine = (w: SwapRow) => w.offeredBy === me.id || w.takenBy === me.id;
  const history = swaps.filter(mine).slice(0, 50);
  const historyShifts = new Map(
    (await Promise.all(history.map((w) => repo.shift(db, w.shiftId))))
      .filter((s): s is ShiftRow => s !== null)
      .map((s) => [s.id, s]),
  );
  return {
    employee: { id: me.id, name: me.name },
    hall: { id: hall.id, name: hall.name, timeZone: hall.timeZone },
    today,
    shifts: shifts
      .filter((s) => s.employeeId === me.id)
      .map((s) => {
        const open = openOf.get(s.id);
        return {
          ...label(s),
          swap: open
            ? {
                id: open.id,
                status: open.status,
                takenByName: open.takenBy ? (people.get(open.takenBy) ?? null) : null,
              }
            : null,
        };
      }),
    takeable,
    swaps: history.map((w) => ({
      id: w.id,
      status: w.status,
      mine: w.offeredBy === me.id,
      offeredByName: people.get(w.offeredBy) ?? null,
      takenByName: w.takenBy ? (people.get(w.takenBy) ?? null) : null,
      decisionReason: w.decisionReason,
      shift: historyShifts.has(w.shiftId) ? label(historyShifts.get(w.shiftId) as ShiftRow) : null,
      createdAt: w.createdAt.getTime(),
    })),
  };
}

/** The hall's swaps for its managers: taken ones (to decide) first, then open offers and recent decisions. */
export async function hallSwaps(db: Db, hallId: string) {
  const hall = await hallOf(db, hallId);
  const swaps = await repo.swapsOfHall(db, hallId, ['offered', 'taken', 'approved', 'refused'], 200);
  const shifts = new Map(
    (await Promise.all([...new Set(swaps.map((w) => w.shiftId))].map((id) => repo.shift(db, id))))
      .filter((s): s is ShiftRow => s !== null)
      .map((s) => [s.id, s]),
  );
  const people = new Map((await repo.employeesOfHall(db, hallId)).map((e) => [e.id, e.name]));
  const names = await serviceNames(db, hallId);
  const rank = (w: SwapRow) => (w.status === 'taken' ? 0 : w.status === 'offered' ? 1 : 2);
  return {
    hall: { id: hall.id, name: hall.name, timeZone: hall.timeZone },
    swaps: swaps
      .sort((a, b) => rank(a) - rank(b) || b.createdAt.getTime() - a.createdAt.getTime())
      .map((w) => {
        const s = shifts.get(w.shiftId);
        return {
          id: w.id,
          status: w.status,
          note: w.note,
          offeredByName: people.get(w.offeredBy) ?? null,
          takenByName: w.takenBy ? (people.get(w.takenBy) ?? null) : null,
          decisionReason: w.decisionReason,
          shift: s
            ? { ...publicShift(s), serviceName: s.serviceId ? (names.get(s.serviceId) ?? s.serviceId) : null }
            : null,
        };
      }),
  };
}

/**
 * Employees' wishes for the roster (个性化要求): a clerk states days off, desired and undesired shifts,
 * time off and availability changes for the next 13 weeks; time off and availability changes wait for a
 * manager's decision (they are hard rules for the solver), the others are noted (they weigh in the
 * solver's objective). `wishesFor` hands them to roster generation as the engine's requests; a clerk's
 * list shows, per wish in a published roster's period, whether it was met and, if not, why.
 *
 * Only the clerk themself (through the console account linked to their employee record) and the hall's
 * managers (module scheduling) see or touch a clerk's wishes.
 */
import type { EmployeeRequests } from '@hall/cloud/workforce';
import type { Db } from '../../db/client.ts';
import { AppError, type ErrorDetailCode } from '../../errors.ts';
import { accessRepository } from '../access/access.repository.ts';
import { audit, type SessionUser } from '../access/access.service.ts';
import { hallsRepository } from '../halls/halls.repository.ts';
import { enqueueForUsers } from '../notifications/notifications.service.ts';
import { expandTemplates } from '../scheduling/planning.ts';
import { clockOf, minutesOf, settingsFor } from '../scheduling/scheduling.schema.ts';
import { WISH_KINDS, type WishKind } from '../scheduling/scheduling.table.ts';
import {
  wishesRepository as repo,
  type EmployeeRow,
  type RosterRow,
  type ShiftRow,
  type WishRow,
} from './wishes.repository.ts';
import {
  addDays,
  daysBetween,
  localDate,
  baseTemplate,
  reasonOf,
  weekdayOf,
  WEEKDAY_KEYS,
  wishDays,
  wishOutcome,
  type UnmetReason,
} from './wishes.rules.ts';

/** How far ahead a wish may reach (13 weeks), and how many open wishes one person may hold. */
export const WISH_MAX_AHEAD_DAYS = 91;
export const WISH_MAX_OPEN = 30;
/** Longest range per kind, in days. */
export const WISH_MAX_SPAN: Record<WishKind, number> = {
  'day-off': 7,
  'time-off': 31,
  'desired-shift': 1,
  'undesired-shift': WISH_MAX_AHEAD_DAYS,
  availability: WISH_MAX_AHEAD_DAYS,
};
/** Kinds a manager decides; the rest are noted. */
export const DECIDED_KINDS: ReadonlySet<WishKind> = new Set(['time-off', 'availability']);

export function fail(
  code: 'NOT_FOUND' | 'BAD_REQUEST' | 'CONFLICT' | 'FORBIDDEN',
  detail: ErrorDetailCode,
  message: string,
  params?: Record<string, string | number>,
  fields?: string[],
): AppError {
  const reason =
    code === 'NOT_FOUND'
      ? 'not-found'
      : code === 'CONFLICT'
        ? 'conflict'
        : code === 'FORBIDDEN'
          ? 'forbidden'
          : 'invalid-input';
  return new AppError(code, message, {
    reason,
    detail: params ? { code: detail, params } : { code: detail },
    ...(fields ? { fields } : {}),
  });
}

/**
 * The employee record linked to a signed-in console user. Not a refusal when there is none (any signed-in
 * user may ask): "no employee record linked" is a not-found the console explains.
 */
export async function employeeOfUser(db: Db, user: SessionUser): Promise<EmployeeRow> {
  const e = await repo.employeeOfUser(db, user.id);
  if (!e) throw fail('NOT_FOUND', 'employee-not-linked', 'no employee record is linked to this account');
  return e;
}

export async function hallOf(db: Db, hallId: string) {
  const hall = await repo.hall(db, hallId);
  if (!hall) throw fail('NOT_FOUND', 'hall-not-found', `no hall ${hallId}`, { hallId });
  return hall;
}

export async function hallUnit(db: Db, hallId: string) {
  return (await accessRepository.unitOfHall(db, hallId))?.id ?? null;
}

export interface HallTemplate {
  id: string;
  name: string;
  start: string | null;
  end: string | null;
  unpopular: boolean;
}

/**
 * The hall's shift templates from its scheduling settings (`settingsFor`: the stored document or the
 * defaults from the hall config), with the span their shifts lie in (first start to last end).
 */
export async function hallTemplates(db: Db, hallId: string): Promise<HallTemplate[]> {
  const { settings } = await settingsFor(db, hallId);
  return settings.templates.map((t) => ({
    id: t.id,
    name: t.name,
    start: t.firstStart,
    end: clockOf(minutesOf(t.lastStart) + t.minutes),
    unpopular: t.unpopular,
  }));
}

/**
 * The solver's template ids per settings template (`full` → `full@09:00~12:30`, …): the engine's requests
 * name solver templates, one per start and break position.
 */
async function solverTemplates(db: Db, hallId: string): Promise<Map<string, string[]>> {
  const { settings } = await settingsFor(db, hallId);
  const out = new Map<string, string[]>();
  for (const t of expandTemplates(settings)) out.set(t.templateId, [...(out.get(t.templateId) ?? []), t.id]);
  return out;
}

/** The hall's service names by id (from its config), for reasons that name a service. */
export async function serviceNames(db: Db, hallId: string): Promise<Map<string, string>> {
  const config = await hallsRepository.config(db, hallId);
  const services = (config?.document as { services?: Array<{ id?: unknown; name?: unknown }> } | undefined)?.services;
  return new Map(
    (Array.isArray(services) ? services : [])
      .filter((s) => typeof s.id === 'string')
      .map((s) => [s.id as string, typeof s.name === 'string' ? s.name : (s.id as string)]),
  );
}

// ── A clerk's own wishes ─────────────────────────────────────────────────────────────────────────────

export interface WishInput {
  kind: WishKind;
  fromDate: string;
  toDate?: string | undefined;
  templateId?: string | undefined;
  anyDay?: boolean | undefined;
  weekdays?: number[] | undefined;
  note?: string | undefined;
}

/** A clerk adds a wish for themself. */
export async function addWish(db: Db, user: SessionUser, input: WishInput, now = new Date()) {
  const e = await employeeOfUser(db, user);
  const hall = await hallOf(db, e.hallId);
  const today = localDate(hall.timeZone, now);
  const toDate = input.kind === 'desired-shift' ? input.fromDate : (input.toDate ?? input.fromDate);
  // Something that starts today may already be planned; wishes are for days still ahead.
  const first = addDays(today, 1);
  const last = addDays(today, WISH_MAX_AHEAD_DAYS);
  if (input.fromDate < first || toDate > last)
    throw fail(
      'BAD_REQUEST',
      'wish-date-out-of-range',
      'a wish is for days from tomorrow to 13 weeks ahead',
      { first, last },
      ['fromDate'],
    );
  if (toDate < input.fromDate)
    throw fail('BAD_REQUEST', 'wish-date-out-of-range', 'toDate before fromDate', { first, last }, ['toDate']);
  const span = daysBetween(input.fromDate, toDate) + 1;
  if (span > WISH_MAX_SPAN[input.kind])
    throw fail(
      'BAD_REQUEST',
      'wish-span-too-long',
      'the range is too long for this kind of wish',
      { max: WISH_MAX_SPAN[input.kind] },
      ['toDate'],
    );
  const needsTemplate = input.kind === 'desired-shift' || input.kind === 'undesired-shift';
  if (needsTemplate) {
    const templates = await hallTemplates(db, e.hallId);
    if (!input.templateId || !templates.some((t) => t.id === input.templateId))
      throw fail('BAD_REQUEST', 'wish-template-unknown', 'no such shift template in this hall', undefined, [
        'templateId',
      ]);
  }
  const weekdays = input.kind === 'availability' ? [...new Set(input.weekdays ?? [])].sort() : null;
  if (input.kind === 'availability' && !weekdays?.length)
    throw fail('BAD_REQUEST', 'wish-weekdays-missing', 'name the weekdays you cannot work', undefined, ['weekdays']);
  if ((await repo.liveWishCount(db, e.id, today)) >= WISH_MAX_OPEN)
    throw fail('CONFLICT', 'wish-limit-reached', 'too many open wishes', { max: WISH_MAX_OPEN });
  const row = await repo.insertWish(db, {
    employeeId: e.id,
    hallId: e.hallId,
    kind: input.kind,
    fromDate: input.fromDate,
    toDate,
    templateId: needsTemplate ? (input.templateId ?? null) : null,
    anyDay: input.kind === 'undesired-shift' ? (input.anyDay ?? false) : false,
    weekdays,
    note: input.note ?? null,
    status: DECIDED_KINDS.has(input.kind) ? 'pending' : 'noted',
  });
  await audit(db, {
    userId: user.id,
    action: 'wish.added',
    entity: 'schedule_wish',
    entityId: String(row.id),
    orgUnitId: await hallUnit(db, e.hallId),
    after: row,
  });
  return publicWish(row);
}

/** The clerk withdraws a wish of their own (any time before its first day). */
export async function withdrawWish(db: Db, user: SessionUser, id: number, now = new Date()) {
  const e = await employeeOfUser(db, user);
  const wish = await repo.wish(db, id);
  // Another person's wish is answered like a missing one: its existence is not the caller's business.
  if (!wish || wish.employeeId !== e.id) throw fail('NOT_FOUND', 'wish-not-found', `no wish ${id}`, { id });
  const hall = await hallOf(db, wish.hallId);
  if (wish.fromDate <= localDate(hall.timeZone, now))
    throw fail('CONFLICT', 'wish-already-started', 'the wish has begun; ask your manager', { date: wish.fromDate });
  const done = await repo.updateWishIf(db, id, wish.status, { status: 'withdrawn' });
  if (!done || wish.status === 'withdrawn' || wish.status === 'refused')
    throw fail('CONFLICT', 'wish-not-open', 'the wish is no longer open', { status: wish.status });
  await audit(db, {
    userId: user.id,
    action: 'wish.withdrawn',
    entity: 'schedule_wish',
    entityId: String(id),
    orgUnitId: await hallUnit(db, wish.hallId),
    before: wish,
    after: done,
  });
  return publicWish(done);
}

export function publicWish(w: WishRow) {
  return {
    id: w.id,
    employeeId: w.employeeId,
    kind: w.kind,
    fromDate: w.fromDate,
    toDate: w.toDate,
    templateId: w.templateId,
    anyDay: w.anyDay,
    weekdays: w.weekdays,
    note: w.note,
    status: w.status,
    decisionReason: w.decisionReason,
    decidedAt: w.decidedAt?.getTime() ?? null,
    createdAt: w.createdAt.getTime(),
  };
}

export type WishOutcome = {
  status: 'met' | 'unmet';
  /** The days it was not met on. */
  days: string[];
  reason: UnmetReason | null;
  rosterVersion: number;
};

/**
 * Per wish, its outcome in the published rosters of its period (null: no published roster covers it
 * yet). Several rosters (weeks) may cover one wish: it is met when met in all of them.
 */
export async function outcomes(db: Db, hallId: string, wishes: WishRow[]): Promise<Map<number, WishOutcome>> {
  const out = new Map<number, WishOutcome>();
  const counted = wishes.filter((w) => w.status === 'noted' || w.status === 'approved');
  if (!counted.length) return out;
  const from = counted.reduce((m, w) => (w.fromDate < m ? w.fromDate : m), counted[0]!.fromDate);
  const to = counted.reduce((m, w) => (w.toDate > m ? w.toDate : m), counted[0]!.toDate);
  const published = await repo.publishedRosters(db, hallId, from, to);
  if (!published.length) return out;
  const shifts = await repo.shiftsOf(
    db,
    published.map((r) => r.id),
  );
  const names = await serviceNames(db, hallId);
  for (const w of counted) {
    for (const r of published) {
      const period = { from: r.fromDate, to: addDays(r.fromDate, r.days - 1) };
      const mine = shifts.filter((s) => s.rosterId === r.id && s.employeeId === w.employeeId);
      const o = wishOutcome(w, period, mine);
      if (!o) continue;
      const prev = out.get(w.id);
      const reason = o.status === 'unmet' ? reasonFor(r, w, o.days[0] as string, names) : null;
      if (!prev || (prev.status === 'met' && o.status === 'unmet'))
        out.set(w.id, { status: o.status, days: o.days, reason, rosterVersion: r.version });
      else if (prev.status === 'unmet' && o.status === 'unmet') prev.days.push(...o.days);
    }
  }
  return out;
}

const ENGINE_KIND: Partial<Record<WishKind, string>> = {
  'day-off': 'day-off',
  'desired-shift': 'desired',
  'undesired-shift': 'undesired',
};

/** The engine's reason stored with the roster for this wish on `date`, as a code (services by name). */
function reasonFor(r: RosterRow, w: WishRow, date: string, names: Map<string, string>): UnmetReason {
  const day = daysBetween(r.fromDate, date);
  const kind = ENGINE_KIND[w.kind];
  // Stored as the engine answers (`employee`, `day`, `template`) or as the roster module keeps it
  // (`employeeId`, `date`, `templateId`).
  const hit = (r.unmetWishes as Array<Record<string, unknown>>).find((u) => {
    const template = u?.template ?? u?.templateId;
    return (
      (u?.employee ?? u?.employeeId) === w.employeeId &&
      u?.kind === kind &&
      (u?.date === date || u?.day === day) &&
      (w.kind === 'day-off' || typeof template !== 'string' || baseTemplate(template) === w.templateId)
    );
  });
  const reason = reasonOf(typeof hit?.reason === 'string' ? hit.reason : undefined);
  if (reason.code === 'coverage-short')
    reason.params.service = names.get(reason.params.service) ?? reason.params.service;
  return reason;
}

/** A clerk's own page: who they are, the hall's templates, their wishes (newest first) with outcomes. */
export async function myWishes(db: Db, user: SessionUser, now = new Date()) {
  const e = await employeeOfUser(db, user);
  const hall = await hallOf(db, e.hallId);
  const today = localDate(hall.timeZone, now);
  const rows = await repo.wishesOf(db, e.id, addDays(today, -56));
  const result = await outcomes(db, e.hallId, rows);
  return {
    employee: { id: e.id, name: e.name, staffId: e.staffId },
    hall: { id: hall.id, name: hall.name, timeZone: hall.timeZone },
    today,
    first: addDays(today, 1),
    last: addDays(today, WISH_MAX_AHEAD_DAYS),
    maxOpen: WISH_MAX_OPEN,
    templates: await hallTemplates(db, e.hallId),
    wishes: rows.map((w) => ({ ...publicWish(w), outcome: result.get(w.id) ?? null })),
  };
}

// ── The hall's managers ──────────────────────────────────────────────────────────────────────────────

/** A hall's wishes from a week ago on: pending decisions first, then by first day. */
export async function hallWishes(db: Db, hallId: string, now = new Date()) {
  const hall = await hallOf(db, hallId);
  const today = localDate(hall.timeZone, now);
  const rows = await repo.wishesOfHall(db, hallId, addDays(today, -7), addDays(today, WISH_MAX_AHEAD_DAYS + 7), [
    'pending',
    'approved',
    'refused',
    'noted',
  ]);
  const people = new Map((await repo.employeesOfHall(db, hallId)).map((e) => [e.id, e]));
  const result = await outcomes(db, hallId, rows);
  const rank = (w: WishRow) => (w.status === 'pending' ? 0 : 1);
  return {
    hall: { id: hall.id, name: hall.name, timeZone: hall.timeZone },
    today,
    templates: await hallTemplates(db, hallId),
    wishes: rows
      .sort((a, b) => rank(a) - rank(b) || a.fromDate.localeCompare(b.fromDate) || a.id - b.id)
      .map((w) => ({
        ...publicWish(w),
        employeeName: people.get(w.employeeId)?.name ?? null,
        outcome: result.get(w.id) ?? null,
      })),
  };
}

/** A manager approves or refuses a pending time off or availability change (refusal with a reason). */
export async function decideWish(
  db: Db,
  user: SessionUser,
  q: { hallId: string; id: number; decision: 'approved' | 'refused'; reason?: string | undefined },
  now = new Date(),
) {
  const wish = await repo.wish(db, q.id);
  if (!wish || wish.hallId !== q.hallId) throw fail('NOT_FOUND', 'wish-not-found', `no wish ${q.id}`, { id: q.id });
  if (q.decision === 'refused' && !q.reason?.trim())
    throw fail('BAD_REQUEST', 'decision-reason-missing', 'a refusal needs a reason', undefined, ['reason']);
  const done = await repo.updateWishIf(db, q.id, 'pending', {
    status: q.decision,
    decidedBy: user.id,
    decidedAt: now,
    decisionReason: q.reason?.trim() || null,
  });
  if (!done)
    throw fail('CONFLICT', 'wish-not-pending', 'the wish is not waiting for a decision', { status: wish.status });
  await audit(db, {
    userId: user.id,
    action: `wish.${q.decision}`,
    entity: 'schedule_wish',
    entityId: String(q.id),
    orgUnitId: await hallUnit(db, q.hallId),
    before: wish,
    after: done,
  });
  const e = await repo.employee(db, wish.employeeId);
  if (e?.userId)
    await enqueueForUsers(db, {
      dedupeKey: `wish-decision|${q.id}`,
      userIds: [e.userId],
      via: ['email', 'sms'],
      hallId: q.hallId,
      now,
      render: (lang) => wishDecisionText(lang, done),
    });
  return publicWish(done);
}

/** The clerk's message about a decision on their wish (subject and body, in their language). */
export function wishDecisionText(lang: 'zh-CN' | 'en', w: WishRow) {
  const range = w.fromDate === w.toDate ? w.fromDate : `${w.fromDate} – ${w.toDate}`;
  const approved = w.status === 'approved';
  const what =
    lang === 'zh-CN'
      ? w.kind === 'time-off'
        ? '休假申请'
        : '可上班时间变更'
      : w.kind === 'time-off'
        ? 'time off request'
        : 'availability change';
  if (lang === 'zh-CN') {
    const subject = `${what}${approved ? '已批准' : '未批准'}：${range}`;
    return { subject, body: approved ? subject : `${subject}\n原因：${w.decisionReason ?? ''}` };
  }
  const subject = `Your ${what} for ${range} was ${approved ? 'approved' : 'refused'}`;
  return { subject, body: approved ? subject : `${subject}\nReason: ${w.decisionReason ?? ''}` };
}

// ── For roster generation ────────────────────────────────────────────────────────────────────────────

export interface EmployeeWishes {
  employeeId: string;
  requests: EmployeeRequests;
  /** Day indices (from `fromDate`) the employee cannot work: approved time off and availability changes, weekly availability. */
  unavailable: number[];
}

/**
 * The wishes of a hall's active employees for the days [fromDate, fromDate + days) as the engine's
 * requests (day indices from `fromDate`; templates by the settings' template ids) and the days each
 * cannot work. Noted wishes are soft (days off, desired and undesired shifts); approved time off and
 * availability changes, and weekdays the weekly availability leaves empty, are hard. Withdrawn, refused
 * and pending wishes do not count.
 */
export async function wishesFor(db: Db, hallId: string, fromDate: string, days: number): Promise<EmployeeWishes[]> {
  const to = addDays(fromDate, days - 1);
  const people = (await repo.employeesOfHall(db, hallId)).filter((e) => e.status === 'active');
  const rows = await repo.wishesOfHall(db, hallId, fromDate, to, ['noted', 'approved']);
  const index = (d: string) => daysBetween(fromDate, d);
  const solver = await solverTemplates(db, hallId);
  return people.map((e) => {
    const mine = rows.filter((w) => w.employeeId === e.id);
    const requests: Required<EmployeeRequests> = { daysOff: [], desired: [], undesired: [] };
    const unavailable = new Set<number>();
    const weekly = e.availability ?? {};
    if (Object.keys(weekly).length)
      for (let d = 0; d < days; d++)
        if (!weekly[WEEKDAY_KEYS[weekdayOf(addDays(fromDate, d))] as keyof typeof weekly]?.length) unavailable.add(d);
    for (const w of mine) {
      const on = wishDays(w, fromDate, to).map(index);
      if (w.kind === 'day-off') requests.daysOff.push(...on);
      else if (w.kind === 'desired-shift' && w.templateId) {
        // The engine's desired shift is one solver template: the settings template's first start.
        const first = solver.get(w.templateId)?.[0];
        if (first) requests.desired.push(...on.map((day) => ({ day, template: first })));
      } else if (w.kind === 'undesired-shift' && w.templateId) {
        // Not this template at any start: every solver template it expands to.
        const all = solver.get(w.templateId) ?? [];
        if (w.anyDay && w.fromDate <= fromDate && w.toDate >= to)
          requests.undesired.push(...all.map((template) => ({ template })));
        else requests.undesired.push(...on.flatMap((day) => all.map((template) => ({ day, template }))));
      } else if ((w.kind === 'time-off' || w.kind === 'availability') && w.status === 'approved')
        on.forEach((d) => unavailable.add(d));
    }
    requests.daysOff = [...new Set(requests.daysOff)].filter((d) => !unavailable.has(d)).sort((a, b) => a - b);
    const out: EmployeeRequests = {};
    if (requests.daysOff.length) out.daysOff = requests.daysOff;
    if (requests.desired.length) out.desired = requests.desired;
    if (requests.undesired.length) out.undesired = requests.undesired;
    return { employeeId: e.id, requests: out, unavailable: [...unavailable].sort((a, b) => a - b) };
  });
}

export { WISH_KINDS };
export type { ShiftRow };

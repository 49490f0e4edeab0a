/**
 * The halls' employees: records, moves between halls, counter PINs, and what a clerk sees of themself.
 * Every change that matters to a hub (who, name, PIN, skills) writes the hall's `staff` section as a
 * new config version (staff-config.ts); the routers write the audit rows.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { hashSecret } from '@hall/devices/secrets';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { accessRepository } from '../access/access.repository.ts';
import { audit, subtree } from '../access/access.service.ts';
import { hallsRepository } from '../halls/halls.repository.ts';
import { localStamp } from '../jobs/jobs.schedule.ts';
import { updateConfigSections } from '../halls/halls.service.ts';
import { importStaffOnce, sectionChange } from './staff-config.ts';
import { staffRepository as repo, type EmployeeFilter, type EmployeeRow } from './staff.repository.ts';
import type { CreateEmployee, UpdateEmployee } from './staff.schema.ts';

/** A PIN reset per employee at most this often, and per manager at most RESETS_PER_WINDOW per window. */
export const PIN_RESET_MIN_INTERVAL_MS = 10_000;
export const PIN_RESETS_PER_WINDOW = 30;
export const PIN_RESET_WINDOW_MS = 10 * 60_000;

/** The hall-local day of `at` (YYYY-MM-DD). */
export const localDay = (at: Date, timeZone: string) => localStamp(at, timeZone).slice(0, 10);

import { addDays } from '@hall/devices/calendar';
export { addDays };

/**
 * Writes the hall's `staff` section from the table as a new config version when it differs from what
 * the hub has (updateConfigSections: one version, other sections untouched). The hall's row lock is
 * held from reading the employees to writing the version, so of two changes to one hall's staff the
 * later write is made from the table with both in it. Answers the version the hub will have, or null
 * when the hall has no config yet (its first config will carry the table's section: putHallConfig).
 */
export async function writeStaffSection(db: Db, hallId: string, by: string | null): Promise<number | null> {
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    await repo.lockHall(tx, hallId);
    if (!(await hallsRepository.config(tx, hallId))) return null;
    const rows = await repo.onHallSection(tx, hallId);
    return (await updateConfigSections(tx, hallId, (document) => sectionChange(document, rows), by)).version;
  });
}

/**
 * At a cloud's start: the staff section of every hall with a lead or manager written again if it lacks
 * their roles (sections written before the hub learnt roles; the hub lets only them score on-site). A
 * section that has them already writes nothing (sectionChange), so every start after the first and
 * every other process finds nothing to do.
 */
export async function writeRoleSections(db: Db): Promise<{ halls: number; written: number }> {
  const all = await repo.hallsWithRoles(db);
  let written = 0;
  for (const h of all) {
    const before = (await hallsRepository.config(db, h.id))?.version ?? null;
    const after = await writeStaffSection(db, h.id, null);
    if (after !== null && after !== before) written++;
  }
  return { halls: all.length, written };
}

/** A unique index refused the row (two managers adding the same number at once): SQLSTATE 23505. */
function isUniqueViolation(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 6; e = e.cause, depth++)
    if ((e as { code?: unknown }).code === '23505') return true;
  return false;
}

const notFound = (employeeId: string) =>
  new AppError('NOT_FOUND', `no employee ${employeeId}`, {
    fields: ['employeeId'],
    detail: { code: 'employee-not-found' },
  });

async function hallOrThrow(db: Db, hallId: string, field = 'hallId') {
  const hall = await hallsRepository.hall(db, hallId);
  if (!hall)
    throw new AppError('NOT_FOUND', `no hall ${hallId}`, { fields: [field], detail: { code: 'hall-not-found' } });
  return hall;
}

/** The hall's services as its config names them (skills are levels per one of these). */
async function servicesOf(db: Db, hallId: string) {
  const config = await hallsRepository.config(db, hallId);
  return ((config?.document.services as Array<{ id: string; name: string }> | undefined) ?? []).map((s) => ({
    id: s.id,
    name: s.name,
  }));
}

async function checkSkills(db: Db, hallId: string, skills: Record<string, number> | undefined) {
  if (!skills) return;
  const known = new Set((await servicesOf(db, hallId)).map((s) => s.id));
  const unknown = Object.keys(skills).find((id) => !known.has(id));
  if (unknown)
    throw new AppError('BAD_REQUEST', `skills.${unknown}: the hall has no service ${unknown}`, {
      fields: [`skills.${unknown}`],
      detail: { code: 'skill-unknown-service', params: { service: unknown } },
    });
}

async function checkStaffNumberFree(db: Db, hallId: string, staffId: string, field: string) {
  const taken = await repo.byStaffId(db, hallId, staffId);
  if (taken)
    throw new AppError('CONFLICT', `${field}: staff number ${staffId} is taken in hall ${hallId}`, {
      fields: [field],
      detail: { code: 'staff-number-taken', params: { staffId, name: taken.name } },
    });
}

/** An employee as the console sees it: never the PIN hash, only whether there is one. */
export function view(e: EmployeeRow) {
  const { pinHash, ...rest } = e;
  return { ...rest, pinSet: pinHash !== null };
}

export async function listEmployees(db: Db, filter: EmployeeFilter) {
  const hall = await hallOrThrow(db, filter.hallId);
  const [{ rows, total }, services] = await Promise.all([repo.list(db, filter), servicesOf(db, filter.hallId)]);
  return { hallName: hall.name, items: rows.map(view), total, services };
}

export async function getEmployee(db: Db, employeeId: string) {
  const e = await repo.get(db, employeeId);
  if (!e) throw notFound(employeeId);
  const [hall, services, user, moves] = await Promise.all([
    hallsRepository.hall(db, e.hallId),
    servicesOf(db, e.hallId),
    e.userId ? accessRepository.user(db, e.userId) : null,
    repo.moves(db, e.id),
  ]);
  return {
    ...view(e),
    hallName: hall?.name ?? e.hallId,
    services,
    user: user ? { id: user.id, username: user.username, name: user.name } : null,
    moves: await Promise.all(
      moves.map(async (m) => ({
        fromHallId: m.fromHallId,
        fromHallName: (await hallsRepository.hall(db, m.fromHallId))?.name ?? m.fromHallId,
        toHallId: m.toHallId,
        toHallName: (await hallsRepository.hall(db, m.toHallId))?.name ?? m.toHallId,
        effectiveDate: m.effectiveDate,
        applied: m.appliedAt !== null,
      })),
    ),
  };
}

export async function createEmployee(db: Db, input: CreateEmployee, by: string | null) {
  await hallOrThrow(db, input.hallId);
  // The hall's staff from its config first, so a new number cannot collide with one only the config has.
  await importStaffOnce(db, input.hallId);
  await checkSkills(db, input.hallId, input.skills);
  await checkStaffNumberFree(db, input.hallId, input.staffId, 'staffId');
  const id = randomUUID();
  const { hallId: _hallId, ...fields } = input;
  try {
    await repo.insert(db, { id, hallId: input.hallId, ...fields });
  } catch (err) {
    // Taken between the check and the insert: the same answer as the check's.
    if (isUniqueViolation(err)) await checkStaffNumberFree(db, input.hallId, input.staffId, 'staffId');
    throw err;
  }
  const version = await writeStaffSection(db, input.hallId, by);
  return { employeeId: id, version };
}

/** Checks that `userId` may be linked to this employee: a console user with the staff role, not linked elsewhere. */
async function checkLink(db: Db, employeeId: string, userId: string) {
  const user = await accessRepository.user(db, userId);
  if (!user)
    throw new AppError('NOT_FOUND', `userId: no user ${userId}`, {
      fields: ['userId'],
      detail: { code: 'user-not-found' },
    });
  const grants = await accessRepository.grants(db, userId);
  if (!grants.some((g) => g.role === 'staff'))
    throw new AppError('BAD_REQUEST', `userId: ${user.username} does not have the staff role`, {
      fields: ['userId'],
      detail: { code: 'user-not-staff', params: { user: user.name } },
    });
  const linked = await repo.byUser(db, userId);
  if (linked && linked.id !== employeeId)
    throw new AppError('CONFLICT', `userId: ${user.username} is already ${linked.name}`, {
      fields: ['userId'],
      detail: { code: 'user-linked-elsewhere', params: { user: user.name, employee: linked.name } },
    });
}

export async function updateEmployee(db: Db, input: UpdateEmployee, by: string | null) {
  const before = await repo.get(db, input.employeeId);
  if (!before) throw notFound(input.employeeId);
  await checkSkills(db, before.hallId, input.skills);
  if (input.userId) await checkLink(db, before.id, input.userId);
  const { employeeId, ...set } = input;
  const changes = Object.fromEntries(Object.entries(set).filter(([, v]) => v !== undefined)) as Partial<
    Omit<UpdateEmployee, 'employeeId'>
  >;
  try {
    await repo.update(db, employeeId, changes);
  } catch (err) {
    if (isUniqueViolation(err) && input.userId) await checkLink(db, employeeId, input.userId);
    throw err;
  }
  const version = await writeStaffSection(db, before.hallId, by);
  const { pinHash: _pinHash, ...rest } = before;
  const beforeFields = Object.fromEntries(Object.keys(changes).map((k) => [k, rest[k as keyof typeof rest]]));
  return { version, before: beforeFields, after: changes, hallId: before.hallId };
}

/**
 * Moves an employee to another hall from `effectiveDate` (hall-local). A move effective today or
 * earlier is applied at once; a later one waits for its day (applyDueMoves, run by the cloud each
 * night and at start). The staff number must be free in the target hall: it is the number the clerk
 * types at a counter, and they keep it.
 */
export async function moveEmployee(
  db: Db,
  input: { employeeId: string; toHallId: string; effectiveDate: string },
  by: string | null,
  now = new Date(),
) {
  const e = await repo.get(db, input.employeeId);
  if (!e) throw notFound(input.employeeId);
  if (e.status === 'left')
    throw new AppError('BAD_REQUEST', `employee ${e.name} has left`, {
      fields: ['employeeId'],
      detail: { code: 'employee-left' },
    });
  const target = await hallOrThrow(db, input.toHallId, 'toHallId');
  if (target.id === e.hallId)
    throw new AppError('BAD_REQUEST', 'toHallId: the employee works there already', {
      fields: ['toHallId'],
      detail: { code: 'move-same-hall' },
    });
  if (await repo.pendingMove(db, e.id))
    throw new AppError('CONFLICT', `employee ${e.name} has a move planned already`, {
      fields: ['effectiveDate'],
      detail: { code: 'move-pending' },
    });
  await importStaffOnce(db, target.id);
  await checkStaffNumberFree(db, target.id, e.staffId, 'toHallId');
  const from = await hallOrThrow(db, e.hallId);
  const [move] = await repo.insertMove(db, {
    employeeId: e.id,
    fromHallId: e.hallId,
    toHallId: target.id,
    effectiveDate: input.effectiveDate,
    by,
  });
  const applied = input.effectiveDate <= localDay(now, from.timeZone);
  if (applied && move) await applyMove(db, { id: move.id, employeeId: e.id, toHallId: target.id }, by);
  return { applied, fromHallId: e.hallId, toHallId: target.id };
}

async function applyMove(db: Db, m: { id: number; employeeId: string; toHallId: string }, by: string | null) {
  const e = await repo.get(db, m.employeeId);
  if (!e) return;
  await repo.update(db, e.id, { hallId: m.toHallId });
  await repo.markMoveApplied(db, m.id);
  // Gone from the old hall's section (their PIN stops working there), in the new one's.
  await writeStaffSection(db, e.hallId, by);
  await writeStaffSection(db, m.toHallId, by);
}

/** Applies the moves whose day has come (by the source hall's day); answers how many. */
export async function applyDueMoves(db: Db, now = new Date()) {
  // Today somewhere on Earth is at most tomorrow in UTC: the hall's own zone decides below.
  const due = await repo.dueMoves(db, addDays(now.toISOString().slice(0, 10), 1));
  let applied = 0;
  for (const m of due) {
    const from = await hallsRepository.hall(db, m.fromHallId);
    if (!from || m.effectiveDate > localDay(now, from.timeZone)) continue;
    await applyMove(db, m, null);
    // The move was audited when it was asked for; this row says when it took effect.
    await audit(db, {
      userId: null,
      action: 'employee.move-applied',
      entity: 'employee',
      entityId: m.employeeId,
      orgUnitId: (await accessRepository.unitOfHall(db, m.fromHallId))?.id ?? null,
      before: { hallId: m.fromHallId },
      after: { hallId: m.toHallId, effectiveDate: m.effectiveDate },
    });
    applied++;
  }
  return applied;
}

/**
 * A new random 6-digit counter PIN, answered once: only its scrypt hash (made on the thread pool) is
 * kept, and it goes to the hub with the hall's next config version. Limited per employee and per
 * manager (the audit log is the count every cloud process shares).
 */
export async function resetPin(db: Db, employeeId: string, by: string, now = new Date()) {
  const e = await repo.get(db, employeeId);
  if (!e) throw notFound(employeeId);
  if (e.status === 'left')
    throw new AppError('BAD_REQUEST', `employee ${e.name} has left`, {
      fields: ['employeeId'],
      detail: { code: 'employee-left' },
    });
  const sinceLast = e.pinSetAt ? now.getTime() - e.pinSetAt.getTime() : Infinity;
  if (sinceLast < PIN_RESET_MIN_INTERVAL_MS)
    throw new AppError('TOO_MANY_REQUESTS', 'a PIN was just set for this employee', {
      reason: 'too-many-attempts',
      retryAfterMs: PIN_RESET_MIN_INTERVAL_MS - sinceLast,
    });
  if ((await repo.pinResetsBy(db, by, new Date(now.getTime() - PIN_RESET_WINDOW_MS))) >= PIN_RESETS_PER_WINDOW)
    throw new AppError('TOO_MANY_REQUESTS', 'too many PIN resets', {
      reason: 'too-many-attempts',
      retryAfterMs: PIN_RESET_WINDOW_MS,
    });
  const pin = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await repo.update(db, e.id, { pinHash: await hashSecret(pin), pinSetAt: now });
  const version = await writeStaffSection(db, e.hallId, by);
  return { pin, version, hallId: e.hallId, staffId: e.staffId };
}

/** What a signed-in clerk sees of themself: their record and their published shifts of the next 14 days. */
export async function myRecord(db: Db, userId: string, now = new Date()) {
  const e = await repo.byUser(db, userId);
  if (!e) return null;
  const hall = await hallsRepository.hall(db, e.hallId);
  const today = localDay(now, hall?.timeZone ?? 'UTC');
  const [services, shifts] = await Promise.all([
    servicesOf(db, e.hallId),
    repo.publishedShifts(db, e.id, today, addDays(today, 13)),
  ]);
  const { pinHash, userId: _userId, ...rest } = e;
  return {
    ...rest,
    pinSet: pinHash !== null,
    hallName: hall?.name ?? e.hallId,
    services,
    today,
    shifts,
  };
}

/** Console users who may be linked to an employee of the hall: holders of the staff role at or under it. */
export async function linkableUsers(db: Db, hallId: string) {
  const unit = await accessRepository.unitOfHall(db, hallId);
  if (!unit) return [];
  const under = [...subtree(await accessRepository.units(db), unit.id)];
  const users = await repo.staffRoleUsers(db, under, 500);
  return users.map((u) => ({
    id: u.id,
    username: u.username,
    name: u.name,
    linkedTo: u.employeeId ? { id: u.employeeId, name: u.employeeName ?? '' } : null,
  }));
}

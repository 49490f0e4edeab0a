/**
 * What the inventory files share: who may act where. Each step of a document is someone's at one org unit —
 * a hall's request, receipt, issues and counts at the hall's unit; the approval of a hall's request or
 * count at the unit above the hall (its region); shipping at the sending warehouse's unit — checked here
 * with the permission model's own rule (`allows`), so a hall manager, whose grant is the hall, cannot
 * approve their own request however the roles are set up.
 */
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { Level } from '../access/permissions.ts';
import { accessRepository } from '../access/access.repository.ts';
import { allows, unitsAllowed, type SessionUser } from '../access/access.service.ts';

export { refuse } from '../../errors.ts';

export const forbidden = (what: string) =>
  new AppError('FORBIDDEN', `needs inventory rights ${what}`, { reason: 'forbidden' });

/** Inventory rights at a unit; a location without one (a hall not yet in the org tree) is the root's. */
export const can = (db: Db, user: SessionUser, level: Level, unitId: string | null) =>
  allows(db, user, 'inventory', level, unitId);

/**
 * The same rule as `can`, for many units at once: the org tree read once (lists over every location). A unit
 * of null is the root's.
 */
export async function rightsOf(db: Db, user: SessionUser, level: Level): Promise<(unitId: string | null) => boolean> {
  const units = await accessRepository.units(db);
  const allowed = unitsAllowed(user, units, 'inventory', level);
  const root = units.find((u) => u.parentId === null)?.id ?? null;
  return (unitId) => allowed.has(unitId ?? root ?? '');
}

export async function must(db: Db, user: SessionUser, level: Level, unitId: string | null, what: string) {
  if (!(await can(db, user, level, unitId))) throw forbidden(what);
}

/** The unit above a unit (a hall's region), or the unit itself at the root. */
export async function parentUnit(db: Db, unitId: string | null): Promise<string | null> {
  if (!unitId) return null;
  const unit = await accessRepository.unit(db, unitId);
  return unit?.parentId ?? unit?.id ?? null;
}

/** Who acted, as the ledger and the documents keep it. */
export const actor = (user: SessionUser) => `user:${user.id}`;

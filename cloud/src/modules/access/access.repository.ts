/** The org tree, users, grants, sessions and audit rows in the database. */
import { and, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import { auditLog, loginThrottle, orgUnits, roleGroups, sessions, userRoles, users } from './access.table.ts';

const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;
/** The account-wide row of `login_throttle`. */
export const ALL_SOURCES = '*';

const targetUsers = alias(users, 'target_users');
const targetUnits = alias(orgUnits, 'target_units');
const rowUnits = alias(orgUnits, 'row_units');

export const accessRepository = {
  units: (db: Db) => db.select().from(orgUnits),
  unit: async (db: Db, id: string) => (await db.select().from(orgUnits).where(eq(orgUnits.id, id)))[0] ?? null,
  unitOfHall: async (db: Db, hallId: string) =>
    (await db.select().from(orgUnits).where(eq(orgUnits.hallId, hallId)))[0] ?? null,
  insertUnit: (db: Db, unit: typeof orgUnits.$inferInsert) => db.insert(orgUnits).values(unit),

  userByName: async (db: Db, username: string) =>
    (await db.select().from(users).where(eq(users.username, username)))[0] ?? null,
  userBySubject: async (db: Db, subject: string) =>
    (await db.select().from(users).where(eq(users.oidcSubject, subject)))[0] ?? null,
  /** Display names of the users with these usernames. */
  namesOf: async (db: Db, usernames: string[]) =>
    new Map(
      usernames.length
        ? (
            await db
              .select({ username: users.username, name: users.name })
              .from(users)
              .where(inArray(users.username, usernames))
          ).map((u) => [u.username, u.name])
        : [],
    ),
  user: async (db: Db, id: string) => (await db.select().from(users).where(eq(users.id, id)))[0] ?? null,
  usersIn: (db: Db, unitIds: string[]) =>
    unitIds.length
      ? db
          .select({
            id: users.id,
            username: users.username,
            name: users.name,
            orgUnitId: users.orgUnitId,
            staffId: users.staffId,
            disabled: users.disabled,
          })
          .from(users)
          .where(inArray(users.orgUnitId, unitIds))
      : Promise.resolve([]),
  insertUser: (db: Db, user: typeof users.$inferInsert) => db.insert(users).values(user),
  updateUser: (db: Db, id: string, set: Partial<typeof users.$inferInsert>) =>
    db.update(users).set(set).where(eq(users.id, id)),

  /**
   * Counts an attempt against (username, source) *before* its password is checked, in one statement,
   * so that concurrent attempts each see their own number: the first `attempts` may be checked, every
   * later one is refused unchecked until the window after the last counted failure has passed. Failures
   * older than the window start over; a lock is not extended by attempts made while it holds.
   */
  reserveLoginAttempt: async (
    db: Db,
    k: { username: string; source: string; now: Date; windowStart: Date; attempts: number },
  ) =>
    (
      await db
        .insert(loginThrottle)
        .values({ username: k.username, source: k.source, failures: 1, lastFailureAt: k.now })
        .onConflictDoUpdate({
          target: [loginThrottle.username, loginThrottle.source],
          set: {
            failures: sql`CASE WHEN ${loginThrottle.lastFailureAt} IS NULL OR ${loginThrottle.lastFailureAt} <= ${at(k.windowStart)} THEN 1 ELSE ${loginThrottle.failures} + 1 END`,
            lastFailureAt: sql`CASE WHEN ${loginThrottle.failures} >= ${k.attempts} AND ${loginThrottle.lastFailureAt} > ${at(k.windowStart)} THEN ${loginThrottle.lastFailureAt} ELSE ${at(k.now)} END`,
          },
        })
        .returning({
          failures: loginThrottle.failures,
          lastFailureAt: loginThrottle.lastFailureAt,
          lastSuccessAt: loginThrottle.lastSuccessAt,
        })
    )[0] as { failures: number; lastFailureAt: Date | null; lastSuccessAt: Date | null },
  /** Gives back a reserved attempt that was never checked (refused by the slow-down or as busy). */
  releaseLoginAttempt: (db: Db, username: string, source: string) =>
    db
      .update(loginThrottle)
      .set({ failures: sql`GREATEST(${loginThrottle.failures} - 1, 0)` })
      .where(and(eq(loginThrottle.username, username), eq(loginThrottle.source, source))),
  /** A right password: the source starts over and becomes familiar for this account. */
  /**
   * Forgets throttle rows that no longer decide anything: no failure inside the lock window, no sign-in
   * recent enough to make the source familiar, no slow-down slot ahead. Up to `limit` rows per call.
   */
  async purgeLoginThrottle(db: Db, o: { now: Date; windowStart: Date; familiarSince: Date; limit: number }) {
    const stale = and(
      sql`(${loginThrottle.lastFailureAt} is null or ${loginThrottle.lastFailureAt} < ${o.windowStart.toISOString()}::timestamptz)`,
      sql`(${loginThrottle.lastSuccessAt} is null or ${loginThrottle.lastSuccessAt} < ${o.familiarSince.toISOString()}::timestamptz)`,
      sql`(${loginThrottle.nextSlotAt} is null or ${loginThrottle.nextSlotAt} < ${o.now.toISOString()}::timestamptz)`,
    );
    const rows = await db
      .delete(loginThrottle)
      .where(
        sql`(${loginThrottle.username}, ${loginThrottle.source}) in (select ${loginThrottle.username}, ${loginThrottle.source} from ${loginThrottle} where ${stale} limit ${o.limit})`,
      )
      .returning({ username: loginThrottle.username });
    return rows.length;
  },
  loginSucceeded: (db: Db, username: string, source: string, now: Date) =>
    db
      .update(loginThrottle)
      .set({ failures: 0, lastFailureAt: null, lastSuccessAt: now })
      .where(and(eq(loginThrottle.username, username), eq(loginThrottle.source, source))),
  /** A wrong password, counted for the account over all sources; answers the count in the window. */
  accountFailed: async (db: Db, username: string, now: Date, windowStart: Date) =>
    (
      await db
        .insert(loginThrottle)
        .values({ username, source: ALL_SOURCES, failures: 1, lastFailureAt: now })
        .onConflictDoUpdate({
          target: [loginThrottle.username, loginThrottle.source],
          set: {
            failures: sql`CASE WHEN ${loginThrottle.lastFailureAt} IS NULL OR ${loginThrottle.lastFailureAt} <= ${at(windowStart)} THEN 1 ELSE ${loginThrottle.failures} + 1 END`,
            lastFailureAt: now,
          },
        })
        .returning({ failures: loginThrottle.failures })
    )[0]?.failures ?? 1,
  accountThrottle: async (db: Db, username: string) =>
    (
      await db
        .select()
        .from(loginThrottle)
        .where(and(eq(loginThrottle.username, username), eq(loginThrottle.source, ALL_SOURCES)))
    )[0] ?? null,
  /**
   * Takes the account's next slot for an attempt from an unfamiliar source, if it is free: one
   * statement, so concurrent attempts cannot take the same slot. Answers whether it was taken.
   */
  takeAccountSlot: async (db: Db, k: { username: string; now: Date; next: Date }) =>
    (
      await db
        .update(loginThrottle)
        .set({ nextSlotAt: k.next })
        .where(
          and(
            eq(loginThrottle.username, k.username),
            eq(loginThrottle.source, ALL_SOURCES),
            sql`(${loginThrottle.nextSlotAt} IS NULL OR ${loginThrottle.nextSlotAt} <= ${at(k.now)})`,
          ),
        )
        .returning({ username: loginThrottle.username })
    ).length === 1,

  grants: (db: Db, userId: string) => db.select().from(userRoles).where(eq(userRoles.userId, userId)),
  grantsOf: (db: Db, userIds: string[]) =>
    userIds.length ? db.select().from(userRoles).where(inArray(userRoles.userId, userIds)) : Promise.resolve([]),
  grant: (db: Db, g: typeof userRoles.$inferInsert) => db.insert(userRoles).values(g).onConflictDoNothing(),

  upsertRoleGroup: (db: Db, g: typeof roleGroups.$inferInsert) =>
    db
      .insert(roleGroups)
      .values(g)
      .onConflictDoUpdate({ target: roleGroups.id, set: { name: g.name, roles: g.roles } }),
  roleGroup: async (db: Db, id: string) => (await db.select().from(roleGroups).where(eq(roleGroups.id, id)))[0] ?? null,
  roleGroups: (db: Db) => db.select().from(roleGroups),

  insertSession: (db: Db, s: typeof sessions.$inferInsert) => db.insert(sessions).values(s),
  session: async (db: Db, tokenHash: string, now: Date) =>
    (
      await db
        .select()
        .from(sessions)
        .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now)))
    )[0] ?? null,
  deleteSession: (db: Db, tokenHash: string) => db.delete(sessions).where(eq(sessions.tokenHash, tokenHash)),
  deleteSessionsOf: (db: Db, userId: string) => db.delete(sessions).where(eq(sessions.userId, userId)),

  audit: (db: Db, row: typeof auditLog.$inferInsert) => db.insert(auditLog).values(row),
  /** The newest audit rows of these units, with the acting user's name. */
  auditIn: (db: Db, unitIds: string[], limit: number) =>
    unitIds.length
      ? db
          .select({
            id: auditLog.id,
            at: auditLog.at,
            userId: auditLog.userId,
            username: users.username,
            userName: users.name,
            action: auditLog.action,
            entity: auditLog.entity,
            entityId: auditLog.entityId,
            orgUnitId: auditLog.orgUnitId,
            before: auditLog.before,
            after: auditLog.after,
            // The entity's own name where it has one (a user's, a unit's or hall's, a role group's).
            targetUser: targetUsers.name,
            targetUnit: targetUnits.name,
            targetGroup: roleGroups.name,
            hallId: rowUnits.hallId,
          })
          .from(auditLog)
          .leftJoin(users, eq(users.id, auditLog.userId))
          .leftJoin(targetUsers, and(eq(auditLog.entity, 'user'), eq(targetUsers.id, auditLog.entityId)))
          .leftJoin(
            targetUnits,
            sql`(${auditLog.entity} = 'org_unit' AND ${targetUnits.id} = ${auditLog.entityId}) OR (${auditLog.entity} = 'hall' AND ${targetUnits.hallId} = ${auditLog.entityId})`,
          )
          .leftJoin(roleGroups, and(eq(auditLog.entity, 'role_group'), eq(roleGroups.id, auditLog.entityId)))
          .leftJoin(rowUnits, eq(rowUnits.id, auditLog.orgUnitId))
          .where(inArray(auditLog.orgUnitId, unitIds))
          .orderBy(desc(auditLog.id))
          .limit(limit)
      : Promise.resolve([]),
};

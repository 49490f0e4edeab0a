/** The org tree, users, grants, sessions and audit rows in the database. */
import { and, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { auditLog, orgUnits, roleGroups, sessions, userRoles, users } from './access.table.ts';

export const accessRepository = {
  units: (db: Db) => db.select().from(orgUnits),
  unit: async (db: Db, id: string) => (await db.select().from(orgUnits).where(eq(orgUnits.id, id)))[0] ?? null,
  unitOfHall: async (db: Db, hallId: string) => (await db.select().from(orgUnits).where(eq(orgUnits.hallId, hallId)))[0] ?? null,
  insertUnit: (db: Db, unit: typeof orgUnits.$inferInsert) => db.insert(orgUnits).values(unit),

  userByName: async (db: Db, username: string) => (await db.select().from(users).where(eq(users.username, username)))[0] ?? null,
  userBySubject: async (db: Db, subject: string) => (await db.select().from(users).where(eq(users.oidcSubject, subject)))[0] ?? null,
  user: async (db: Db, id: string) => (await db.select().from(users).where(eq(users.id, id)))[0] ?? null,
  usersIn: (db: Db, unitIds: string[]) => (unitIds.length ? db.select({ id: users.id, username: users.username, name: users.name, orgUnitId: users.orgUnitId, staffId: users.staffId, disabled: users.disabled }).from(users).where(inArray(users.orgUnitId, unitIds)) : Promise.resolve([])),
  insertUser: (db: Db, user: typeof users.$inferInsert) => db.insert(users).values(user),
  updateUser: (db: Db, id: string, set: Partial<typeof users.$inferInsert>) => db.update(users).set(set).where(eq(users.id, id)),
  recordFailedLogin: (db: Db, id: string, lockUntil: Date | null) =>
    db.update(users).set({ failedLogins: sql`${users.failedLogins} + 1`, ...(lockUntil ? { lockedUntil: lockUntil } : {}) }).where(eq(users.id, id)).returning({ failedLogins: users.failedLogins }),

  grants: (db: Db, userId: string) => db.select().from(userRoles).where(eq(userRoles.userId, userId)),
  grantsOf: (db: Db, userIds: string[]) => (userIds.length ? db.select().from(userRoles).where(inArray(userRoles.userId, userIds)) : Promise.resolve([])),
  grant: (db: Db, g: typeof userRoles.$inferInsert) => db.insert(userRoles).values(g).onConflictDoNothing(),

  upsertRoleGroup: (db: Db, g: typeof roleGroups.$inferInsert) => db.insert(roleGroups).values(g).onConflictDoUpdate({ target: roleGroups.id, set: { name: g.name, roles: g.roles } }),
  roleGroup: async (db: Db, id: string) => (await db.select().from(roleGroups).where(eq(roleGroups.id, id)))[0] ?? null,
  roleGroups: (db: Db) => db.select().from(roleGroups),

  insertSession: (db: Db, s: typeof sessions.$inferInsert) => db.insert(sessions).values(s),
  session: async (db: Db, tokenHash: string, now: Date) => (await db.select().from(sessions).where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now))))[0] ?? null,
  deleteSession: (db: Db, tokenHash: string) => db.delete(sessions).where(eq(sessions.tokenHash, tokenHash)),
  deleteSessionsOf: (db: Db, userId: string) => db.delete(sessions).where(eq(sessions.userId, userId)),

  audit: (db: Db, row: typeof auditLog.$inferInsert) => db.insert(auditLog).values(row),
  /** The newest audit rows of these units, with the acting user's name. */
  auditIn: (db: Db, unitIds: string[], limit: number) =>
    unitIds.length
      ? db
          .select({ id: auditLog.id, at: auditLog.at, userId: auditLog.userId, username: users.username, action: auditLog.action, entity: auditLog.entity, entityId: auditLog.entityId, orgUnitId: auditLog.orgUnitId, before: auditLog.before, after: auditLog.after })
          .from(auditLog)
          .leftJoin(users, eq(users.id, auditLog.userId))
          .where(inArray(auditLog.orgUnitId, unitIds))
          .orderBy(desc(auditLog.id))
          .limit(limit)
      : Promise.resolve([]),
};

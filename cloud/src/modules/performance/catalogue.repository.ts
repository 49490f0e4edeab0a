/**
 * The KPI catalogue's storage: versions of `kpi_definitions` (performance.table.ts). A version row is
 * written once and never updated, except `retired_at` on the newest version of a key (retiring is not
 * an edit of what the KPI computes). Two writers of the same next version meet the unique index
 * (key, version): one wins, the other is told the catalogue moved on.
 */
import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { orgUnits } from '../access/access.table.ts';
import { halls } from '../halls/halls.table.ts';
import { employees } from '../staff/staff.table.ts';
import type { KpiDefinitionRow } from './performance.repository.ts';
import { kpiDefinitions } from './performance.table.ts';

export type KpiInsert = Omit<typeof kpiDefinitions.$inferInsert, 'id' | 'createdAt'>;

export const catalogueRepository = {
  /** Every version of every key, oldest first (the catalogue is small: tens of keys, a few versions each). */
  all: (db: Db): Promise<KpiDefinitionRow[]> =>
    db.select().from(kpiDefinitions).orderBy(asc(kpiDefinitions.key), asc(kpiDefinitions.version)),
  versions: (db: Db, key: string): Promise<KpiDefinitionRow[]> =>
    db.select().from(kpiDefinitions).where(eq(kpiDefinitions.key, key)).orderBy(desc(kpiDefinitions.version)),
  newest: async (db: Db, key: string): Promise<KpiDefinitionRow | null> =>
    (
      await db
        .select()
        .from(kpiDefinitions)
        .where(eq(kpiDefinitions.key, key))
        .orderBy(desc(kpiDefinitions.version))
        .limit(1)
    )[0] ?? null,
  /** Inserts a version; null when that (key, version) exists already (someone else wrote it first). */
  insert: async (db: Db, row: KpiInsert): Promise<KpiDefinitionRow | null> =>
    (await db.insert(kpiDefinitions).values(row).onConflictDoNothing().returning())[0] ?? null,
  /** Version 1 of each draft whose key has no version yet; answers the rows written. */
  insertFirstVersions: (db: Db, rows: KpiInsert[]): Promise<KpiDefinitionRow[]> =>
    rows.length === 0 ? Promise.resolve([]) : db.insert(kpiDefinitions).values(rows).onConflictDoNothing().returning(),
  /** Retires the newest version of a key if it is not retired (null: it was, or another version is newer). */
  retire: async (db: Db, id: number, at: Date): Promise<KpiDefinitionRow | null> =>
    (
      await db
        .update(kpiDefinitions)
        .set({ retiredAt: at })
        .where(and(eq(kpiDefinitions.id, id), isNull(kpiDefinitions.retiredAt)))
        .returning()
    )[0] ?? null,
  unitsExisting: async (db: Db, ids: readonly string[]): Promise<Set<string>> =>
    ids.length === 0
      ? new Set()
      : new Set(
          (
            await db
              .select({ id: orgUnits.id })
              .from(orgUnits)
              .where(inArray(orgUnits.id, [...ids]))
          ).map((r) => r.id),
        ),
  hallNames: async (db: Db, hallIds: readonly string[]) =>
    hallIds.length === 0
      ? []
      : db
          .select({ id: halls.id, name: halls.name })
          .from(halls)
          .where(inArray(halls.id, [...hallIds])),
  /** Names of employees by id, and by (hall, staff number) for clerks known only by their number. */
  employeeNames: async (db: Db, hallIds: readonly string[]) =>
    hallIds.length === 0
      ? []
      : db
          .select({ id: employees.id, hallId: employees.hallId, staffId: employees.staffId, name: employees.name })
          .from(employees)
          .where(inArray(employees.hallId, [...hallIds])),
};

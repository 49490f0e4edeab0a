/** The daily KPI report: storage of reports and settings, and the few rows a report reads beside kpi_daily. */
import { and, asc, count, desc, eq, gte, inArray, lt } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { employees } from '../staff/staff.table.ts';
import { onsiteForms } from './onsite.table.ts';
import { kpiReports, kpiReportSettings, type KpiReportScope } from './report.table.ts';

export type KpiReportRow = typeof kpiReports.$inferSelect;
export type KpiReportSettingsRow = typeof kpiReportSettings.$inferSelect;

const key = (scope: KpiReportScope, scopeId: string, date: string, formatVersion: number) =>
  and(
    eq(kpiReports.scope, scope),
    eq(kpiReports.scopeId, scopeId),
    eq(kpiReports.date, date),
    eq(kpiReports.formatVersion, formatVersion),
  );

export const kpiReportRepository = {
  /**
   * Stores a report unless one of the same key exists (first writer wins, on any number of processes);
   * answers whether this call stored it.
   */
  async insertIfAbsent(db: Db, row: typeof kpiReports.$inferInsert): Promise<boolean> {
    const r = await db.insert(kpiReports).values(row).onConflictDoNothing().returning({ scope: kpiReports.scope });
    return r.length > 0;
  },
  /** Replaces a stored report (the regeneration by hand, with the KPI versions the report named). */
  replace: (db: Db, row: typeof kpiReports.$inferInsert) =>
    db
      .insert(kpiReports)
      .values(row)
      .onConflictDoUpdate({
        target: [kpiReports.scope, kpiReports.scopeId, kpiReports.date, kpiReports.formatVersion],
        set: { generatedAt: row.generatedAt, body: row.body, kpiVersions: row.kpiVersions },
      }),
  get: async (db: Db, scope: KpiReportScope, scopeId: string, date: string, formatVersion: number) =>
    (
      await db
        .select()
        .from(kpiReports)
        .where(key(scope, scopeId, date, formatVersion))
    )[0] ?? null,
  /** A hall's or unit's reports, newest first, without bodies. */
  list: (
    db: Db,
    q: { scope: KpiReportScope; scopeId: string; formatVersion: number; before?: string; limit: number },
  ) =>
    db
      .select({ date: kpiReports.date, generatedAt: kpiReports.generatedAt, kpiVersions: kpiReports.kpiVersions })
      .from(kpiReports)
      .where(
        and(
          eq(kpiReports.scope, q.scope),
          eq(kpiReports.scopeId, q.scopeId),
          eq(kpiReports.formatVersion, q.formatVersion),
          q.before ? lt(kpiReports.date, q.before) : undefined,
        ),
      )
      .orderBy(desc(kpiReports.date))
      .limit(q.limit),

  settings: (db: Db) => db.select().from(kpiReportSettings),
  setting: async (db: Db, orgUnitId: string) =>
    (await db.select().from(kpiReportSettings).where(eq(kpiReportSettings.orgUnitId, orgUnitId)))[0] ?? null,
  putSetting: (db: Db, row: typeof kpiReportSettings.$inferInsert) =>
    db
      .insert(kpiReportSettings)
      .values(row)
      .onConflictDoUpdate({
        target: kpiReportSettings.orgUnitId,
        set: {
          enabled: row.enabled,
          time: row.time,
          kpiKeys: row.kpiKeys,
          languages: row.languages,
          updatedAt: row.updatedAt ?? new Date(),
          updatedBy: row.updatedBy ?? null,
        },
      }),

  /** Names of the halls' employees: by employee id and by `staff:<staff number>` (as facts name clerks). */
  async clerkNames(db: Db, hallIds: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (!hallIds.length) return out;
    const rows = await db
      .select({ id: employees.id, hallId: employees.hallId, staffId: employees.staffId, name: employees.name })
      .from(employees)
      .where(inArray(employees.hallId, [...hallIds]));
    for (const r of rows) {
      out.set(r.id, r.name);
      out.set(`${r.hallId}\u0000staff:${r.staffId}`, r.name);
    }
    return out;
  },

  /** The hall's on-site forms scored in [from, to), oldest first, at most `limit`; and how many there were. */
  async formsOfDay(db: Db, hallId: string, from: Date, to: Date, limit: number) {
    const where = and(eq(onsiteForms.hallId, hallId), gte(onsiteForms.at, from), lt(onsiteForms.at, to));
    const [list, [total]] = await Promise.all([
      db.select().from(onsiteForms).where(where).orderBy(asc(onsiteForms.at)).limit(limit),
      db.select({ n: count() }).from(onsiteForms).where(where),
    ]);
    return { list, total: total?.n ?? 0 };
  },
};

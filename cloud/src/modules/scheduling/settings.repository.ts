/** The planning settings' storage: the current document per hall and every saved version. */
import { desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { schedulingSettings } from './scheduling.table.ts';
import { schedulingSettingsVersions } from './settings.table.ts';

export const settingsRepository = {
  /**
   * Writes version `baseVersion + 1` when the stored version is still `baseVersion` (per hall, under a
   * lock: two saves at once take turns); answers the new version, or null with the stored one.
   */
  async save(db: Db, q: { hallId: string; baseVersion: number; document: Record<string, unknown>; by: string }) {
    return db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`scheduling-settings:${q.hallId}`}))`);
      const [row] = await tx.select().from(schedulingSettings).where(eq(schedulingSettings.hallId, q.hallId));
      const stored = row?.version ?? 0;
      if (stored !== q.baseVersion) return { saved: null, stored };
      const next = stored + 1;
      await tx
        .insert(schedulingSettings)
        .values({ hallId: q.hallId, version: next, document: q.document, updatedBy: q.by })
        .onConflictDoUpdate({
          target: schedulingSettings.hallId,
          set: { version: next, document: q.document, updatedBy: q.by, updatedAt: new Date() },
        });
      await tx
        .insert(schedulingSettingsVersions)
        .values({ hallId: q.hallId, version: next, document: q.document, savedBy: q.by });
      return { saved: next, stored };
    });
  },
  versions: (db: Db, hallId: string, limit: number) =>
    db
      .select()
      .from(schedulingSettingsVersions)
      .where(eq(schedulingSettingsVersions.hallId, hallId))
      .orderBy(desc(schedulingSettingsVersions.version))
      .limit(limit),
};

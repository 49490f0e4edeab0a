/** Halls and hubs in the database. */
import { desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { deviceHealth } from '../ingest/ingest.table.ts';
import { hallConfigs, halls, hubs } from './halls.table.ts';

export const hallsRepository = {
  upsertHall: (db: Db, hall: typeof halls.$inferInsert) =>
    db
      .insert(halls)
      .values(hall)
      .onConflictDoUpdate({ target: halls.id, set: { name: hall.name, timeZone: hall.timeZone } }),
  insertHub: (db: Db, hub: typeof hubs.$inferInsert) => db.insert(hubs).values(hub),
  hub: async (db: Db, id: string) => (await db.select().from(hubs).where(eq(hubs.id, id)))[0] ?? null,
  hall: async (db: Db, id: string) => (await db.select().from(halls).where(eq(halls.id, id)))[0] ?? null,
  /** Each device's latest availability report in a hall. */
  deviceHealth: (db: Db, hallId: string) =>
    db
      .selectDistinctOn([deviceHealth.deviceId], {
        deviceId: deviceHealth.deviceId,
        online: deviceHealth.online,
        cause: deviceHealth.cause,
        at: deviceHealth.at,
      })
      .from(deviceHealth)
      .where(eq(deviceHealth.hallId, hallId))
      .orderBy(deviceHealth.deviceId, desc(deviceHealth.at)),
  config: async (db: Db, hallId: string) =>
    (await db.select().from(hallConfigs).where(eq(hallConfigs.hallId, hallId)))[0] ?? null,
  /** The hall's config row, locked until the transaction ends (a read-modify-write of one section). */
  configForUpdate: async (db: Db, hallId: string) =>
    (await db.select().from(hallConfigs).where(eq(hallConfigs.hallId, hallId)).for('update'))[0] ?? null,
  /** Writes a new version of a hall's config; the version only grows. */
  async putConfig(db: Db, hallId: string, document: Record<string, unknown>, by: string | null) {
    const current = await hallsRepository.config(db, hallId);
    const version = (current?.version ?? 0) + 1;
    await db
      .insert(hallConfigs)
      .values({ hallId, version, document, updatedBy: by })
      .onConflictDoUpdate({
        target: hallConfigs.hallId,
        set: { version, document, updatedBy: by, updatedAt: new Date() },
      });
    return { version, before: current?.document ?? null };
  },
};

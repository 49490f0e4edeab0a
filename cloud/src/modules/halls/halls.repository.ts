/** Halls and hubs in the database. */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { halls, hubs } from './halls.table.ts';

export const hallsRepository = {
  upsertHall: (db: Db, hall: typeof halls.$inferInsert) => db.insert(halls).values(hall).onConflictDoUpdate({ target: halls.id, set: { name: hall.name, timeZone: hall.timeZone } }),
  insertHub: (db: Db, hub: typeof hubs.$inferInsert) => db.insert(hubs).values(hub),
  hub: async (db: Db, id: string) => (await db.select().from(hubs).where(eq(hubs.id, id)))[0] ?? null,
};

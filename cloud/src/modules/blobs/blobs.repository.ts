/** The `blobs` table: which blobs exist, their sniffed type, size, who stored them and for which hall. */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { blobs } from './blobs.table.ts';

export type BlobRow = typeof blobs.$inferSelect;

export const blobsRepository = {
  get: async (db: Db, sha256: string): Promise<BlobRow | null> =>
    (await db.select().from(blobs).where(eq(blobs.sha256, sha256)))[0] ?? null,
  /** Inserts the row unless it exists (the same bytes stored twice are one blob); true when it was new. */
  insert: async (db: Db, row: typeof blobs.$inferInsert): Promise<boolean> =>
    (await db.insert(blobs).values(row).onConflictDoNothing().returning({ sha256: blobs.sha256 })).length > 0,
  /** Makes a hall's blob the organisation's (the same bytes stored again as a catalogue photo). */
  makeShared: async (db: Db, sha256: string): Promise<void> => {
    await db.update(blobs).set({ hallId: null }).where(eq(blobs.sha256, sha256));
  },
};

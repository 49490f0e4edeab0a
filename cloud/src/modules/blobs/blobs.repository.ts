/** The `blobs` table: which blobs exist, their sniffed type, size, who stored them and for which hall. */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { blobs, type BlobShare } from './blobs.table.ts';

export type BlobRow = typeof blobs.$inferSelect;

export const blobsRepository = {
  get: async (db: Db, sha256: string): Promise<BlobRow | null> =>
    (await db.select().from(blobs).where(eq(blobs.sha256, sha256)))[0] ?? null,
  /** Inserts the row unless it exists (the same bytes stored twice are one blob); true when it was new. */
  insert: async (db: Db, row: typeof blobs.$inferInsert): Promise<boolean> =>
    (await db.insert(blobs).values(row).onConflictDoNothing().returning({ sha256: blobs.sha256 })).length > 0,
  /** Shares a blob with the organisation as well (the same bytes stored again as a catalogue photo or a training file); true when it was not shared so before. */
  share: async (db: Db, sha256: string, share: BlobShare): Promise<boolean> =>
    (
      await db
        .update(blobs)
        .set({ shared: sql`array_append(${blobs.shared}, ${share})` })
        .where(sql`${blobs.sha256} = ${sha256} AND NOT (${share} = ANY(${blobs.shared}))`)
        .returning({ sha256: blobs.sha256 })
    ).length > 0,
  /** Gives a blob that had no hall the hall that stored it now (its people see their own photo); true when it had none. */
  setHall: async (db: Db, sha256: string, hallId: string): Promise<boolean> =>
    (
      await db
        .update(blobs)
        .set({ hallId })
        .where(sql`${blobs.sha256} = ${sha256} AND ${blobs.hallId} IS NULL`)
        .returning({ sha256: blobs.sha256 })
    ).length > 0,
};

/**
 * Blobs (photos of on-site checks, signatures, catalogue photos, training files): content-addressed by the
 * SHA-256 of their bytes. This table says which blobs exist, what they are and who stored them; the bytes
 * live in the blob store (blob-store.ts: a folder under the data folder by default, S3-compatible in
 * production).
 */
import { sql } from 'drizzle-orm';
import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Who besides a hall's people may see a blob: a catalogue photo (inventory), a training file (training). */
export const BLOB_SHARES = ['catalogue', 'training'] as const;
export type BlobShare = (typeof BLOB_SHARES)[number];

export const blobs = pgTable('blobs', {
  sha256: text('sha256').primaryKey(),
  contentType: text('content_type').notNull(),
  bytes: integer('bytes').notNull(),
  /** `hub:<hubId>` or `user:<userId>`. */
  storedBy: text('stored_by').notNull(),
  /** The hall whose people may see it (null: no hall's). */
  hallId: text('hall_id'),
  /** Shared with the whole organisation as a catalogue photo (anyone with `inventory` view anywhere) or a
   *  training file (anyone with `library` view anywhere: clerks too): the same bytes may be both. */
  shared: text('shared')
    .array()
    .$type<BlobShare[]>()
    .notNull()
    .default(sql`'{}'::text[]`),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

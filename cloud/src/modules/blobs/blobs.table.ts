/**
 * Blobs (photos of on-site checks, signatures; later training materials): content-addressed by the
 * SHA-256 of their bytes. This table says which blobs exist, what they are and who stored them; the bytes
 * live in the blob store (blob-store.ts: a folder under the data folder by default, S3-compatible in
 * production).
 */
import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const blobs = pgTable('blobs', {
  sha256: text('sha256').primaryKey(),
  contentType: text('content_type').notNull(),
  bytes: integer('bytes').notNull(),
  /** `hub:<hubId>` or `user:<userId>`. */
  storedBy: text('stored_by').notNull(),
  /** The hall whose people may see it; null: the organisation's (a catalogue photo), seen by anyone with
   *  `inventory` view on any unit. */
  hallId: text('hall_id'),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

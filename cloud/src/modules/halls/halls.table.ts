/** Halls and the hubs that run them (a hub authenticates with its own token, stored hashed). */
import { bigint, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

export const halls = pgTable('halls', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  timeZone: text('time_zone').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

export const hubs = pgTable('hubs', {
  id: text('id').primaryKey(),
  hallId: text('hall_id')
    .notNull()
    .references(() => halls.id),
  tokenHash: text('token_hash').notNull(),
  /**
   * The hub's journal instance (made with its journal): a hub restarted on an empty data folder starts a
   * new epoch and numbers its events from 1 again. Null until a hub that reports one pushes.
   */
  epoch: text('epoch'),
  /**
   * Cloud sequence = `seq_base` + the hub's sequence in the current epoch, so the events of every epoch
   * keep their own place in `hall_events` and the fact tables (keyed by hub and sequence).
   */
  seqBase: bigint('seq_base', { mode: 'number' }).notNull().default(0),
  /** The highest (cloud) sequence held without a gap. */
  ackedThrough: bigint('acked_through', { mode: 'number' }).notNull().default(0),
  /** When the acknowledgement last moved forward: the console's "last sync". */
  lastAckedAt: timestamp('last_acked_at', { withTimezone: true, mode: 'date' }),
  /** The hub's own account of its outbox, from its latest poll. */
  outbox: jsonb('outbox').$type<HubOutboxReport>(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'date' }),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

export interface HubOutboxReport {
  /** Rows waiting to be sent. */
  rows: number;
  /** When the oldest of them was written (ms), null when none waits. */
  oldestAt: number | null;
  /** Rows the cloud refused, kept in the hub's dead-letter table. */
  deadLetters: number;
  /** The hub's last error talking to the cloud, if its latest push failed. */
  lastError: string | null;
}

/** Every epoch a hub has pushed from: when it began and where its sequence starts in the cloud. */
export const hubEpochs = pgTable(
  'hub_epochs',
  {
    hubId: text('hub_id')
      .notNull()
      .references(() => hubs.id),
    epoch: text('epoch').notNull(),
    seqBase: bigint('seq_base', { mode: 'number' }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.hubId, t.epoch] })],
);

/**
 * What a hall's hub runs with (services, counters, devices with hashed secrets, staff, alert rules,
 * queue policy): one versioned document per hall. The hub validates it completely when it takes it.
 */
export const hallConfigs = pgTable('hall_configs', {
  hallId: text('hall_id')
    .primaryKey()
    .references(() => halls.id),
  version: bigint('version', { mode: 'number' }).notNull(),
  document: jsonb('document').$type<Record<string, unknown>>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedBy: text('updated_by'),
});

/**
 * What the hubs send: every hall event as it was journaled (raw, keyed by hub and sequence, so a batch
 * sent twice is stored once), and the fact tables projected from them in the same transaction.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const hallEvents = pgTable(
  'hall_events',
  {
    hubId: text('hub_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    hallId: text('hall_id').notNull(),
    type: text('type').notNull(),
    at: ts('at').notNull(),
    body: jsonb('body').notNull(),
    /** Sent while catching up after an outage: stored and projected, but no live notification. */
    historical: boolean('historical').notNull().default(false),
    receivedAt: ts('received_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.hubId, t.seq] }),
    index('hall_events_hall_at').on(t.hallId, t.at),
    // The performance facts count a day's transfers per clerk without reading the day's other events.
    index('hall_events_transfers')
      .on(t.hallId, t.at)
      .where(sql`type = 'ticket.transferred'`),
  ],
);

export const tickets = pgTable(
  'tickets',
  {
    hubId: text('hub_id').notNull(),
    /** The sequence of the `ticket.issued` event: ticket numbers repeat (daily, and when they wrap). */
    issueSeq: bigint('issue_seq', { mode: 'number' }).notNull(),
    hallId: text('hall_id').notNull(),
    ticketNo: text('ticket_no').notNull(),
    serviceId: text('service_id').notNull(),
    priority: text('priority'),
    channel: text('channel').notNull(),
    issuedAt: ts('issued_at').notNull(),
    arrivalAt: ts('arrival_at').notNull(),
    firstCalledAt: ts('first_called_at'),
    lastCalledAt: ts('last_called_at'),
    startedAt: ts('started_at'),
    endedAt: ts('ended_at'),
    outcome: text('outcome').notNull(),
    counterId: text('counter_id'),
    staffId: text('staff_id'),
    recalls: integer('recalls').notNull().default(0),
    transfers: integer('transfers').notNull().default(0),
    txCount: integer('tx_count'),
    /** The transaction types the clerk recorded when finishing it. */
    txTypes: text('tx_types').array(),
    /** Its ratings (a pad can rate a ticket again): the sum of scores and how many, for the roll-ups. */
    ratingSum: integer('rating_sum').notNull().default(0),
    ratingN: integer('rating_n').notNull().default(0),
    etaP50Minutes: real('eta_p50_minutes'),
    etaP90Minutes: real('eta_p90_minutes'),
  },
  (t) => [
    primaryKey({ columns: [t.hubId, t.issueSeq] }),
    // Covering: the daily KPI facts (performance/facts.repository.ts) read a hall's month of tickets from
    // this index alone. Through the table, each ticket was a page of its own (many halls' tickets share
    // every page); the index holds a month of a hall in a few hundred.
    index('tickets_hall_issued').on(
      t.hallId,
      t.issuedAt,
      t.serviceId,
      t.outcome,
      t.staffId,
      t.counterId,
      t.arrivalAt,
      t.firstCalledAt,
      t.startedAt,
      t.endedAt,
    ),
    index('tickets_hub_no').on(t.hubId, t.ticketNo),
  ],
);

export const counterSessions = pgTable(
  'counter_sessions',
  {
    hubId: text('hub_id').notNull(),
    openSeq: bigint('open_seq', { mode: 'number' }).notNull(),
    hallId: text('hall_id').notNull(),
    counterId: text('counter_id').notNull(),
    staffId: text('staff_id').notNull(),
    openedAt: ts('opened_at').notNull(),
    closedAt: ts('closed_at'),
    /** A manager asked in the console to release the counter; the hub applies it at its next poll. */
    releaseRequestedAt: ts('release_requested_at'),
    releaseRequestedBy: text('release_requested_by'),
  },
  // The performance facts read a hall's sessions of a few days (performance/facts.repository.ts).
  (t) => [
    primaryKey({ columns: [t.hubId, t.openSeq] }),
    index('counter_sessions_hall_opened').on(t.hallId, t.openedAt),
    // Who was at a counter at an instant (a pause's or a transfer's clerk, performance/facts.repository.ts).
    index('counter_sessions_counter_opened').on(t.hallId, t.counterId, t.openedAt),
  ],
);

export const counterPauses = pgTable(
  'counter_pauses',
  {
    hubId: text('hub_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    hallId: text('hall_id').notNull(),
    counterId: text('counter_id').notNull(),
    reason: text('reason').notNull(),
    /** What the clerk typed about the pause (checked free text). */
    note: text('note'),
    startedAt: ts('started_at').notNull(),
    endedAt: ts('ended_at'),
  },
  (t) => [primaryKey({ columns: [t.hubId, t.seq] }), index('counter_pauses_hall_started').on(t.hallId, t.startedAt)],
);

export const ratings = pgTable(
  'ratings',
  {
    hubId: text('hub_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    hallId: text('hall_id').notNull(),
    ticketNo: text('ticket_no').notNull(),
    counterId: text('counter_id'),
    staffId: text('staff_id'),
    score: integer('score'),
    reasons: jsonb('reasons')
      .notNull()
      .default(sql`'[]'::jsonb`),
    skipped: boolean('skipped').notNull(),
    at: ts('at').notNull(),
  },
  // The analytics find a ticket's rating by its number (ticket numbers restart each day; the time tells).
  (t) => [
    primaryKey({ columns: [t.hubId, t.seq] }),
    index('ratings_hub_ticket').on(t.hubId, t.ticketNo),
    // The performance facts read a hall's ratings of a day (performance/facts.repository.ts).
    // Covering, for the daily KPI facts (as tickets_hall_issued).
    index('ratings_hall_at').on(t.hallId, t.at, t.staffId, t.counterId, t.score, t.skipped),
  ],
);

export const occupancyMinutes = pgTable(
  'occupancy_minutes',
  {
    hallId: text('hall_id').notNull(),
    minute: ts('minute').notNull(),
    entered: integer('entered').notNull(),
    left: integer('left').notNull(),
  },
  (t) => [primaryKey({ columns: [t.hallId, t.minute] })],
);

export const alarms = pgTable(
  'alarms',
  {
    hallId: text('hall_id').notNull(),
    /** The hub's alarm id: unique within its hall only. */
    alarmId: text('alarm_id').notNull(),
    rule: text('rule').notNull(),
    subject: text('subject').notNull(),
    severity: text('severity').notNull(),
    message: text('message').notNull(),
    /** The alarm's figures, rendered in the viewer's language (`@hall/devices/alarm-text`); null from older hubs. */
    params: jsonb('params').$type<Record<string, string | number | null>>(),
    value: real('value'),
    raisedAt: ts('raised_at').notNull(),
    ackedAt: ts('acked_at'),
    ackedBy: text('acked_by'),
    /** Acknowledged in the console; the hub applies it at its next poll and reports `alarm.acked`. */
    ackRequestedAt: ts('ack_requested_at'),
    ackRequestedBy: text('ack_requested_by'),
    clearedAt: ts('cleared_at'),
  },
  (t) => [
    primaryKey({ columns: [t.hallId, t.alarmId] }),
    index('alarms_open')
      .on(t.hallId)
      .where(sql`cleared_at IS NULL`),
  ],
);

export const deviceHealth = pgTable(
  'device_health',
  {
    hubId: text('hub_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    hallId: text('hall_id').notNull(),
    deviceId: text('device_id').notNull(),
    kind: text('kind').notNull(),
    online: boolean('online').notNull(),
    cause: text('cause').notNull(),
    at: ts('at').notNull(),
  },
  // A device's availability over a period walks its health changes in time order (analysis).
  (t) => [primaryKey({ columns: [t.hubId, t.seq] }), index('device_health_hall_device').on(t.hallId, t.deviceId, t.at)],
);

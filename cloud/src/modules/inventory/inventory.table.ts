/**
 * 物流管理 — promotional materials: the catalogue, the locations that hold stock, the stock ledger and
 * the documents that post to it (transfers with their discrepancies, issues to customers, stock counts).
 *
 * The ledger (`inv_movements`) is append-only: a trigger refuses UPDATE and DELETE, a mistake is corrected
 * by a reversing movement. Every movement is applied to `inv_stock` by a trigger in the same statement,
 * and `inv_stock.qty` has a CHECK (qty >= 0): stock can never be negative whoever writes, however many
 * connections write at once (the row lock of the UPDATE serialises them, the CHECK refuses the one that
 * would go below zero — the whole transaction rolls back). Both triggers are in the migration
 * (0018_inventory.sql), not here: drizzle does not model triggers.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  real,
  serial,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const ITEM_KINDS = ['item', 'kit'] as const;
/** What happens to a campaign item's stock when its validity ends. */
export const AFTER_CAMPAIGN = ['keep', 'return', 'destroy'] as const;

/** A material (flyer, poster, SIM pack, gift) or a kit of several. Its id is its code. */
export const invItems = pgTable(
  'inv_items',
  {
    id: text('id').primaryKey(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    unitZh: text('unit_zh').notNull(),
    unitEn: text('unit_en').notNull(),
    kind: text('kind').$type<(typeof ITEM_KINDS)[number]>().notNull().default('item'),
    /** A photo in the blob store (its SHA-256). */
    photo: text('photo'),
    campaign: text('campaign'),
    validFrom: date('valid_from', { mode: 'string' }),
    validTo: date('valid_to', { mode: 'string' }),
    afterCampaign: text('after_campaign').$type<(typeof AFTER_CAMPAIGN)[number]>().notNull().default('keep'),
    /** The services (business types) it is handed out with: consumption per 100 customers, leakage. */
    serviceIds: text('service_ids')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** How many one customer plausibly gets (the leakage flag's yardstick). */
    perCustomer: integer('per_customer').notNull().default(1),
    /** Days from a hall's request to the goods on its shelf. */
    leadTimeDays: real('lead_time_days').notNull().default(3),
    /** Safety stock as days of forecast demand. */
    safetyDays: real('safety_days').notNull().default(2),
    active: boolean('active').notNull().default(true),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check('inv_items_kind', sql`${t.kind} in ('item', 'kit')`),
    check('inv_items_after', sql`${t.afterCampaign} in ('keep', 'return', 'destroy')`),
    check('inv_items_validity', sql`${t.validTo} is null or ${t.validFrom} is null or ${t.validTo} >= ${t.validFrom}`),
    check('inv_items_per_customer', sql`${t.perCustomer} between 1 and 1000`),
    check('inv_items_lead', sql`${t.leadTimeDays} >= 0 and ${t.leadTimeDays} <= 90`),
    check('inv_items_safety', sql`${t.safetyDays} >= 0 and ${t.safetyDays} <= 90`),
  ],
);

/** A kit's parts: a kit holds no stock of its own; it moves and is issued as its parts. */
export const invKitParts = pgTable(
  'inv_kit_parts',
  {
    kitId: text('kit_id')
      .notNull()
      .references(() => invItems.id),
    itemId: text('item_id')
      .notNull()
      .references(() => invItems.id),
    qty: integer('qty').notNull(),
  },
  (t) => [primaryKey({ columns: [t.kitId, t.itemId] }), check('inv_kit_parts_qty', sql`${t.qty} between 1 and 1000`)],
);

export const LOCATION_KINDS = ['warehouse', 'hall', 'transit', 'damaged'] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];

/**
 * Where stock is: a warehouse (owned by an org unit), a hall (its org unit), the one in-transit location,
 * and a damaged location beside each warehouse and hall (`<id>:damaged`).
 */
export const invLocations = pgTable(
  'inv_locations',
  {
    id: text('id').primaryKey(),
    kind: text('kind').$type<LocationKind>().notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    /** The org unit whose people act for it (a warehouse's unit, a hall's unit); null for in-transit. */
    orgUnitId: text('org_unit_id'),
    hallId: text('hall_id'),
    /** A damaged location's warehouse or hall. */
    parentId: text('parent_id'),
    active: boolean('active').notNull().default(true),
  },
  (t) => [
    check('inv_locations_kind', sql`${t.kind} in ('warehouse', 'hall', 'transit', 'damaged')`),
    uniqueIndex('inv_locations_hall')
      .on(t.hallId)
      .where(sql`${t.kind} = 'hall'`),
  ],
);

export const MOVEMENT_KINDS = [
  /** Goods arriving at a warehouse from a supplier. */
  'receipt',
  'ship',
  'receive',
  /** Received damaged: in-transit → the hall's damaged location. */
  'damaged',
  /** Short found later (arrived late). */
  'found',
  /** Over-delivered and kept: the sender had shipped more than it booked. */
  'over',
  /** Damaged goods sent back to the sender's damaged location. */
  'return',
  'writeoff',
  'issue',
  'adjust',
  'reverse',
] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

/**
 * The stock ledger: one signed quantity of one item at one location. Append-only (a trigger refuses
 * changes); corrected only by a `reverse` movement naming the one it reverses. A document posts its
 * movements in one transaction; each names its document.
 */
export const invMovements = pgTable(
  'inv_movements',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: at('at').notNull().defaultNow(),
    itemId: text('item_id')
      .notNull()
      .references(() => invItems.id),
    locationId: text('location_id')
      .notNull()
      .references(() => invLocations.id),
    qty: integer('qty').notNull(),
    kind: text('kind').$type<MovementKind>().notNull(),
    transferId: integer('transfer_id'),
    issueId: uuid('issue_id'),
    countId: integer('count_id'),
    reverses: bigint('reverses', { mode: 'number' }),
    by: text('by').notNull(),
    reason: text('reason'),
  },
  (t) => [
    check('inv_movements_qty', sql`${t.qty} <> 0`),
    index('inv_movements_location').on(t.locationId, t.itemId, t.at),
    index('inv_movements_transfer')
      .on(t.transferId)
      .where(sql`${t.transferId} is not null`),
    uniqueIndex('inv_movements_reverses')
      .on(t.reverses)
      .where(sql`${t.reverses} is not null`),
  ],
);

/** On hand per item × location: kept by the ledger's trigger; never negative (CHECK). */
export const invStock = pgTable(
  'inv_stock',
  {
    itemId: text('item_id').notNull(),
    locationId: text('location_id').notNull(),
    qty: integer('qty').notNull(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.locationId] }), check('inv_stock_not_negative', sql`${t.qty} >= 0`)],
);

export const TRANSFER_STATUSES = [
  'requested',
  'approved',
  'refused',
  'cancelled',
  'shipped',
  /** Received with discrepancy lines not yet resolved: their remainder stays where it is. */
  'discrepancy',
  'closed',
] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];

/** A distribution order: a hall asks, the region approves (in part), the warehouse ships, the hall receives. */
export const invTransfers = pgTable(
  'inv_transfers',
  {
    id: serial('id').primaryKey(),
    fromLocationId: text('from_location_id')
      .notNull()
      .references(() => invLocations.id),
    toLocationId: text('to_location_id')
      .notNull()
      .references(() => invLocations.id),
    status: text('status').$type<TransferStatus>().notNull().default('requested'),
    note: text('note'),
    /** Made by the replenishment suggestion (a region's one click), not typed by the hall. */
    suggested: boolean('suggested').notNull().default(false),
    /** The transfer whose short lines this one ships again. */
    reshipOf: integer('reship_of'),
    requestedBy: text('requested_by').notNull(),
    requestedAt: at('requested_at').notNull().defaultNow(),
    decidedBy: text('decided_by'),
    decidedAt: at('decided_at'),
    decisionNote: text('decision_note'),
    shippedBy: text('shipped_by'),
    shippedAt: at('shipped_at'),
    receivedBy: text('received_by'),
    receivedAt: at('received_at'),
    closedAt: at('closed_at'),
    /** The random part of the QR label's address: whoever scans it still signs in and needs the right. */
    labelToken: text('label_token').notNull(),
    /** The step (status) whose overdue notice was sent, so it is sent once. */
    overdueNotified: text('overdue_notified'),
  },
  (t) => [
    check(
      'inv_transfers_status',
      sql`${t.status} in ('requested', 'approved', 'refused', 'cancelled', 'shipped', 'discrepancy', 'closed')`,
    ),
    check('inv_transfers_places', sql`${t.fromLocationId} <> ${t.toLocationId}`),
    index('inv_transfers_to').on(t.toLocationId, t.status),
    index('inv_transfers_from').on(t.fromLocationId, t.status),
  ],
);

export const invTransferLines = pgTable(
  'inv_transfer_lines',
  {
    transferId: integer('transfer_id')
      .notNull()
      .references(() => invTransfers.id),
    itemId: text('item_id')
      .notNull()
      .references(() => invItems.id),
    requested: integer('requested').notNull(),
    approved: integer('approved'),
    shipped: integer('shipped'),
    /** Received in good order. */
    received: integer('received'),
  },
  (t) => [
    primaryKey({ columns: [t.transferId, t.itemId] }),
    check('inv_transfer_lines_requested', sql`${t.requested} between 1 and 1000000`),
    check('inv_transfer_lines_approved', sql`${t.approved} is null or ${t.approved} between 0 and ${t.requested}`),
    check('inv_transfer_lines_shipped', sql`${t.shipped} is null or ${t.shipped} between 0 and ${t.approved}`),
    check('inv_transfer_lines_received', sql`${t.received} is null or ${t.received} >= 0`),
  ],
);

export const DISCREPANCY_KINDS = ['short', 'damaged', 'over'] as const;
export type DiscrepancyKind = (typeof DISCREPANCY_KINDS)[number];
/**
 * How a discrepancy is put right: short → written off (lost), shipped again (written off here, a new
 * transfer of the same quantity, approved), or found (arrived late, received now); damaged → written off
 * or returned to the sender's damaged location; over → kept (the sender's stock is corrected) or returned
 * (never booked at the hall).
 */
export const RESOLUTIONS = ['writeoff', 'reship', 'found', 'return', 'keep'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

export const invDiscrepancies = pgTable(
  'inv_discrepancies',
  {
    id: serial('id').primaryKey(),
    transferId: integer('transfer_id')
      .notNull()
      .references(() => invTransfers.id),
    itemId: text('item_id')
      .notNull()
      .references(() => invItems.id),
    kind: text('kind').$type<DiscrepancyKind>().notNull(),
    qty: integer('qty').notNull(),
    photo: text('photo'),
    note: text('note'),
    resolution: text('resolution').$type<Resolution>(),
    resolvedBy: text('resolved_by'),
    resolvedAt: at('resolved_at'),
    resolutionNote: text('resolution_note'),
    reshipTransferId: integer('reship_transfer_id'),
  },
  (t) => [
    check('inv_discrepancies_kind', sql`${t.kind} in ('short', 'damaged', 'over')`),
    check('inv_discrepancies_qty', sql`${t.qty} > 0`),
    check(
      'inv_discrepancies_resolution',
      sql`${t.resolution} is null or (${t.kind} = 'short' and ${t.resolution} in ('writeoff', 'reship', 'found'))
        or (${t.kind} = 'damaged' and ${t.resolution} in ('writeoff', 'return'))
        or (${t.kind} = 'over' and ${t.resolution} in ('keep', 'return'))`,
    ),
    uniqueIndex('inv_discrepancies_line').on(t.transferId, t.itemId, t.kind),
  ],
);

export const ISSUE_MODES = ['counter', 'bulk'] as const;

/**
 * Materials handed to customers: at a counter (the ticket being served, its service and clerk) or in bulk
 * (an event, a street promotion). `id` is made where the issue happened (the hub's page or the console), so
 * a retry is one issue; a kit's issue is one row per part under the same id. `posted` is what the ledger took: a hub's issue is a fact from the hall and is
 * never refused, but stock cannot go negative — what the cloud's books lacked is `qty - posted`, shown as
 * a variance the next count must explain.
 */
export const invIssues = pgTable(
  'inv_issues',
  {
    id: uuid('id').notNull(),
    hallId: text('hall_id').notNull(),
    locationId: text('location_id').notNull(),
    at: at('at').notNull(),
    /** The hall-local day. */
    day: date('day', { mode: 'string' }).notNull(),
    itemId: text('item_id').notNull(),
    /** The kit it was handed out in, if any. */
    kitId: text('kit_id'),
    qty: integer('qty').notNull(),
    posted: integer('posted').notNull(),
    mode: text('mode').$type<(typeof ISSUE_MODES)[number]>().notNull(),
    ticketNo: text('ticket_no'),
    serviceId: text('service_id'),
    staffId: text('staff_id'),
    counterId: text('counter_id'),
    note: text('note'),
    by: text('by').notNull(),
    source: text('source').$type<'hub' | 'console'>().notNull(),
    /** The issue it takes back (a mistaken tap): a negative quantity. */
    reverses: uuid('reverses'),
  },
  (t) => [
    primaryKey({ columns: [t.id, t.itemId] }),
    check('inv_issues_mode', sql`${t.mode} in ('counter', 'bulk')`),
    check('inv_issues_qty', sql`${t.qty} <> 0 and ${t.posted} between least(0, ${t.qty}) and greatest(0, ${t.qty})`),
    index('inv_issues_hall_day').on(t.hallId, t.day, t.itemId),
    uniqueIndex('inv_issues_reverses')
      .on(t.reverses, t.itemId)
      .where(sql`${t.reverses} is not null`),
  ],
);

export const COUNT_STATUSES = ['submitted', 'approved', 'refused'] as const;

/** A cycle count of some items at a location, from a phone; its variances posted when the region approves. */
export const invCounts = pgTable(
  'inv_counts',
  {
    id: serial('id').primaryKey(),
    locationId: text('location_id')
      .notNull()
      .references(() => invLocations.id),
    status: text('status').$type<(typeof COUNT_STATUSES)[number]>().notNull().default('submitted'),
    countedBy: text('counted_by').notNull(),
    countedAt: at('counted_at').notNull().defaultNow(),
    reason: text('reason'),
    decidedBy: text('decided_by'),
    decidedAt: at('decided_at'),
    decisionNote: text('decision_note'),
  },
  (t) => [
    check('inv_counts_status', sql`${t.status} in ('submitted', 'approved', 'refused')`),
    index('inv_counts_location').on(t.locationId, t.status),
  ],
);

export const invCountLines = pgTable(
  'inv_count_lines',
  {
    countId: integer('count_id')
      .notNull()
      .references(() => invCounts.id),
    itemId: text('item_id')
      .notNull()
      .references(() => invItems.id),
    /** On hand in the books when counted. */
    expected: integer('expected').notNull(),
    counted: integer('counted').notNull(),
  },
  (t) => [primaryKey({ columns: [t.countId, t.itemId] }), check('inv_count_lines_counted', sql`${t.counted} >= 0`)],
);

/** A hall's item below its reorder point: raised once, cleared only above the point plus a margin. */
export const invLowStock = pgTable(
  'inv_low_stock',
  {
    itemId: text('item_id').notNull(),
    locationId: text('location_id').notNull(),
    since: at('since').notNull(),
    reorderPoint: real('reorder_point').notNull(),
    onHand: integer('on_hand').notNull(),
    clearedAt: at('cleared_at'),
  },
  (t) => [
    primaryKey({ columns: [t.itemId, t.locationId, t.since] }),
    uniqueIndex('inv_low_stock_open')
      .on(t.itemId, t.locationId)
      .where(sql`${t.clearedAt} is null`),
  ],
);

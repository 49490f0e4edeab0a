/** The inventory module's reads and writes (the ledger's posting is ledger.ts). */
import type { MaterialsSection } from '@hall/devices';
import { and, asc, desc, eq, gt, inArray, isNull, lte, ne, or, sql } from 'drizzle-orm';
import { tickets } from '../ingest/ingest.table.ts';
import { blobs } from '../blobs/blobs.table.ts';
import type { Db } from '../../db/client.ts';
import { rowsOf } from '../../db/rows.ts';
import { hallConfigs, halls } from '../halls/halls.table.ts';
import {
  invCountLines,
  invCounts,
  invDiscrepancies,
  invIssues,
  invItems,
  invKitParts,
  invLocations,
  invLowStock,
  invStock,
  invTransferLines,
  invTransfers,
  type TransferStatus,
} from './inventory.table.ts';

export type ItemRow = typeof invItems.$inferSelect;
export type LocationRow = typeof invLocations.$inferSelect;
export type TransferRow = typeof invTransfers.$inferSelect;
export type TransferLineRow = typeof invTransferLines.$inferSelect;
export type DiscrepancyRow = typeof invDiscrepancies.$inferSelect;

export const inventoryRepository = {
  items: (db: Db) => db.select().from(invItems).orderBy(asc(invItems.id)),
  item: async (db: Db, id: string) => (await db.select().from(invItems).where(eq(invItems.id, id)))[0] ?? null,
  upsertItem: (db: Db, row: typeof invItems.$inferInsert) =>
    db
      .insert(invItems)
      .values(row)
      .onConflictDoUpdate({ target: invItems.id, set: { ...row, updatedAt: new Date() } }),
  kitParts: (db: Db, kitIds?: string[]) =>
    kitIds
      ? kitIds.length
        ? db.select().from(invKitParts).where(inArray(invKitParts.kitId, kitIds))
        : Promise.resolve([])
      : db.select().from(invKitParts),
  replaceKitParts: async (db: Db, kitId: string, parts: Array<{ itemId: string; qty: number }>) => {
    await db.delete(invKitParts).where(eq(invKitParts.kitId, kitId));
    if (parts.length) await db.insert(invKitParts).values(parts.map((p) => ({ kitId, ...p })));
  },

  /** The time zones of the halls that have a config (of `hallIds` only, when given). */
  configuredZones: async (db: Db, hallIds?: string[]) =>
    (
      await db
        .selectDistinct({ timeZone: halls.timeZone })
        .from(halls)
        .innerJoin(hallConfigs, eq(halls.id, hallConfigs.hallId))
        .where(hallIds ? inArray(halls.id, hallIds) : undefined)
    ).map((r) => r.timeZone),
  /**
   * Puts one `materials` section into the configs of the halls in `timeZones` (and `hallIds`) whose section
   * differs, as a new version of each: one statement, jsonb compared by PostgreSQL (key order does not
   * matter; no section at all equals an empty one). The rest of each document is untouched. Answers the
   * halls written.
   */
  putMaterialsSection: async (
    db: Db,
    o: { section: MaterialsSection; timeZones: string[]; hallIds: string[] | undefined; by: string | null },
  ) => {
    const json = JSON.stringify(o.section);
    const list = (values: string[]) =>
      sql.join(
        values.map((v) => sql`${v}`),
        sql`, `,
      );
    const rows = await rowsOf<{ hallId: string }>(
      db,
      sql`UPDATE hall_configs c
             SET document = c.document || jsonb_build_object('materials', ${json}::jsonb),
                 version = c.version + 1, updated_by = ${o.by}, updated_at = now()
            FROM halls h
           WHERE h.id = c.hall_id
             AND h.time_zone IN (${list(o.timeZones)})
             ${o.hallIds ? sql`AND c.hall_id IN (${list(o.hallIds)})` : sql``}
             AND COALESCE(c.document -> 'materials', '{"items": []}'::jsonb) IS DISTINCT FROM ${json}::jsonb
       RETURNING c.hall_id AS "hallId"`,
    );
    return rows.map((r) => r.hallId).sort();
  },

  /** Is this blob held as a catalogue photo (shared with everyone with inventory view)? */
  sharedBlobHeld: async (db: Db, sha: string) =>
    ((await db.select({ shared: blobs.shared }).from(blobs).where(eq(blobs.sha256, sha)))[0]?.shared ?? []).includes(
      'catalogue',
    ),

  /** Which of these blobs the store holds. */
  blobsHeld: async (db: Db, shas: string[]) =>
    new Set(
      shas.length
        ? (await db.select({ sha256: blobs.sha256 }).from(blobs).where(inArray(blobs.sha256, shas))).map(
            (r) => r.sha256,
          )
        : [],
    ),

  locations: (db: Db) => db.select().from(invLocations).orderBy(asc(invLocations.kind), asc(invLocations.id)),
  location: async (db: Db, id: string) =>
    (await db.select().from(invLocations).where(eq(invLocations.id, id)))[0] ?? null,
  hallLocation: async (db: Db, hallId: string) =>
    (
      await db
        .select()
        .from(invLocations)
        .where(and(eq(invLocations.hallId, hallId), eq(invLocations.kind, 'hall')))
    )[0] ?? null,
  insertLocation: (db: Db, row: typeof invLocations.$inferInsert) =>
    db.insert(invLocations).values(row).onConflictDoNothing(),

  stockOf: (db: Db, locationIds: string[]) =>
    locationIds.length
      ? db.select().from(invStock).where(inArray(invStock.locationId, locationIds))
      : Promise.resolve([] as Array<typeof invStock.$inferSelect>),

  /** Open (not closed, refused or cancelled) transfers into or out of these locations. */
  transfersOf: (db: Db, locationIds: string[], statuses?: TransferStatus[], limit = 200) =>
    db
      .select()
      .from(invTransfers)
      .where(
        and(
          or(inArray(invTransfers.toLocationId, locationIds), inArray(invTransfers.fromLocationId, locationIds)),
          statuses ? inArray(invTransfers.status, statuses) : undefined,
        ),
      )
      .orderBy(desc(invTransfers.id))
      .limit(limit),
  transfer: async (db: Db, id: number) =>
    (await db.select().from(invTransfers).where(eq(invTransfers.id, id)))[0] ?? null,
  transferForUpdate: async (db: Db, id: number) =>
    (await rowsOf<{ id: number }>(db, sql`SELECT id FROM inv_transfers WHERE id = ${id} FOR UPDATE`))[0] ?? null,
  linesOf: (db: Db, ids: number[]) =>
    ids.length
      ? db
          .select()
          .from(invTransferLines)
          .where(inArray(invTransferLines.transferId, ids))
          .orderBy(asc(invTransferLines.itemId))
      : Promise.resolve([] as TransferLineRow[]),
  discrepanciesOf: (db: Db, ids: number[]) =>
    ids.length
      ? db
          .select()
          .from(invDiscrepancies)
          .where(inArray(invDiscrepancies.transferId, ids))
          .orderBy(asc(invDiscrepancies.id))
      : Promise.resolve([] as DiscrepancyRow[]),
  insertTransfer: async (db: Db, row: typeof invTransfers.$inferInsert) =>
    (await db.insert(invTransfers).values(row).returning())[0]!,
  updateTransfer: (db: Db, id: number, set: Partial<typeof invTransfers.$inferInsert>) =>
    db.update(invTransfers).set(set).where(eq(invTransfers.id, id)),
  insertLines: (db: Db, rows: Array<typeof invTransferLines.$inferInsert>) => db.insert(invTransferLines).values(rows),
  updateLine: (db: Db, transferId: number, itemId: string, set: Partial<typeof invTransferLines.$inferInsert>) =>
    db
      .update(invTransferLines)
      .set(set)
      .where(and(eq(invTransferLines.transferId, transferId), eq(invTransferLines.itemId, itemId))),
  insertDiscrepancies: (db: Db, rows: Array<typeof invDiscrepancies.$inferInsert>) =>
    rows.length ? db.insert(invDiscrepancies).values(rows) : Promise.resolve(),
  updateDiscrepancy: (db: Db, id: number, set: Partial<typeof invDiscrepancies.$inferInsert>) =>
    db.update(invDiscrepancies).set(set).where(eq(invDiscrepancies.id, id)),
  /** What a transfer still holds in transit per item (its movements at the in-transit location). */
  inTransit: (db: Db, transferId: number) =>
    rowsOf<{ itemId: string; qty: number }>(
      db,
      sql`SELECT item_id AS "itemId", sum(qty)::int AS qty FROM inv_movements
           WHERE transfer_id = ${transferId} AND location_id = 'transit' GROUP BY 1`,
    ),

  /**
   * Serialises the bookings of one issue id (two presses at once, a hub's retry racing itself): held to
   * the end of the transaction, taken before any stock row so the lock order stays the same everywhere.
   */
  lockIssue: (db: Db, id: string) => db.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${id}, 0))`),
  issueExists: async (db: Db, id: string) =>
    (await db.select({ id: invIssues.id }).from(invIssues).where(eq(invIssues.id, id)).limit(1)).length > 0,
  issueReversed: async (db: Db, id: string) =>
    (await db.select({ id: invIssues.id }).from(invIssues).where(eq(invIssues.reverses, id)).limit(1)).length > 0,
  issueForUpdate: (db: Db, id: string, hallId: string) =>
    db
      .select()
      .from(invIssues)
      .where(and(eq(invIssues.id, id), eq(invIssues.hallId, hallId)))
      .for('update'),
  insertIssues: (db: Db, rows: Array<typeof invIssues.$inferInsert>) => db.insert(invIssues).values(rows),
  /** A hall's issues (not the takings-back), newest first: every row of the newest `limit` issues. */
  issuesOf: async (
    db: Db,
    q: { hallId: string; from?: string | undefined; to?: string | undefined; limit: number },
  ) => {
    const ids = await rowsOf<{ id: string }>(
      db,
      sql`SELECT id FROM inv_issues
           WHERE hall_id = ${q.hallId} AND reverses IS NULL
             ${q.from ? sql`AND day >= ${q.from}::date` : sql``} ${q.to ? sql`AND day <= ${q.to}::date` : sql``}
           GROUP BY id ORDER BY max(at) DESC, id LIMIT ${q.limit}`,
    );
    return ids.length
      ? db
          .select()
          .from(invIssues)
          .where(
            inArray(
              invIssues.id,
              ids.map((r) => r.id),
            ),
          )
          .orderBy(desc(invIssues.at), asc(invIssues.itemId))
      : [];
  },
  /** The takings-back of these issues. */
  reversalsOf: (db: Db, ids: string[]) =>
    ids.length ? db.select().from(invIssues).where(inArray(invIssues.reverses, ids)) : Promise.resolve([]),

  openLowStock: (db: Db, locationId: string) =>
    db
      .select()
      .from(invLowStock)
      .where(and(eq(invLowStock.locationId, locationId), isNull(invLowStock.clearedAt))),
  /** Opens a low-stock state; false when one is already open (another process raised it). */
  openLowStockRow: async (db: Db, row: typeof invLowStock.$inferInsert) =>
    (await db.insert(invLowStock).values(row).onConflictDoNothing().returning({ itemId: invLowStock.itemId })).length >
    0,
  clearLowStock: (db: Db, itemId: string, locationId: string, at: Date) =>
    db
      .update(invLowStock)
      .set({ clearedAt: at })
      .where(
        and(eq(invLowStock.itemId, itemId), eq(invLowStock.locationId, locationId), isNull(invLowStock.clearedAt)),
      ),
  lowStockOf: (db: Db, locationIds: string[]) =>
    locationIds.length
      ? db
          .select()
          .from(invLowStock)
          .where(and(inArray(invLowStock.locationId, locationIds), isNull(invLowStock.clearedAt)))
      : Promise.resolve([] as Array<typeof invLowStock.$inferSelect>),
  openTransfers: (db: Db) =>
    db
      .select()
      .from(invTransfers)
      .where(inArray(invTransfers.status, ['requested', 'approved', 'shipped', 'discrepancy'])),
  /** Claims a transfer's overdue notice for its step; false when already claimed. */
  markOverdue: async (db: Db, id: number, status: TransferStatus) =>
    (
      await db
        .update(invTransfers)
        .set({ overdueNotified: status })
        .where(
          and(
            eq(invTransfers.id, id),
            eq(invTransfers.status, status),
            or(isNull(invTransfers.overdueNotified), ne(invTransfers.overdueNotified, status)),
          ),
        )
        .returning({ id: invTransfers.id })
    ).length > 0,

  /** The ticket of that number a hall issued last before `at` (within a day: numbers repeat daily). */
  ticketAt: async (db: Db, hallId: string, ticketNo: string, at: Date) =>
    (
      await db
        .select({ serviceId: tickets.serviceId, staffId: tickets.staffId, counterId: tickets.counterId })
        .from(tickets)
        .where(
          and(
            eq(tickets.hallId, hallId),
            eq(tickets.ticketNo, ticketNo),
            lte(tickets.issuedAt, at),
            gt(tickets.issuedAt, new Date(at.getTime() - 86_400_000)),
          ),
        )
        .orderBy(desc(tickets.issuedAt))
        .limit(1)
    )[0] ?? null,

  insertCount: async (db: Db, row: typeof invCounts.$inferInsert) =>
    (await db.insert(invCounts).values(row).returning())[0]!,
  count: async (db: Db, id: number) => (await db.select().from(invCounts).where(eq(invCounts.id, id)))[0] ?? null,
  countsOf: (db: Db, locationIds: string[], limit = 100) =>
    locationIds.length
      ? db
          .select()
          .from(invCounts)
          .where(inArray(invCounts.locationId, locationIds))
          .orderBy(desc(invCounts.id))
          .limit(limit)
      : Promise.resolve([] as Array<typeof invCounts.$inferSelect>),
  countLines: (db: Db, ids: number[]) =>
    ids.length
      ? db.select().from(invCountLines).where(inArray(invCountLines.countId, ids)).orderBy(asc(invCountLines.itemId))
      : Promise.resolve([] as Array<typeof invCountLines.$inferSelect>),
  insertCountLines: (db: Db, rows: Array<typeof invCountLines.$inferInsert>) => db.insert(invCountLines).values(rows),
  updateCount: (db: Db, id: number, set: Partial<typeof invCounts.$inferInsert>) =>
    db.update(invCounts).set(set).where(eq(invCounts.id, id)),
};

/**
 * Posting to the stock ledger. A document's movements go in one call inside its transaction: every stock row
 * they touch is locked first, in one order (item, location) whoever posts — so two documents touching the
 * same rows wait for each other instead of deadlocking (a supplier receipt adding to rows a shipment draws
 * on, a count's approval adding to one item and taking from another) — and the rows drawn on are checked,
 * so a refusal names the item and how many there are. The movements then go in in that same order (a row
 * made on first use is made in order too). The database's CHECK on `inv_stock` stays the last word: a
 * writer that skips this function still cannot make stock negative.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { rowsOf } from '../../db/rows.ts';
import { refuse } from './inventory.common.ts';
import { invMovements, type MovementKind } from './inventory.table.ts';

export interface Movement {
  itemId: string;
  locationId: string;
  qty: number;
  kind: MovementKind;
  by: string;
  transferId?: number | null;
  issueId?: string | null;
  countId?: number | null;
  reverses?: number | null;
  reason?: string | null;
  at?: Date;
}

const key = (m: { itemId: string; locationId: string }) => `${m.itemId}\u0000${m.locationId}`;
/** The one order stock rows are locked in: item, then location (ids never hold U+0000). */
const byRow = (a: { itemId: string; locationId: string }, b: { itemId: string; locationId: string }) =>
  key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

/** On hand of the given item × location pairs, locking their rows (to be called in a transaction). */
export async function lockStock(tx: Db, pairs: Array<{ itemId: string; locationId: string }>) {
  const unique = [...new Map(pairs.map((p) => [key(p), p])).values()].sort(byRow);
  const have = new Map<string, number>();
  // One statement per row, in order: a single `IN (...) FOR UPDATE` locks in the scan's order, not ours.
  for (const p of unique) {
    const [row] = await rowsOf<{ qty: number }>(
      tx,
      sql`SELECT qty FROM inv_stock WHERE item_id = ${p.itemId} AND location_id = ${p.locationId} FOR UPDATE`,
    );
    have.set(key(p), row?.qty ?? 0);
  }
  return have;
}

/**
 * Posts movements (in the caller's transaction). Refuses with `stock-insufficient` (naming the item, the
 * location, what is there and what was wanted) when the net of the movements would take a row below zero.
 */
export async function post(tx: Db, movements: Movement[]): Promise<void> {
  const rows = movements.filter((m) => m.qty !== 0);
  if (!rows.length) return;
  const net = new Map<string, { itemId: string; locationId: string; qty: number }>();
  for (const m of rows) {
    const k = key(m);
    const n = net.get(k) ?? { itemId: m.itemId, locationId: m.locationId, qty: 0 };
    n.qty += m.qty;
    net.set(k, n);
  }
  // Rows only added to are locked too: the trigger's UPDATE would otherwise take them in the movements'
  // order, against the order another document holds them in (a deadlock, found by inventory-ledger.test.ts).
  const have = await lockStock(tx, [...net.values()]);
  for (const n of net.values()) {
    const onHand = have.get(key(n)) ?? 0;
    if (n.qty < 0 && onHand + n.qty < 0)
      throw refuse(
        'stock-insufficient',
        'items',
        { ...(await stockNames(tx, n.itemId, n.locationId)), onHand, wanted: -n.qty },
        'CONFLICT',
      );
  }
  await tx.insert(invMovements).values(
    [...rows].sort(byRow).map((m) => ({
      at: m.at ?? new Date(),
      itemId: m.itemId,
      locationId: m.locationId,
      qty: m.qty,
      kind: m.kind,
      transferId: m.transferId ?? null,
      issueId: m.issueId ?? null,
      countId: m.countId ?? null,
      reverses: m.reverses ?? null,
      by: m.by,
      reason: m.reason ?? null,
    })),
  );
}

/** An item's and a location's names for a refusal's sentence (codes where a name is missing). */
export async function stockNames(tx: Db, itemId: string, locationId: string) {
  const [row] = await rowsOf<{ itemZh: string; itemEn: string; locationZh: string; locationEn: string }>(
    tx,
    sql`SELECT coalesce(i.name_zh, ${itemId}) AS "itemZh", coalesce(i.name_en, ${itemId}) AS "itemEn",
               coalesce(l.name_zh, ${locationId}) AS "locationZh", coalesce(l.name_en, ${locationId}) AS "locationEn"
          FROM (SELECT 1) one
          LEFT JOIN inv_items i ON i.id = ${itemId}
          LEFT JOIN inv_locations l ON l.id = ${locationId}`,
  );
  return row ?? { itemZh: itemId, itemEn: itemId, locationZh: locationId, locationEn: locationId };
}

/** Where the cached stock and the ledger disagree (expected: none), and any negative stock. */
export async function ledgerCheck(db: Db) {
  const mismatches = await rowsOf<{ itemId: string; locationId: string; stock: number; ledger: number }>(
    db,
    sql`SELECT coalesce(s.item_id, l.item_id) AS "itemId", coalesce(s.location_id, l.location_id) AS "locationId",
               coalesce(s.qty, 0)::int AS stock, coalesce(l.qty, 0)::int AS ledger
          FROM inv_stock s
          FULL JOIN (SELECT item_id, location_id, sum(qty)::int AS qty FROM inv_movements GROUP BY 1, 2) l
            ON l.item_id = s.item_id AND l.location_id = s.location_id
         WHERE coalesce(s.qty, 0) <> coalesce(l.qty, 0) OR coalesce(s.qty, 0) < 0`,
  );
  const [{ negative }] = (await rowsOf<{ negative: number }>(
    db,
    sql`SELECT count(*)::int AS negative FROM inv_stock WHERE qty < 0`,
  )) as [{ negative: number }];
  return { ok: mismatches.length === 0 && negative === 0, mismatches, negative };
}

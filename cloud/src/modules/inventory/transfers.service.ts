/**
 * Distribution orders (调拨): a hall requests → the region approves (in part) or refuses → the warehouse
 * ships (stock: warehouse → in transit) → the hall receives by scanning the shipment's label, line by line:
 * good (in transit → hall), damaged (in transit → the hall's damaged location) — what did not arrive stays
 * in transit as a `short` discrepancy, what arrived beyond the shipment is an `over` one → each discrepancy
 * is resolved (short: written off, shipped again or found; damaged: written off or returned; over: kept or
 * returned) → closed, with nothing of it left in transit. Every step is audited; each posts its movements
 * and changes the document in one transaction, the document's row locked, so two people pressing the
 * same button do it once.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { accessRepository } from '../access/access.repository.ts';
import { roleAllows } from '../access/permissions.ts';
import { audit, type SessionUser } from '../access/access.service.ts';
import { hallLocation, itemsById, locationOrThrow, stockable } from './catalogue.service.ts';
import { actor, can, forbidden, must, parentUnit, refuse, rightsOf } from './inventory.common.ts';
import {
  inventoryRepository as repo,
  type DiscrepancyRow,
  type LocationRow,
  type TransferLineRow,
  type TransferRow,
} from './inventory.repository.ts';
import type { Resolution, TransferStatus } from './inventory.table.ts';
import { post, type Movement } from './ledger.repository.ts';

type Line = { itemId: string; qty: number };

/** An item's names for a refusal's sentence. */
const itemNames = (item: { nameZh: string; nameEn: string } | undefined, id: string) => ({
  itemZh: item?.nameZh ?? id,
  itemEn: item?.nameEn ?? id,
});

/** The warehouse a hall asks by default: the nearest one up its org tree. */
export async function defaultWarehouse(db: Db, hallUnitId: string): Promise<LocationRow | null> {
  const units = await accessRepository.units(db);
  const up: string[] = [];
  for (let u = units.find((x) => x.id === hallUnitId); u; u = units.find((x) => x.id === u!.parentId)) up.push(u.id);
  const warehouses = (await repo.locations(db)).filter((l) => l.kind === 'warehouse' && l.active);
  for (const unitId of up) {
    const w = warehouses.find((l) => l.orgUnitId === unitId);
    if (w) return w;
  }
  return null;
}

/** Kit lines as their parts; the same item twice as one line. */
async function expandLines(db: Db, lines: Line[], field = 'lines'): Promise<Line[]> {
  const items = await itemsById(db);
  const parts = await repo.kitParts(db);
  const out = new Map<string, number>();
  lines.forEach((l, n) => {
    const item = items.get(l.itemId);
    if (!item) throw refuse('inventory-item-unknown', `${field}.${n}.itemId`, { item: l.itemId });
    if (item.kind === 'kit') {
      for (const p of parts.filter((x) => x.kitId === item.id))
        out.set(p.itemId, (out.get(p.itemId) ?? 0) + p.qty * l.qty);
    } else out.set(l.itemId, (out.get(l.itemId) ?? 0) + l.qty);
  });
  return [...out].map(([itemId, qty]) => ({ itemId, qty }));
}

async function locked(tx: Db, id: number): Promise<TransferRow> {
  if (!(await repo.transferForUpdate(tx, id))) throw refuse('inventory-transfer-not-found', 'id', { id }, 'NOT_FOUND');
  return (await repo.transfer(tx, id))!;
}

function inStatus(t: TransferRow, ...statuses: TransferStatus[]) {
  if (!statuses.includes(t.status))
    throw refuse('inventory-transfer-status', 'id', { id: t.id, status: t.status }, 'CONFLICT');
}

const step = (user: SessionUser, t: TransferRow, action: string, after: unknown, unit: string | null) => ({
  userId: user.id,
  action: `inventory.transfer.${action}`,
  entity: 'inv_transfer',
  entityId: String(t.id),
  orgUnitId: unit,
  before: { status: t.status },
  after,
});

/** A hall asks for materials (from a phone): from its nearest warehouse unless one is named. */
export async function requestTransfer(
  db: Db,
  user: SessionUser,
  input: {
    hallId: string;
    fromLocationId?: string | undefined;
    lines: Line[];
    note?: string | undefined;
    suggested?: boolean;
  },
  opts: { asSuggestion?: boolean } = {},
) {
  const to = await hallLocation(db, input.hallId);
  await must(db, user, 'edit', to.orgUnitId, 'at the hall');
  const from = input.fromLocationId
    ? await locationOrThrow(db, input.fromLocationId, 'fromLocationId')
    : await defaultWarehouse(db, to.orgUnitId!);
  if (!from) throw refuse('inventory-no-warehouse', 'fromLocationId', {}, 'CONFLICT');
  if (from.kind !== 'warehouse') throw refuse('inventory-not-a-warehouse', 'fromLocationId', { location: from.id });
  const lines = await expandLines(db, input.lines);
  const items = await itemsById(db);
  lines.forEach((l, n) => stockable(items, l.itemId, `lines.${n}.itemId`));
  return db.transaction(async (tx) => {
    const t = await repo.insertTransfer(tx, {
      fromLocationId: from.id,
      toLocationId: to.id,
      note: input.note ?? null,
      suggested: input.suggested ?? false,
      // The replenishment suggestion's quantities are the reorder points', not the clicker's: the request is
      // the suggestion's, so the region manager who clicked may approve it.
      requestedBy: opts.asSuggestion ? `suggestion:${user.id}` : actor(user),
      labelToken: randomBytes(12).toString('base64url'),
    });
    await repo.insertLines(
      tx,
      lines.map((l) => ({ transferId: t.id, itemId: l.itemId, requested: l.qty })),
    );
    await audit(tx, step(user, t, 'request', { lines, from: from.id, to: to.id }, to.orgUnitId));
    return { id: t.id };
  });
}

/** The region approves (each line up to what was asked; 0 drops it) or refuses. Not one's own request. */
export async function decideTransfer(
  db: Db,
  user: SessionUser,
  input: {
    id: number;
    decision: 'approve' | 'refuse';
    lines?: Array<{ itemId: string; approved: number }> | undefined;
    note?: string | undefined;
  },
) {
  return db.transaction(async (tx) => {
    const t = await locked(tx, input.id);
    const to = (await repo.location(tx, t.toLocationId))!;
    await must(tx, user, 'edit', await parentUnit(tx, to.orgUnitId), 'above the hall');
    inStatus(t, 'requested');
    if (t.requestedBy === actor(user)) throw refuse('inventory-own-request', 'id', { id: t.id }, 'CONFLICT');
    const lines = await repo.linesOf(tx, [t.id]);
    const approved = new Map(lines.map((l) => [l.itemId, input.decision === 'approve' ? l.requested : 0]));
    for (const [n, l] of (input.lines ?? []).entries()) {
      const line = lines.find((x) => x.itemId === l.itemId);
      if (!line) throw refuse('inventory-line-unknown', `lines.${n}.itemId`, { item: l.itemId });
      if (l.approved > line.requested)
        throw refuse('inventory-approved-above-request', `lines.${n}.approved`, {
          ...itemNames((await itemsById(tx)).get(l.itemId), l.itemId),
          requested: line.requested,
        });
      if (input.decision === 'approve') approved.set(l.itemId, l.approved);
    }
    for (const l of lines) await repo.updateLine(tx, t.id, l.itemId, { approved: approved.get(l.itemId) ?? 0 });
    const any = [...approved.values()].some((q) => q > 0);
    const status: TransferStatus = input.decision === 'approve' && any ? 'approved' : 'refused';
    await repo.updateTransfer(tx, t.id, {
      status,
      decidedBy: actor(user),
      decidedAt: new Date(),
      decisionNote: input.note ?? null,
      ...(status === 'refused' ? { closedAt: new Date() } : {}),
    });
    await audit(tx, step(user, t, input.decision, { status, approved: Object.fromEntries(approved) }, to.orgUnitId));
    return { id: t.id, status };
  });
}

/** The requester (or the hall) withdraws a request not yet shipped. */
export async function cancelTransfer(db: Db, user: SessionUser, input: { id: number; note?: string | undefined }) {
  return db.transaction(async (tx) => {
    const t = await locked(tx, input.id);
    const to = (await repo.location(tx, t.toLocationId))!;
    await must(tx, user, 'edit', to.orgUnitId, 'at the hall');
    inStatus(t, 'requested', 'approved');
    await repo.updateTransfer(tx, t.id, {
      status: 'cancelled',
      closedAt: new Date(),
      decisionNote: input.note ?? t.decisionNote,
    });
    await audit(tx, step(user, t, 'cancel', { status: 'cancelled', note: input.note ?? null }, to.orgUnitId));
    return { id: t.id, status: 'cancelled' as const };
  });
}

/** The warehouse picks and ships (each line up to what was approved): warehouse → in transit. */
export async function shipTransfer(
  db: Db,
  user: SessionUser,
  input: { id: number; lines?: Array<{ itemId: string; shipped: number }> | undefined },
) {
  return db.transaction(async (tx) => {
    const t = await locked(tx, input.id);
    const from = (await repo.location(tx, t.fromLocationId))!;
    await must(tx, user, 'edit', from.orgUnitId, 'at the warehouse');
    inStatus(t, 'approved');
    const lines = await repo.linesOf(tx, [t.id]);
    const shipped = new Map(lines.map((l) => [l.itemId, l.approved ?? 0]));
    for (const [n, l] of (input.lines ?? []).entries()) {
      const line = lines.find((x) => x.itemId === l.itemId);
      if (!line) throw refuse('inventory-line-unknown', `lines.${n}.itemId`, { item: l.itemId });
      if (l.shipped > (line.approved ?? 0))
        throw refuse('inventory-shipped-above-approved', `lines.${n}.shipped`, {
          ...itemNames((await itemsById(tx)).get(l.itemId), l.itemId),
          approved: line.approved ?? 0,
        });
      shipped.set(l.itemId, l.shipped);
    }
    if (![...shipped.values()].some((q) => q > 0)) throw refuse('inventory-nothing-shipped', 'lines');
    const by = actor(user);
    const movements: Movement[] = [];
    for (const [itemId, qty] of shipped) {
      await repo.updateLine(tx, t.id, itemId, { shipped: qty });
      movements.push({ itemId, locationId: from.id, qty: -qty, kind: 'ship', transferId: t.id, by });
      movements.push({ itemId, locationId: 'transit', qty, kind: 'ship', transferId: t.id, by });
    }
    await post(tx, movements);
    await repo.updateTransfer(tx, t.id, { status: 'shipped', shippedBy: by, shippedAt: new Date() });
    await audit(tx, step(user, t, 'ship', { shipped: Object.fromEntries(shipped) }, from.orgUnitId));
    return { id: t.id, status: 'shipped' as const };
  });
}

export interface ReceiptLine {
  itemId: string;
  /** Arrived in good order. */
  good: number;
  damaged: number;
  /** The damaged goods' photo (a blob's SHA-256). */
  photo?: string | null | undefined;
  note?: string | null | undefined;
}

/**
 * The hall receives (having scanned the label: `labelToken` must be the shipment's). Per line: what arrived
 * good and damaged; a line not given arrived not at all. Whatever does not match the shipment becomes a
 * discrepancy; without any the transfer closes.
 */
export async function receiveTransfer(
  db: Db,
  user: SessionUser,
  input: { id: number; labelToken?: string | undefined; lines: ReceiptLine[] },
) {
  return db.transaction(async (tx) => {
    const t = await locked(tx, input.id);
    const to = (await repo.location(tx, t.toLocationId))!;
    await must(tx, user, 'edit', to.orgUnitId, 'at the hall');
    inStatus(t, 'shipped');
    if (input.labelToken !== undefined && input.labelToken !== t.labelToken)
      throw refuse('inventory-label-mismatch', 'labelToken', { id: t.id });
    const lines = await repo.linesOf(tx, [t.id]);
    const items = await itemsById(tx);
    const given = new Map<string, ReceiptLine>();
    input.lines.forEach((l, n) => {
      stockable(items, l.itemId, `lines.${n}.itemId`);
      if (given.has(l.itemId)) throw refuse('inventory-line-twice', `lines.${n}.itemId`, { item: l.itemId });
      if (l.damaged > 0 && !lines.some((x) => x.itemId === l.itemId))
        throw refuse('inventory-damaged-not-shipped', `lines.${n}.damaged`, { item: l.itemId });
      given.set(l.itemId, l);
    });
    // A damage photo must be in the blob store (the page uploads it first), as an on-site form's must.
    const named = input.lines.flatMap((l, n) => (l.photo ? [{ n, sha: l.photo }] : []));
    const held = await repo.blobsHeld(
      tx,
      named.map((x) => x.sha),
    );
    const missing = named.find((x) => !held.has(x.sha));
    if (missing) throw refuse('inventory-photo-missing', `lines.${missing.n}.photo`);
    const by = actor(user);
    const damagedAt = `${to.id}:damaged`;
    const movements: Movement[] = [];
    const discrepancies: Array<
      Omit<DiscrepancyRow, 'id' | 'resolution' | 'resolvedBy' | 'resolvedAt' | 'resolutionNote' | 'reshipTransferId'>
    > = [];
    const itemIds = new Set([...lines.map((l) => l.itemId), ...given.keys()]);
    for (const itemId of itemIds) {
      const shipped = lines.find((l) => l.itemId === itemId)?.shipped ?? 0;
      const r = given.get(itemId) ?? { itemId, good: 0, damaged: 0 };
      const good = Math.min(r.good, shipped);
      const damaged = Math.min(r.damaged, shipped - good);
      const short = shipped - good - damaged;
      const over = r.good + r.damaged - good - damaged;
      if (good) {
        movements.push({ itemId, locationId: 'transit', qty: -good, kind: 'receive', transferId: t.id, by });
        movements.push({ itemId, locationId: to.id, qty: good, kind: 'receive', transferId: t.id, by });
      }
      if (damaged) {
        movements.push({ itemId, locationId: 'transit', qty: -damaged, kind: 'damaged', transferId: t.id, by });
        movements.push({ itemId, locationId: damagedAt, qty: damaged, kind: 'damaged', transferId: t.id, by });
      }
      const base = { transferId: t.id, itemId, photo: null, note: r.note ?? null };
      if (damaged) discrepancies.push({ ...base, kind: 'damaged', qty: damaged, photo: r.photo ?? null });
      if (short > 0) discrepancies.push({ ...base, kind: 'short', qty: short });
      if (over > 0) discrepancies.push({ ...base, kind: 'over', qty: over });
      if (lines.some((l) => l.itemId === itemId)) await repo.updateLine(tx, t.id, itemId, { received: good });
    }
    await post(tx, movements);
    await repo.insertDiscrepancies(tx, discrepancies);
    const status: TransferStatus = discrepancies.length ? 'discrepancy' : 'closed';
    const now = new Date();
    await repo.updateTransfer(tx, t.id, {
      status,
      receivedBy: by,
      receivedAt: now,
      ...(status === 'closed' ? { closedAt: now } : {}),
      overdueNotified: null,
    });
    await audit(tx, step(user, t, 'receive', { status, lines: input.lines, discrepancies }, to.orgUnitId));
    return { id: t.id, status, discrepancies: discrepancies.length };
  });
}

const ALLOWED: Record<DiscrepancyRow['kind'], Resolution[]> = {
  short: ['writeoff', 'reship', 'found'],
  damaged: ['writeoff', 'return'],
  over: ['keep', 'return'],
};

/**
 * Puts one discrepancy right (the region, or the sending warehouse). The last one resolved closes the
 * transfer; by then nothing of it is left in transit.
 */
export async function resolveDiscrepancy(
  db: Db,
  user: SessionUser,
  input: { id: number; discrepancyId: number; resolution: Resolution; note?: string | undefined },
) {
  return db.transaction(async (tx) => {
    const t = await locked(tx, input.id);
    const [from, to] = [(await repo.location(tx, t.fromLocationId))!, (await repo.location(tx, t.toLocationId))!];
    const region = await parentUnit(tx, to.orgUnitId);
    if (!(await can(tx, user, 'edit', region)) && !(await can(tx, user, 'edit', from.orgUnitId)))
      throw forbidden('above the hall or at the warehouse');
    inStatus(t, 'discrepancy');
    const all = await repo.discrepanciesOf(tx, [t.id]);
    const d = all.find((x) => x.id === input.discrepancyId);
    if (!d) throw refuse('inventory-discrepancy-not-found', 'discrepancyId', { id: input.discrepancyId }, 'NOT_FOUND');
    if (d.resolution) throw refuse('inventory-discrepancy-resolved', 'discrepancyId', { id: d.id }, 'CONFLICT');
    if (!ALLOWED[d.kind].includes(input.resolution))
      throw refuse('inventory-resolution-invalid', 'resolution', { kind: d.kind, resolution: input.resolution });
    const by = actor(user);
    const m = (locationId: string, qty: number, kind: Movement['kind']): Movement => ({
      itemId: d.itemId,
      locationId,
      qty,
      kind,
      transferId: t.id,
      by,
      reason: input.note ?? null,
    });
    const movements: Movement[] = [];
    let reshipTransferId: number | null = null;
    if (d.kind === 'short') {
      if (input.resolution === 'found') movements.push(m('transit', -d.qty, 'found'), m(to.id, d.qty, 'found'));
      else movements.push(m('transit', -d.qty, 'writeoff'));
      if (input.resolution === 'reship') {
        const again = await repo.insertTransfer(tx, {
          fromLocationId: from.id,
          toLocationId: to.id,
          status: 'approved',
          note: input.note ?? null,
          reshipOf: t.id,
          requestedBy: by,
          decidedBy: by,
          decidedAt: new Date(),
          labelToken: randomBytes(12).toString('base64url'),
        });
        await repo.insertLines(tx, [{ transferId: again.id, itemId: d.itemId, requested: d.qty, approved: d.qty }]);
        reshipTransferId = again.id;
      }
    } else if (d.kind === 'damaged') {
      movements.push(m(`${to.id}:damaged`, -d.qty, input.resolution === 'return' ? 'return' : 'writeoff'));
      if (input.resolution === 'return') movements.push(m(`${from.id}:damaged`, d.qty, 'return'));
    } else if (input.resolution === 'keep') movements.push(m(from.id, -d.qty, 'over'), m(to.id, d.qty, 'over'));
    await post(tx, movements);
    await repo.updateDiscrepancy(tx, d.id, {
      resolution: input.resolution,
      resolvedBy: by,
      resolvedAt: new Date(),
      resolutionNote: input.note ?? null,
      reshipTransferId,
    });
    const open = all.filter((x) => x.id !== d.id && !x.resolution).length;
    if (!open) {
      const left = (await repo.inTransit(tx, t.id)).filter((x) => x.qty !== 0);
      // By construction nothing is left; if a rule ever changed, the transfer must not close over stock.
      if (left.length)
        throw refuse('inventory-transit-not-empty', 'id', { id: t.id, item: left[0]!.itemId }, 'CONFLICT');
      await repo.updateTransfer(tx, t.id, { status: 'closed', closedAt: new Date() });
    }
    await audit(
      tx,
      step(
        user,
        t,
        'resolve',
        { discrepancy: d.id, kind: d.kind, resolution: input.resolution, reshipTransferId },
        to.orgUnitId,
      ),
    );
    return { id: t.id, status: open ? ('discrepancy' as const) : ('closed' as const), reshipTransferId };
  });
}

type Names = { nameZh: string; nameEn: string };

async function view(db: Db, user: SessionUser, ts: TransferRow[]) {
  const ids = ts.map((t) => t.id);
  const [lines, discrepancies, locations, items] = await Promise.all([
    repo.linesOf(db, ids),
    repo.discrepanciesOf(db, ids),
    repo.locations(db),
    itemsById(db),
  ]);
  const loc = new Map(locations.map((l) => [l.id, l]));
  const who = await namesOf(db, [
    ...ts.flatMap((t) => [t.requestedBy, t.decidedBy, t.shippedBy, t.receivedBy]),
    ...discrepancies.map((d) => d.resolvedBy),
  ]);
  const may = await rightsOf(db, user, 'edit');
  const units = new Map((await accessRepository.units(db)).map((u) => [u.id, u]));
  const out = [];
  for (const t of ts) {
    const from = loc.get(t.fromLocationId)!;
    const to = loc.get(t.toLocationId)!;
    const hallUnit = to.orgUnitId ? units.get(to.orgUnitId) : undefined;
    const region = hallUnit ? (hallUnit.parentId ?? hallUnit.id) : null;
    const [atHall, atRegion, atWarehouse] = [may(to.orgUnitId), may(region), may(from.orgUnitId)];
    const ofHall = user.grants.some((g) => g.orgUnitId === to.orgUnitId && roleAllows(g.role, 'inventory', 'edit'));
    const itemNames = (itemId: string): Names => {
      const i = items.get(itemId);
      return { nameZh: i?.nameZh ?? itemId, nameEn: i?.nameEn ?? itemId };
    };
    out.push({
      ...t,
      labelToken: atHall ? t.labelToken : undefined,
      from: { id: from.id, nameZh: from.nameZh, nameEn: from.nameEn },
      to: { id: to.id, nameZh: to.nameZh, nameEn: to.nameEn, hallId: to.hallId },
      requestedByName: who.get(t.requestedBy) ?? null,
      decidedByName: t.decidedBy ? (who.get(t.decidedBy) ?? null) : null,
      shippedByName: t.shippedBy ? (who.get(t.shippedBy) ?? null) : null,
      receivedByName: t.receivedBy ? (who.get(t.receivedBy) ?? null) : null,
      lines: lines
        .filter((l: TransferLineRow) => l.transferId === t.id)
        .map((l) => ({
          ...l,
          ...itemNames(l.itemId),
          unitZh: items.get(l.itemId)?.unitZh ?? '',
          unitEn: items.get(l.itemId)?.unitEn ?? '',
          /** The catalogue's photo of the item (what to look for in the parcel). */
          photo: items.get(l.itemId)?.photo ?? null,
        })),
      discrepancies: discrepancies
        .filter((d) => d.transferId === t.id)
        .map((d) => ({
          ...d,
          ...itemNames(d.itemId),
          unitZh: items.get(d.itemId)?.unitZh ?? '',
          unitEn: items.get(d.itemId)?.unitEn ?? '',
          resolvedByName: d.resolvedBy ? (who.get(d.resolvedBy) ?? null) : null,
        })),
      can: {
        decide: t.status === 'requested' && atRegion && t.requestedBy !== actor(user),
        // The hall's own steps are offered to the hall's people (a grant at the hall, or the requester), not
        // to everyone above whose rights merely cover the hall: a region manager does not receive parcels.
        cancel:
          (t.status === 'requested' || t.status === 'approved') && atHall && (ofHall || t.requestedBy === actor(user)),
        ship: t.status === 'approved' && atWarehouse,
        receive: t.status === 'shipped' && atHall && (ofHall || !atRegion),
        resolve: t.status === 'discrepancy' && (atRegion || atWarehouse),
        /** The shipment's label (its QR code is the receipt's address): the warehouse's or the hall's. */
        label: t.status === 'shipped' && (atWarehouse || atHall),
      },
    });
  }
  return out;
}

/** People's names for `user:<id>` actors. */
async function namesOf(db: Db, actors: Array<string | null>) {
  const ids = [...new Set(actors.flatMap((a) => (a?.startsWith('user:') ? [a.slice(5)] : [])))];
  const out = new Map<string, string>();
  for (const id of ids) {
    const u = await accessRepository.user(db, id);
    if (u) out.set(`user:${id}`, u.name);
  }
  return out;
}

/** One transfer with its lines, discrepancies, names and what the user may do with it. */
export async function getTransfer(db: Db, user: SessionUser, id: number) {
  const t = await repo.transfer(db, id);
  if (!t) throw refuse('inventory-transfer-not-found', 'id', { id }, 'NOT_FOUND');
  const [from, to] = [await repo.location(db, t.fromLocationId), await repo.location(db, t.toLocationId)];
  if (!(await can(db, user, 'view', to?.orgUnitId ?? null)) && !(await can(db, user, 'view', from?.orgUnitId ?? null)))
    throw refuse('inventory-transfer-not-found', 'id', { id }, 'NOT_FOUND');
  return (await view(db, user, [t]))[0]!;
}

/** Transfers into or out of the locations the user sees (newest first), optionally of one hall or status. */
export async function listTransfers(
  db: Db,
  user: SessionUser,
  input: { hallId?: string | undefined; status?: TransferStatus[] | undefined; limit?: number | undefined },
) {
  const may = await rightsOf(db, user, 'view');
  const visible = (await repo.locations(db))
    .filter((l) => (l.kind === 'hall' || l.kind === 'warehouse') && (!input.hallId || l.hallId === input.hallId))
    .filter((l) => may(l.orgUnitId))
    .map((l) => l.id);
  if (!visible.length) return [];
  return view(db, user, await repo.transfersOf(db, visible, input.status, input.limit ?? 200));
}

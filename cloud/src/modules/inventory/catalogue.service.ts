/**
 * The materials catalogue (items and kits), the locations (warehouses; a hall's location made on first
 * use), goods received from suppliers into a warehouse, stock views, and the hall config's `materials`
 * section (what the hub's counter terminal can issue while the WAN is down).
 */
import { materialsSectionSchema } from '@hall/devices';
import type { Db } from '../../db/client.ts';
import { accessRepository } from '../access/access.repository.ts';
import { audit, type SessionUser } from '../access/access.service.ts';
import { localDate } from '../adherence/adherence.time.ts';
import { hallsRepository } from '../halls/halls.repository.ts';
import { actor, must, refuse, rightsOf } from './inventory.common.ts';
import { inventoryRepository as repo, type ItemRow, type LocationRow } from './inventory.repository.ts';
import { AFTER_CAMPAIGN, ITEM_KINDS } from './inventory.table.ts';
import { catalogue, sectionOn } from './materials-section.ts';
import { post } from './ledger.repository.ts';

export interface ItemInput {
  id: string;
  nameZh: string;
  nameEn: string;
  unitZh: string;
  unitEn: string;
  kind: (typeof ITEM_KINDS)[number];
  /** A blob held as the organisation's (uploaded with ?scope=catalogue); null removes it, absent keeps it. */
  photo?: string | null | undefined;
  campaign?: string | null | undefined;
  validFrom?: string | null | undefined;
  validTo?: string | null | undefined;
  afterCampaign: (typeof AFTER_CAMPAIGN)[number];
  serviceIds: string[];
  perCustomer: number;
  leadTimeDays: number;
  safetyDays: number;
  active: boolean;
  parts?: Array<{ itemId: string; qty: number }> | undefined;
}

export async function listItems(db: Db) {
  const [items, parts] = await Promise.all([repo.items(db), repo.kitParts(db)]);
  return items.map((i) => ({
    ...i,
    parts: parts.filter((p) => p.kitId === i.id).map(({ itemId, qty }) => ({ itemId, qty })),
  }));
}

/** Creates or changes an item (the catalogue is the organisation's: inventory edit at the root). */
export async function saveItem(db: Db, user: SessionUser, input: ItemInput) {
  if (input.validFrom && input.validTo && input.validTo < input.validFrom)
    throw refuse('inventory-validity-reversed', 'validTo');
  const parts = input.kind === 'kit' ? (input.parts ?? []) : [];
  if (input.kind === 'kit' && parts.length === 0) throw refuse('inventory-kit-empty', 'parts');
  const known = new Map((await repo.items(db)).map((i) => [i.id, i]));
  for (const [n, p] of parts.entries()) {
    const part = known.get(p.itemId);
    if (!part || p.itemId === input.id) throw refuse('inventory-item-unknown', `parts.${n}.itemId`, { item: p.itemId });
    if (part.kind === 'kit') throw refuse('inventory-kit-in-kit', `parts.${n}.itemId`, { item: p.itemId });
  }
  const before = known.get(input.id) ?? null;
  if (before && before.kind !== input.kind) throw refuse('inventory-kind-fixed', 'kind');
  // A new photo must be held as the organisation's (the page uploads it with ?scope=catalogue first):
  // a hall's photo would show to that hall's people only, and a name the store lacks to nobody.
  if (input.photo && input.photo !== before?.photo && !(await repo.sharedBlobHeld(db, input.photo)))
    throw refuse('inventory-photo-missing', 'photo');
  await db.transaction(async (tx) => {
    const { parts: _parts, ...row } = input;
    await repo.upsertItem(tx, {
      ...row,
      // Not sent: the photo stays as it was (null removes it).
      photo: row.photo === undefined ? (before?.photo ?? null) : row.photo,
      campaign: row.campaign ?? null,
      validFrom: row.validFrom ?? null,
      validTo: row.validTo ?? null,
    });
    if (input.kind === 'kit') await repo.replaceKitParts(tx, input.id, parts);
    await audit(tx, {
      userId: user.id,
      action: before ? 'inventory.item.update' : 'inventory.item.create',
      entity: 'inv_item',
      entityId: input.id,
      orgUnitId: null,
      before,
      after: input,
    });
  });
  // After the commit: the halls' hubs get the change at their next config poll (only halls whose
  // section changed get a new version; a change to lead time or safety days writes nothing).
  const changed = await writeMaterialsSections(db, user.username);
  return { id: input.id, halls: changed.length };
}

/** A hall's stock location (and its damaged location), made on first use. */
export async function hallLocation(db: Db, hallId: string): Promise<LocationRow> {
  const have = await repo.hallLocation(db, hallId);
  if (have) return have;
  const hall = await hallsRepository.hall(db, hallId);
  const unit = await accessRepository.unitOfHall(db, hallId);
  if (!hall) throw refuse('hall-not-found', 'hallId', {}, 'NOT_FOUND');
  const id = `hall:${hallId}`;
  // A hall outside the org tree (not yet placed) still has stock; only administrators at the root act for it.
  const orgUnitId = unit?.id ?? null;
  await repo.insertLocation(db, { id, kind: 'hall', nameZh: hall.name, nameEn: hall.name, orgUnitId, hallId });
  await repo.insertLocation(db, {
    id: `${id}:damaged`,
    kind: 'damaged',
    nameZh: `${hall.name}（破损）`,
    nameEn: `${hall.name} (damaged)`,
    orgUnitId,
    hallId,
    parentId: id,
  });
  return (await repo.location(db, id))!;
}

export async function addWarehouse(
  db: Db,
  user: SessionUser,
  input: { id: string; nameZh: string; nameEn: string; orgUnitId: string },
) {
  if (!(await accessRepository.unit(db, input.orgUnitId)))
    throw refuse('org-unit-not-found', 'orgUnitId', {}, 'NOT_FOUND');
  const id = `wh:${input.id}`;
  if (await repo.location(db, id)) throw refuse('inventory-location-exists', 'id', { location: id }, 'CONFLICT');
  await db.transaction(async (tx) => {
    await repo.insertLocation(tx, {
      id,
      kind: 'warehouse',
      nameZh: input.nameZh,
      nameEn: input.nameEn,
      orgUnitId: input.orgUnitId,
    });
    await repo.insertLocation(tx, {
      id: `${id}:damaged`,
      kind: 'damaged',
      nameZh: `${input.nameZh}（破损）`,
      nameEn: `${input.nameEn} (damaged)`,
      orgUnitId: input.orgUnitId,
      parentId: id,
    });
    await audit(tx, {
      userId: user.id,
      action: 'inventory.warehouse.create',
      entity: 'inv_location',
      entityId: id,
      orgUnitId: input.orgUnitId,
      after: input,
    });
  });
  return { id };
}

/** The locations the user may see (inventory view at their unit; in-transit for anyone with a grant). */
export async function visibleLocations(db: Db, user: SessionUser, level: 'view' | 'edit' = 'view') {
  const may = await rightsOf(db, user, level);
  return (await repo.locations(db)).filter((l) => l.kind === 'transit' || may(l.orgUnitId));
}

export async function locationOrThrow(db: Db, id: string, field = 'locationId') {
  const l = await repo.location(db, id);
  if (!l) throw refuse('inventory-location-unknown', field, { location: id }, 'NOT_FOUND');
  return l;
}

/** Items' names for answers (and the checks that an item exists and is stockable). */
export async function itemsById(db: Db) {
  return new Map((await repo.items(db)).map((i) => [i.id, i]));
}

export function stockable(items: Map<string, ItemRow>, itemId: string, field: string) {
  const item = items.get(itemId);
  if (!item) throw refuse('inventory-item-unknown', field, { item: itemId });
  if (item.kind === 'kit') throw refuse('inventory-kit-not-stocked', field, { item: itemId });
  return item;
}

/** Goods from a supplier into a warehouse (收货入库). */
export async function receiveGoods(
  db: Db,
  user: SessionUser,
  input: { locationId: string; lines: Array<{ itemId: string; qty: number }>; note?: string | undefined },
) {
  const location = await locationOrThrow(db, input.locationId);
  if (location.kind !== 'warehouse') throw refuse('inventory-not-a-warehouse', 'locationId', { location: location.id });
  await must(db, user, 'edit', location.orgUnitId, 'at the warehouse');
  const items = await itemsById(db);
  input.lines.forEach((l, n) => stockable(items, l.itemId, `lines.${n}.itemId`));
  await db.transaction(async (tx) => {
    await post(
      tx,
      input.lines.map((l) => ({
        itemId: l.itemId,
        locationId: location.id,
        qty: l.qty,
        kind: 'receipt' as const,
        by: actor(user),
        reason: input.note ?? null,
      })),
    );
    await audit(tx, {
      userId: user.id,
      action: 'inventory.receipt',
      entity: 'inv_location',
      entityId: location.id,
      orgUnitId: location.orgUnitId,
      after: input,
    });
  });
  return { ok: true };
}

/** Stock per item at the locations the user may see (or one of them), with the items' names. */
export async function stockView(db: Db, user: SessionUser, locationId?: string) {
  const visible = await visibleLocations(db, user);
  const locations = locationId ? visible.filter((l) => l.id === locationId) : visible;
  // A location the user may not see is answered as unknown: its existence is not theirs to learn.
  if (locationId && !locations.length)
    throw refuse('inventory-location-unknown', 'locationId', { location: locationId }, 'NOT_FOUND');
  const stock = await repo.stockOf(
    db,
    locations.map((l) => l.id),
  );
  return {
    locations: locations.map((l) => ({ id: l.id, kind: l.kind, nameZh: l.nameZh, nameEn: l.nameEn, hallId: l.hallId })),
    stock: stock.filter((s) => s.qty !== 0),
  };
}

export { materialsSection } from './materials-section.ts';

/**
 * Writes the `materials` section of every hall with a config (or of `hallIds`) where it changed: after a
 * catalogue change, and each night as validity windows open and close (inventory.jobs.ts). The catalogue
 * is read once and the section made once per hall-local date; then one statement per date puts it into
 * every hall whose section differs (PostgreSQL compares the jsonb, so key order does not matter) and gives
 * only those a new config version. The rest of each document is untouched and the section is checked
 * against the hub's schema here, so the whole document need not be parsed again per hall. Answers the
 * halls whose config changed.
 */
export async function writeMaterialsSections(
  db: Db,
  by: string | null,
  opts: { hallIds?: string[]; at?: number } = {},
): Promise<string[]> {
  const at = opts.at ?? Date.now();
  const cat = await catalogue(db);
  const byDate = new Map<string, string[]>();
  for (const timeZone of await repo.configuredZones(db, opts.hallIds)) {
    const date = localDate(at, timeZone);
    byDate.set(date, [...(byDate.get(date) ?? []), timeZone]);
  }
  const changed: string[] = [];
  for (const [date, timeZones] of byDate) {
    const section = materialsSectionSchema.parse(sectionOn(cat, date));
    changed.push(...(await repo.putMaterialsSection(db, { section, timeZones, hallIds: opts.hallIds, by })));
  }
  return changed.sort();
}

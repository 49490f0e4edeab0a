/**
 * Cycle counts (盘点) from a phone: the hall (or warehouse) counts some items; each line keeps what the
 * books said at that moment; the unit above approves, and each variance is posted as an adjustment with
 * the count's reason — measured against the books at counting time, so issues made between the count and
 * the approval are not counted twice. A variance that would take the books below zero by now is refused.
 */
import type { Db } from '../../db/client.ts';
import { accessRepository } from '../access/access.repository.ts';
import { audit, type SessionUser } from '../access/access.service.ts';
import { itemsById, locationOrThrow, stockable, visibleLocations } from './catalogue.service.ts';
import { actor, can, must, parentUnit, refuse } from './inventory.common.ts';
import { inventoryRepository as repo } from './inventory.repository.ts';
import { post } from './ledger.repository.ts';

export async function submitCount(
  db: Db,
  user: SessionUser,
  input: { locationId: string; lines: Array<{ itemId: string; counted: number }>; reason?: string | undefined },
) {
  const location = await locationOrThrow(db, input.locationId);
  if (location.kind !== 'hall' && location.kind !== 'warehouse')
    throw refuse('inventory-not-countable', 'locationId', { location: location.id });
  await must(db, user, 'edit', location.orgUnitId, 'at the location');
  const items = await itemsById(db);
  const seen = new Set<string>();
  input.lines.forEach((l, n) => {
    stockable(items, l.itemId, `lines.${n}.itemId`);
    if (seen.has(l.itemId)) throw refuse('inventory-line-twice', `lines.${n}.itemId`, { item: l.itemId });
    seen.add(l.itemId);
  });
  return db.transaction(async (tx) => {
    const stock = new Map((await repo.stockOf(tx, [location.id])).map((s) => [s.itemId, s.qty]));
    const count = await repo.insertCount(tx, {
      locationId: location.id,
      countedBy: actor(user),
      reason: input.reason ?? null,
    });
    await repo.insertCountLines(
      tx,
      input.lines.map((l) => ({
        countId: count.id,
        itemId: l.itemId,
        expected: stock.get(l.itemId) ?? 0,
        counted: l.counted,
      })),
    );
    await audit(tx, {
      userId: user.id,
      action: 'inventory.count.submit',
      entity: 'inv_count',
      entityId: String(count.id),
      orgUnitId: location.orgUnitId,
      after: input,
    });
    return { id: count.id };
  });
}

export async function decideCount(
  db: Db,
  user: SessionUser,
  input: { id: number; decision: 'approve' | 'refuse'; note?: string | undefined },
) {
  return db.transaction(async (tx) => {
    const count = await repo.count(tx, input.id);
    if (!count) throw refuse('inventory-count-not-found', 'id', { id: input.id }, 'NOT_FOUND');
    const location = (await repo.location(tx, count.locationId))!;
    await must(tx, user, 'edit', await parentUnit(tx, location.orgUnitId), 'above the location');
    // Locks the count: two approvals at once post once.
    await repo.updateCount(tx, count.id, { decidedBy: actor(user) });
    const fresh = (await repo.count(tx, input.id))!;
    if (fresh.status !== 'submitted') throw refuse('inventory-count-decided', 'id', { id: count.id }, 'CONFLICT');
    if (count.countedBy === actor(user)) throw refuse('inventory-own-count', 'id', { id: count.id }, 'CONFLICT');
    const lines = await repo.countLines(tx, [count.id]);
    if (input.decision === 'approve')
      await post(
        tx,
        lines.map((l) => ({
          itemId: l.itemId,
          locationId: location.id,
          qty: l.counted - l.expected,
          kind: 'adjust' as const,
          countId: count.id,
          by: actor(user),
          reason: count.reason ?? input.note ?? null,
        })),
      );
    const status = input.decision === 'approve' ? ('approved' as const) : ('refused' as const);
    await repo.updateCount(tx, count.id, {
      status,
      decidedBy: actor(user),
      decidedAt: new Date(),
      decisionNote: input.note ?? null,
    });
    await audit(tx, {
      userId: user.id,
      action: `inventory.count.${input.decision}`,
      entity: 'inv_count',
      entityId: String(count.id),
      orgUnitId: location.orgUnitId,
      after: { status, variances: lines.map((l) => ({ itemId: l.itemId, variance: l.counted - l.expected })) },
    });
    return { id: count.id, status };
  });
}

/** Counts at the locations the user sees (newest first), with their lines, variances and rights. */
export async function listCounts(db: Db, user: SessionUser, input: { locationId?: string | undefined }) {
  const locations = (await visibleLocations(db, user)).filter((l) => !input.locationId || l.id === input.locationId);
  const counts = await repo.countsOf(
    db,
    locations.map((l) => l.id),
  );
  const lines = await repo.countLines(
    db,
    counts.map((c) => c.id),
  );
  const items = await itemsById(db);
  const people = new Map<string, string>();
  for (const a of new Set(counts.flatMap((c) => [c.countedBy, c.decidedBy])))
    if (a?.startsWith('user:')) {
      const u = await accessRepository.user(db, a.slice(5));
      if (u) people.set(a, u.name);
    }
  const out = [];
  for (const c of counts) {
    const l = locations.find((x) => x.id === c.locationId)!;
    out.push({
      ...c,
      location: { id: l.id, nameZh: l.nameZh, nameEn: l.nameEn },
      countedByName: people.get(c.countedBy) ?? null,
      decidedByName: c.decidedBy ? (people.get(c.decidedBy) ?? null) : null,
      lines: lines
        .filter((x) => x.countId === c.id)
        .map((x) => ({
          ...x,
          variance: x.counted - x.expected,
          nameZh: items.get(x.itemId)?.nameZh ?? x.itemId,
          nameEn: items.get(x.itemId)?.nameEn ?? x.itemId,
          unitZh: items.get(x.itemId)?.unitZh ?? '',
          unitEn: items.get(x.itemId)?.unitEn ?? '',
        })),
      canDecide:
        c.status === 'submitted' &&
        c.countedBy !== actor(user) &&
        (await can(db, user, 'edit', await parentUnit(db, l.orgUnitId))),
    });
  }
  return out;
}

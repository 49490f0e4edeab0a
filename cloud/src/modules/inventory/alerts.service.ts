/**
 * Inventory's notices through the notification platform: a hall's material at or below its reorder point
 * (raised once, cleared only above the point plus a margin — `lowStockState`), and a transfer step left
 * undone too long (once per step). And the region's one-click replenishment: a request per hall of what its
 * reorder points suggest.
 */
import { lowStockState } from '../../engines/inventory/reorder.ts';
import type { Db } from '../../db/client.ts';
import { accessRepository } from '../access/access.repository.ts';
import { audit, type SessionUser } from '../access/access.service.ts';
import { roleAllows, type Role } from '../access/permissions.ts';
import { enqueueForUsers } from '../notifications/notifications.service.ts';
import { must, refuse } from './inventory.common.ts';
import { inventoryRepository as repo } from './inventory.repository.ts';
import { hallReorder, inventoryScope } from './stats.service.ts';
import { requestTransfer } from './transfers.service.ts';

/** How long each step may wait before its people are told (hours). */
export const OVERDUE_HOURS: Record<'requested' | 'approved' | 'shipped' | 'discrepancy', number> = {
  requested: 48,
  approved: 48,
  shipped: 120,
  discrepancy: 72,
};

/**
 * The people who act for a unit in inventory: users granted a role with inventory edit at the unit itself,
 * or — when nobody is — at the nearest unit above it.
 */
export async function inventoryPeople(db: Db, unitId: string | null): Promise<string[]> {
  const units = await accessRepository.units(db);
  for (let u = units.find((x) => x.id === unitId); u; u = units.find((x) => x.id === u!.parentId)) {
    const users = (await accessRepository.usersIn(db, [u.id])).filter((x) => !x.disabled);
    const grants = await accessRepository.grantsOf(
      db,
      users.map((x) => x.id),
    );
    const ids = [
      ...new Set(
        grants
          .filter((g) => g.orgUnitId === u!.id && roleAllows(g.role as Role, 'inventory', 'edit'))
          .map((g) => g.userId),
      ),
    ];
    if (ids.length) return ids;
  }
  return [];
}

const fmt = (n: number, lang: 'zh-CN' | 'en') => new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(n);

export function lowStockText(
  lang: 'zh-CN' | 'en',
  a: {
    hallName: string;
    nameZh: string;
    nameEn: string;
    unitZh: string;
    unitEn: string;
    onHand: number;
    reorderPoint: number;
    coverDays: number | null;
  },
) {
  const cover = a.coverDays === null ? null : fmt(a.coverDays, lang);
  return lang === 'zh-CN'
    ? {
        subject: `物料库存不足：${a.hallName} · ${a.nameZh}`,
        body: `${a.hallName} 的 ${a.nameZh} 现有 ${fmt(a.onHand, lang)} ${a.unitZh}，已低于再订货点 ${fmt(a.reorderPoint, lang)} ${a.unitZh}${cover === null ? '' : `，按预测客流约可用 ${cover} 天`}。请申请补货。`,
      }
    : {
        subject: `Low stock: ${a.hallName} · ${a.nameEn}`,
        body: `${a.hallName} has ${fmt(a.onHand, lang)} ${a.unitEn} of ${a.nameEn}, at or below its reorder point of ${fmt(a.reorderPoint, lang)}${cover === null ? '' : `: about ${cover} days of cover at the forecast traffic`}. Please request more.`,
      };
}

/** Raises and clears the halls' low-stock states; notifies the hall's people of each newly low material. */
export async function checkLowStock(db: Db, now = new Date()) {
  let raised = 0;
  let cleared = 0;
  const halls = (await repo.locations(db)).filter((l) => l.kind === 'hall' && l.hallId);
  for (const location of halls) {
    const lines = await hallReorder(db, location.hallId!, now);
    const open = new Map((await repo.openLowStock(db, location.id)).map((r) => [r.itemId, r]));
    for (const line of lines) {
      const was = open.get(line.itemId);
      const low = lowStockState(!!was, line.position, line.reorderPoint, line.meanDailyDemand > 0);
      if (low && !was) {
        if (
          !(await repo.openLowStockRow(db, {
            itemId: line.itemId,
            locationId: location.id,
            since: now,
            reorderPoint: line.reorderPoint,
            onHand: line.onHand,
          }))
        )
          continue;
        raised += 1;
        const userIds = await inventoryPeople(db, location.orgUnitId);
        if (userIds.length)
          await enqueueForUsers(db, {
            dedupeKey: `inventory-low|${location.id}|${line.itemId}|${now.toISOString()}`,
            userIds,
            via: ['email', 'sms'],
            hallId: location.hallId,
            now,
            render: (lang) => lowStockText(lang, { hallName: location.nameZh, ...line }),
          });
      } else if (!low && was) {
        await repo.clearLowStock(db, line.itemId, location.id, now);
        cleared += 1;
      }
      open.delete(line.itemId);
    }
    // A material the hall no longer holds or hands out is not low any more.
    for (const itemId of open.keys()) {
      await repo.clearLowStock(db, itemId, location.id, now);
      cleared += 1;
    }
  }
  return { raised, cleared };
}

export function overdueText(
  lang: 'zh-CN' | 'en',
  t: { id: number; status: keyof typeof OVERDUE_HOURS; fromZh: string; toZh: string; fromEn: string; toEn: string },
) {
  const zh = { requested: '待审批', approved: '待发货', shipped: '待收货', discrepancy: '差异待处理' }[t.status];
  const en = {
    requested: 'waiting for approval',
    approved: 'waiting to be shipped',
    shipped: 'waiting to be received',
    discrepancy: 'with discrepancies to resolve',
  }[t.status];
  return lang === 'zh-CN'
    ? {
        subject: `调拨单 ${t.id} ${zh}已超时`,
        body: `调拨单 ${t.id}（${t.fromZh} → ${t.toZh}）${zh}已超过 ${OVERDUE_HOURS[t.status]} 小时。`,
      }
    : {
        subject: `Transfer ${t.id} overdue`,
        body: `Transfer ${t.id} (${t.fromEn} → ${t.toEn}) has been ${en} for more than ${OVERDUE_HOURS[t.status]} hours.`,
      };
}

/** Tells the people of each step left too long (once per step): region, warehouse, hall, region. */
export async function notifyOverdueTransfers(db: Db, now = new Date()) {
  let notified = 0;
  const locations = new Map((await repo.locations(db)).map((l) => [l.id, l]));
  for (const t of await repo.openTransfers(db)) {
    const status = t.status as keyof typeof OVERDUE_HOURS;
    const since = { requested: t.requestedAt, approved: t.decidedAt, shipped: t.shippedAt, discrepancy: t.receivedAt }[
      status
    ];
    if (!since || now.getTime() - since.getTime() < OVERDUE_HOURS[status] * 3_600_000 || t.overdueNotified === status)
      continue;
    if (!(await repo.markOverdue(db, t.id, status))) continue;
    const from = locations.get(t.fromLocationId)!;
    const to = locations.get(t.toLocationId)!;
    const region = to.orgUnitId ? ((await accessRepository.unit(db, to.orgUnitId))?.parentId ?? null) : null;
    const unit = status === 'approved' ? from.orgUnitId : status === 'shipped' ? to.orgUnitId : region;
    const userIds = await inventoryPeople(db, unit);
    if (userIds.length)
      await enqueueForUsers(db, {
        dedupeKey: `inventory-overdue|${t.id}|${status}`,
        userIds,
        via: ['email'],
        hallId: to.hallId,
        now,
        render: (lang) =>
          overdueText(lang, {
            id: t.id,
            status,
            fromZh: from.nameZh,
            toZh: to.nameZh,
            fromEn: from.nameEn,
            toEn: to.nameEn,
          }),
      });
    notified += 1;
  }
  return { notified };
}

/**
 * The region's one click: for each of its halls with materials at or below their reorder point, one request
 * of the suggested quantities (marked as suggested; the region still approves it). What is already asked for,
 * approved or on its way counts in the hall's position, so a second click asks for nothing new.
 */
export async function suggestReplenishment(db: Db, user: SessionUser, q: { orgUnitId: string }, now = new Date()) {
  const scope = await inventoryScope(db, user, q.orgUnitId);
  await must(db, user, 'edit', q.orgUnitId, 'at the unit');
  const created: Array<{ hallId: string; transferId: number; lines: number }> = [];
  for (const h of scope.halls.slice(0, 200)) {
    const lines = (await hallReorder(db, h.hallId, now)).filter((l) => l.low && l.suggested > 0);
    if (!lines.length) continue;
    const out = await requestTransfer(
      db,
      user,
      {
        hallId: h.hallId,
        lines: lines.map((l) => ({ itemId: l.itemId, qty: l.suggested })),
        note: undefined,
        suggested: true,
      },
      { asSuggestion: true },
    ).catch((e: unknown) => {
      // A hall no warehouse serves is skipped, not a failure of the whole region.
      if ((e as { detail?: { code?: string } }).detail?.code === 'inventory-no-warehouse') return null;
      throw e;
    });
    if (out) created.push({ hallId: h.hallId, transferId: out.id, lines: lines.length });
  }
  if (!created.length && !scope.halls.length) throw refuse('org-unit-not-found', 'orgUnitId', {}, 'NOT_FOUND');
  await audit(db, {
    userId: user.id,
    action: 'inventory.replenishment.suggest',
    entity: 'org_unit',
    entityId: q.orgUnitId,
    orgUnitId: q.orgUnitId,
    after: created,
  });
  return { created };
}

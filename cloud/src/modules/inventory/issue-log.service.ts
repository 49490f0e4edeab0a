/**
 * A hall's recent issues (发放记录) as people read them: each issue with its items' names, the ticket, the
 * service's, clerk's and counter's names from the hall's config, who entered it (a console user, a clerk at
 * the counter terminal, or the hall's hub), whether it was taken back, and whether the reader may take it
 * back. Also what the catalogue page needs beside the items: the services' names and the right to edit.
 */
import type { Db } from '../../db/client.ts';
import { accessRepository } from '../access/access.repository.ts';
import type { SessionUser } from '../access/access.service.ts';
import { analysisRepository } from '../analytics/analysis.repository.ts';
import { hallsRepository } from '../halls/halls.repository.ts';
import { halls as hallsTable } from '../halls/halls.table.ts';
import { itemsById } from './catalogue.service.ts';
import { can, refuse } from './inventory.common.ts';
import { inventoryRepository as repo } from './inventory.repository.ts';

/** The names a hall's config gives its services, staff and counters. */
async function configNames(db: Db, hallIds: string[]) {
  const out = {
    services: new Map<string, string>(),
    staff: new Map<string, string>(),
    counters: new Map<string, string>(),
  };
  for (const r of await analysisRepository.names(db, hallIds, ['staff', 'counters']))
    if (r.name) out[r.kind].set(r.id, r.name);
  return out;
}

/** People's names for `user:<id>` actors. */
async function userNames(db: Db, actors: string[]) {
  const out = new Map<string, string>();
  for (const a of new Set(actors))
    if (a.startsWith('user:')) {
      const u = await accessRepository.user(db, a.slice(5));
      if (u) out.set(a, u.name);
    }
  return out;
}

export async function listIssues(
  db: Db,
  user: SessionUser,
  q: { hallId: string; from?: string | undefined; to?: string | undefined; limit?: number | undefined },
) {
  if (q.from && q.to && q.to < q.from) throw refuse('analysis-period-reversed', 'to');
  if (!(await hallsRepository.hall(db, q.hallId))) throw refuse('hall-not-found', 'hallId', {}, 'NOT_FOUND');
  const location = await repo.hallLocation(db, q.hallId);
  // A hall that never held stock has issued nothing.
  if (!location) return [];
  const rows = await repo.issuesOf(db, { hallId: q.hallId, from: q.from, to: q.to, limit: q.limit ?? 50 });
  const ids = [...new Set(rows.map((r) => r.id))];
  const [reversals, items, names, mayReverse] = await Promise.all([
    repo.reversalsOf(db, ids),
    itemsById(db),
    configNames(db, [q.hallId]),
    can(db, user, 'edit', location.orgUnitId),
  ]);
  const people = await userNames(
    db,
    [...rows, ...reversals].map((r) => r.by),
  );
  const who = (by: string) =>
    people.get(by) ?? (by.startsWith('staff:') ? (names.staff.get(by.slice(6)) ?? null) : null);
  const itemName = (id: string | null) => {
    const i = id ? items.get(id) : undefined;
    return { nameZh: i?.nameZh ?? id ?? '', nameEn: i?.nameEn ?? id ?? '' };
  };
  return ids.map((id) => {
    const lines = rows.filter((r) => r.id === id);
    const first = lines[0]!;
    const back = reversals.find((r) => r.reverses === id) ?? null;
    return {
      id,
      at: first.at,
      day: first.day,
      mode: first.mode,
      source: first.source,
      ticketNo: first.ticketNo,
      serviceId: first.serviceId,
      serviceName: first.serviceId ? (names.services.get(first.serviceId) ?? null) : null,
      staffId: first.staffId,
      staffName: first.staffId ? (names.staff.get(first.staffId) ?? null) : null,
      counterId: first.counterId,
      counterName: first.counterId ? (names.counters.get(first.counterId) ?? null) : null,
      note: first.note,
      /** Who entered it: a console user, a clerk (at the counter terminal), or the hall's hub. */
      byKind: first.by.split(':')[0] as 'user' | 'staff' | 'hub',
      byName: who(first.by),
      lines: lines.map((l) => {
        const i = items.get(l.itemId);
        return {
          itemId: l.itemId,
          ...itemName(l.itemId),
          unitZh: i?.unitZh ?? '',
          unitEn: i?.unitEn ?? '',
          qty: l.qty,
          posted: l.posted,
          kitId: l.kitId,
          kit: l.kitId ? itemName(l.kitId) : null,
        };
      }),
      reversed: back ? { id: back.id, at: back.at, byName: who(back.by), note: back.note } : null,
      canReverse: mayReverse && !back,
    };
  });
}

/** The services (business types) named in the halls' configs, and whether the user may edit the catalogue. */
export async function catalogueInfo(db: Db, user: SessionUser) {
  const [units, halls] = await Promise.all([
    accessRepository.units(db),
    db.select({ id: hallsTable.id }).from(hallsTable),
  ]);
  const root = units.find((u) => u.parentId === null)?.id ?? null;
  const names = await configNames(
    db,
    halls.map((h) => h.id),
  );
  return {
    canEdit: root !== null && (await can(db, user, 'edit', root)),
    services: [...names.services].map(([id, name]) => ({ id, name })).sort((a, b) => a.id.localeCompare(b.id)),
  };
}

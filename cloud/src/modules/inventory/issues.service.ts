/**
 * Materials handed to customers (物料发放): from the hub (`material.issued`, a clerk's tap at the counter
 * terminal with the ticket, service and clerk attached, or a bulk issue at the hall — journaled while the
 * WAN is down), or from the console (bulk: an event, a street promotion; or at a counter for a ticket).
 *
 * A hub's issue is a fact from the hall: it is never refused for want of stock in the cloud's books, but
 * stock cannot go negative, so the ledger takes what the books hold (`posted`) and the rest is a variance
 * the hall's next count explains. The console refuses an issue the books cannot cover.
 */
import { randomUUID } from 'node:crypto';
import type { HubEventRecord } from '@hall/devices/hub-events';
import type { Db } from '../../db/client.ts';
import { audit, type SessionUser } from '../access/access.service.ts';
import { localDate } from '../adherence/adherence.time.ts';
import { hallsRepository } from '../halls/halls.repository.ts';
import { hallLocation, itemsById } from './catalogue.service.ts';
import { actor, must, refuse } from './inventory.common.ts';
import { inventoryRepository as repo } from './inventory.repository.ts';
import { lockStock, post, stockNames } from './ledger.repository.ts';

export type MaterialIssued = Extract<HubEventRecord, { type: 'material.issued' }>;

/** Kit lines as their parts (each part remembers its kit). */
async function explode(
  db: Db,
  lines: Array<{ itemId: string; qty: number }>,
  catalogue?: { items: Awaited<ReturnType<typeof itemsById>>; parts: Awaited<ReturnType<typeof repo.kitParts>> },
) {
  const items = catalogue?.items ?? (await itemsById(db));
  const parts = catalogue?.parts ?? (await repo.kitParts(db));
  const out: Array<{ itemId: string; qty: number; kitId: string | null }> = [];
  lines.forEach((l, n) => {
    const item = items.get(l.itemId);
    if (!item) throw refuse('inventory-item-unknown', `items.${n}.itemId`, { item: l.itemId });
    if (item.kind === 'kit')
      for (const p of parts.filter((x) => x.kitId === item.id))
        out.push({ itemId: p.itemId, qty: p.qty * l.qty, kitId: item.id });
    else out.push({ itemId: l.itemId, qty: l.qty, kitId: null });
  });
  // One row per item (the table's key is issue × item).
  const merged = new Map<string, { itemId: string; qty: number; kitId: string | null }>();
  for (const o of out) {
    const m = merged.get(o.itemId);
    if (m) m.qty += o.qty;
    else merged.set(o.itemId, { ...o });
  }
  return [...merged.values()];
}

interface IssueRecord {
  id: string;
  hallId: string;
  at: Date;
  mode: 'counter' | 'bulk';
  lines: Array<{ itemId: string; qty: number; kitId: string | null }>;
  ticketNo: string | null;
  serviceId: string | null;
  staffId: string | null;
  counterId: string | null;
  note: string | null;
  by: string;
  source: 'hub' | 'console';
}

/**
 * Books one issue in the caller's transaction: each line's stock row locked, the ledger takes what is there
 * (all of it, or — `strict` — refuses), the issue rows keep what was handed out. An issue id already
 * stored is not booked again — also when the same id is being booked on another connection at this moment
 * (the id's lock makes this one wait, then find it). Answers the quantities not covered by the books.
 */
/** The hall's stock location and time zone, read once for a batch of issues. */
async function placeOf(tx: Db, hallId: string) {
  const location = await hallLocation(tx, hallId);
  const hall = await hallsRepository.hall(tx, hallId);
  return { location, timeZone: hall?.timeZone ?? 'Asia/Shanghai' };
}

async function book(
  tx: Db,
  r: IssueRecord,
  strict: boolean,
  place?: Awaited<ReturnType<typeof placeOf>>,
): Promise<{ duplicate: boolean; uncovered: number }> {
  await repo.lockIssue(tx, r.id);
  if (await repo.issueExists(tx, r.id)) return { duplicate: true, uncovered: 0 };
  const { location, timeZone } = place ?? (await placeOf(tx, r.hallId));
  const have = await lockStock(
    tx,
    r.lines.map((l) => ({ itemId: l.itemId, locationId: location.id })),
  );
  const day = localDate(r.at.getTime(), timeZone);
  let uncovered = 0;
  const rows: Array<IssueRecord['lines'][number] & { posted: number }> = [];
  for (const [n, l] of r.lines.entries()) {
    const onHand = have.get(`${l.itemId}\u0000${location.id}`) ?? 0;
    if (strict && onHand < l.qty)
      throw refuse(
        'stock-insufficient',
        `items.${n}.qty`,
        { ...(await stockNames(tx, l.itemId, location.id)), onHand, wanted: l.qty },
        'CONFLICT',
      );
    const posted = Math.min(onHand, l.qty);
    uncovered += l.qty - posted;
    rows.push({ ...l, posted });
  }
  await repo.insertIssues(
    tx,
    rows.map((l) => ({
      id: r.id,
      hallId: r.hallId,
      locationId: location.id,
      at: r.at,
      day,
      itemId: l.itemId,
      kitId: l.kitId,
      qty: l.qty,
      posted: l.posted,
      mode: r.mode,
      ticketNo: r.ticketNo,
      serviceId: r.serviceId,
      staffId: r.staffId,
      counterId: r.counterId,
      note: r.note,
      by: r.by,
      source: r.source,
    })),
  );
  await post(
    tx,
    rows.map((l) => ({
      itemId: l.itemId,
      locationId: location.id,
      qty: -l.posted,
      kind: 'issue' as const,
      issueId: r.id,
      by: r.by,
      at: r.at,
      reason: l.posted < l.qty ? `uncovered ${l.qty - l.posted}` : null,
    })),
  );
  return { duplicate: false, uncovered };
}

export interface MaterialRefusal {
  code: 'inventory-item-unknown';
  field: string;
  message: string;
}

/** Rows of a batch whose items the cloud does not know (or are kits the hub should have sent as parts). */
export async function checkMaterialRows(db: Db, rows: ReadonlyArray<{ seq: number; event: HubEventRecord }>) {
  const refused = new Map<number, MaterialRefusal>();
  const issues = rows.filter((r): r is { seq: number; event: MaterialIssued } => r.event.type === 'material.issued');
  if (!issues.length) return refused;
  const items = await itemsById(db);
  for (const { seq, event } of issues) {
    const i = event.items.findIndex((l) => items.get(l.itemId)?.kind !== 'item');
    if (i >= 0)
      refused.set(seq, {
        code: 'inventory-item-unknown',
        field: `items.${i}.itemId`,
        message: `items.${i}.itemId: no material ${event.items[i]!.itemId} to issue`,
      });
  }
  return refused;
}

/** Projects a hub's `material.issued` (inside the ingest transaction). */
export async function projectMaterialIssued(tx: Db, hallId: string, hubId: string, at: Date, e: MaterialIssued) {
  const lines = new Map<string, { itemId: string; qty: number; kitId: string | null }>();
  for (const l of e.items) {
    const m = lines.get(l.itemId);
    if (m) m.qty += l.qty;
    else lines.set(l.itemId, { ...l });
  }
  await book(
    tx,
    {
      id: e.issueId,
      hallId,
      at,
      mode: e.mode,
      lines: [...lines.values()],
      ticketNo: e.ticketNo,
      serviceId: e.serviceId,
      staffId: e.staffId,
      counterId: e.counterId,
      note: e.note,
      by: e.staffId ? `staff:${e.staffId}` : `hub:${hubId}`,
      source: 'hub',
    },
    false,
  );
}

/** An issue entered in the console (bulk at the hall, or for a ticket at a counter): refused beyond the books. */
export async function issueFromConsole(
  db: Db,
  user: SessionUser,
  input: {
    hallId: string;
    issueId?: string | undefined;
    mode: 'counter' | 'bulk';
    items: Array<{ itemId: string; qty: number }>;
    ticketNo?: string | undefined;
    serviceId?: string | undefined;
    staffId?: string | undefined;
    counterId?: string | undefined;
    note?: string | undefined;
    at?: Date | undefined;
  },
) {
  const location = await hallLocation(db, input.hallId);
  await must(db, user, 'edit', location.orgUnitId, 'at the hall');
  if (input.mode === 'counter' && !input.ticketNo) throw refuse('inventory-ticket-required', 'ticketNo');
  const lines = await explode(db, input.items);
  const id = input.issueId ?? randomUUID();
  return db.transaction(async (tx) => {
    const out = await book(
      tx,
      {
        id,
        hallId: input.hallId,
        at: input.at ?? new Date(),
        mode: input.mode,
        lines,
        ticketNo: input.ticketNo ?? null,
        serviceId: input.serviceId ?? null,
        staffId: input.staffId ?? null,
        counterId: input.counterId ?? null,
        note: input.note ?? null,
        by: actor(user),
        source: 'console',
      },
      true,
    );
    if (!out.duplicate)
      await audit(tx, {
        userId: user.id,
        action: 'inventory.issue',
        entity: 'inv_issue',
        entityId: id,
        orgUnitId: location.orgUnitId,
        after: { ...input, lines },
      });
    return { id, duplicate: out.duplicate };
  });
}

/** Takes back an issue made by mistake: the reverse rows and movements (once). */
export async function reverseIssue(
  db: Db,
  user: SessionUser,
  input: { hallId: string; id: string; note?: string | undefined },
) {
  const location = await hallLocation(db, input.hallId);
  await must(db, user, 'edit', location.orgUnitId, 'at the hall');
  return db.transaction(async (tx) => {
    const rows = await repo.issueForUpdate(tx, input.id, input.hallId);
    if (!rows.length || rows.some((r) => r.reverses || r.qty < 0))
      throw refuse('inventory-issue-not-found', 'id', { id: input.id }, 'NOT_FOUND');
    if (await repo.issueReversed(tx, input.id))
      throw refuse('inventory-issue-reversed', 'id', { id: input.id }, 'CONFLICT');
    const id = randomUUID();
    const now = new Date();
    const by = actor(user);
    await repo.insertIssues(
      tx,
      rows.map((r) => ({
        ...r,
        id,
        at: now,
        qty: -r.qty,
        posted: -r.posted,
        by,
        source: 'console' as const,
        reverses: input.id,
        note: input.note ?? null,
      })),
    );
    await post(
      tx,
      rows.map((r) => ({
        itemId: r.itemId,
        locationId: r.locationId,
        qty: r.posted,
        kind: 'reverse' as const,
        issueId: id,
        by,
        at: now,
        reason: input.note ?? null,
      })),
    );
    await audit(tx, {
      userId: user.id,
      action: 'inventory.issue.reverse',
      entity: 'inv_issue',
      entityId: input.id,
      orgUnitId: location.orgUnitId,
      after: { reversedBy: id, note: input.note ?? null },
    });
    return { id };
  });
}

/** How far back an imported issue may be dated (a month of paper records, or the demo's history). */
export const IMPORT_MAX_AGE_DAYS = 62;

export interface ImportRow {
  issueId: string;
  at: Date;
  ticketNo?: string | undefined;
  items: Array<{ itemId: string; qty: number }>;
  note?: string | undefined;
}

/**
 * Issues recorded elsewhere (a hall's paper log kept while nothing else worked, another system) brought in
 * at once, up to 500: each dated, each with the ticket it went with — the cloud attaches the ticket's service,
 * clerk and counter from its own records. A row that cannot be taken is refused as that row, naming its field;
 * the rest land in one transaction. Like a hub's issue, an imported one is a fact: the ledger takes what the
 * books hold.
 */
export async function importIssues(
  db: Db,
  user: SessionUser,
  input: { hallId: string; issues: ImportRow[] },
  now = new Date(),
) {
  const location = await hallLocation(db, input.hallId);
  await must(db, user, 'edit', location.orgUnitId, 'at the hall');
  const items = await itemsById(db);
  const parts = await repo.kitParts(db);
  const refused: Array<{ row: number; code: string; field: string }> = [];
  const ready: IssueRecord[] = [];
  for (const [n, r] of input.issues.entries()) {
    const no = (code: string, field: string) => refused.push({ row: n, code, field: `issues.${n}.${field}` });
    if (
      r.at.getTime() > now.getTime() + 5 * 60_000 ||
      r.at.getTime() < now.getTime() - IMPORT_MAX_AGE_DAYS * 86_400_000
    ) {
      no('inventory-issue-date', 'at');
      continue;
    }
    const bad = r.items.findIndex((l) => !items.has(l.itemId));
    if (bad >= 0) {
      no('inventory-item-unknown', `items.${bad}.itemId`);
      continue;
    }
    const ticket = r.ticketNo ? await repo.ticketAt(db, input.hallId, r.ticketNo, r.at) : null;
    if (r.ticketNo && !ticket) {
      no('inventory-ticket-unknown', 'ticketNo');
      continue;
    }
    ready.push({
      id: r.issueId,
      hallId: input.hallId,
      at: r.at,
      mode: ticket ? 'counter' : 'bulk',
      lines: await explode(db, r.items, { items, parts }),
      ticketNo: r.ticketNo ?? null,
      serviceId: ticket?.serviceId ?? null,
      staffId: ticket?.staffId ?? null,
      counterId: ticket?.counterId ?? null,
      note: r.note ?? null,
      by: actor(user),
      source: 'console',
    });
  }
  let imported = 0;
  let duplicates = 0;
  let uncovered = 0;
  await db.transaction(async (tx) => {
    const place = await placeOf(tx, input.hallId);
    for (const r of ready) {
      const out = await book(tx, r, false, place);
      if (out.duplicate) duplicates += 1;
      else imported += 1;
      uncovered += out.uncovered;
    }
    if (imported)
      await audit(tx, {
        userId: user.id,
        action: 'inventory.issue.import',
        entity: 'inv_location',
        entityId: location.id,
        orgUnitId: location.orgUnitId,
        after: { imported, duplicates, refused: refused.length, uncovered },
      });
  });
  return { imported, duplicates, uncovered, refused };
}

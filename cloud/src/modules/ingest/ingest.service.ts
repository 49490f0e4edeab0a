/**
 * Ingest (DESIGN.md §5): a hub pushes its journal in order; the cloud stores each event once (keyed by
 * hub and sequence) and projects events into the fact tables in the same transaction, strictly in
 * sequence order: an event after a gap is stored but waits until the gap is filled, so a retry that
 * arrives out of order can never project `ticket.called` before its `ticket.issued`. The answer is
 * `ackedThrough`, the highest sequence held without a gap; the hub deletes its outbox up to there.
 */
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { ingestRepository as repo, type IncomingEvent, type Tx } from './ingest.repository.ts';
import { foldTickets, isTicketEvent, occupancyByMinute, type ProjectedEvent, type TicketRow } from './ingest.projection.ts';

const PAGE = 1_000;

export interface PushResult {
  ackedThrough: number;
  /** Newly projected events that were not marked historical: the ones live notifications may use. */
  live: number;
}

export async function push(db: Db, hubId: string, batch: readonly IncomingEvent[], now = new Date()): Promise<PushResult> {
  return db.transaction(async (tx) => {
    const hub = await repo.lockHub(tx, hubId);
    if (!hub) throw new AppError('NOT_FOUND', `no hub ${hubId}`);
    const fresh = [...new Map(batch.filter((e) => e.seq > hub.ackedThrough).map((e) => [e.seq, e])).values()].sort((a, b) => a.seq - b.seq);
    await repo.insertRaw(tx, hubId, hub.hallId, fresh);
    const historical = new Map(batch.map((e) => [e.seq, e.historical]));
    let acked = hub.ackedThrough;
    let live = 0;
    const run = async (page: ProjectedEvent[]) => {
      await projectRun(tx, hubId, hub.hallId, page);
      for (const e of page) if (historical.get(e.seq) === false) live += 1;
      acked = (page.at(-1) as ProjectedEvent).seq;
    };
    // The usual case: the batch continues exactly where the cloud is; project it as sent.
    if (fresh.length > 0 && fresh.every((e, i) => e.seq === hub.ackedThrough + 1 + i)) {
      await run(fresh.map((e) => ({ seq: e.seq, type: e.type, at: new Date(e.at), body: e.body })));
    }
    // Then whatever is stored contiguously after it (events that came earlier, beyond a gap).
    for (;;) {
      const page = await repo.contiguousAfter(tx, hubId, acked, PAGE);
      if (page.length === 0) break;
      await run(page.map((e) => ({ seq: e.seq, type: e.type, at: e.at, body: e.body as Record<string, unknown> })));
      if (page.length < PAGE) break;
    }
    await repo.setAcked(tx, hubId, acked, now);
    return { ackedThrough: acked, live };
  });
}

/** A contiguous run of events into the fact tables, set-based where the volume is. */
async function projectRun(tx: Tx, hubId: string, hallId: string, events: ProjectedEvent[]) {
  const ticketEvents = events.filter((e) => isTicketEvent(e.type));
  if (ticketEvents.length) {
    // Numbers this run refers to: their latest row so far (a number issued later in the run may still
    // refer to an older ticket before that).
    const referenced = [...new Set(ticketEvents.filter((e) => e.type !== 'ticket.issued').map((e) => String(e.body.ticketNo)))];
    const existing = new Map((await repo.currentTickets(tx, hubId, referenced)).map((r) => [r.ticketNo, r as TicketRow]));
    const { inserted, updated } = foldTickets(hubId, hallId, ticketEvents, (no) => existing.get(no));
    await repo.upsertTickets(tx, [...inserted, ...updated]);
  }
  const ratingRows = events
    .filter((e) => e.type === 'rating.received' || e.type === 'rating.skipped')
    .map((e) => ({ hubId, seq: e.seq, hallId, ticketNo: String(e.body.ticketNo ?? ''), counterId: str(e.body.counterId), staffId: str(e.body.staffId), score: e.type === 'rating.received' ? Number(e.body.score) : null, reasons: Array.isArray(e.body.reasons) ? e.body.reasons : [], skipped: e.type === 'rating.skipped', at: e.at }));
  await repo.insertRatings(tx, ratingRows);
  const health = events
    .filter((e) => e.type === 'device.availability')
    .map((e) => ({ hubId, seq: e.seq, hallId, deviceId: String(e.body.deviceId), kind: String(e.body.kind), online: Boolean(e.body.online), cause: String(e.body.cause), at: e.at }));
  await repo.insertDeviceHealthRows(tx, health);
  await repo.addOccupancyRows(tx, hallId, occupancyByMinute(events));
  // The rare ones, one by one and in order.
  for (const e of events) if (RARE.has(e.type)) await project(tx, hubId, hallId, e);
}

const RARE = new Set(['counter.opened', 'counter.closed', 'counter.paused', 'counter.resumed', 'alarm.raised', 'alarm.updated', 'alarm.acked', 'alarm.cleared']);

const str = (v: unknown) => (typeof v === 'string' ? v : null);

/** An alarm's figures: flat strings, numbers and nulls only (anything else from a hub is dropped). */
function paramsOf(v: unknown): Record<string, string | number | null> | null {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
  const out: Record<string, string | number | null> = {};
  for (const [k, x] of Object.entries(v)) if (x === null || typeof x === 'string' || (typeof x === 'number' && Number.isFinite(x))) out[k] = x;
  return out;
}

/** One of the rarer events (counter sessions, pauses, alarms) into its fact table. */
async function project(tx: Tx, hubId: string, hallId: string, e: ProjectedEvent) {
  const b = e.body;
  switch (e.type) {
    case 'counter.opened':
      await repo.openSession(tx, { hubId, openSeq: e.seq, hallId, counterId: String(b.counterId), staffId: String(b.staffId), openedAt: e.at });
      return;
    case 'counter.closed':
      await repo.closeSession(tx, hubId, String(b.counterId), e.at);
      return;
    case 'counter.paused':
      await repo.insertPause(tx, { hubId, seq: e.seq, hallId, counterId: String(b.counterId), reason: String(b.reason), startedAt: e.at });
      return;
    case 'counter.resumed':
      await repo.endPause(tx, hubId, String(b.counterId), e.at);
      return;
    case 'alarm.raised':
      await repo.insertAlarm(tx, { alarmId: String(b.alarmId), hallId, rule: String(b.rule), subject: String(b.subject), severity: String(b.severity), message: String(b.message ?? ''), params: paramsOf(b.params), value: Number(b.value ?? 0), raisedAt: e.at });
      return;
    case 'alarm.updated':
      await repo.updateAlarm(tx, hallId, String(b.alarmId), { severity: String(b.severity), message: String(b.message ?? ''), value: Number(b.value ?? 0), ...(b.params ? { params: paramsOf(b.params) } : {}) });
      return;
    case 'alarm.acked':
      await repo.updateAlarm(tx, hallId, String(b.alarmId), { ackedAt: e.at, ackedBy: str(b.by) });
      return;
    case 'alarm.cleared':
      await repo.updateAlarm(tx, hallId, String(b.alarmId), { clearedAt: e.at });
      return;
    default:
      return;
  }
}

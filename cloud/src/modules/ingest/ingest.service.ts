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
    await repo.insertRaw(tx, hubId, hub.hallId, batch.filter((e) => e.seq > hub.ackedThrough));
    let acked = hub.ackedThrough;
    let live = 0;
    const historical = new Map(batch.map((e) => [e.seq, e.historical]));
    for (;;) {
      const page = await repo.contiguousAfter(tx, hubId, acked, PAGE);
      for (const e of page) {
        await project(tx, hubId, hub.hallId, { seq: e.seq, type: e.type, at: e.at, body: e.body as Record<string, unknown> });
        if (historical.get(e.seq) === false) live += 1;
      }
      if (page.length === 0) break;
      acked = (page.at(-1) as { seq: number }).seq;
      if (page.length < PAGE) break;
    }
    await repo.setAcked(tx, hubId, acked, now);
    return { ackedThrough: acked, live };
  });
}

const str = (v: unknown) => (typeof v === 'string' ? v : null);

/** One event into the fact tables. Unknown types are kept raw only. */
async function project(tx: Tx, hubId: string, hallId: string, e: { seq: number; type: string; at: Date; body: Record<string, unknown> }) {
  const b = e.body;
  const ticketNo = String(b.ticketNo ?? '');
  switch (e.type) {
    case 'ticket.issued':
      await repo.insertTicket(tx, {
        hubId,
        issueSeq: e.seq,
        hallId,
        ticketNo,
        serviceId: String(b.serviceId),
        priority: str(b.priority),
        channel: String(b.channel ?? 'kiosk'),
        issuedAt: e.at,
        arrivalAt: e.at,
        outcome: 'waiting',
        etaP50Minutes: Number((b.eta as { p50Minutes?: number } | undefined)?.p50Minutes ?? 0),
        etaP90Minutes: Number((b.eta as { p90Minutes?: number } | undefined)?.p90Minutes ?? 0),
      });
      return;
    case 'ticket.called':
      await repo.markCalled(tx, hubId, ticketNo, { counterId: str(b.counterId), staffId: str(b.staffId), at: e.at });
      return;
    case 'ticket.recalled':
      await repo.updateTicket(tx, hubId, ticketNo, { recalls: Number(b.recalls ?? 0), lastCalledAt: e.at });
      return;
    case 'ticket.started':
      await repo.updateTicket(tx, hubId, ticketNo, { outcome: 'serving', startedAt: e.at });
      return;
    case 'ticket.finished':
      await repo.updateTicket(tx, hubId, ticketNo, { outcome: 'done', endedAt: e.at, txCount: b.txCount === null || b.txCount === undefined ? null : Number(b.txCount) });
      return;
    case 'ticket.noshow':
      await repo.updateTicket(tx, hubId, ticketNo, { outcome: 'noshow', endedAt: e.at });
      return;
    case 'ticket.cancelled':
      await repo.updateTicket(tx, hubId, ticketNo, { outcome: 'cancelled', endedAt: e.at });
      return;
    case 'ticket.transferred':
      await repo.markTransferred(tx, hubId, ticketNo, String(b.toServiceId));
      return;
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
    case 'rating.received':
    case 'rating.skipped':
      await repo.insertRating(tx, { hubId, seq: e.seq, hallId, ticketNo, counterId: str(b.counterId), staffId: str(b.staffId), score: e.type === 'rating.received' ? Number(b.score) : null, reasons: Array.isArray(b.reasons) ? b.reasons : [], skipped: e.type === 'rating.skipped', at: e.at });
      return;
    case 'occupancy.counted': {
      const minute = new Date(Math.floor(e.at.getTime() / 60_000) * 60_000);
      await repo.addOccupancy(tx, hallId, minute, Number(b.in ?? 0), Number(b.out ?? 0));
      return;
    }
    case 'alarm.raised':
      await repo.insertAlarm(tx, { alarmId: String(b.alarmId), hallId, rule: String(b.rule), subject: String(b.subject), severity: String(b.severity), message: String(b.message ?? ''), value: Number(b.value ?? 0), raisedAt: e.at });
      return;
    case 'alarm.updated':
      await repo.updateAlarm(tx, String(b.alarmId), { severity: String(b.severity), message: String(b.message ?? ''), value: Number(b.value ?? 0) });
      return;
    case 'alarm.acked':
      await repo.updateAlarm(tx, String(b.alarmId), { ackedAt: e.at, ackedBy: str(b.by) });
      return;
    case 'alarm.cleared':
      await repo.updateAlarm(tx, String(b.alarmId), { clearedAt: e.at });
      return;
    case 'device.availability':
      await repo.insertDeviceHealth(tx, { hubId, seq: e.seq, hallId, deviceId: String(b.deviceId), kind: String(b.kind), online: Boolean(b.online), cause: String(b.cause), at: e.at });
      return;
    default:
      return;
  }
}

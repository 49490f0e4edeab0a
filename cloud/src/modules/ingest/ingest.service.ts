/**
 * Ingest (DESIGN.md §5): a hub pushes its journal in order; the cloud stores each event once (keyed by
 * hub and sequence) and projects events into the fact tables in the same transaction, strictly in
 * sequence order: an event after a gap is stored but waits until the gap is filled, so a retry that
 * arrives out of order can never project `ticket.called` before its `ticket.issued`. The answer is
 * `ackedThrough`, the highest sequence held without a gap; the hub deletes its outbox up to there.
 *
 * Every row is checked against the hub→cloud contract (`@hall/devices/hub-events`) on its own: a row that
 * does not fit is refused *as that row* (`refused`, naming the field) and not stored, so the
 * acknowledgement stops before it while the rows after it are stored; the hub moves the refused row to
 * its dead-letter table and sends a tombstone in its place, which fills the gap. A value the database
 * still refuses (a data exception) fails the batch as unprocessable, never as a 500: the hub then sends
 * the rows one by one and dead-letters the one at fault. Nothing a hub sends can stop its sync.
 *
 * Epochs: a hub's journal has an instance id. A hub restarted on an empty data folder numbers its events
 * from 1 again under a new epoch; the cloud keeps the old epoch's events and facts, places the new
 * epoch's after them (`seq_base`) and raises an alarm that the hall may have lost events.
 */
import { parseHubEvent, type EventRefusal, type HubEventRecord } from '@hall/devices/hub-events';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { dailyRepository } from '../performance/daily.repository.ts';
import { recordAlarmEvents } from '../notifications/notifications.service.ts';
import { rollupRepository } from '../analytics/rollup.repository.ts';
import { RollupDelta } from '../analytics/rollup.ts';
import { checkMaterialRows, projectMaterialIssued, type MaterialRefusal } from '../inventory/issues.service.ts';
import { checkOnsiteRows, projectOnsiteScored, type OnsiteRefusal } from './ingest-onsite.ts';
import { ingestRepository as repo, type Tx } from './ingest.repository.ts';
import {
  foldTickets,
  isTicketEvent,
  occupancyByMinute,
  type ProjectedEvent,
  type TicketEvent,
  type TicketRow,
} from './ingest.projection.ts';

const PAGE = 1_000;
/**
 * Events older than this are checked for a day before the hall's today (kpi_dirty_days). Younger ones of
 * yesterday arrive before that night's KPI run, which computes yesterday again anyway.
 */
const LATE_EVENT_MS = 2 * 3_600_000;

/** A row as a hub pushes it: its place in the hub's journal and the event's fields. */
export interface PushedRow {
  seq: number;
  type: string;
  body: Record<string, unknown>;
  historical: boolean;
}

export type RowRefusal = (EventRefusal | OnsiteRefusal | MaterialRefusal) & { seq: number };

export interface PushResult {
  /** The hub's own sequence (in its current epoch) through which the cloud holds everything. */
  ackedThrough: number;
  /** Newly projected events that were not marked historical: the ones live notifications may use. */
  live: number;
  /** Rows that can never be taken: the hub dead-letters them. */
  refused: RowRefusal[];
}

export async function push(
  db: Db,
  hubId: string,
  input: { epoch?: string | null; batch: readonly PushedRow[] },
  now = new Date(),
): Promise<PushResult> {
  // The contract check is CPU only: before the transaction.
  const valid: Array<{ seq: number; event: HubEventRecord; historical: boolean }> = [];
  const refusedRows: RowRefusal[] = [];
  for (const row of input.batch) {
    const parsed = parseHubEvent(row.type, row.body);
    if (parsed.ok) valid.push({ seq: row.seq, event: parsed.event, historical: row.historical });
    else refusedRows.push({ seq: row.seq, ...parsed.refusal });
  }
  // On-site forms need their template version (read only, before the transaction): a form the cloud
  // cannot score is refused as that row.
  const onsiteRefused = await checkOnsiteRows(db, valid);
  if (onsiteRefused.size > 0) {
    for (const [seq, refusal] of onsiteRefused) refusedRows.push({ seq, ...refusal });
    valid.splice(0, valid.length, ...valid.filter((v) => !onsiteRefused.has(v.seq)));
  }
  // Materials issued at the hall name items the cloud's catalogue must know (read only, before the transaction).
  const materialRefused = await checkMaterialRows(db, valid);
  if (materialRefused.size > 0) {
    for (const [seq, refusal] of materialRefused) refusedRows.push({ seq, ...refusal });
    valid.splice(0, valid.length, ...valid.filter((v) => !materialRefused.has(v.seq)));
  }
  try {
    return await db.transaction(async (tx) => {
      const locked = await repo.lockHub(tx, hubId);
      if (!locked) throw new AppError('NOT_FOUND', `no hub ${hubId}`);
      const hub = await epochOf(tx, locked, input.epoch ?? null, now);
      const base = hub.seqBase;
      const from = hub.ackedThrough;
      const fresh = [
        ...new Map(
          valid
            .map((e) => ({ ...e, seq: e.seq + base }))
            .filter((e) => e.seq > from)
            .map((e) => [e.seq, e]),
        ).values(),
      ].sort((a, b) => a.seq - b.seq);
      await repo.insertRaw(tx, hubId, hub.hallId, fresh);
      const historical = new Map(fresh.map((e) => [e.seq, e.historical]));
      let acked = from;
      let live = 0;
      const run = async (page: ProjectedEvent[]) => {
        await projectRun(tx, hubId, hub.hallId, page);
        // Events of an older day (a hub catching up) change days the nightly KPI run has computed.
        const late = page.filter((e) => e.at.getTime() < now.getTime() - LATE_EVENT_MS).map((e) => e.at);
        if (late.length > 0) await dailyRepository.markDirtyAt(tx, hub.hallId, late, now);
        for (const e of page) if (historical.get(e.seq) === false) live += 1;
        // Live alarm events become notification triggers in this transaction (replayed ones never notify).
        await recordAlarmEvents(
          tx,
          hub.hallId,
          page.filter((e) => historical.get(e.seq) === false),
        );
        acked = (page.at(-1) as ProjectedEvent).seq;
      };
      // The usual case: the batch continues exactly where the cloud is; project it as sent.
      if (fresh.length > 0 && fresh.every((e, i) => e.seq === from + 1 + i))
        await run(fresh.map((e) => ({ seq: e.seq, at: new Date(e.event.at), event: e.event })));
      // Then whatever is stored contiguously after it (events that came earlier, beyond a gap).
      for (;;) {
        const page = await repo.contiguousAfter(tx, hubId, acked, PAGE);
        if (page.length === 0) break;
        await run(page.map(storedEvent));
        if (page.length < PAGE) break;
      }
      await repo.setAcked(tx, hubId, acked, now, acked > from);
      return { ackedThrough: acked - base, live, refused: refusedRows.filter((r) => r.seq + base > acked) };
    });
  } catch (err) {
    if (isDataException(err))
      throw new AppError(
        'UNPROCESSABLE_CONTENT',
        'batch: a value in it is refused by the database; send its rows one by one',
      );
    throw err;
  }
}

/**
 * A stored event back as a typed one. Everything stored since the contract was checked at ingest fits; a
 * row stored before that which does not is replayed as a `hub.dead-letter` placeholder, which no
 * projection reads (the row itself stays in `hall_events`).
 */
function storedEvent(e: { seq: number; type: string; at: Date; body: unknown }): ProjectedEvent {
  const parsed = parseHubEvent(e.type, e.body);
  return {
    seq: e.seq,
    at: e.at,
    event: parsed.ok
      ? parsed.event
      : {
          type: 'hub.dead-letter',
          at: e.at.getTime(),
          originalKind: e.type.slice(0, 64) || '?',
          error: 'stored before the contract was checked',
        },
  };
}

/** PostgreSQL's data exceptions (class 22: bad encoding, NUL in text, out-of-range values) and program limits (54). */
function isDataException(err: unknown): boolean {
  for (
    let e = err, depth = 0;
    e && typeof e === 'object' && depth < 5;
    e = (e as { cause?: unknown }).cause, depth += 1
  ) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^(22|54)[0-9A-Z]{3}$/.test(code)) return true;
  }
  return false;
}

type HubRow = NonNullable<Awaited<ReturnType<typeof repo.lockHub>>>;

/** The hub row for a push from `epoch`: a new epoch is placed after everything the cloud holds. */
async function epochOf(tx: Tx, hub: HubRow, epoch: string | null, now: Date): Promise<HubRow> {
  if (epoch === null || hub.epoch === epoch) return hub;
  if (await repo.epochKnown(tx, hub.id, epoch))
    throw new AppError('CONFLICT', `epoch: ${epoch} was replaced by a newer journal of this hub`);
  if (hub.epoch === null) {
    // The first push that names an epoch (a new hub, or one from before epochs): its numbering goes on.
    await repo.startEpoch(tx, { hubId: hub.id, epoch, seqBase: hub.seqBase, startedAt: now });
    return { ...hub, epoch };
  }
  const seqBase = Math.max(hub.ackedThrough, await repo.maxStoredSeq(tx, hub.id));
  await repo.startEpoch(tx, { hubId: hub.id, epoch, seqBase, startedAt: now });
  const alarmId = `cloud-epoch-${epoch.slice(0, 40)}`;
  await repo.insertAlarm(tx, {
    alarmId,
    hallId: hub.hallId,
    rule: 'hub-restarted-empty',
    subject: hub.id,
    severity: 'major',
    message: `hub ${hub.id} restarted with an empty data folder; events after ${hub.ackedThrough - hub.seqBase} of its previous journal that were not yet sent may be lost`,
    params: { hub: hub.id, ackedThrough: hub.ackedThrough - hub.seqBase },
    value: hub.ackedThrough - hub.seqBase,
    raisedAt: now,
  });
  // The cloud's own alarm notifies like a hub's.
  await recordAlarmEvents(tx, hub.hallId, [
    {
      seq: seqBase,
      at: now,
      event: { type: 'alarm.raised', alarmId, severity: 'major' },
    },
  ]);
  return { ...hub, epoch, seqBase, ackedThrough: seqBase };
}

/**
 * A contiguous run of events into the fact tables, set-based where the volume is, and into the analysis
 * roll-ups: each ticket the run touches is taken out as it was and added as it is now.
 */
async function projectRun(tx: Tx, hubId: string, hallId: string, events: ProjectedEvent[]) {
  const ticketEvents = events.filter((e): e is ProjectedEvent & { event: TicketEvent } => isTicketEvent(e.event));
  const doors = occupancyByMinute(events);
  const delta =
    ticketEvents.length || doors.length ? new RollupDelta(await rollupRepository.context(tx, hallId)) : null;
  if (ticketEvents.length && delta) {
    // Numbers this run refers to: their latest row so far (a number issued later in the run may still
    // refer to an older ticket before that).
    const referenced = [
      ...new Set(ticketEvents.filter((e) => e.event.type !== 'ticket.issued').map((e) => e.event.ticketNo)),
    ];
    const existing = new Map(
      (await repo.currentTickets(tx, hubId, referenced)).map((r) => [r.ticketNo, r as TicketRow]),
    );
    const { inserted, updated } = foldTickets(hubId, hallId, ticketEvents, (no) => existing.get(no));
    await repo.upsertTickets(tx, [...inserted, ...updated]);
    for (const row of updated) {
      const was = existing.get(row.ticketNo);
      if (was?.issueSeq === row.issueSeq) delta.ticket(was, -1);
      delta.ticket(row, 1);
    }
    for (const row of inserted) delta.ticket(row, 1);
  }
  const ratingRows = [];
  const health = [];
  for (const { seq, at, event: e } of events) {
    if (e.type === 'rating.received' || e.type === 'rating.skipped')
      ratingRows.push({
        hubId,
        seq,
        hallId,
        ticketNo: e.ticketNo,
        counterId: e.counterId,
        staffId: e.type === 'rating.received' ? e.staffId : null,
        score: e.type === 'rating.received' ? e.score : null,
        reasons: e.type === 'rating.received' ? e.reasons : [],
        skipped: e.type === 'rating.skipped',
        at,
      });
    else if (e.type === 'device.availability')
      health.push({ hubId, seq, hallId, deviceId: e.deviceId, kind: e.kind, online: e.online, cause: e.cause, at });
  }
  await repo.insertRatings(tx, ratingRows);
  await repo.insertDeviceHealthRows(tx, health);
  await repo.addOccupancyRows(tx, hallId, doors);
  if (delta) {
    for (const d of doors) delta.doors(hallId, d.minute, d.entered, d.left);
    await rollupRepository.apply(tx, delta);
  }
  // The rare ones, one by one and in order.
  for (const e of events) await project(tx, hubId, hallId, e);
}

/** One of the rarer events (counter sessions, pauses, alarms) into its fact table; others are no-ops here. */
async function project(tx: Tx, hubId: string, hallId: string, { seq, at, event: e }: ProjectedEvent) {
  switch (e.type) {
    case 'counter.opened':
      return repo.openSession(tx, {
        hubId,
        openSeq: seq,
        hallId,
        counterId: e.counterId,
        staffId: e.staffId,
        openedAt: at,
      });
    case 'counter.closed':
      return repo.closeSession(tx, hubId, e.counterId, at);
    case 'counter.paused':
      return repo.insertPause(tx, {
        hubId,
        seq,
        hallId,
        counterId: e.counterId,
        reason: e.reason,
        note: e.note,
        startedAt: at,
      });
    case 'counter.resumed':
      return repo.endPause(tx, hubId, e.counterId, at);
    case 'alarm.raised':
      return repo.insertAlarm(tx, {
        alarmId: e.alarmId,
        hallId,
        rule: e.rule,
        subject: e.subject,
        severity: e.severity,
        message: e.message,
        params: e.params ?? null,
        value: e.value,
        raisedAt: at,
      });
    case 'alarm.updated':
      return repo.updateAlarm(tx, hallId, e.alarmId, {
        severity: e.severity,
        message: e.message,
        value: e.value,
        ...(e.params ? { params: e.params } : {}),
      });
    case 'alarm.acked':
      return repo.updateAlarm(tx, hallId, e.alarmId, { ackedAt: at, ackedBy: e.by });
    case 'alarm.cleared':
      return repo.updateAlarm(tx, hallId, e.alarmId, { clearedAt: at });
    case 'onsite.scored':
      return projectOnsiteScored(tx, hallId, at, e);
    case 'material.issued':
      return projectMaterialIssued(tx, hallId, hubId, at, e);
    default:
      return undefined;
  }
}

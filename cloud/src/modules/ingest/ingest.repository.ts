/**
 * Storage of what hubs push: raw events keyed by (hub, seq), the hub's contiguous acknowledgement, and
 * the projection of events into the fact tables. Called inside one transaction by the ingest service.
 */
import { and, desc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { HubEventRecord } from '@hall/devices/hub-events';
import type { Db } from '../../db/client.ts';
import { hubEpochs, hubs } from '../halls/halls.table.ts';
import {
  alarms,
  counterPauses,
  counterSessions,
  deviceHealth,
  hallEvents,
  occupancyMinutes,
  ratings,
  tickets,
} from './ingest.table.ts';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** An event that passed the contract, at its cloud sequence. */
export interface IncomingEvent {
  seq: number;
  event: HubEventRecord;
  historical: boolean;
}

type TicketInsert = typeof tickets.$inferInsert;
const TICKET_COLUMNS = [
  'ticketNo',
  'serviceId',
  'priority',
  'channel',
  'issuedAt',
  'arrivalAt',
  'firstCalledAt',
  'lastCalledAt',
  'startedAt',
  'endedAt',
  'outcome',
  'counterId',
  'staffId',
  'recalls',
  'transfers',
  'txCount',
  'txTypes',
  'ratingSum',
  'ratingN',
  'etaP50Minutes',
  'etaP90Minutes',
] as const;

export const ingestRepository = {
  /** The latest ticket row per number, for the numbers a batch refers to but does not issue. */
  async currentTickets(tx: Tx, hubId: string, ticketNos: string[]) {
    if (ticketNos.length === 0) return [];
    return tx
      .selectDistinctOn([tickets.ticketNo])
      .from(tickets)
      .where(and(eq(tickets.hubId, hubId), inArray(tickets.ticketNo, ticketNos)))
      .orderBy(tickets.ticketNo, desc(tickets.issueSeq));
  },

  /** New and changed tickets in one statement (one JSON parameter): an existing row takes every column of the folded one. */
  async upsertTickets(tx: Tx, rows: TicketInsert[]) {
    if (rows.length === 0) return;
    const ms = (d: Date | null | undefined) => (d ? d.getTime() : null);
    const json = JSON.stringify(
      rows.map((r) => ({
        ...r,
        issuedAt: ms(r.issuedAt),
        arrivalAt: ms(r.arrivalAt),
        firstCalledAt: ms(r.firstCalledAt),
        lastCalledAt: ms(r.lastCalledAt),
        startedAt: ms(r.startedAt),
        endedAt: ms(r.endedAt),
      })),
    );
    const ts = (c: string) => sql.raw(`CASE WHEN x."${c}" IS NULL THEN NULL ELSE to_timestamp(x."${c}" / 1000.0) END`);
    const set = sql.raw(TICKET_COLUMNS.map((c) => `${tickets[c].name} = excluded.${tickets[c].name}`).join(', '));
    await tx.execute(sql`
      INSERT INTO tickets (hub_id, issue_seq, hall_id, ticket_no, service_id, priority, channel, issued_at, arrival_at, first_called_at, last_called_at, started_at, ended_at, outcome, counter_id, staff_id, recalls, transfers, tx_count, tx_types, rating_sum, rating_n, eta_p50_minutes, eta_p90_minutes)
      SELECT x."hubId", x."issueSeq", x."hallId", x."ticketNo", x."serviceId", x."priority", x."channel", ${ts('issuedAt')}, ${ts('arrivalAt')}, ${ts('firstCalledAt')}, ${ts('lastCalledAt')}, ${ts('startedAt')}, ${ts('endedAt')}, x."outcome", x."counterId", x."staffId", x."recalls", x."transfers", x."txCount", x."txTypes", x."ratingSum", x."ratingN", x."etaP50Minutes", x."etaP90Minutes"
      FROM jsonb_to_recordset(${json}::jsonb) AS x("hubId" text, "issueSeq" bigint, "hallId" text, "ticketNo" text, "serviceId" text, "priority" text, "channel" text, "issuedAt" bigint, "arrivalAt" bigint, "firstCalledAt" bigint, "lastCalledAt" bigint, "startedAt" bigint, "endedAt" bigint, "outcome" text, "counterId" text, "staffId" text, "recalls" int, "transfers" int, "txCount" int, "txTypes" text[], "ratingSum" int, "ratingN" int, "etaP50Minutes" real, "etaP90Minutes" real)
      ON CONFLICT (hub_id, issue_seq) DO UPDATE SET ${set}`);
  },

  async insertRatings(tx: Tx, rows: Array<typeof ratings.$inferInsert>) {
    if (rows.length === 0) return;
    const json = JSON.stringify(rows.map((r) => ({ ...r, at: r.at.getTime() })));
    await tx.execute(sql`
      INSERT INTO ratings (hub_id, seq, hall_id, ticket_no, counter_id, staff_id, score, reasons, skipped, at)
      SELECT x."hubId", x.seq, x."hallId", x."ticketNo", x."counterId", x."staffId", x.score, coalesce(x.reasons, '[]'::jsonb), x.skipped, to_timestamp(x.at / 1000.0)
      FROM jsonb_to_recordset(${json}::jsonb) AS x("hubId" text, seq bigint, "hallId" text, "ticketNo" text, "counterId" text, "staffId" text, score int, reasons jsonb, skipped boolean, at bigint)
      ON CONFLICT DO NOTHING`);
  },
  insertDeviceHealthRows: (tx: Tx, rows: Array<typeof deviceHealth.$inferInsert>) =>
    rows.length ? tx.insert(deviceHealth).values(rows).onConflictDoNothing() : Promise.resolve(),
  addOccupancyRows: (tx: Tx, hallId: string, rows: Array<{ minute: Date; entered: number; left: number }>) =>
    rows.length
      ? tx
          .insert(occupancyMinutes)
          .values(rows.map((r) => ({ hallId, ...r })))
          .onConflictDoUpdate({
            target: [occupancyMinutes.hallId, occupancyMinutes.minute],
            set: {
              entered: sql`${occupancyMinutes.entered} + excluded.entered`,
              left: sql`${occupancyMinutes.left} + excluded.left`,
            },
          })
      : Promise.resolve(),

  /** The hub row, locked for this transaction: pushes of one hub are applied one after the other. */
  async lockHub(tx: Tx, hubId: string) {
    const rows = await tx.select().from(hubs).where(eq(hubs.id, hubId)).for('update');
    return rows[0] ?? null;
  },

  /**
   * Stores the raw events; an event seen before (same hub and seq) is skipped. The batch travels as one
   * JSON parameter that PostgreSQL unpacks (jsonb_to_recordset): building thousands of bind parameters
   * in Node was the bottleneck of ingest.
   */
  async insertRaw(tx: Tx, hubId: string, hallId: string, batch: readonly IncomingEvent[]) {
    if (batch.length === 0) return;
    const rows = JSON.stringify(
      batch.map((e) => ({ seq: e.seq, type: e.event.type, at: e.event.at, body: e.event, historical: e.historical })),
    );
    await tx.execute(sql`
      INSERT INTO hall_events (hub_id, seq, hall_id, type, at, body, historical)
      SELECT ${hubId}, x.seq, ${hallId}, x.type, to_timestamp(x.at / 1000.0), x.body, x.historical
      FROM jsonb_to_recordset(${rows}::jsonb) AS x(seq bigint, type text, at bigint, body jsonb, historical boolean)
      ON CONFLICT DO NOTHING`);
  },

  /** Events after `from`, in order, while they are contiguous (a gap stops the walk). */
  async contiguousAfter(tx: Tx, hubId: string, from: number, limit: number) {
    const rows = await tx
      .select({ seq: hallEvents.seq, type: hallEvents.type, at: hallEvents.at, body: hallEvents.body })
      .from(hallEvents)
      .where(and(eq(hallEvents.hubId, hubId), gt(hallEvents.seq, from)))
      .orderBy(hallEvents.seq)
      .limit(limit);
    const out: typeof rows = [];
    let next = from + 1;
    for (const row of rows) {
      if (row.seq !== next) break;
      out.push(row);
      next += 1;
    }
    return out;
  },

  /** `advanced`: the acknowledgement moved forward (the console's "last sync"). */
  async setAcked(tx: Tx, hubId: string, ackedThrough: number, at: Date, advanced: boolean) {
    await tx
      .update(hubs)
      .set({ ackedThrough, lastSeenAt: at, ...(advanced ? { lastAckedAt: at } : {}) })
      .where(eq(hubs.id, hubId));
  },

  async epochKnown(tx: Tx, hubId: string, epoch: string) {
    const rows = await tx
      .select({ epoch: hubEpochs.epoch })
      .from(hubEpochs)
      .where(and(eq(hubEpochs.hubId, hubId), eq(hubEpochs.epoch, epoch)));
    return rows.length > 0;
  },

  /** A new journal of the hub: its events are placed after `seqBase` from now on. */
  async startEpoch(tx: Tx, e: typeof hubEpochs.$inferInsert) {
    await tx.insert(hubEpochs).values(e);
    await tx
      .update(hubs)
      .set({ epoch: e.epoch, seqBase: e.seqBase, ackedThrough: sql`greatest(${hubs.ackedThrough}, ${e.seqBase})` })
      .where(eq(hubs.id, e.hubId));
  },

  async maxStoredSeq(tx: Tx, hubId: string) {
    const rows = await tx
      .select({ seq: sql<string | null>`max(${hallEvents.seq})` })
      .from(hallEvents)
      .where(eq(hallEvents.hubId, hubId));
    return Number(rows[0]?.seq ?? 0);
  },

  /** The latest ticket with this number at this hub (numbers repeat across days and wraps). */
  async ticketRef(tx: Tx, hubId: string, ticketNo: string) {
    const rows = await tx
      .select({ issueSeq: tickets.issueSeq })
      .from(tickets)
      .where(and(eq(tickets.hubId, hubId), eq(tickets.ticketNo, ticketNo)))
      .orderBy(desc(tickets.issueSeq))
      .limit(1);
    return rows[0]?.issueSeq ?? null;
  },

  async updateTicket(
    tx: Tx,
    hubId: string,
    ticketNo: string,
    set: Partial<typeof tickets.$inferInsert> | Record<string, unknown>,
  ) {
    const issueSeq = await ingestRepository.ticketRef(tx, hubId, ticketNo);
    if (issueSeq === null) return false;
    await tx
      .update(tickets)
      .set(set)
      .where(and(eq(tickets.hubId, hubId), eq(tickets.issueSeq, issueSeq)));
    return true;
  },

  /** A call: `first_called_at` keeps the first call (a recall or a call after a transfer does not move it). */
  markCalled: (
    tx: Tx,
    hubId: string,
    ticketNo: string,
    c: { counterId: string | null; staffId: string | null; at: Date },
  ) =>
    ingestRepository.updateTicket(tx, hubId, ticketNo, {
      outcome: 'called',
      counterId: c.counterId,
      staffId: c.staffId,
      lastCalledAt: c.at,
      firstCalledAt: sql`coalesce(${tickets.firstCalledAt}, ${c.at.toISOString()}::timestamptz)`,
    }),

  /** Back into the queue of another service, keeping the arrival time. */
  markTransferred: (tx: Tx, hubId: string, ticketNo: string, toServiceId: string) =>
    ingestRepository.updateTicket(tx, hubId, ticketNo, {
      outcome: 'waiting',
      serviceId: toServiceId,
      startedAt: null,
      counterId: null,
      transfers: sql`${tickets.transfers} + 1`,
    }),

  insertTicket: (tx: Tx, row: typeof tickets.$inferInsert) => tx.insert(tickets).values(row).onConflictDoNothing(),

  async openSession(tx: Tx, row: typeof counterSessions.$inferInsert) {
    await tx
      .update(counterSessions)
      .set({ closedAt: row.openedAt })
      .where(
        and(
          eq(counterSessions.hubId, row.hubId),
          eq(counterSessions.counterId, row.counterId),
          isNull(counterSessions.closedAt),
        ),
      );
    await tx.insert(counterSessions).values(row).onConflictDoNothing();
  },

  async closeSession(tx: Tx, hubId: string, counterId: string, at: Date) {
    await tx
      .update(counterSessions)
      .set({ closedAt: at })
      .where(
        and(
          eq(counterSessions.hubId, hubId),
          eq(counterSessions.counterId, counterId),
          isNull(counterSessions.closedAt),
        ),
      );
    await tx
      .update(counterPauses)
      .set({ endedAt: at })
      .where(
        and(eq(counterPauses.hubId, hubId), eq(counterPauses.counterId, counterId), isNull(counterPauses.endedAt)),
      );
  },

  insertPause: (tx: Tx, row: typeof counterPauses.$inferInsert) =>
    tx.insert(counterPauses).values(row).onConflictDoNothing(),

  async endPause(tx: Tx, hubId: string, counterId: string, at: Date) {
    await tx
      .update(counterPauses)
      .set({ endedAt: at })
      .where(
        and(eq(counterPauses.hubId, hubId), eq(counterPauses.counterId, counterId), isNull(counterPauses.endedAt)),
      );
  },

  insertRating: (tx: Tx, row: typeof ratings.$inferInsert) => tx.insert(ratings).values(row).onConflictDoNothing(),

  addOccupancy: (tx: Tx, hallId: string, minute: Date, entered: number, left: number) =>
    tx
      .insert(occupancyMinutes)
      .values({ hallId, minute, entered, left })
      .onConflictDoUpdate({
        target: [occupancyMinutes.hallId, occupancyMinutes.minute],
        set: { entered: sql`${occupancyMinutes.entered} + ${entered}`, left: sql`${occupancyMinutes.left} + ${left}` },
      }),

  insertAlarm: (tx: Tx, row: typeof alarms.$inferInsert) => tx.insert(alarms).values(row).onConflictDoNothing(),

  updateAlarm: (tx: Tx, hallId: string, alarmId: string, set: Partial<typeof alarms.$inferInsert>) =>
    tx
      .update(alarms)
      .set(set)
      .where(and(eq(alarms.hallId, hallId), eq(alarms.alarmId, alarmId))),

  insertDeviceHealth: (tx: Tx, row: typeof deviceHealth.$inferInsert) =>
    tx.insert(deviceHealth).values(row).onConflictDoNothing(),
};

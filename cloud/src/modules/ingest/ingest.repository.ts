/**
 * Storage of what hubs push: raw events keyed by (hub, seq), the hub's contiguous acknowledgement, and
 * the projection of events into the fact tables. Called inside one transaction by the ingest service.
 */
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { hubs } from '../halls/halls.table.ts';
import { alarms, counterPauses, counterSessions, deviceHealth, hallEvents, occupancyMinutes, ratings, tickets } from './ingest.table.ts';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface IncomingEvent {
  seq: number;
  type: string;
  at: number;
  body: Record<string, unknown>;
  historical: boolean;
}

export const ingestRepository = {
  /** The hub row, locked for this transaction: pushes of one hub are applied one after the other. */
  async lockHub(tx: Tx, hubId: string) {
    const rows = await tx.select().from(hubs).where(eq(hubs.id, hubId)).for('update');
    return rows[0] ?? null;
  },

  /** Stores the raw events; an event seen before (same hub and seq) is skipped. */
  async insertRaw(tx: Tx, hubId: string, hallId: string, batch: readonly IncomingEvent[]) {
    if (batch.length === 0) return;
    await tx
      .insert(hallEvents)
      .values(batch.map((e) => ({ hubId, seq: e.seq, hallId, type: e.type, at: new Date(e.at), body: e.body, historical: e.historical })))
      .onConflictDoNothing();
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

  async setAcked(tx: Tx, hubId: string, ackedThrough: number, at: Date) {
    await tx.update(hubs).set({ ackedThrough, lastSeenAt: at }).where(eq(hubs.id, hubId));
  },

  /** The latest ticket with this number at this hub (numbers repeat across days and wraps). */
  async ticketRef(tx: Tx, hubId: string, ticketNo: string) {
    const rows = await tx.select({ issueSeq: tickets.issueSeq }).from(tickets).where(and(eq(tickets.hubId, hubId), eq(tickets.ticketNo, ticketNo))).orderBy(desc(tickets.issueSeq)).limit(1);
    return rows[0]?.issueSeq ?? null;
  },

  async updateTicket(tx: Tx, hubId: string, ticketNo: string, set: Partial<typeof tickets.$inferInsert> | Record<string, unknown>) {
    const issueSeq = await ingestRepository.ticketRef(tx, hubId, ticketNo);
    if (issueSeq === null) return false;
    await tx.update(tickets).set(set).where(and(eq(tickets.hubId, hubId), eq(tickets.issueSeq, issueSeq)));
    return true;
  },

  /** A call: `first_called_at` keeps the first call (a recall or a call after a transfer does not move it). */
  markCalled: (tx: Tx, hubId: string, ticketNo: string, c: { counterId: string | null; staffId: string | null; at: Date }) =>
    ingestRepository.updateTicket(tx, hubId, ticketNo, { outcome: 'called', counterId: c.counterId, staffId: c.staffId, lastCalledAt: c.at, firstCalledAt: sql`coalesce(${tickets.firstCalledAt}, ${c.at.toISOString()}::timestamptz)` }),

  /** Back into the queue of another service, keeping the arrival time. */
  markTransferred: (tx: Tx, hubId: string, ticketNo: string, toServiceId: string) =>
    ingestRepository.updateTicket(tx, hubId, ticketNo, { outcome: 'waiting', serviceId: toServiceId, startedAt: null, counterId: null, transfers: sql`${tickets.transfers} + 1` }),

  insertTicket: (tx: Tx, row: typeof tickets.$inferInsert) => tx.insert(tickets).values(row).onConflictDoNothing(),

  async openSession(tx: Tx, row: typeof counterSessions.$inferInsert) {
    await tx.update(counterSessions).set({ closedAt: row.openedAt }).where(and(eq(counterSessions.hubId, row.hubId), eq(counterSessions.counterId, row.counterId), isNull(counterSessions.closedAt)));
    await tx.insert(counterSessions).values(row).onConflictDoNothing();
  },

  async closeSession(tx: Tx, hubId: string, counterId: string, at: Date) {
    await tx.update(counterSessions).set({ closedAt: at }).where(and(eq(counterSessions.hubId, hubId), eq(counterSessions.counterId, counterId), isNull(counterSessions.closedAt)));
    await tx.update(counterPauses).set({ endedAt: at }).where(and(eq(counterPauses.hubId, hubId), eq(counterPauses.counterId, counterId), isNull(counterPauses.endedAt)));
  },

  insertPause: (tx: Tx, row: typeof counterPauses.$inferInsert) => tx.insert(counterPauses).values(row).onConflictDoNothing(),

  async endPause(tx: Tx, hubId: string, counterId: string, at: Date) {
    await tx.update(counterPauses).set({ endedAt: at }).where(and(eq(counterPauses.hubId, hubId), eq(counterPauses.counterId, counterId), isNull(counterPauses.endedAt)));
  },

  insertRating: (tx: Tx, row: typeof ratings.$inferInsert) => tx.insert(ratings).values(row).onConflictDoNothing(),

  addOccupancy: (tx: Tx, hallId: string, minute: Date, entered: number, left: number) =>
    tx
      .insert(occupancyMinutes)
      .values({ hallId, minute, entered, left })
      .onConflictDoUpdate({ target: [occupancyMinutes.hallId, occupancyMinutes.minute], set: { entered: sql`${occupancyMinutes.entered} + ${entered}`, left: sql`${occupancyMinutes.left} + ${left}` } }),

  insertAlarm: (tx: Tx, row: typeof alarms.$inferInsert) => tx.insert(alarms).values(row).onConflictDoNothing(),

  updateAlarm: (tx: Tx, alarmId: string, set: Partial<typeof alarms.$inferInsert>) => tx.update(alarms).set(set).where(eq(alarms.alarmId, alarmId)),

  insertDeviceHealth: (tx: Tx, row: typeof deviceHealth.$inferInsert) => tx.insert(deviceHealth).values(row).onConflictDoNothing(),
};

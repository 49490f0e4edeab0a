/**
 * Folding a run of hall events into fact rows, in memory, so a batch of 500 events costs a handful of
 * set-based statements instead of one per event. Tickets are folded from their current row (for tickets
 * issued in an earlier batch) or from their `ticket.issued` event; the caller writes the result.
 */
import type { HubEventRecord } from '@hall/devices/hub-events';

export interface TicketRow {
  hubId: string;
  issueSeq: number;
  hallId: string;
  ticketNo: string;
  serviceId: string;
  priority: string | null;
  channel: string;
  issuedAt: Date;
  arrivalAt: Date;
  firstCalledAt: Date | null;
  lastCalledAt: Date | null;
  startedAt: Date | null;
  endedAt: Date | null;
  outcome: string;
  counterId: string | null;
  staffId: string | null;
  recalls: number;
  transfers: number;
  txCount: number | null;
  txTypes: string[] | null;
  ratingSum: number;
  ratingN: number;
  etaP50Minutes: number | null;
  etaP90Minutes: number | null;
}

/** An event of the hub→cloud contract (validated), with its place in the hub's journal. */
export interface ProjectedEvent {
  seq: number;
  at: Date;
  event: HubEventRecord;
}

/** The events that change a ticket's row: its own, and a rating of it (kept on the ticket for the roll-ups). */
export type TicketEvent = Extract<HubEventRecord, { type: `ticket.${string}` | 'rating.received' }>;
export const isTicketEvent = (e: HubEventRecord): e is TicketEvent =>
  e.type.startsWith('ticket.') || e.type === 'rating.received';

/**
 * Applies ticket events in order. `current(ticketNo)` gives the latest existing row for a number not
 * (yet) issued in this run. Returns the rows touched, split into new ones and changed existing ones.
 */
export function foldTickets(
  hubId: string,
  hallId: string,
  events: ReadonlyArray<ProjectedEvent & { event: TicketEvent }>,
  current: (ticketNo: string) => TicketRow | undefined,
): { inserted: TicketRow[]; updated: TicketRow[] } {
  /** ticketNo → the row that number points at now. */
  const live = new Map<string, TicketRow>();
  const inserted = new Map<number, TicketRow>();
  const updated = new Map<number, TicketRow>();
  const rowFor = (no: string) => {
    let row = live.get(no);
    if (!row) {
      const existing = current(no);
      if (!existing) return undefined;
      row = { ...existing };
      live.set(no, row);
      updated.set(row.issueSeq, row);
    }
    return row;
  };
  for (const { seq, at, event: e } of events) {
    if (e.type === 'ticket.issued') {
      const row: TicketRow = {
        hubId,
        issueSeq: seq,
        hallId,
        ticketNo: e.ticketNo,
        serviceId: e.serviceId,
        priority: e.priority,
        channel: e.channel,
        issuedAt: at,
        arrivalAt: at,
        firstCalledAt: null,
        lastCalledAt: null,
        startedAt: null,
        endedAt: null,
        outcome: 'waiting',
        counterId: null,
        staffId: null,
        recalls: 0,
        transfers: 0,
        txCount: null,
        txTypes: null,
        ratingSum: 0,
        ratingN: 0,
        etaP50Minutes: e.eta.p50Minutes,
        etaP90Minutes: e.eta.p90Minutes,
      };
      live.set(e.ticketNo, row);
      inserted.set(seq, row);
      continue;
    }
    const row = rowFor(e.ticketNo);
    if (!row) continue; // an event for a ticket the cloud never saw issued (kept raw only)
    switch (e.type) {
      case 'ticket.called':
        Object.assign(row, {
          outcome: 'called',
          counterId: e.counterId,
          staffId: e.staffId,
          lastCalledAt: at,
          firstCalledAt: row.firstCalledAt ?? at,
        });
        break;
      case 'ticket.recalled':
        Object.assign(row, { recalls: e.recalls, lastCalledAt: at });
        break;
      case 'ticket.started':
        Object.assign(row, { outcome: 'serving', startedAt: at });
        break;
      case 'ticket.finished':
        Object.assign(row, { outcome: 'done', endedAt: at, txCount: e.txCount, txTypes: [...e.txTypes] });
        break;
      case 'ticket.noshow':
        Object.assign(row, { outcome: 'noshow', endedAt: at });
        break;
      case 'ticket.cancelled':
        Object.assign(row, { outcome: 'cancelled', endedAt: at });
        break;
      case 'rating.received':
        Object.assign(row, { ratingSum: row.ratingSum + e.score, ratingN: row.ratingN + 1 });
        break;
      case 'ticket.requeued':
        // A manager released the counter that held it: waiting again, with its first call kept.
        Object.assign(row, { outcome: 'waiting', counterId: null, staffId: null, startedAt: null });
        break;
      case 'ticket.transferred':
        Object.assign(row, {
          outcome: 'waiting',
          serviceId: e.toServiceId,
          startedAt: null,
          counterId: null,
          transfers: row.transfers + 1,
        });
        break;
    }
  }
  return { inserted: [...inserted.values()], updated: [...updated.values()].filter((r) => !inserted.has(r.issueSeq)) };
}

/** Door counts summed per minute. */
export function occupancyByMinute(
  events: readonly ProjectedEvent[],
): Array<{ minute: Date; entered: number; left: number }> {
  const byMinute = new Map<number, { entered: number; left: number }>();
  for (const { at, event: e } of events) {
    if (e.type !== 'occupancy.counted') continue;
    const m = Math.floor(at.getTime() / 60_000) * 60_000;
    const acc = byMinute.get(m) ?? { entered: 0, left: 0 };
    acc.entered += e.in;
    acc.left += e.out;
    byMinute.set(m, acc);
  }
  return [...byMinute.entries()].map(([m, v]) => ({ minute: new Date(m), ...v }));
}

/**
 * Folding a run of hall events into fact rows, in memory, so a batch of 500 events costs a handful of
 * set-based statements instead of one per event. Tickets are folded from their current row (for tickets
 * issued in an earlier batch) or from their `ticket.issued` event; the caller writes the result.
 */
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
  etaP50Minutes: number | null;
  etaP90Minutes: number | null;
}

export interface ProjectedEvent {
  seq: number;
  type: string;
  at: Date;
  body: Record<string, unknown>;
}

const TICKET_EVENTS = new Set(['ticket.issued', 'ticket.called', 'ticket.recalled', 'ticket.started', 'ticket.finished', 'ticket.noshow', 'ticket.cancelled', 'ticket.transferred', 'ticket.requeued']);
export const isTicketEvent = (type: string) => TICKET_EVENTS.has(type);

const str = (v: unknown) => (typeof v === 'string' ? v : null);

/**
 * Applies ticket events in order. `current(ticketNo)` gives the latest existing row for a number not
 * (yet) issued in this run. Returns the rows touched, split into new ones and changed existing ones.
 */
export function foldTickets(hubId: string, hallId: string, events: readonly ProjectedEvent[], current: (ticketNo: string) => TicketRow | undefined): { inserted: TicketRow[]; updated: TicketRow[] } {
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
  for (const e of events) {
    const b = e.body;
    const no = String(b.ticketNo ?? '');
    if (e.type === 'ticket.issued') {
      const eta = (b.eta ?? {}) as { p50Minutes?: number; p90Minutes?: number };
      const row: TicketRow = {
        hubId, issueSeq: e.seq, hallId, ticketNo: no, serviceId: String(b.serviceId), priority: str(b.priority), channel: String(b.channel ?? 'kiosk'),
        issuedAt: e.at, arrivalAt: e.at, firstCalledAt: null, lastCalledAt: null, startedAt: null, endedAt: null, outcome: 'waiting',
        counterId: null, staffId: null, recalls: 0, transfers: 0, txCount: null, etaP50Minutes: eta.p50Minutes ?? null, etaP90Minutes: eta.p90Minutes ?? null,
      };
      live.set(no, row);
      inserted.set(e.seq, row);
      continue;
    }
    const row = rowFor(no);
    if (!row) continue; // an event for a ticket the cloud never saw issued (kept raw only)
    switch (e.type) {
      case 'ticket.called':
        Object.assign(row, { outcome: 'called', counterId: str(b.counterId), staffId: str(b.staffId), lastCalledAt: e.at, firstCalledAt: row.firstCalledAt ?? e.at });
        break;
      case 'ticket.recalled':
        Object.assign(row, { recalls: Number(b.recalls ?? row.recalls + 1), lastCalledAt: e.at });
        break;
      case 'ticket.started':
        Object.assign(row, { outcome: 'serving', startedAt: e.at });
        break;
      case 'ticket.finished':
        Object.assign(row, { outcome: 'done', endedAt: e.at, txCount: b.txCount === null || b.txCount === undefined ? null : Number(b.txCount) });
        break;
      case 'ticket.noshow':
        Object.assign(row, { outcome: 'noshow', endedAt: e.at });
        break;
      case 'ticket.cancelled':
        Object.assign(row, { outcome: 'cancelled', endedAt: e.at });
        break;
      case 'ticket.requeued':
        // A manager released the counter that held it: waiting again, with its first call kept.
        Object.assign(row, { outcome: 'waiting', counterId: null, staffId: null, startedAt: null });
        break;
      case 'ticket.transferred':
        Object.assign(row, { outcome: 'waiting', serviceId: String(b.toServiceId), startedAt: null, counterId: null, transfers: row.transfers + 1 });
        break;
    }
  }
  return { inserted: [...inserted.values()], updated: [...updated.values()].filter((r) => !inserted.has(r.issueSeq)) };
}

/** Door counts summed per minute. */
export function occupancyByMinute(events: readonly ProjectedEvent[]): Array<{ minute: Date; entered: number; left: number }> {
  const byMinute = new Map<number, { entered: number; left: number }>();
  for (const e of events) {
    if (e.type !== 'occupancy.counted') continue;
    const m = Math.floor(e.at.getTime() / 60_000) * 60_000;
    const acc = byMinute.get(m) ?? { entered: 0, left: 0 };
    acc.entered += Number(e.body.in ?? 0);
    acc.left += Number(e.body.out ?? 0);
    byMinute.set(m, acc);
  }
  return [...byMinute.entries()].map(([m, v]) => ({ minute: new Date(m), ...v }));
}

import { describe, expect, it } from 'vitest';
import { foldTickets, type ProjectedEvent, type TicketRow } from './ingest.projection.ts';

const T0 = Date.UTC(2026, 10, 25, 1, 0, 0);
const MIN = 60_000;

/** Seven customers through a range of three numbers (T001 … T003, then T001 again …), each served. */
function wrappedDay(): ProjectedEvent[] {
  const events: ProjectedEvent[] = [];
  let seq = 0;
  const add = (type: string, at: number, body: Record<string, unknown>) => events.push({ seq: ++seq, type, at: new Date(at), body: { type, at, ...body } });
  for (let i = 0; i < 7; i++) {
    const ticketNo = `T00${(i % 3) + 1}`;
    const at = T0 + i * 10 * MIN;
    add('ticket.issued', at, { ticketNo, serviceId: 'tiny', priority: null, channel: 'kiosk', eta: { p50Minutes: 1, p90Minutes: 2 } });
    add('ticket.called', at + (i + 1) * MIN, { ticketNo, counterId: 'C01', staffId: 'E1' });
    add('ticket.started', at + (i + 1) * MIN, { ticketNo, counterId: 'C01' });
    add('ticket.finished', at + (i + 2) * MIN, { ticketNo, counterId: 'C01', staffId: 'E1', txCount: 1 });
  }
  return events;
}

describe('ticket projection with reused numbers', () => {
  it('keeps one row per issued ticket when a run reuses numbers', () => {
    const { inserted, updated } = foldTickets('hub-1', 'H1', wrappedDay(), () => undefined);
    expect(updated).toEqual([]);
    expect(inserted.map((r) => r.ticketNo)).toEqual(['T001', 'T002', 'T003', 'T001', 'T002', 'T003', 'T001']);
    expect(inserted.every((r) => r.outcome === 'done')).toBe(true);
    // Each call landed on its own ticket: waits of 1, 2, … 7 minutes.
    expect(inserted.map((r) => ((r.firstCalledAt as Date).getTime() - r.arrivalAt.getTime()) / MIN)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('folds events of a later batch onto the newest row of a number', () => {
    const events = wrappedDay();
    // Cut after the second T001 was issued and called: the rest comes in the next push.
    const cut = events.findIndex((e, i) => i > 0 && e.type === 'ticket.called' && e.body.ticketNo === 'T001' && events.slice(0, i).filter((x) => x.type === 'ticket.issued' && x.body.ticketNo === 'T001').length === 2) + 1;
    const first = foldTickets('hub-1', 'H1', events.slice(0, cut), () => undefined);
    const table = new Map<number, TicketRow>(first.inserted.map((r) => [r.issueSeq, r]));
    // What `currentTickets` answers: the latest row of each number.
    const latest = (no: string) => [...table.values()].filter((r) => r.ticketNo === no).sort((a, b) => b.issueSeq - a.issueSeq)[0];
    const second = foldTickets('hub-1', 'H1', events.slice(cut), latest);
    for (const r of [...second.inserted, ...second.updated]) table.set(r.issueSeq, r);
    const rows = [...table.values()].sort((a, b) => a.issueSeq - b.issueSeq);
    expect(rows).toHaveLength(7);
    expect(rows.every((r) => r.outcome === 'done')).toBe(true);
    expect(second.updated.map((r) => [r.ticketNo, r.issueSeq])).toEqual([['T001', rows[3]?.issueSeq]]);
  });

  it('puts a ticket back to waiting when its counter was released (ticket.requeued)', () => {
    const at = (m: number) => new Date(T0 + m * MIN);
    const events: ProjectedEvent[] = [
      { seq: 1, type: 'ticket.issued', at: at(0), body: { ticketNo: 'A001', serviceId: 'billing', priority: null, channel: 'kiosk' } },
      { seq: 2, type: 'ticket.called', at: at(2), body: { ticketNo: 'A001', counterId: 'C01', staffId: 'E1' } },
      { seq: 3, type: 'ticket.requeued', at: at(5), body: { ticketNo: 'A001', counterId: 'C01' } },
    ];
    const [row] = foldTickets('hub-1', 'H1', events, () => undefined).inserted;
    expect(row).toMatchObject({ outcome: 'waiting', counterId: null, staffId: null, firstCalledAt: at(2) });
  });
});

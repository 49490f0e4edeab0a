import { parseHubEvent } from '@hall/devices/hub-events';
import { describe, expect, it } from 'vitest';
import { foldTickets, type TicketRow } from './ingest.projection.ts';

type TicketProjected = Parameters<typeof foldTickets>[2][number];
const WHY = { rule: 'longest-wait', class: 'regular', score: 1, passedOver: [] };

/** An event checked by the contract, as ingest hands it to the projection. */
function projected(seq: number, type: string, at: number, body: Record<string, unknown>): TicketProjected {
  const parsed = parseHubEvent(type, { at, ...body });
  if (!parsed.ok) throw new Error(parsed.refusal.message);
  return { seq, at: new Date(at), event: parsed.event } as TicketProjected;
}

const T0 = Date.UTC(2026, 10, 25, 1, 0, 0);
const MIN = 60_000;

/** Seven customers through a range of three numbers (T001 … T003, then T001 again …), each served. */
function wrappedDay(): TicketProjected[] {
  const events: TicketProjected[] = [];
  let seq = 0;
  const add = (type: string, at: number, body: Record<string, unknown>) =>
    events.push(projected(++seq, type, at, body));
  for (let i = 0; i < 7; i++) {
    const ticketNo = `T00${(i % 3) + 1}`;
    const at = T0 + i * 10 * MIN;
    add('ticket.issued', at, {
      ticketNo,
      serviceId: 'tiny',
      priority: null,
      channel: 'kiosk',
      deviceId: null,
      waitingAhead: 0,
      eta: { p50Minutes: 1, p90Minutes: 2 },
    });
    add('ticket.called', at + (i + 1) * MIN, { ticketNo, counterId: 'C01', staffId: 'E1', why: WHY });
    add('ticket.started', at + (i + 1) * MIN, { ticketNo, counterId: 'C01' });
    add('ticket.finished', at + (i + 2) * MIN, { ticketNo, counterId: 'C01', staffId: 'E1', txCount: 1, txTypes: [] });
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
    expect(inserted.map((r) => ((r.firstCalledAt as Date).getTime() - r.arrivalAt.getTime()) / MIN)).toEqual([
      1, 2, 3, 4, 5, 6, 7,
    ]);
  });

  it('folds events of a later batch onto the newest row of a number', () => {
    const events = wrappedDay();
    // Cut after the second T001 was issued and called: the rest comes in the next push.
    const cut =
      events.findIndex(
        (e, i) =>
          i > 0 &&
          e.event.type === 'ticket.called' &&
          e.event.ticketNo === 'T001' &&
          events.slice(0, i).filter((x) => x.event.type === 'ticket.issued' && x.event.ticketNo === 'T001').length ===
            2,
      ) + 1;
    const first = foldTickets('hub-1', 'H1', events.slice(0, cut), () => undefined);
    const table = new Map<number, TicketRow>(first.inserted.map((r) => [r.issueSeq, r]));
    // What `currentTickets` answers: the latest row of each number.
    const latest = (no: string) =>
      [...table.values()].filter((r) => r.ticketNo === no).sort((a, b) => b.issueSeq - a.issueSeq)[0];
    const second = foldTickets('hub-1', 'H1', events.slice(cut), latest);
    for (const r of [...second.inserted, ...second.updated]) table.set(r.issueSeq, r);
    const rows = [...table.values()].sort((a, b) => a.issueSeq - b.issueSeq);
    expect(rows).toHaveLength(7);
    expect(rows.every((r) => r.outcome === 'done')).toBe(true);
    expect(second.updated.map((r) => [r.ticketNo, r.issueSeq])).toEqual([['T001', rows[3]?.issueSeq]]);
  });

  it('puts a ticket back to waiting when its counter was released (ticket.requeued)', () => {
    const at = (m: number) => new Date(T0 + m * MIN);
    const events = [
      projected(1, 'ticket.issued', T0, {
        ticketNo: 'A001',
        serviceId: 'billing',
        priority: null,
        channel: 'kiosk',
        deviceId: null,
        waitingAhead: 0,
        eta: { p50Minutes: 1, p90Minutes: 2 },
      }),
      projected(2, 'ticket.called', T0 + 2 * MIN, { ticketNo: 'A001', counterId: 'C01', staffId: 'E1', why: WHY }),
      projected(3, 'ticket.requeued', T0 + 5 * MIN, { ticketNo: 'A001', counterId: 'C01' }),
    ];
    const [row] = foldTickets('hub-1', 'H1', events, () => undefined).inserted;
    expect(row).toMatchObject({ outcome: 'waiting', counterId: null, staffId: null, firstCalledAt: at(2) });
  });
});

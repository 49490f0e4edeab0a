/** Hub events for cloud tests, in the shape a hub pushes them (`ingest.push` rows). */
import type { PushedRow } from '../../src/modules/ingest/ingest.service.ts';

/** An event as tests write it: its type, time and the other fields of the contract. */
export interface TestEvent {
  type: string;
  at: number;
  body: Record<string, unknown>;
}

/** What a call records about its choice (the contract requires it; its content does not matter here). */
export const WHY = { rule: 'longest-wait', class: 'regular', score: 1, passedOver: [] } as const;

/** Rows numbered from `first`, as the hub's outbox sends them. */
export const toRows = (events: readonly TestEvent[], first = 1, historical = false): PushedRow[] =>
  events.map((e, i) => ({ seq: first + i, type: e.type, body: { ...e.body, at: e.at }, historical }));

const MIN = 60_000;

/** A ticket taken at the kiosk. */
export const issued = (no: string, serviceId: string, at: number): TestEvent => ({
  type: 'ticket.issued',
  at,
  body: {
    ticketNo: no,
    serviceId,
    priority: null,
    channel: 'kiosk',
    deviceId: 'kiosk-1',
    waitingAhead: 0,
    eta: { p50Minutes: 5, p90Minutes: 9 },
  },
});

/** A ticket called to a counter by its clerk. */
export const called = (no: string, at: number, counterId: string, staffId: string): TestEvent => ({
  type: 'ticket.called',
  at,
  body: { ticketNo: no, counterId, staffId, why: WHY },
});

/** A ticket served from `from` for `minutes`, and rated `score` (null: not rated). */
export const served = (
  no: string,
  from: number,
  minutes: number,
  counterId: string,
  staffId: string,
  score: number | null,
): TestEvent[] => [
  { type: 'ticket.started', at: from, body: { ticketNo: no, counterId } },
  {
    type: 'ticket.finished',
    at: from + minutes * MIN,
    body: { ticketNo: no, counterId, staffId, txCount: 1, txTypes: [] },
  },
  ...(score === null
    ? []
    : [
        {
          type: 'rating.received',
          at: from + minutes * MIN + 10_000,
          body: { ticketNo: no, score, reasons: [], counterId, staffId, deviceId: 'pad-1' },
        },
      ]),
];

/**
 * The queue's vocabulary: tickets, counters, and the events that change them. Events are the source of
 * truth (stored, replayed after a restart, sent to the cloud); state is what applying them gives.
 */
import type { counterStatusSchema, pauseReasonSchema, rejectCommandShape, ticketChannelSchema, ticketPrioritySchema } from '@hall/devices';
import type { z } from 'zod';

export type Priority = z.infer<typeof ticketPrioritySchema>;
export type Channel = z.infer<typeof ticketChannelSchema>;
export type PauseReason = z.infer<typeof pauseReasonSchema>;
export type CounterStatus = z.infer<typeof counterStatusSchema>;
export type RejectCode = z.infer<typeof rejectCommandShape.code>;

/**
 * `waiting → called → serving → done`, or `noshow` / `cancelled`; a transfer puts it back to waiting, and
 * so does a manager releasing the counter that held it (`ticket.requeued`, when the policy says so).
 */
export type TicketStatus = 'waiting' | 'called' | 'serving' | 'done' | 'noshow' | 'cancelled';

export interface Ticket {
  /** Internal id, unique within the day (numbers are reused once the range wraps). */
  id: number;
  ticketNo: string;
  serviceId: string;
  priority: Priority | null;
  channel: Channel;
  /** When the ticket was issued. */
  issuedAt: number;
  /** When the customer's wait began; kept across transfers. */
  arrivalAt: number;
  status: TicketStatus;
  counterId: string | null;
  staffId: string | null;
  firstCalledAt: number | null;
  lastCalledAt: number | null;
  startedAt: number | null;
  endedAt: number | null;
  recalls: number;
  transfers: number;
  txCount: number | null;
}

export interface Counter {
  id: string;
  status: CounterStatus;
  staffId: string | null;
  ticketNo: string | null;
  pauseReason: PauseReason | null;
  servedToday: number;
  /** Priority tickets called in a row here (the fairness rule). */
  priorityStreak: number;
  /** Since when the counter is in its status. */
  since: number;
}

/** Why call-next chose a ticket: enough to answer "why was B012 called before A007?". */
export interface CallReason {
  rule: 'priority' | 'fairness' | 'longest-wait' | 'specific';
  class: Priority | 'regular';
  /** The chosen ticket's weighted wait (service weight × minutes waited). */
  score: number;
  /** Other waiting tickets this counter could have called, best first (at most 5). */
  passedOver: Array<{ ticketNo: string; class: Priority | 'regular'; score: number; waitedMinutes: number }>;
}

export type QueueEvent =
  | { type: 'day.started'; at: number; date: string }
  | { type: 'ticket.issued'; at: number; ticketNo: string; serviceId: string; priority: Priority | null; channel: Channel; deviceId: string | null; waitingAhead: number; eta: { p50Minutes: number; p90Minutes: number } }
  | { type: 'ticket.called'; at: number; ticketNo: string; counterId: string; staffId: string | null; why: CallReason }
  | { type: 'ticket.recalled'; at: number; ticketNo: string; counterId: string; recalls: number }
  | { type: 'ticket.started'; at: number; ticketNo: string; counterId: string }
  | { type: 'ticket.finished'; at: number; ticketNo: string; counterId: string; staffId: string | null; txCount: number | null; txTypes: string[] }
  | { type: 'ticket.noshow'; at: number; ticketNo: string; counterId: string; recalls: number }
  | { type: 'ticket.cancelled'; at: number; ticketNo: string; reason: 'customer' | 'expired' }
  | { type: 'ticket.transferred'; at: number; ticketNo: string; fromServiceId: string; toServiceId: string; counterId: string }
  | { type: 'counter.opened'; at: number; counterId: string; staffId: string }
  | { type: 'counter.paused'; at: number; counterId: string; reason: PauseReason; note: string | null }
  | { type: 'counter.resumed'; at: number; counterId: string }
  | { type: 'ticket.requeued'; at: number; ticketNo: string; counterId: string }
  | {
      type: 'counter.closed';
      at: number;
      counterId: string;
      /**
       * Why, when not the clerk's own close: `moved` (the clerk signed in at counter `by`), `taken-over`
       * (clerk `by` signed in here), `released` (manager `by` released the counter). Absent: closed.
       */
      reason?: CounterCloseReason;
      by?: string;
      /** The clerk who was signed in. */
      staffId?: string;
    };

export type CounterCloseReason = 'moved' | 'taken-over' | 'released';

export type QueueEventType = QueueEvent['type'];

/** A command the queue refuses: the code goes to the device (`cmd/reject`), the message to the clerk. */
export class QueueRejection extends Error {
  readonly code: RejectCode;
  constructor(code: RejectCode, message: string) {
    super(message);
    this.code = code;
  }
}

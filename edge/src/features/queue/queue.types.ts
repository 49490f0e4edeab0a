/**
 * The queue's vocabulary: tickets, counters, and the events that change them. Events are the source of
 * truth (stored, replayed after a restart, sent to the cloud); state is what applying them gives.
 */
import type {
  counterStatusSchema,
  pauseReasonSchema,
  rejectCommandShape,
  ticketChannelSchema,
  ticketPrioritySchema,
} from '@hall/devices';
import type { z } from 'zod';
import type { counterCloseReasonSchema, QueueEvent } from '@hall/devices/hub-events';

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

/** Why call-next chose a ticket, and the queue's events: defined by the hub→cloud contract. */
export type { CallReason, QueueEvent } from '@hall/devices/hub-events';

export type CounterCloseReason = z.infer<typeof counterCloseReasonSchema>;

export type QueueEventType = QueueEvent['type'];

/** A command the queue refuses: the code goes to the device (`cmd/reject`), the message to the clerk. */
export class QueueRejection extends Error {
  readonly code: RejectCode;
  constructor(code: RejectCode, message: string) {
    super(message);
    this.code = code;
  }
}

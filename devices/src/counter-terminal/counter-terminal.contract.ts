/**
 * Counter terminal / call button (叫号器): the clerk's buttons at one counter. The hub knows which counter
 * a terminal belongs to from its device registry, so events do not name the counter.
 *
 * Presses that act on the current ticket may carry its number: a button pressed while the hub has already
 * moved on (a second clerk, a late retransmission) is then refused instead of acting on the wrong ticket.
 */
import { z } from 'zod';
import { rejectCommandShape } from '../envelope.ts';
import { eidSchema, labelSchema, serviceIdSchema, staffIdSchema, textSchema, ticketNoSchema } from '../ids.ts';
import { defineDeviceKind } from '../kind.ts';

export const pauseReasonSchema = z.enum(['break', 'meal', 'meeting', 'training', 'backoffice', 'other']);
export const counterStatusSchema = z.enum(['closed', 'idle', 'calling', 'serving', 'paused']);

const currentTicket = { ticketNo: ticketNoSchema.optional() };

export const counterTerminal = defineDeviceKind({
  kind: 'counter-terminal',
  label: { 'zh-CN': '叫号器', en: 'Counter terminal' },
  transports: ['mqtt'],
  heartbeatTimeoutMs: 90_000,
  events: {
    'counter.open': { staffId: staffIdSchema },
    'counter.pause': { reason: pauseReasonSchema, note: textSchema(100).optional() },
    'counter.resume': {},
    'counter.close': {},
    'call.next': {},
    'call.recall': currentTicket,
    'call.specific': { ticketNo: ticketNoSchema },
    'ticket.start': currentTicket,
    'ticket.finish': {
      ...currentTicket,
      /** How many business transactions the visit involved. */
      txCount: z.int().min(0).max(100).optional(),
      txTypes: z.array(textSchema(32, 1)).max(20).optional(),
    },
    'ticket.noshow': currentTicket,
    'ticket.transfer': { ...currentTicket, toServiceId: serviceIdSchema },
  },
  commands: {
    /** What the counter's own display shows after any change at the counter. */
    display: {
      inReplyTo: eidSchema.optional(),
      status: counterStatusSchema,
      ticketNo: ticketNoSchema.optional(),
      serviceName: labelSchema.optional(),
      /** Customers waiting for the services this counter serves. */
      waiting: z.int().min(0),
    },
    reject: rejectCommandShape,
  },
  state: {
    display: z.enum(['ok', 'error']),
  },
});

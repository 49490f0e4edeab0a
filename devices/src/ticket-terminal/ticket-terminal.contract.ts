/**
 * Ticket terminal (取号机): a customer picks a service, the terminal asks the hub for a ticket, the hub
 * answers with `print` (or `reject`) and the terminal prints it.
 */
import { z } from 'zod';
import { rejectCommandShape } from '../envelope.ts';
import { eidSchema, labelSchema, serviceIdSchema, ticketNoSchema } from '../ids.ts';
import { defineDeviceKind } from '../kind.ts';

export const ticketChannelSchema = z.enum(['kiosk', 'appointment', 'remote']);
/** Priority classes; absent means a regular customer. */
export const ticketPrioritySchema = z.enum(['vip', 'appointment', 'elderly']);

export const ticketTerminal = defineDeviceKind({
  kind: 'ticket-terminal',
  label: { 'zh-CN': '取号机', en: 'Ticket terminal' },
  transports: ['mqtt'],
  heartbeatTimeoutMs: 90_000,
  events: {
    'ticket.request': {
      serviceId: serviceIdSchema,
      channel: ticketChannelSchema,
      priority: ticketPrioritySchema.optional(),
    },
    /** The customer gave up the ticket: cancelled in a remote-queue app, or at the kiosk. */
    'ticket.cancel': {
      ticketNo: ticketNoSchema,
      reason: z.enum(['customer', 'expired']).default('customer'),
    },
  },
  commands: {
    print: {
      /** The eid of the `ticket.request` this answers; absent for a reprint the hub starts itself. */
      inReplyTo: eidSchema.optional(),
      ticketNo: ticketNoSchema,
      serviceId: serviceIdSchema,
      serviceName: labelSchema,
      waitingAhead: z.int().min(0),
      /** The wait estimate in minutes: the median and the 90th percentile. */
      eta: z.object({ p50Minutes: z.number().min(0), p90Minutes: z.number().min(0) }),
      issuedAt: z.int().min(0),
    },
    reject: rejectCommandShape,
  },
  state: {
    paper: z.enum(['ok', 'low', 'out']),
    printer: z.enum(['ok', 'jam', 'error']),
  },
});

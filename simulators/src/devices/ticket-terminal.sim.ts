/**
 * Simulated ticket terminal (取号机): asks the hub for a ticket and "prints" what the hub answers.
 * Paper runs low and out like a real roll; with no paper it answers `print` with an error.
 */
import type { ticketChannelSchema, ticketPrioritySchema } from '@hall/devices';
import type { z } from 'zod';
import { MqttDevice, type MqttDeviceOptions } from './mqtt-device.ts';

export interface PrintedTicket {
  ticketNo: string;
  serviceId: string;
  serviceName: string;
  waitingAhead: number;
  eta: { p50Minutes: number; p90Minutes: number };
  issuedAt: number;
}

export type TicketAnswer =
  | { status: 'printed'; ticket: PrintedTicket }
  | { status: 'refused'; code: string; message: string }
  | { status: 'no-answer' };

export interface TicketRequest {
  serviceId: string;
  channel?: z.infer<typeof ticketChannelSchema>;
  priority?: z.infer<typeof ticketPrioritySchema>;
}

export class TicketTerminalSim extends MqttDevice<'ticket-terminal'> {
  /** Tickets the printer printed, in order. */
  readonly printed: PrintedTicket[] = [];
  #paper: number;

  constructor(opts: Omit<MqttDeviceOptions<'ticket-terminal'>, 'kind' | 'state'> & { paperTickets?: number }) {
    const paper = opts.paperTickets ?? 2_000;
    super({
      ...opts,
      kind: 'ticket-terminal',
      state: () => ({ paper: this.#paper === 0 ? 'out' : this.#paper < 100 ? 'low' : 'ok', printer: 'ok' }),
    });
    this.#paper = paper;
    this.onCommand('print', (cmd) => {
      if (this.#paper === 0) throw new Error('paper out');
      this.#paper -= 1;
      const { ticketNo, serviceId, serviceName, waitingAhead, eta, issuedAt } = cmd.payload as unknown as PrintedTicket;
      this.printed.push({ ticketNo, serviceId, serviceName, waitingAhead, eta, issuedAt });
    });
  }

  /** A customer presses a service button; resolves with what the terminal printed (or why not). */
  async requestTicket(req: TicketRequest): Promise<TicketAnswer> {
    const answer = await this.request(
      'ticket.request',
      {
        serviceId: req.serviceId,
        channel: req.channel ?? 'kiosk',
        ...(req.priority ? { priority: req.priority } : {}),
      },
      ['print', 'reject'],
    );
    if (!answer) return { status: 'no-answer' };
    if (answer.name === 'reject')
      return { status: 'refused', code: String(answer.payload.code), message: String(answer.payload.message) };
    const ticket = answer.payload as unknown as PrintedTicket;
    return { status: 'printed', ticket };
  }

  /** The customer gives the ticket up (remote-queue app, or at the kiosk). */
  async cancelTicket(ticketNo: string): Promise<void> {
    await this.publishEvent('ticket.cancel', { ticketNo, reason: 'customer' });
  }
}

/**
 * Simulated counter terminal (叫号器): the clerk's buttons. Each press waits for the hub's answer: the
 * counter display (`display`) or a refusal (`reject`). A simulated staff member (hall/staff.agent.ts)
 * presses the buttons; tests and the replay press them directly.
 */
import type { pauseReasonSchema } from '@hall/devices';
import type { z } from 'zod';
import { MqttDevice, type EventFields, type MqttDeviceOptions } from './mqtt-device.ts';

export interface CounterDisplay {
  status: string;
  ticketNo?: string;
  waiting: number;
}

export type CounterAnswer =
  | { status: 'shown'; counterStatus: string; ticketNo?: string; serviceName?: string; waiting: number }
  | { status: 'refused'; code: string; message: string }
  | { status: 'no-answer' };

type CounterEvent =
  | 'counter.open'
  | 'counter.pause'
  | 'counter.resume'
  | 'counter.close'
  | 'call.next'
  | 'call.recall'
  | 'call.specific'
  | 'ticket.start'
  | 'ticket.finish'
  | 'ticket.noshow'
  | 'ticket.transfer';

export class CounterTerminalSim extends MqttDevice<'counter-terminal'> {
  /** What the counter's display shows now. */
  display: CounterDisplay = { status: 'closed', waiting: 0 };
  readonly #listeners: Array<(display: CounterDisplay) => void> = [];

  constructor(opts: Omit<MqttDeviceOptions<'counter-terminal'>, 'kind' | 'state'>) {
    super({ ...opts, kind: 'counter-terminal', state: () => ({ display: 'ok' }) });
    this.onCommand('display', (cmd) => {
      const p = cmd.payload as unknown as CounterDisplay;
      this.display = { status: p.status, ticketNo: p.ticketNo, waiting: p.waiting };
      for (const listener of this.#listeners) listener(this.display);
    });
  }

  /** Called whenever the hub updates the counter's display (also unasked, e.g. when the queue grows). */
  onDisplay(listener: (display: CounterDisplay) => void): void {
    this.#listeners.push(listener);
  }

  async press<T extends CounterEvent>(type: T, fields: EventFields<'counter-terminal', T>): Promise<CounterAnswer> {
    const answer = await this.request(type, fields, ['display', 'reject']);
    if (!answer) return { status: 'no-answer' };
    const p = answer.payload;
    if (answer.name === 'reject') return { status: 'refused', code: String(p.code), message: String(p.message) };
    return {
      status: 'shown',
      counterStatus: String(p.status),
      ticketNo: p.ticketNo as string | undefined,
      serviceName: p.serviceName as string | undefined,
      waiting: Number(p.waiting),
    };
  }

  open(staffId: string) {
    return this.press('counter.open', { staffId });
  }
  pause(reason: z.infer<typeof pauseReasonSchema>) {
    return this.press('counter.pause', { reason });
  }
  resume() {
    return this.press('counter.resume', {});
  }
  closeCounter() {
    return this.press('counter.close', {});
  }
  callNext() {
    return this.press('call.next', {});
  }
  callSpecific(ticketNo: string) {
    return this.press('call.specific', { ticketNo });
  }
  recall(ticketNo?: string) {
    return this.press('call.recall', ticketNo ? { ticketNo } : {});
  }
  start(ticketNo?: string) {
    return this.press('ticket.start', ticketNo ? { ticketNo } : {});
  }
  finish(opts: { ticketNo?: string; txCount?: number; txTypes?: string[] } = {}) {
    return this.press('ticket.finish', opts);
  }
  noShow(ticketNo?: string) {
    return this.press('ticket.noshow', ticketNo ? { ticketNo } : {});
  }
  transfer(toServiceId: string, ticketNo?: string) {
    return this.press('ticket.transfer', { toServiceId, ...(ticketNo ? { ticketNo } : {}) });
  }
}

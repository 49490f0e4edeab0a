/**
 * Simulated rating pad (评价器): when the hub prompts it, the customer at that counter answers after a
 * moment with a score (from a model the hall supplies: it depends on the wait and on the staff member),
 * or walks away and the pad reports the prompt as skipped after its timeout.
 */
import { isAbortError } from '../clock/scheduler.ts';
import { MqttDevice, type MqttDeviceOptions } from './mqtt-device.ts';

export interface RatingPrompt {
  reqId: string;
  ticketNo: string;
  counterId: string;
  staffId: string;
  timeoutSec: number;
}

/** What the customer does: a score with reasons after `afterMs`, or nothing (walks away). */
export type RatingChoice = { score: number; reasons: string[]; afterMs: number } | null;

export class RatingPadSim extends MqttDevice<'rating-pad'> {
  readonly ratings: Array<{ ticketNo: string; score: number }> = [];
  readonly skipped: string[] = [];
  #battery = 100;
  #pending = new Map<string, AbortController>();

  constructor(
    opts: Omit<MqttDeviceOptions<'rating-pad'>, 'kind' | 'state'> & { choose: (prompt: RatingPrompt) => RatingChoice },
  ) {
    super({ ...opts, kind: 'rating-pad', state: () => ({ batteryPct: this.#battery, charging: false }) });
    this.onCommand('prompt', (cmd) => {
      const prompt = cmd.payload as unknown as RatingPrompt;
      this.#pending.get(prompt.reqId)?.abort();
      const controller = new AbortController();
      this.#pending.set(prompt.reqId, controller);
      // The prompt is acknowledged at once; the customer's answer comes later, as its own task.
      this.scheduler.spawn(() => this.#answer(prompt, opts.choose(prompt), controller.signal));
    });
    this.onCommand('cancel', (cmd) => {
      this.#pending.get(String(cmd.payload.promptReqId))?.abort();
    });
  }

  async #answer(prompt: RatingPrompt, choice: RatingChoice, signal: AbortSignal) {
    try {
      const timeoutMs = prompt.timeoutSec * 1_000;
      if (choice && choice.afterMs < timeoutMs) {
        await this.scheduler.sleep(choice.afterMs, signal);
        await this.publishEvent('rating', {
          ticketNo: prompt.ticketNo,
          score: choice.score,
          reasons: choice.reasons,
          promptReqId: prompt.reqId,
        });
        this.ratings.push({ ticketNo: prompt.ticketNo, score: choice.score });
      } else {
        await this.scheduler.sleep(timeoutMs, signal);
        await this.publishEvent('rating.skipped', { ticketNo: prompt.ticketNo, promptReqId: prompt.reqId });
        this.skipped.push(prompt.ticketNo);
      }
      this.#battery = Math.max(5, this.#battery - 0.01);
    } catch (err) {
      if (!isAbortError(err)) throw err;
    } finally {
      this.#pending.delete(prompt.reqId);
    }
  }
}

/**
 * The alarm model (ThingsBoard-like, DESIGN.md §4): at most one active alarm per (rule, subject);
 * raise → update (severity changes) → ack → clear. A condition must hold `raiseAfter` before it raises
 * and be gone (below the clear threshold) for `clearAfter` before it clears, so oscillating input does
 * not flap. Timers are exported and restored by the caller (persisted), so a restart does not reset them;
 * active alarms are rebuilt from the alarm events in the journal.
 */
import { SEVERITY_ORDER, type Condition } from './alarm.rules.ts';
import type { AlarmEvent } from '@hall/devices/hub-events';
import type { ActiveAlarm } from '../../read-models.ts';

export type { ActiveAlarm } from '../../read-models.ts';

export type { AlarmEvent } from '@hall/devices/hub-events';

export interface AlarmTimer {
  phase: 'raising' | 'clearing';
  since: number;
}

/** Rules about the hall's day (its queue, counters, visitors, ratings): over when the day is. */
const DAY_RULES = new Set<string>([
  'long-wait',
  'queue-per-counter',
  'occupancy',
  'arrival-surge',
  'counters-below-schedule',
  'low-rating-streak',
  'idle-counter',
]);

export const alarmKey = (rule: string, subject: string) => `${rule}|${subject}`;

export class AlarmEngine {
  readonly active = new Map<string, ActiveAlarm>();
  readonly timers = new Map<string, AlarmTimer>();
  #raiseAfterMs: number;
  #clearAfterMs: number;
  readonly #newId: (now: number) => string;

  constructor(opts: { raiseAfterMs: number; clearAfterMs: number; newId?: (now: number) => string }) {
    this.#raiseAfterMs = opts.raiseAfterMs;
    this.#clearAfterMs = opts.clearAfterMs;
    let n = 0;
    this.#newId = opts.newId ?? ((now) => `al-${now.toString(36)}-${(n++).toString(36)}`);
  }

  /** New delays (alert rules changed in the cloud); running timers keep their start. */
  setDelays(raiseAfterMs: number, clearAfterMs: number) {
    this.#raiseAfterMs = raiseAfterMs;
    this.#clearAfterMs = clearAfterMs;
  }

  /** One evaluation: the events it causes; `timersChanged` says whether the timers must be saved. */
  step(conditions: readonly Condition[], now: number): { events: AlarmEvent[]; timersChanged: boolean } {
    const events: AlarmEvent[] = [];
    let timersChanged = false;
    const seen = new Set<string>();
    const setTimer = (key: string, phase: AlarmTimer['phase']) => {
      const t = this.timers.get(key);
      if (t?.phase === phase) return t;
      const timer = { phase, since: now };
      this.timers.set(key, timer);
      timersChanged = true;
      return timer;
    };
    const dropTimer = (key: string) => {
      if (this.timers.delete(key)) timersChanged = true;
    };
    for (const c of conditions) {
      const key = alarmKey(c.rule, c.subject);
      seen.add(key);
      const alarm = this.active.get(key);
      if (!alarm) {
        if (!c.level) {
          dropTimer(key);
          continue;
        }
        const timer = setTimer(key, 'raising');
        if (now - timer.since >= this.#raiseAfterMs) {
          dropTimer(key);
          events.push({
            type: 'alarm.raised',
            at: now,
            alarmId: this.#newId(now),
            rule: c.rule,
            subject: c.subject,
            severity: c.level,
            value: c.value,
            params: c.params,
            message: c.message,
          });
        }
        continue;
      }
      if (c.holding) {
        dropTimer(key);
        // Severity follows the value while the alarm is active (up at once, down only below the line).
        const severity = c.level ?? alarm.severity;
        if (severity !== alarm.severity)
          events.push({
            type: 'alarm.updated',
            at: now,
            alarmId: alarm.alarmId,
            severity,
            value: c.value,
            params: c.params,
            message: c.message,
          });
        // The figures shown live follow the value (a wait of 26 min becomes 31); only a severity change is
        // journaled, so the journal is not written twice a second for a growing wait.
        else Object.assign(alarm, { value: c.value, params: c.params, message: c.message });
        continue;
      }
      const timer = setTimer(key, 'clearing');
      if (now - timer.since >= this.#clearAfterMs) {
        dropTimer(key);
        events.push({ type: 'alarm.cleared', at: now, alarmId: alarm.alarmId, value: c.value });
      }
    }
    // A subject that no longer exists (a device taken out of the config) clears its alarm.
    for (const [key, alarm] of this.active)
      if (!seen.has(key)) events.push({ type: 'alarm.cleared', at: now, alarmId: alarm.alarmId, value: 0 });
    for (const e of events) this.apply(e);
    return { events, timersChanged };
  }

  /**
   * A new hall day: alarms about the day's queue, counters and visitors raised before it began are over,
   * as their conditions are (waiting tickets expired, counters closed, the day's counts reset); they clear
   * at once instead of lingering until a condition is next seen. Device and link alarms go on.
   */
  endDay(dayStartedAt: number, now: number): { events: AlarmEvent[]; timersChanged: boolean } {
    const events: AlarmEvent[] = [];
    let timersChanged = false;
    for (const [key, alarm] of this.active) {
      if (!DAY_RULES.has(alarm.rule) || alarm.raisedAt >= dayStartedAt) continue;
      events.push({ type: 'alarm.cleared', at: now, alarmId: alarm.alarmId, value: 0 });
      if (this.timers.delete(key)) timersChanged = true;
    }
    for (const e of events) this.apply(e);
    return { events, timersChanged };
  }

  ack(alarmId: string, by: string, now: number): AlarmEvent | null {
    const alarm = [...this.active.values()].find((a) => a.alarmId === alarmId);
    if (!alarm || alarm.acked) return null;
    const e: AlarmEvent = { type: 'alarm.acked', at: now, alarmId, by };
    this.apply(e);
    return e;
  }

  apply(e: AlarmEvent) {
    if (e.type === 'alarm.raised') {
      this.active.set(alarmKey(e.rule, e.subject), {
        alarmId: e.alarmId,
        rule: e.rule,
        subject: e.subject,
        severity: e.severity,
        value: e.value,
        params: e.params ?? null,
        message: e.message,
        raisedAt: e.at,
        updatedAt: e.at,
        acked: false,
        ackedBy: null,
      });
      return;
    }
    const entry = [...this.active.entries()].find(([, a]) => a.alarmId === e.alarmId);
    if (!entry) return;
    const [key, alarm] = entry;
    if (e.type === 'alarm.updated')
      Object.assign(alarm, {
        severity: e.severity,
        value: e.value,
        params: e.params ?? alarm.params,
        message: e.message,
        updatedAt: e.at,
      });
    else if (e.type === 'alarm.acked') Object.assign(alarm, { acked: true, ackedBy: e.by });
    else this.active.delete(key);
  }

  /** Active alarms, most severe first. */
  list(): ActiveAlarm[] {
    return [...this.active.values()].sort(
      (a, b) => SEVERITY_ORDER.indexOf(b.severity) - SEVERITY_ORDER.indexOf(a.severity) || a.raisedAt - b.raisedAt,
    );
  }
}

/**
 * Alarm rules: each turns the hub's current facts into conditions per subject. A condition says at which
 * severity the rule would raise now (`level`), and whether an already active alarm should stay (`holding`,
 * the lower clear threshold: hysteresis, so a value wobbling around a threshold does not flap).
 */
import { alarmText, type AlarmParams, type AlarmRuleId } from '@hall/devices/alarm-text';
import type { HallConfig } from '../../config.ts';

export type Severity = 'critical' | 'major' | 'minor' | 'warning';
export const SEVERITY_ORDER: Severity[] = ['warning', 'minor', 'major', 'critical'];

export interface Condition {
  rule: RuleId;
  subject: string;
  level: Severity | null;
  holding: boolean;
  value: number;
  /** The alarm's figures; readers render them in their language (`@hall/devices/alarm-text`). */
  params: AlarmParams;
  /** The English text, for the hub's log and notifications. */
  message: string;
}

export type RuleId = AlarmRuleId;

/**
 * A condition with its English message made from its params, when it is read: the rules run twice a
 * second over every service, counter and device, and almost no condition becomes an alarm, whose message
 * is the only one read (formatting them all took two thirds of the rules' time). A class, not an object
 * literal with a getter, which V8 builds on a slow path (measured: 158 → 15 µs a round for 南山 at the end of a day).
 */
class Said implements Condition {
  readonly rule: RuleId;
  readonly subject: string;
  readonly level: Severity | null;
  readonly holding: boolean;
  readonly value: number;
  readonly params: AlarmParams;
  #message: string | undefined;
  constructor(c: Omit<Condition, 'message'>) {
    this.rule = c.rule;
    this.subject = c.subject;
    this.level = c.level;
    this.holding = c.holding;
    this.value = c.value;
    this.params = c.params;
  }
  get message(): string {
    return (this.#message ??= alarmText(this.rule, this.params, 'en'));
  }
}
const said = (c: Omit<Condition, 'message'>): Condition => new Said(c);

/** What the rules look at, gathered by the alerts feature from the hall state and the other features. */
export interface Facts {
  now: number;
  services: Array<{
    id: string;
    name: string;
    waiting: number;
    longestWaitMinutes: number;
    /** Open counters serving it, weighted by skill (the rule's measure). */
    openCapacity: number;
    /** Open counters serving it, counted (what people read). */
    openCounters: number;
  }>;
  counters: Array<{ id: string; name: string; status: string; sinceMinutes: number; servesWaiting: number }>;
  occupancy: number;
  capacity: number;
  /** Tickets issued in the last 15 minutes, and the average per 15 minutes over the two hours before. */
  arrivalsLast15: number;
  arrivalsExpected15: number | null;
  openCounters: number;
  /** Counters scheduled to be open now (null: no schedule for now). */
  scheduledCounters: number | null;
  /**
   * When the expectation comes from the published roster: the clerks it puts at the counters now (not on
   * a break; `scheduledCounters` is this capped at the hall's counters). Null: from `alerts.schedule`.
   */
  rosteredClerks?: number | null;
  /** Per counter: how many of its latest ratings in a row were low. */
  lowRatingStreaks: Array<{ counterId: string; name: string; streak: number }>;
  /** Each device with what names it for people: its kind, its counter's name, its own name if it has one. */
  devices: Array<{
    id: string;
    kind: string | null;
    counterName: string | null;
    name: string | null;
    online: boolean;
    offlineMinutes: number;
  }>;
  outbox: { rows: number; oldestMinutes: number; deadLetters?: number };
}

type Alerts = HallConfig['alerts'];

const level = (value: number, warn: number, crit: number): Severity | null =>
  value >= crit ? 'critical' : value >= warn ? 'warning' : null;

export function evaluateRules(f: Facts, a: Alerts): Condition[] {
  const out: Condition[] = [];
  for (const s of f.services) {
    const t = a.longWait.perService[s.id] ?? a.longWait;
    out.push(
      said({
        rule: 'long-wait',
        subject: `service:${s.id}`,
        level: level(s.longestWaitMinutes, t.warningMinutes, t.criticalMinutes),
        holding: s.longestWaitMinutes >= t.warningMinutes * a.clearRatio,
        value: s.longestWaitMinutes,
        params: {
          service: s.name,
          minutes: s.longestWaitMinutes,
          warning: t.warningMinutes,
          critical: t.criticalMinutes,
        },
      }),
    );
    const perCounter = s.waiting / Math.max(s.openCapacity, 0.5);
    out.push(
      said({
        rule: 'queue-per-counter',
        subject: `service:${s.id}`,
        level:
          s.waiting > 0 && perCounter >= a.queuePerCounter.threshold
            ? perCounter >= a.queuePerCounter.threshold * 2
              ? 'major'
              : 'minor'
            : null,
        holding: s.waiting > 0 && perCounter >= a.queuePerCounter.threshold * a.clearRatio,
        value: Math.round(perCounter * 10) / 10,
        params: { service: s.name, waiting: s.waiting, counters: s.openCounters },
      }),
    );
  }
  const share = f.capacity > 0 ? f.occupancy / f.capacity : 0;
  out.push(
    said({
      rule: 'occupancy',
      subject: 'hall',
      level: share >= a.occupancy.criticalShare ? 'critical' : share >= a.occupancy.warningShare ? 'warning' : null,
      holding: share >= a.occupancy.warningShare * a.clearRatio,
      value: f.occupancy,
      params: { occupancy: f.occupancy, capacity: f.capacity },
    }),
  );
  const surge =
    f.arrivalsExpected15 !== null &&
    f.arrivalsLast15 >= a.arrivalSurge.minArrivals &&
    f.arrivalsLast15 >= f.arrivalsExpected15 * a.arrivalSurge.factor;
  out.push(
    said({
      rule: 'arrival-surge',
      subject: 'hall',
      level: surge ? 'minor' : null,
      holding:
        f.arrivalsExpected15 !== null &&
        f.arrivalsLast15 >= f.arrivalsExpected15 * a.arrivalSurge.factor * a.clearRatio,
      value: f.arrivalsLast15,
      params: {
        arrivals: f.arrivalsLast15,
        expected: f.arrivalsExpected15 === null ? null : Math.round(f.arrivalsExpected15 * 10) / 10,
      },
    }),
  );
  if (f.scheduledCounters !== null) {
    const missing = f.scheduledCounters - f.openCounters;
    out.push(
      said({
        rule: 'counters-below-schedule',
        subject: 'hall',
        level: missing > 0 ? 'major' : null,
        holding: missing > 0,
        value: missing,
        params: {
          open: f.openCounters,
          scheduled: f.scheduledCounters,
          ...(f.rosteredClerks != null ? { clerks: f.rosteredClerks } : {}),
        },
      }),
    );
  }
  for (const r of f.lowRatingStreaks) {
    out.push(
      said({
        rule: 'low-rating-streak',
        subject: `counter:${r.counterId}`,
        level: r.streak >= a.lowRating.streak ? 'minor' : null,
        holding: r.streak >= a.lowRating.streak,
        value: r.streak,
        params: { counter: r.name, streak: r.streak },
      }),
    );
  }
  for (const c of f.counters) {
    const idle = c.status === 'idle' && c.servesWaiting > 0;
    out.push(
      said({
        rule: 'idle-counter',
        subject: `counter:${c.id}`,
        level: idle && c.sinceMinutes >= a.idleCounter.minutes ? 'warning' : null,
        holding: idle,
        value: idle ? c.sinceMinutes : 0,
        params: { counter: c.name, minutes: c.sinceMinutes, waiting: c.servesWaiting },
      }),
    );
  }
  for (const d of f.devices) {
    out.push(
      said({
        rule: 'device-offline',
        subject: `device:${d.id}`,
        level: !d.online && d.offlineMinutes >= a.deviceOffline.minutes ? 'major' : null,
        holding: !d.online,
        value: d.offlineMinutes,
        params: { device: d.id, kind: d.kind, counter: d.counterName, name: d.name, minutes: d.offlineMinutes },
      }),
    );
  }
  const backlog = f.outbox.rows >= a.outboxBacklog.maxRows || f.outbox.oldestMinutes >= a.outboxBacklog.maxAgeMinutes;
  out.push(
    said({
      rule: 'outbox-backlog',
      subject: 'hall',
      level: backlog ? 'major' : null,
      holding: backlog,
      value: f.outbox.rows,
      params: { rows: f.outbox.rows, minutes: f.outbox.oldestMinutes },
    }),
  );
  const dead = f.outbox.deadLetters ?? 0;
  out.push(
    said({
      rule: 'sync-dead-letter',
      subject: 'hall',
      level: dead > 0 ? 'major' : null,
      holding: dead > 0,
      value: dead,
      params: { rows: dead },
    }),
  );
  return out;
}

/**
 * The hall's alarms, owned by the hub: every half second the rules look at the hall, the alarm engine
 * turns conditions into raise / update / clear events, the journal makes them durable (and puts them in
 * the outbox for the cloud), then LED boards get the retained `hub/alarm/{id}` topic and the wall screen
 * its live view. Timers are saved whenever they change, so a restart does not reset them. Notifications
 * are rate limited: at most `notifyPerMinute` a minute; the rest are summed up in one notice.
 */
import { topics } from '@hall/devices';
import type { Logger } from 'pino';
import type { EventBus } from '../../bus/event-bus.ts';
import type { HubEvent } from '../../bus/hub-events.ts';
import type { HallConfig } from '../../config.ts';
import type { HubStore } from '../../store/hub.store.ts';
import type { Journal } from '../../store/journal.ts';
import type { ActiveAlarm, DevicesView, HallView } from '../../read-models.ts';
import { AlarmEngine, type AlarmEvent } from './alarm.engine.ts';
import { evaluateRules, SEVERITY_ORDER, type Facts } from './alarm.rules.ts';

const MINUTE = 60_000;

export interface AlertsOptions {
  config: HallConfig;
  bus: EventBus;
  journal: Journal;
  store: HubStore;
  state: HallView;
  availability: DevicesView;
  clock: () => number;
  log: Logger;
  /** The hall-local HH:MM of an instant (for the counter schedule). */
  localTime: (at: number) => string;
  /** When the hall's current day started (0: not yet): alarms of an earlier day about it are over. */
  dayStartedAt: () => number;
  /**
   * The published roster's plan for now (PublishedRoster.at): when it has a day for the hall's today, the
   * counters expected open are the clerks it puts at the counters now, instead of `alerts.schedule`.
   */
  plannedNow?: (at: number) => { clerks: number; counters: number } | null;
  /** Outbox depth and oldest age; null while no cloud link is configured (the backlog rule is off). */
  outbox: () => { rows: number; oldestMinutes: number; deadLetters: number } | null;
  tickMs?: number;
  /**
   * When the rules run. `interval` (default): every `tickMs` of wall time. `caller`: when whoever runs the
   * hub's clock calls `evaluate()` — a hub on a virtual clock (the demo's history), where a wall-clock
   * interval looked at a past day once every quarter hour of simulated time on a fast machine and every
   * few minutes on a slow one, so which alarms the history had depended on the machine that played it.
   */
  evaluateOn?: 'interval' | 'caller';
}

export class AlertsFeature {
  readonly engine: AlarmEngine;
  readonly #o: AlertsOptions;
  readonly #startedAt: number;
  /** The rules in force: the config's, until the cloud sends new ones (`applyRules`). */
  #rules: HallConfig['alerts'];
  #timer: ReturnType<typeof setInterval> | null = null;
  #evaluating = false;
  /** Notification budget: sent this minute, and how many were held back. */
  #window = { start: 0, sent: 0, suppressed: 0 };
  readonly stats = { evaluations: 0, raised: 0, cleared: 0, notified: 0, suppressed: 0 };

  constructor(opts: AlertsOptions) {
    this.#o = opts;
    this.#startedAt = opts.clock();
    this.#rules = opts.config.alerts;
    this.engine = new AlarmEngine({
      raiseAfterMs: opts.config.alerts.raiseAfterSec * 1_000,
      clearAfterMs: opts.config.alerts.clearAfterSec * 1_000,
    });
    for (const t of opts.store.loadAlarmTimers()) this.engine.timers.set(t.key, { phase: t.phase, since: t.since });
  }

  /** The active alarms, most severe first (the hall state's view of them). */
  active(): ActiveAlarm[] {
    return this.engine.list();
  }

  /** Alert rules changed in the cloud take effect at the next evaluation, without a restart. */
  applyRules(rules: HallConfig['alerts']) {
    this.#rules = rules;
    this.engine.setDelays(rules.raiseAfterSec * 1_000, rules.clearAfterSec * 1_000);
  }

  /** Rebuilds the active alarms from the journal (at start). */
  restore(event: HubEvent) {
    if (event.type.startsWith('alarm.')) this.engine.apply(event as AlarmEvent);
  }

  start() {
    // LED boards may have missed clears while the hub was down: republish what is active now.
    for (const alarm of this.engine.list()) this.#retain(alarm);
    if (this.#o.evaluateOn === 'caller') return;
    const tickMs = this.#o.tickMs ?? 500;
    this.#timer = setInterval(() => void this.evaluate(), tickMs);
    this.#timer.unref();
  }

  facts(now: number): Facts {
    const { config, state, availability } = this.#o;
    const snap = state.queueFacts();
    const hhmm = this.#o.localTime(now);
    const planned = this.#o.plannedNow?.(now) ?? null;
    const slot = this.#rules.schedule.find((s) => s.from <= hhmm && hhmm < s.to);
    const expectedWindow = state.arrivalsBetween(now - 135 * MINUTE, now - 15 * MINUTE);
    const openSince = Math.max(this.#startedAt, now - 135 * MINUTE);
    const open = new Set(snap.counters.filter((c) => c.status !== 'closed' && c.status !== 'paused').map((c) => c.id));
    const counterName = new Map(config.counters.map((c) => [c.id, c.name]));
    const deviceOf = new Map(config.devices.map((d) => [d.id, d]));
    return {
      now,
      services: snap.services.map((s) => ({
        id: s.id,
        name: s.name,
        waiting: s.waiting,
        longestWaitMinutes: s.longestWaitMinutes,
        openCapacity: s.openCapacity,
        openCounters: config.counters.filter((c) => open.has(c.id) && (c.services[s.id] ?? 0) > 0).length,
      })),
      counters: snap.counters.map((c) => ({
        id: c.id,
        name: c.name,
        status: c.status,
        sinceMinutes: c.sinceMinutes,
        servesWaiting: c.servesWaiting,
      })),
      occupancy: snap.occupancy,
      capacity: config.hall.capacity,
      arrivalsLast15: state.arrivalsBetween(now - 15 * MINUTE, now + 1),
      // The expected rate: the average per 15 minutes over the two hours before (needs an hour of history).
      arrivalsExpected15:
        now - openSince >= 60 * MINUTE ? expectedWindow / ((now - 15 * MINUTE - openSince) / (15 * MINUTE)) : null,
      openCounters: snap.counters.filter((c) => c.status !== 'closed').length,
      scheduledCounters: planned ? planned.counters : slot ? slot.counters : null,
      rosteredClerks: planned ? planned.clerks : null,
      lowRatingStreaks: config.counters.map((c) => ({
        counterId: c.id,
        name: c.name,
        streak: state.lowRatingStreak(c.id),
      })),
      devices: [...availability.devices.entries()].map(([id, d]) => {
        const device = deviceOf.get(id);
        const counterId = device && 'counterId' in device ? device.counterId : undefined;
        return {
          id,
          kind: device?.kind ?? null,
          counterName: counterId ? (counterName.get(counterId) ?? counterId) : null,
          name: device?.name ?? null,
          online: d.online,
          offlineMinutes: d.online ? 0 : (now - Math.max(d.lastSeen, this.#startedAt)) / MINUTE,
        };
      }),
      outbox: this.#o.outbox() ?? { rows: 0, oldestMinutes: 0 },
    };
  }

  /** One round of the rules; returns the alarm events it recorded. */
  async evaluate(): Promise<AlarmEvent[]> {
    if (this.#evaluating) return [];
    this.#evaluating = true;
    try {
      const now = this.#o.clock();
      this.#rollWindow(now);
      const ended = this.engine.endDay(this.#o.dayStartedAt(), now);
      const conditions = evaluateRules(this.facts(now), this.#rules);
      const stepped = this.engine.step(conditions, now);
      const events = [...ended.events, ...stepped.events];
      this.stats.evaluations += 1;
      if (ended.timersChanged || stepped.timersChanged) this.#o.store.saveAlarmTimers(this.engine.timers);
      if (events.length === 0) return [];
      await this.#o.journal.record({ events, replies: [] });
      for (const e of events) this.#after(e);
      return events;
    } catch (err) {
      this.#o.log.error({ err }, 'alarm evaluation failed');
      return [];
    } finally {
      this.#evaluating = false;
    }
  }

  /** An acknowledgement from a page or the cloud. */
  async ack(alarmId: string, by: string): Promise<boolean> {
    const e = this.engine.ack(alarmId, by, this.#o.clock());
    if (!e) return false;
    await this.#o.journal.record({ events: [e], replies: [] });
    this.#after(e);
    return true;
  }

  /**
   * An acknowledgement asked for in the console. An alarm this hub no longer has (it cleared, and the
   * cloud missed or has yet to hear it; or it is from before a journal the hub lost) is answered as
   * cleared, so the console stops waiting for the hall instead of asking for ever.
   */
  async ackFromCloud(alarmId: string, by: string): Promise<void> {
    if (await this.ack(alarmId, by)) return;
    if (this.engine.list().some((a) => a.alarmId === alarmId)) return; // acked here already: the outbox says so
    const e: AlarmEvent = { type: 'alarm.cleared', at: this.#o.clock(), alarmId, value: 0 };
    this.#o.log.info({ alarmId }, 'ack for an alarm no longer active: answered as cleared');
    await this.#o.journal.record({ events: [e], replies: [] });
    this.#after(e);
  }

  #after(e: AlarmEvent) {
    const alarm = this.engine.list().find((a) => a.alarmId === e.alarmId);
    if (e.type === 'alarm.cleared') {
      this.stats.cleared += 1;
      this.#o.bus.emit('mqtt.retained', { topic: topics.hubAlarm(this.#o.config.hall.id, e.alarmId), payload: '' });
      return;
    }
    if (alarm) this.#retain(alarm);
    if (e.type === 'alarm.raised') {
      this.stats.raised += 1;
      this.#notify(e.alarmId, e.severity, e.message);
    } else if (
      e.type === 'alarm.updated' &&
      alarm &&
      SEVERITY_ORDER.indexOf(e.severity) > SEVERITY_ORDER.indexOf('warning')
    ) {
      this.#notify(e.alarmId, e.severity, e.message);
    }
  }

  #retain(alarm: ActiveAlarm) {
    const payload = JSON.stringify({
      alarmId: alarm.alarmId,
      rule: alarm.rule,
      subject: alarm.subject,
      severity: alarm.severity,
      message: alarm.message,
      params: alarm.params,
      raisedAt: alarm.raisedAt,
      acked: alarm.acked,
    });
    this.#o.bus.emit('mqtt.retained', { topic: topics.hubAlarm(this.#o.config.hall.id, alarm.alarmId), payload });
  }

  /** A new minute: what the last one held back goes out as one notice. */
  #rollWindow(now: number) {
    if (now - this.#window.start < MINUTE) return;
    if (this.#window.suppressed > 0) {
      this.#o.bus.emit('alarm.notify', {
        alarmId: null,
        severity: 'warning',
        message: `${this.#window.suppressed} more alarms in the last minute`,
        suppressed: this.#window.suppressed,
      });
      this.stats.notified += 1;
    }
    this.#window = { start: now, sent: 0, suppressed: 0 };
  }

  #notify(alarmId: string, severity: string, message: string) {
    this.#rollWindow(this.#o.clock());
    if (this.#window.sent >= this.#rules.notifyPerMinute) {
      this.#window.suppressed += 1;
      this.stats.suppressed += 1;
      return;
    }
    this.#window.sent += 1;
    this.stats.notified += 1;
    this.#o.bus.emit('alarm.notify', { alarmId, severity, message, suppressed: 0 });
  }

  stop() {
    if (this.#timer) clearInterval(this.#timer);
  }
}

import { describe, expect, it } from 'vitest';
import { parseHallConfig } from '../../config.ts';
import { AlarmEngine, type AlarmEvent } from './alarm.engine.ts';
import { evaluateRules, type Facts, type RuleId } from './alarm.rules.ts';

const alerts = parseHallConfig(
  {
    hall: { id: 'H1', name: 'H', timeZone: 'Asia/Shanghai', capacity: 100 },
    services: [{ id: 'billing', name: '话费', prefix: 'A' }],
    counters: [{ id: 'C01', name: '1号窗口', services: { billing: 1 } }],
  },
  'test',
).alerts;

const T0 = Date.UTC(2026, 10, 25, 2, 0, 0);
const S = 1_000;

const base = (): Facts => ({
  now: T0,
  services: [{ id: 'billing', name: '话费', waiting: 0, longestWaitMinutes: 0, openCapacity: 1, openCounters: 1 }],
  counters: [{ id: 'C01', name: '1号窗口', status: 'serving', sinceMinutes: 0, servesWaiting: 0 }],
  occupancy: 0,
  capacity: 100,
  arrivalsLast15: 0,
  arrivalsExpected15: 10,
  openCounters: 2,
  scheduledCounters: 2,
  lowRatingStreaks: [{ counterId: 'C01', name: '1号窗口', streak: 0 }],
  devices: [{ id: 'kiosk-1', kind: 'ticket-terminal', counterName: null, name: null, online: true, offlineMinutes: 0 }],
  outbox: { rows: 0, oldestMinutes: 0 },
});

/** For each rule: facts that raise it, facts inside the hysteresis band (keep, don't raise), facts that clear it. */
const cases: Record<RuleId, { high: (f: Facts) => void; mid?: (f: Facts) => void; low: (f: Facts) => void }> = {
  'long-wait': {
    high: (f) => Object.assign(f.services[0]!, { waiting: 3, longestWaitMinutes: 20 }),
    mid: (f) => Object.assign(f.services[0]!, { waiting: 3, longestWaitMinutes: 13 }),
    low: (f) => Object.assign(f.services[0]!, { waiting: 1, longestWaitMinutes: 4 }),
  },
  'queue-per-counter': {
    high: (f) => Object.assign(f.services[0]!, { waiting: 10 }),
    mid: (f) => Object.assign(f.services[0]!, { waiting: 7 }),
    low: (f) => Object.assign(f.services[0]!, { waiting: 2 }),
  },
  occupancy: { high: (f) => (f.occupancy = 85), mid: (f) => (f.occupancy = 70), low: (f) => (f.occupancy = 10) },
  'arrival-surge': {
    high: (f) => (f.arrivalsLast15 = 20),
    mid: (f) => (f.arrivalsLast15 = 13),
    low: (f) => (f.arrivalsLast15 = 5),
  },
  'counters-below-schedule': { high: (f) => (f.openCounters = 1), low: (f) => (f.openCounters = 2) },
  'low-rating-streak': {
    high: (f) => (f.lowRatingStreaks[0]!.streak = 3),
    low: (f) => (f.lowRatingStreaks[0]!.streak = 0),
  },
  'idle-counter': {
    high: (f) => Object.assign(f.counters[0]!, { status: 'idle', sinceMinutes: 5, servesWaiting: 3 }),
    mid: (f) => Object.assign(f.counters[0]!, { status: 'idle', sinceMinutes: 1, servesWaiting: 3 }),
    low: (f) => Object.assign(f.counters[0]!, { status: 'serving', sinceMinutes: 0 }),
  },
  'device-offline': {
    high: (f) => Object.assign(f.devices[0]!, { online: false, offlineMinutes: 3 }),
    mid: (f) => Object.assign(f.devices[0]!, { online: false, offlineMinutes: 1 }),
    low: (f) => Object.assign(f.devices[0]!, { online: true, offlineMinutes: 0 }),
  },
  'outbox-backlog': {
    high: (f) => (f.outbox = { rows: 20_000, oldestMinutes: 40 }),
    low: (f) => (f.outbox = { rows: 0, oldestMinutes: 0 }),
  },
  'sync-dead-letter': {
    high: (f) => (f.outbox = { rows: 0, oldestMinutes: 0, deadLetters: 1 }),
    low: (f) => (f.outbox = { rows: 0, oldestMinutes: 0, deadLetters: 0 }),
  },
};

function harness(rule: RuleId) {
  let engine = new AlarmEngine({ raiseAfterMs: alerts.raiseAfterSec * S, clearAfterMs: alerts.clearAfterSec * S });
  const log: AlarmEvent[] = [];
  const step = (at: number, shape: 'high' | 'mid' | 'low') => {
    const f = base();
    f.now = at;
    cases[rule][shape]?.(f);
    const events = engine.step(
      evaluateRules(f, alerts).filter((c) => c.rule === rule),
      at,
    ).events;
    log.push(...events);
    return events;
  };
  return {
    log,
    step,
    engine: () => engine,
    /** A new engine, as after a restart: active alarms from the logged events, timers from storage. */
    restart() {
      const timers = new Map(engine.timers);
      engine = new AlarmEngine({ raiseAfterMs: alerts.raiseAfterSec * S, clearAfterMs: alerts.clearAfterSec * S });
      for (const e of log) engine.apply(e);
      for (const [k, v] of timers) engine.timers.set(k, { ...v });
    },
  };
}

const types = (events: AlarmEvent[]) => events.map((e) => e.type);

describe.each(Object.keys(cases) as RuleId[])('alarm rule %s', (rule) => {
  it('raises once the condition has held for the raise delay', () => {
    const h = harness(rule);
    expect(h.step(T0, 'high')).toEqual([]);
    expect(h.step(T0 + 20 * S, 'high')).toEqual([]);
    expect(types(h.step(T0 + 30 * S, 'high'))).toEqual(['alarm.raised']);
    expect(h.engine().list()).toMatchObject([{ rule, acked: false }]);
  });

  it('does not flap on input that oscillates faster than the delays', () => {
    const h = harness(rule);
    for (let t = 0; t <= 40; t += 10) h.step(T0 + t * S, 'high');
    for (let t = 50; t < 600; t += 10) h.step(T0 + t * S, (t / 10) % 2 ? 'low' : 'high');
    expect(types(h.log)).toEqual(['alarm.raised']);
    // …and oscillating around the raise line before any alarm does not raise either.
    const quiet = harness(rule);
    for (let t = 0; t < 600; t += 10) quiet.step(T0 + t * S, (t / 10) % 2 ? 'low' : 'high');
    expect(quiet.log).toEqual([]);
  });

  if (cases[rule].mid) {
    it('keeps the alarm inside the hysteresis band and does not raise from it', () => {
      const h = harness(rule);
      h.step(T0, 'high');
      h.step(T0 + 30 * S, 'high');
      for (let t = 40; t < 600; t += 10) h.step(T0 + t * S, 'mid');
      expect(types(h.log)).toEqual(['alarm.raised']);
      const fresh = harness(rule);
      for (let t = 0; t < 600; t += 10) fresh.step(T0 + t * S, 'mid');
      expect(fresh.log).toEqual([]);
    });
  }

  it('clears after the condition has been gone for the clear delay, and is acked until then', () => {
    const h = harness(rule);
    h.step(T0, 'high');
    const [raised] = h.step(T0 + 30 * S, 'high');
    const ack = h
      .engine()
      .ack((raised as Extract<AlarmEvent, { type: 'alarm.raised' }>).alarmId, 'manager', T0 + 40 * S);
    expect(ack?.type).toBe('alarm.acked');
    expect(
      h.engine().ack((raised as Extract<AlarmEvent, { type: 'alarm.raised' }>).alarmId, 'manager', T0 + 41 * S),
    ).toBeNull();
    expect(h.engine().list()[0]).toMatchObject({ acked: true, ackedBy: 'manager' });
    h.step(T0 + 50 * S, 'low');
    expect(h.step(T0 + 100 * S, 'low')).toEqual([]);
    expect(types(h.step(T0 + 110 * S, 'low'))).toEqual(['alarm.cleared']);
    expect(h.engine().list()).toEqual([]);
  });

  it('survives a restart: the active alarm and a running raise timer both carry on', () => {
    const h = harness(rule);
    h.step(T0, 'high');
    h.step(T0 + 30 * S, 'high');
    h.step(T0 + 40 * S, 'low'); // clearing started
    h.restart();
    expect(h.engine().list()).toMatchObject([{ rule }]);
    // The clear timer kept running across the restart: the alarm clears on schedule, not 60 s later.
    expect(types(h.step(T0 + 100 * S, 'low'))).toEqual(['alarm.cleared']);
    h.step(T0 + 200 * S, 'high'); // raise timer starts
    h.restart();
    expect(types(h.step(T0 + 230 * S, 'high'))).toEqual(['alarm.raised']);
  });
});

describe('alarm severity', () => {
  it('escalates a long wait from warning to critical and back while it stays active', () => {
    const h = harness('long-wait');
    const at = (t: number, minutes: number) => {
      const f = base();
      f.now = T0 + t * S;
      Object.assign(f.services[0]!, { waiting: 2, longestWaitMinutes: minutes });
      return h.engine().step(
        evaluateRules(f, alerts).filter((c) => c.rule === 'long-wait'),
        f.now,
      ).events;
    };
    at(0, 16);
    expect(at(30, 17)[0]).toMatchObject({ type: 'alarm.raised', severity: 'warning' });
    expect(at(60, 26)[0]).toMatchObject({ type: 'alarm.updated', severity: 'critical' });
    expect(at(90, 16)[0]).toMatchObject({ type: 'alarm.updated', severity: 'warning' });
  });
});

describe('an active alarm’s figures', () => {
  it('follow the value while the severity stays, without journaling an event each time', () => {
    const engine = new AlarmEngine({ raiseAfterMs: 0, clearAfterMs: 0 });
    const at = (minutes: number) => {
      const f = base();
      Object.assign(f.services[0]!, { waiting: 3, longestWaitMinutes: minutes });
      return evaluateRules(f, alerts);
    };
    const raised = engine.step(at(16), T0).events;
    expect(raised.map((e) => e.type)).toEqual(['alarm.raised']);
    const later = engine.step(at(19), T0 + 60 * S).events;
    expect(later).toEqual([]);
    const [alarm] = engine.list();
    expect(alarm?.params).toMatchObject({ minutes: 19 });
    expect(alarm?.value).toBe(19);
    expect(alarm?.message).toContain('19 min');
  });

  it('gives an alarm the figures people read: the device by kind and counter, whole open counters', () => {
    const f = base();
    f.devices = [
      { id: 'pad-c01', kind: 'rating-pad', counterName: '1号窗口', name: null, online: false, offlineMinutes: 2.5097 },
    ];
    Object.assign(f.services[0]!, { waiting: 33, openCapacity: 0.7, openCounters: 1 });
    const conditions = evaluateRules(f, alerts);
    const offline = conditions.find((c) => c.rule === 'device-offline');
    expect(offline?.params).toMatchObject({ device: 'pad-c01', kind: 'rating-pad', counter: '1号窗口' });
    expect(offline?.message).toBe('The rating pad at 1号窗口 (pad-c01) has been offline for 3 min');
    const queue = conditions.find((c) => c.rule === 'queue-per-counter');
    expect(queue?.params).toMatchObject({ waiting: 33, counters: 1 });
    expect(queue?.message).toBe('话费: 33 waiting for 1 open counter');
  });
});

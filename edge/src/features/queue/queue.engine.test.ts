import { describe, expect, it } from 'vitest';
import { parseHallConfig } from '../../config.ts';
import { QueueEngine } from './queue.engine.ts';
import { QueueRejection, type QueueEvent } from './queue.types.ts';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 25, 1, 0, 0);

const config = parseHallConfig(
  {
    hall: { id: 'H1', name: 'Test hall', timeZone: 'Asia/Shanghai', capacity: 50 },
    services: [
      { id: 'billing', name: '话费', prefix: 'A', expectedServiceMinutes: 4 },
      { id: 'plan', name: '套餐', prefix: 'B', expectedServiceMinutes: 8 },
      { id: 'tiny', name: 'Tiny', prefix: 'T', numberFrom: 1, numberTo: 3 },
    ],
    counters: [
      { id: 'C1', name: '1', services: { billing: 1, plan: 0.5 } },
      { id: 'C2', name: '2', services: { plan: 1 } },
      { id: 'C3', name: '3', services: { tiny: 1 } },
    ],
    queue: { maxPriorityInRow: 2, noShowAfterRecalls: 2 },
  },
  'test',
);

/** Decides and applies, like the hub does; returns the events. */
function run(engine: QueueEngine, events: QueueEvent[]): QueueEvent[] {
  for (const e of events) engine.apply(e);
  return events;
}

function hall() {
  const q = new QueueEngine(config);
  const log: QueueEvent[] = [];
  const exec = (events: QueueEvent[]) => {
    log.push(...run(q, events));
    return events;
  };
  exec(q.decideDay('2026-11-25', T0));
  const issue = (serviceId: string, at: number, priority: 'vip' | 'elderly' | null = null) => {
    const [e] = exec(q.decideIssue({ serviceId, priority, channel: 'kiosk', deviceId: 'k1' }, at));
    return e as Extract<QueueEvent, { type: 'ticket.issued' }>;
  };
  const call = (counterId: string, at: number) => {
    const [e] = exec(q.decideCallNext(counterId, at));
    return e as Extract<QueueEvent, { type: 'ticket.called' }>;
  };
  return { q, log, exec, issue, call };
}

const rejection = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof QueueRejection) return err.code;
    throw err;
  }
  return null;
};

describe('queue engine', () => {
  it('numbers tickets per service and tells position and a wait range', () => {
    const { q, exec, issue } = hall();
    exec(q.decideOpen('C1', 'E1', T0));
    const a1 = issue('billing', T0);
    const a2 = issue('billing', T0 + MIN);
    const b1 = issue('plan', T0 + MIN);
    expect([a1.ticketNo, a2.ticketNo, b1.ticketNo]).toEqual(['A001', 'A002', 'B001']);
    expect(a1.waitingAhead).toBe(0);
    expect(a2.waitingAhead).toBe(1);
    // One idle counter: the first ticket goes at once, the second waits about one service.
    expect(a1.eta).toEqual({ p50Minutes: 0, p90Minutes: 0 });
    expect(a2.eta.p50Minutes).toBeGreaterThan(0);
    expect(a2.eta.p90Minutes).toBeGreaterThan(a2.eta.p50Minutes);
    expect(
      rejection(() => q.decideIssue({ serviceId: 'nope', priority: null, channel: 'kiosk', deviceId: null }, T0)),
    ).toBe('unknown_service');
  });

  it('calls by priority class, then lets a regular customer through after N priority calls in a row', () => {
    const { q, exec, issue, call } = hall();
    exec(q.decideOpen('C2', 'E2', T0));
    issue('plan', T0); // B001 regular, waits longest
    issue('plan', T0 + 1 * MIN, 'vip'); // B002
    issue('plan', T0 + 2 * MIN, 'elderly'); // B003
    issue('plan', T0 + 3 * MIN, 'vip'); // B004
    const order: string[] = [];
    for (let i = 0; i < 4; i++) {
      const c = call('C2', T0 + (10 + i) * MIN);
      order.push(`${c.ticketNo}:${c.why.rule}`);
      exec(q.decideFinish('C2', {}, T0 + (10 + i) * MIN + 30_000));
    }
    // vip, vip (class order, then longest wait), then fairness lets the regular B001 in, then elderly.
    expect(order).toEqual(['B002:priority', 'B004:priority', 'B001:fairness', 'B003:priority']);
  });

  it('weighs waits by the counter\u2019s skill and says whom it passed over', () => {
    const { q, exec, issue, call } = hall();
    exec(q.decideOpen('C1', 'E1', T0));
    issue('plan', T0); // waits 10 min at weight 0.5: score 5
    issue('billing', T0 + 6 * MIN); // waits 4 min at weight 1: score 4
    const c = call('C1', T0 + 10 * MIN);
    expect(c.ticketNo).toBe('B001');
    expect(c.why).toMatchObject({
      rule: 'longest-wait',
      class: 'regular',
      score: 5,
      passedOver: [{ ticketNo: 'A001', score: 4, waitedMinutes: 4 }],
    });
  });

  it('weighs waits by the clerk\u2019s skill level too: an expert gets their service first, a learner later, nobody is stranded', () => {
    const { q, exec, issue, call } = hall();
    // E1 is an expert for plan and learning billing; E2 has no skill recorded for plan.
    q.setStaff([
      { id: 'E1', name: '王芳', skills: ['billing', 'plan'], levels: { billing: 1, plan: 3 } },
      { id: 'E2', name: '李明', skills: ['billing'], levels: { billing: 2 } },
    ]);
    exec(q.decideOpen('C1', 'E1', T0));
    issue('billing', T0); // 10 min × counter 1 × learning 0.5 = 5
    issue('plan', T0 + 2 * MIN); // 8 min × counter 0.5 × expert 1 = 4
    expect(call('C1', T0 + 10 * MIN)).toMatchObject({ ticketNo: 'A001', why: { score: 5 } });
    exec(q.decideFinish('C1', {}, T0 + 11 * MIN));
    exec(q.decideClose('C1', T0 + 11 * MIN));

    // The same queue with E2 at the counter: plan is outside E2's skills (unskilled 0.2), billing waits.
    exec(q.decideOpen('C1', 'E2', T0 + 11 * MIN));
    issue('billing', T0 + 20 * MIN); // 2 min × 1 × independent 0.8 = 1.6
    const c = call('C1', T0 + 22 * MIN); // plan: 20 min × 0.5 × 0.2 = 2 — long enough to be called anyway
    expect(c).toMatchObject({ ticketNo: 'B001', why: { score: 2 } });
  });

  it('refuses what a counter cannot do, with the code the device shows', () => {
    const { q, exec, issue } = hall();
    expect(rejection(() => q.decideCallNext('C1', T0))).toBe('counter_closed');
    exec(q.decideOpen('C1', 'E1', T0));
    expect(rejection(() => q.decideCallNext('C1', T0))).toBe('nobody_waiting');
    expect(rejection(() => q.decideStart('C1', undefined, T0))).toBe('no_current_ticket');
    issue('billing', T0);
    exec(q.decideCallNext('C1', T0 + MIN));
    expect(rejection(() => q.decideStart('C1', 'A009', T0))).toBe('ticket_mismatch');
    expect(rejection(() => q.decideCallNext('C1', T0))).toBe('not_allowed');
    expect(rejection(() => q.decidePause('C1', 'break', null, T0))).toBe('not_allowed');
    expect(rejection(() => q.decideClose('C1', T0))).toBe('not_allowed');
    exec(q.decideStart('C1', 'A001', T0 + 2 * MIN));
    exec(q.decideFinish('C1', { ticketNo: 'A001', txCount: 2 }, T0 + 6 * MIN));
    exec(q.decidePause('C1', 'meal', null, T0 + 7 * MIN));
    expect(rejection(() => q.decideCallNext('C1', T0 + 8 * MIN))).toBe('counter_paused');
    expect(q.counters.get('C1')).toMatchObject({ status: 'paused', servedToday: 1, pauseReason: 'meal' });
  });

  it('marks a no-show after K recalls', () => {
    const { q, exec, issue } = hall();
    exec(q.decideOpen('C1', 'E1', T0));
    issue('billing', T0);
    exec(q.decideCallNext('C1', T0 + MIN));
    const types = [1, 2, 3].map((i) => exec(q.decideRecall('C1', 'A001', T0 + (1 + i) * MIN))[0]?.type);
    expect(types).toEqual(['ticket.recalled', 'ticket.recalled', 'ticket.noshow']);
    expect(q.ticket('A001')).toMatchObject({ status: 'noshow', recalls: 2 });
    expect(q.counters.get('C1')?.status).toBe('idle');
  });

  it('transfers a ticket to another service keeping its place by the original arrival time', () => {
    const { q, exec, issue } = hall();
    exec(q.decideOpen('C1', 'E1', T0));
    exec(q.decideOpen('C2', 'E2', T0));
    issue('billing', T0); // A001 arrives first
    issue('plan', T0 + 5 * MIN); // B001
    exec(q.decideCallSpecific('C1', 'A001', T0 + 6 * MIN));
    exec(q.decideStart('C1', 'A001', T0 + 7 * MIN));
    exec(q.decideTransfer('C1', 'plan', 'A001', T0 + 8 * MIN));
    expect(q.waiting('plan').map((t) => t.ticketNo)).toEqual(['A001', 'B001']);
    const called = exec(q.decideCallNext('C2', T0 + 9 * MIN))[0] as Extract<QueueEvent, { type: 'ticket.called' }>;
    expect(called.ticketNo).toBe('A001');
    expect(q.ticket('A001')).toMatchObject({ serviceId: 'plan', arrivalAt: T0, transfers: 1 });
  });

  it('keeps tickets waiting when a counter closes, and expires them at the next day', () => {
    const { q, exec, issue } = hall();
    exec(q.decideOpen('C1', 'E1', T0));
    issue('billing', T0);
    exec(q.decideClose('C1', T0 + MIN));
    expect(q.waiting('billing')).toHaveLength(1);
    const next = exec(q.decideDay('2026-11-26', T0 + 20 * 60 * MIN));
    expect(next.map((e) => e.type)).toEqual(['ticket.cancelled', 'day.started']);
    expect(q.tickets.size).toBe(0);
    expect(issue('billing', T0 + 21 * 60 * MIN).ticketNo).toBe('A001');
  });

  it('wraps numbers at the end of the range, skipping numbers still in use', () => {
    const { q, exec, issue } = hall();
    exec(q.decideOpen('C3', 'E3', T0));
    expect([1, 2, 3].map((i) => issue('tiny', T0 + i).ticketNo)).toEqual(['T001', 'T002', 'T003']);
    exec(q.decideCallSpecific('C3', 'T002', T0 + 10));
    exec(q.decideFinish('C3', {}, T0 + 20));
    // T001 and T003 still wait: the next free number is T002.
    expect(issue('tiny', T0 + 30).ticketNo).toBe('T002');
    expect(
      rejection(() => q.decideIssue({ serviceId: 'tiny', priority: null, channel: 'kiosk', deviceId: null }, T0 + 40)),
    ).toBe('queue_full');
  });

  it('keeps every ticket of the day when a number is issued again after the range wrapped', () => {
    const { q, exec, issue } = hall();
    exec(q.decideOpen('C3', 'E3', T0));
    // Seven customers through a range of three numbers: T001, T002, T003, T001, … each served in turn.
    for (let i = 0; i < 7; i++) {
      const { ticketNo } = issue('tiny', T0 + i * MIN);
      exec(q.decideCallSpecific('C3', ticketNo, T0 + i * MIN + 10_000));
      exec(q.decideFinish('C3', { ticketNo }, T0 + i * MIN + 20_000));
    }
    const tickets = [...q.tickets.values()];
    expect(tickets.map((t) => t.ticketNo)).toEqual(['T001', 'T002', 'T003', 'T001', 'T002', 'T003', 'T001']);
    expect(tickets.every((t) => t.status === 'done')).toBe(true);
    expect(new Set(tickets.map((t) => t.id)).size).toBe(7);
    // A number means its newest ticket.
    expect(q.ticket('T001')).toBe(tickets[6]);
    expect(q.counters.get('C3')?.servedToday).toBe(7);
  });

  it('gives a counter to its clerk: the same clerk resumes mid-call, another cannot take a busy counter, one clerk one counter', () => {
    const { q, exec, issue } = hall();
    exec(q.decideOpen('C1', 'E1', T0));
    issue('billing', T0);
    exec(q.decideCallNext('C1', T0 + MIN));
    // The page closed mid-call; the clerk signs in again: nothing changes, the call goes on.
    expect(exec(q.decideOpen('C1', 'E1', T0 + 2 * MIN))).toEqual([]);
    expect(q.counters.get('C1')).toMatchObject({ status: 'calling', staffId: 'E1', ticketNo: 'A001' });
    expect(rejection(() => q.decideOpen('C1', 'E2', T0 + 2 * MIN))).toBe('not_allowed');
    // E1 is busy at C1, so cannot sign in at C2; once idle, signing in at C2 closes C1.
    expect(rejection(() => q.decideOpen('C2', 'E1', T0 + 3 * MIN))).toBe('not_allowed');
    exec(q.decideFinish('C1', {}, T0 + 4 * MIN));
    expect(exec(q.decideOpen('C2', 'E1', T0 + 5 * MIN))).toEqual([
      { type: 'counter.closed', at: T0 + 5 * MIN, counterId: 'C1', reason: 'moved', by: 'C2', staffId: 'E1' },
      { type: 'counter.opened', at: T0 + 5 * MIN, counterId: 'C2', staffId: 'E1' },
    ]);
    expect(q.counters.get('C1')?.status).toBe('closed');
    // Another clerk takes over the idle C2: journaled as such.
    expect(
      exec(q.decideOpen('C2', 'E2', T0 + 6 * MIN)).map((e) =>
        e.type === 'counter.closed' ? `${e.type}:${e.reason}:${e.staffId}` : e.type,
      ),
    ).toEqual(['counter.closed:taken-over:E1', 'counter.opened']);
  });

  it('releases a counter: its ticket back to the front of the queue, or a no-show, as the policy says', () => {
    const { q, exec, issue } = hall();
    exec(q.decideOpen('C1', 'E1', T0));
    issue('billing', T0);
    issue('billing', T0 + MIN);
    exec(q.decideCallNext('C1', T0 + 2 * MIN));
    expect(exec(q.decideRelease('C1', 'Manager Li', T0 + 3 * MIN)).map((e) => e.type)).toEqual([
      'ticket.requeued',
      'counter.closed',
    ]);
    expect(q.ticket('A001')).toMatchObject({ status: 'waiting', counterId: null, arrivalAt: T0 });
    expect(q.counters.get('C1')).toMatchObject({ status: 'closed', staffId: null, ticketNo: null });
    expect(exec(q.decideRelease('C1', 'Manager Li', T0 + 4 * MIN))).toEqual([]);
    // Another clerk opens it and calls A001 again first (it kept its arrival time).
    exec(q.decideOpen('C1', 'E2', T0 + 5 * MIN));
    expect(exec(q.decideCallNext('C1', T0 + 5 * MIN))[0]).toMatchObject({ ticketNo: 'A001' });

    const strict = new QueueEngine(
      parseHallConfig({ ...config, queue: { ...config.queue, releasedTicket: 'noshow' } }, 'test'),
    );
    for (const e of strict.decideDay('2026-11-25', T0)) strict.apply(e);
    const run2 = (events: QueueEvent[]) => events.forEach((e) => strict.apply(e));
    run2(strict.decideOpen('C1', 'E1', T0));
    run2(strict.decideIssue({ serviceId: 'billing', priority: null, channel: 'kiosk', deviceId: null }, T0));
    run2(strict.decideCallNext('C1', T0 + MIN));
    run2(strict.decideStart('C1', undefined, T0 + MIN));
    const released = strict.decideRelease('C1', 'Manager Li', T0 + 2 * MIN);
    run2(released);
    expect(released.map((e) => e.type)).toEqual(['ticket.noshow', 'counter.closed']);
    expect(strict.ticket('A001')?.status).toBe('noshow');
  });

  it('rebuilds exactly the same state from its events', () => {
    const { q, log, exec, issue, call } = hall();
    exec(q.decideOpen('C1', 'E1', T0));
    exec(q.decideOpen('C2', 'E2', T0));
    for (let i = 0; i < 12; i++) issue(i % 3 ? 'billing' : 'plan', T0 + i * MIN, i % 5 === 0 ? 'vip' : null);
    for (let i = 0; i < 5; i++) {
      call('C1', T0 + (20 + i) * MIN);
      exec(q.decideFinish('C1', { txCount: 1 }, T0 + (20 + i) * MIN + 30_000));
    }
    call('C2', T0 + 30 * MIN);
    const replayed = new QueueEngine(config);
    for (const e of log) replayed.apply(e);
    expect([...replayed.tickets.values()]).toEqual([...q.tickets.values()]);
    expect([...replayed.counters.values()]).toEqual([...q.counters.values()]);
    expect(replayed.serviceTimes.stats('billing')).toEqual(q.serviceTimes.stats('billing'));
    // And it decides the same next ticket.
    expect(
      replayed.decideIssue({ serviceId: 'billing', priority: null, channel: 'kiosk', deviceId: null }, T0 + 40 * MIN),
    ).toEqual(q.decideIssue({ serviceId: 'billing', priority: null, channel: 'kiosk', deviceId: null }, T0 + 40 * MIN));
  });
});

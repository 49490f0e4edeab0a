/**
 * "Why was B012 called before A007?" answered from the journal: the call event of B012 records the rule
 * that chose it and the tickets it passed over; the rest follows from A007's own history.
 */
import type { HallConfig } from '../../config.ts';
import type { QueueEvent } from './queue.types.ts';

type Called = Extract<QueueEvent, { type: 'ticket.called' }>;
type Issued = Extract<QueueEvent, { type: 'ticket.issued' }>;

const RULES: Record<Called['why']['rule'], string> = {
  priority: 'its priority class goes first',
  fairness: 'after several priority calls in a row the counter takes a regular customer (fairness rule)',
  'longest-wait':
    'it had the longest wait, weighted by the counter\u2019s weight and the clerk\u2019s skill for its service',
  specific: 'the clerk called this number directly',
};

export function explainCall(opts: {
  config: HallConfig;
  called: Called;
  calledIssued: Issued | undefined;
  other: string;
  otherIssued: Issued | undefined;
  otherCalled: Called | undefined;
}): string {
  const { config, called, other, otherIssued, otherCalled } = opts;
  const counter = config.counters.find((c) => c.id === called.counterId);
  const counterName = counter?.name ?? called.counterId;
  const time = (at: number) =>
    new Intl.DateTimeFormat('en-GB', {
      timeZone: config.hall.timeZone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(at);
  const head = `${called.ticketNo} (${called.why.class}) was called at ${counterName} at ${time(called.at)}: ${RULES[called.why.rule]} (score ${called.why.score}).`;
  if (!otherIssued) return `${head} ${other} was not issued that day.`;
  if (otherIssued.at > called.at) return `${head} ${other} was issued later, at ${time(otherIssued.at)}.`;
  if (otherCalled && otherCalled.at <= called.at)
    return `${head} ${other} had already been called, at ${time(otherCalled.at)}.`;
  const passed = called.why.passedOver.find((p) => p.ticketNo === other);
  if (passed) {
    const reason =
      passed.class !== called.why.class
        ? `${other} was ${passed.class}, a lower class`
        : `${other} had a lower weighted wait (${passed.score} after ${passed.waitedMinutes} min)`;
    return `${head} ${reason}.`;
  }
  if ((counter?.services[otherIssued.serviceId] ?? 0) <= 0)
    return `${head} ${counterName} does not serve ${otherIssued.serviceId}, the service of ${other}.`;
  return `${head} ${other} was waiting too but ranked below the five best candidates.`;
}

/**
 * The answer from the journal: `latest(type, ticketNo)` gives the newest journaled event of that type
 * for a number (the hub's store).
 */
export function explainFromJournal(
  opts: {
    config: HallConfig;
    latest: (type: 'ticket.called' | 'ticket.issued', ticketNo: string) => { type: string } | undefined;
  },
  ticketNo: string,
  other: string,
): string {
  const find = <T extends 'ticket.called' | 'ticket.issued'>(type: T, no: string) => {
    const e = opts.latest(type, no);
    return e?.type === type ? (e as Extract<QueueEvent, { type: T }>) : undefined;
  };
  const called = find('ticket.called', ticketNo);
  if (!called) return `${ticketNo} has not been called today.`;
  return explainCall({
    config: opts.config,
    called,
    calledIssued: find('ticket.issued', ticketNo),
    other,
    otherIssued: find('ticket.issued', other),
    otherCalled: find('ticket.called', other),
  });
}

/**
 * What the hall's history looks like in InfluxDB. Tags are low-cardinality only (hall, service, counter,
 * device_kind, device, rule, severity, event): never ticket numbers, staff names or customer data.
 * Timestamps are the hub's: an event point's nanosecond part is its journal sequence number, so each
 * event is one point and a replay writes the very same points again (overwrite, not duplicate).
 */
import type { HubEvent } from '../../bus/hub-events.ts';
import type { HallSnapshot } from '../../read-models.ts';

export interface PointData {
  measurement: string;
  tags: Record<string, string>;
  fields: Record<string, number | boolean | string>;
  ts: string;
}

/** Fields written as integers; every other number is a float (InfluxDB fixes a field's type). */
export const INT_FIELDS: ReadonlySet<string> = new Set([
  'count',
  'waiting',
  'waiting_ahead',
  'tx_count',
  'in',
  'out',
  'total_in',
  'total_out',
  'status',
  'served_today',
  'open',
  'occupancy',
  'devices_online',
  'alarms_active',
  'score',
  'skipped',
  'online',
  'wait_s',
]);

const ns = (ms: number, seq = 0) => `${Math.floor(ms)}${String(seq % 1_000_000).padStart(6, '0')}`;

/** Points for one committed event (empty for events that are not history). */
export function eventPoints(
  e: HubEvent & { seq: number },
  hall: string,
  serviceOf: (ticketNo: string) => string | undefined,
  arrivalOf: (ticketNo: string) => number | undefined,
): PointData[] {
  const ts = ns(e.at, e.seq);
  switch (e.type) {
    case 'ticket.issued':
      return [
        {
          measurement: 'ticket',
          tags: { hall, service: e.serviceId, event: 'issued', priority: e.priority ?? 'regular' },
          fields: {
            count: 1,
            waiting_ahead: e.waitingAhead,
            eta_p50_min: e.eta.p50Minutes,
            eta_p90_min: e.eta.p90Minutes,
          },
          ts,
        },
      ];
    case 'ticket.called': {
      const arrival = arrivalOf(e.ticketNo);
      return [
        {
          measurement: 'ticket',
          tags: { hall, service: serviceOf(e.ticketNo) ?? 'unknown', event: 'called', counter: e.counterId },
          fields: { count: 1, wait_s: arrival !== undefined ? Math.round((e.at - arrival) / 1000) : 0 },
          ts,
        },
      ];
    }
    case 'ticket.finished':
      return [
        {
          measurement: 'ticket',
          tags: { hall, service: serviceOf(e.ticketNo) ?? 'unknown', event: 'finished', counter: e.counterId },
          fields: { count: 1, tx_count: e.txCount ?? 0 },
          ts,
        },
      ];
    case 'ticket.noshow':
      return [
        {
          measurement: 'ticket',
          tags: { hall, service: serviceOf(e.ticketNo) ?? 'unknown', event: 'noshow', counter: e.counterId },
          fields: { count: 1 },
          ts,
        },
      ];
    case 'ticket.cancelled':
      return [
        {
          measurement: 'ticket',
          tags: { hall, service: serviceOf(e.ticketNo) ?? 'unknown', event: 'cancelled' },
          fields: { count: 1 },
          ts,
        },
      ];
    case 'occupancy.counted':
      return [
        {
          measurement: 'people',
          tags: { hall, device: e.deviceId },
          fields: { in: e.in, out: e.out, total_in: e.totalIn, total_out: e.totalOut, reset: e.reset },
          ts,
        },
      ];
    case 'rating.received':
      return [
        {
          measurement: 'rating',
          tags: { hall, counter: e.counterId ?? 'unknown' },
          fields: { score: e.score, count: 1 },
          ts,
        },
      ];
    case 'rating.skipped':
      return [{ measurement: 'rating', tags: { hall, counter: e.counterId ?? 'unknown' }, fields: { skipped: 1 }, ts }];
    case 'device.availability':
      return [
        {
          measurement: 'device_health',
          tags: { hall, device_kind: e.kind, device: e.deviceId },
          fields: { online: e.online ? 1 : 0, cause: e.cause },
          ts,
        },
      ];
    case 'alarm.raised':
      return [
        {
          measurement: 'alarm',
          tags: { hall, rule: e.rule, severity: e.severity, state: 'raised' },
          fields: { count: 1, value: e.value, alarm_id: e.alarmId },
          ts,
        },
      ];
    case 'alarm.cleared':
      return [
        { measurement: 'alarm', tags: { hall, state: 'cleared' }, fields: { count: 1, alarm_id: e.alarmId }, ts },
      ];
    default:
      return [];
  }
}

/** Gauges sampled from the live hall every interval (queue depth and waits, counters, the hall). */
export function gaugePoints(s: HallSnapshot, at: number): PointData[] {
  const ts = ns(at);
  const hall = s.hall.id;
  const status = { closed: 0, idle: 1, calling: 2, serving: 3, paused: 4 } as Record<string, number>;
  return [
    ...s.services.map((q) => ({
      measurement: 'queue',
      tags: { hall, service: q.id },
      fields: {
        waiting: q.waiting,
        longest_wait_min: q.longestWaitMinutes,
        eta_p50_min: q.eta.p50Minutes,
        eta_p90_min: q.eta.p90Minutes,
        open_capacity: q.openCapacity,
      },
      ts,
    })),
    ...s.counters.map((c) => ({
      measurement: 'counter',
      tags: { hall, counter: c.id },
      fields: { status: status[c.status] ?? 0, served_today: c.servedToday, open: c.status === 'closed' ? 0 : 1 },
      ts,
    })),
    {
      measurement: 'hall',
      tags: { hall },
      fields: {
        occupancy: s.totals.occupancy,
        waiting: s.services.reduce((a, q) => a + q.waiting, 0),
        served_today: s.totals.servedToday,
        devices_online: s.totals.devicesOnline,
        alarms_active: s.alarms.length,
        ...(s.totals.serviceLevel !== null ? { service_level: s.totals.serviceLevel } : {}),
        ...(s.totals.avgWaitMinutes !== null ? { avg_wait_min: s.totals.avgWaitMinutes } : {}),
      },
      ts,
    },
  ];
}
